#include "engine/render/render.h"

#include "absl/strings/str_cat.h"
#include "engine/render/renderer.h"

namespace supplyrisk::render {
namespace {

absl::Status CheckModel(const scoring::ScoringModel& model, const supplyrisk::v1::Assessment& a) {
  const auto& t = model.questionnaire();
  if (a.template_id() != t.id() || a.template_revision() != t.revision() ||
      a.model_version() != model.model_version()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "assessment ", a.name(), " was scored with template ", a.template_id(), " revision ",
        a.template_revision(), " and model ", a.model_version(), ", not template ", t.id(),
        " revision ", t.revision(), " and model ", model.model_version()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RenderAssessment(const scoring::ScoringModel& model, Language lang,
                              supplyrisk::v1::Assessment* a, RenderStats* stats) {
  absl::Status s = CheckModel(model, *a);
  if (!s.ok()) return s;
  const Renderer r(model, lang, stats);
  for (auto& f : *a->mutable_findings()) RenderFinding(r, &f);
  for (auto& step : *a->mutable_remediation_plan()) {
    std::string advice = step.question_ids().empty() ? "" : r.QuestionAdvice(step.question_ids(0));
    step.clear_advice();
    if (!advice.empty()) *MutableText(lang, step.mutable_advice()) = std::move(advice);
  }
  // The decision quotes the assessment's facts only (findings' facts, not their texts).
  if (a->has_decision()) RenderDecisionTexts(r, *a, a->mutable_decision());
  return absl::OkStatus();
}

absl::Status RenderDecision(const scoring::ScoringModel& model, Language lang,
                            const supplyrisk::v1::Assessment& context, supplyrisk::v1::Decision* d,
                            RenderStats* stats) {
  absl::Status s = CheckModel(model, context);
  if (!s.ok()) return s;
  RenderDecisionTexts(Renderer(model, lang, stats), context, d);
  return absl::OkStatus();
}

void ClearRenderedText(supplyrisk::v1::Assessment* a) {
  for (auto& f : *a->mutable_findings()) {
    f.clear_summary();
    f.clear_remediation();
  }
  for (auto& step : *a->mutable_remediation_plan()) step.clear_advice();
  if (!a->has_decision()) return;
  for (auto& r : *a->mutable_decision()->mutable_reasons()) r.clear_text();
  for (auto& c : *a->mutable_decision()->mutable_conditions()) {
    c.mutable_remediation()->clear_advice();
  }
}

}  // namespace supplyrisk::render
