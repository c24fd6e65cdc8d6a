#ifndef SUPPLYRISK_ENGINE_RENDER_RENDER_H_
#define SUPPLYRISK_ENGINE_RENDER_RENDER_H_

// Words rendered on read. A stored assessment holds facts only (numbers, enums, ids and rule codes
// with their parameters); these functions write the texts a person reads — finding summaries and
// remediations, remediation-step advice, decision reasons and condition advice — from those facts
// and the template revision, catalogue and policy the assessment names (the ScoringModel it was
// scored with), in one language.
//
// Only the requested language's field of each LocalizedText is filled; the other is left empty.
// Question texts, remediation advice, measure titles and readiness-item titles come from the
// template and catalogue in that language; a Japanese text missing there falls back to the English
// one, then to the id (RenderStats counts each fallback). Rendering is pure and deterministic: the
// same assessment, model and language always give the same bytes. Numbers are formatted as the
// engine formatted them in its English texts.
//
// Example:
//   RenderAssessment(model, Language::kJa, &assessment);  // the FULL view in Japanese

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/render/language.h"
#include "engine/scoring/model.h"
#include "supplyrisk/v1/assessment.pb.h"

namespace supplyrisk::render {

struct RenderStats {
  // Template or catalogue texts missing in the requested language (fell back to English or the
  // id), one entry per use: "question:<id>", "advice:<id>", "measure:<id>", "item:<id>".
  std::vector<std::string> fallbacks;
};

// Renders every finding, remediation step and the decision of *a. FAILED_PRECONDITION when the
// model is not the one the assessment names (template id and revision, model version).
absl::Status RenderAssessment(const scoring::ScoringModel& model, Language lang,
                              supplyrisk::v1::Assessment* a, RenderStats* stats = nullptr);

// Renders *d (reasons and conditions), a decision on `context` (whose findings, discrepancies and
// stars the texts quote; context.decision() is not read). The decision may be context's own.
absl::Status RenderDecision(const scoring::ScoringModel& model, Language lang,
                            const supplyrisk::v1::Assessment& context, supplyrisk::v1::Decision* d,
                            RenderStats* stats = nullptr);

// Clears every rendered text of *a, leaving the facts (the BASIC view).
void ClearRenderedText(supplyrisk::v1::Assessment* a);

}  // namespace supplyrisk::render

#endif  // SUPPLYRISK_ENGINE_RENDER_RENDER_H_
