#ifndef SUPPLYRISK_CLIENTS_REPORT_SCORED_CASE_H_
#define SUPPLYRISK_CLIENTS_REPORT_SCORED_CASE_H_

// Test support: a testdata/suppliers case scored as its golden is (the engine directly, templates
// from testdata/templates, the default policy, both readiness profiles), rendered in one language,
// with the sources an export needs. Cases the CLI's validation refuses on purpose (empty evidence,
// future dates) are scored too: their assessments exist, so their exports must.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "clients/report/oscal_assessment_results.h"
#include "engine/io/supplier_case.h"
#include "engine/render/language.h"
#include "engine/scoring/model.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::report {

struct ScoredCase {
  io::SupplierCase c;
  supplyrisk::v1::Template tmpl, star3, star4;
  std::unique_ptr<scoring::ScoringModel> model;
  supplyrisk::v1::Assessment a;  // supplier "suppliers/<case>", rendered in `lang`

  // Scores `c` again (after a test changed it) into `a`.
  absl::Status Rescore(render::Language lang);
  // The export's sources: this assessment, model, response and signals.
  AssessmentResultsSources Sources(render::Language lang) const;
};

// The case in folder `cases_dir`/`name`.
absl::StatusOr<std::unique_ptr<ScoredCase>> ScoreCase(const std::string& cases_dir,
                                                      const std::string& name,
                                                      render::Language lang);

}  // namespace supplyrisk::report

#endif  // SUPPLYRISK_CLIENTS_REPORT_SCORED_CASE_H_
