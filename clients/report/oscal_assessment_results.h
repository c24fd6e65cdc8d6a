#ifndef SUPPLYRISK_CLIENTS_REPORT_OSCAL_ASSESSMENT_RESULTS_H_
#define SUPPLYRISK_CLIENTS_REPORT_OSCAL_ASSESSMENT_RESULTS_H_

// An assessment as an OSCAL 1.0.6 Assessment Results document (JSON), for auditors and GRC tools
// that exchange results in OSCAL. One result per assessment:
//  - a finding per CPSF measure of the assessment (MeasureCredit), targeting the measure id as an
//    objective: satisfied when its credit reaches the policy's fail_measure_credit (the line below
//    which the engine reports a failing measure), else not-satisfied. A measure every answer of
//    which was accepted as not applicable is not-satisfied with reason "other" and no risk: it is
//    neither met nor a gap, and never reads as satisfied;
//  - an observation per answer of the response (method INTERVIEW, the supplier as the originating
//    party) and per signal (method TEST, the scanner as the originating tool), linked from the
//    findings of the measures they evidence;
//  - a risk per not-satisfied measure (status open; its deadline when a decision condition covers
//    the measure; its statement the remediation advice), linked from its finding.
// Texts are in one language (ja or en), from the template, the catalogue and clients/report/words.
// UUIDs are name-based (name_uuid.h): exporting the same assessment twice gives the same bytes.
// Arrays that would be empty are left out, as the schema requires.
//
// The sources must be what was scored: the response's and each signal's digest are checked against
// the assessment's inputs, and a signal scored but not given (or given but not scored) is an
// error, so a document never shows an observation the score did not use, nor hides one it did.
//
//   AssessmentResultsSources in;
//   in.assessment = &assessment;  // rendered in in.lang
//   in.model = &model;
//   in.response = &response;
//   for (const auto& s : signals) in.signals.push_back(&s);
//   absl::StatusOr<std::string> json = ExportAssessmentResults(in);

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/render/language.h"
#include "engine/scoring/model.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"

namespace supplyrisk::report {

inline constexpr char kOscalVersion[] = "1.0.6";
// The namespace of supplyrisk's own OSCAL properties.
inline constexpr char kOscalPropertyNamespace[] = "urn:supplyrisk:oscal";

struct AssessmentResultsSources {
  // The assessment with its as_of and inputs, rendered in `lang` (render::RenderAssessment) so the
  // remediation advice quoted in risks is in the document's language.
  const supplyrisk::v1::Assessment* assessment = nullptr;
  // The model it was scored with: its template, catalogue and policy.
  const scoring::ScoringModel* model = nullptr;
  // The response scored; nullptr when the assessment scored none (no RESPONSE input with a name).
  const supplyrisk::v1::Response* response = nullptr;
  // Every signal the assessment scored, each once.
  std::vector<const supplyrisk::v1::Signal*> signals;
  // The supplier's name as people know it; empty: its resource name.
  std::string supplier_display_name;
  render::Language lang = render::Language::kJa;
};

// The document, or INVALID_ARGUMENT naming the source that does not match the assessment
// ("response: ...", "signals[3]: ...", "assessment: ...").
absl::StatusOr<std::string> ExportAssessmentResults(const AssessmentResultsSources& in);

}  // namespace supplyrisk::report

#endif  // SUPPLYRISK_CLIENTS_REPORT_OSCAL_ASSESSMENT_RESULTS_H_
