#ifndef SUPPLYRISK_ENGINE_QUESTIONNAIRE_COVERAGE_H_
#define SUPPLYRISK_ENGINE_QUESTIONNAIRE_COVERAGE_H_

// What a template covers of the catalogue: CPSF cells, categories, guideline directives, SCS
// categories, external factors and languages. Answers "does this questionnaire ask about everything
// it should?" before it is sent to suppliers.

#include <string>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog.h"
#include "supplyrisk/v1/questionnaire_report.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::questionnaire {

// Counts through the measures each question links (compensating measures do not count: they are not
// what the question asks about). For a readiness profile, items stand in for questions. Links to
// measures absent from `catalog` are ignored (lint reports them).
supplyrisk::v1::TemplateCoverage ComputeCoverage(const supplyrisk::v1::Template& t,
                                                 const catalog::CatalogIndex& catalog);

// Readable text: the 3x6 matrix and the other counts.
std::string RenderCoverageText(const supplyrisk::v1::TemplateCoverage& c,
                               const catalog::CatalogIndex& catalog);

// JSON with proto field names, zero counts included.
absl::StatusOr<std::string> RenderCoverageJson(const supplyrisk::v1::TemplateCoverage& c);

}  // namespace supplyrisk::questionnaire

#endif  // SUPPLYRISK_ENGINE_QUESTIONNAIRE_COVERAGE_H_
