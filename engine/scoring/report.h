#ifndef SUPPLYRISK_ENGINE_SCORING_REPORT_H_
#define SUPPLYRISK_ENGINE_SCORING_REPORT_H_

// Human-readable renderings of an assessment: the text report of `supplyrisk score` (3x6 matrix,
// factors, grade, confidence, discrepancies, top findings with remediation, star readiness, plan,
// decision) and the canonical JSON used for goldens.

#include <string>

#include "absl/status/statusor.h"
#include "supplyrisk/v1/assessment.pb.h"

namespace supplyrisk::scoring {

// The texts are shown as rendered (engine/render, in either language); an assessment of facts
// only shows its ids and numbers.
// What the report calls the supplier and the engagement beside their resource names, when the
// caller knows them (a display name, an engagement title); empty: the names alone.
struct TextNames {
  std::string supplier;
  std::string engagement;
};
std::string FormatAssessmentText(const supplyrisk::v1::Assessment& a, int max_findings = 12,
                                 const TextNames& names = {});

// Proto3 JSON with field names as in the .proto, indented, newline-terminated.
absl::StatusOr<std::string> FormatAssessmentJson(const supplyrisk::v1::Assessment& a);

std::string FormatExplanationText(const supplyrisk::v1::Explanation& x, int max_rows = 25);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_REPORT_H_
