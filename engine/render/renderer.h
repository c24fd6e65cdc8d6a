#ifndef SUPPLYRISK_ENGINE_RENDER_RENDERER_H_
#define SUPPLYRISK_ENGINE_RENDER_RENDERER_H_

// Internal to engine/render: the lookups every text needs (question texts, advice, measure and
// readiness-item titles, answers, enum names) in one language, and the per-part renderers.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/render/language.h"
#include "engine/render/phrases.h"
#include "engine/render/render.h"
#include "engine/scoring/model.h"
#include "supplyrisk/v1/assessment.pb.h"

namespace supplyrisk::render {

class Renderer {
 public:
  Renderer(const scoring::ScoringModel& model, Language lang, RenderStats* stats)
      : model_(model), lang_(lang), stats_(stats) {}

  Language lang() const { return lang_; }
  std::string Say(absl::string_view key, absl::Span<const Arg> args = {}) const {
    return render::Say(lang_, key, args);
  }
  // The question's text; the id when the template has none.
  std::string QuestionText(absl::string_view id) const;
  // The question's text quoted: 'text' or 「text」.
  std::string Quoted(absl::string_view question_id) const;
  // The question's remediation advice, else "Put in place and evidence: <text>".
  std::string QuestionAdvice(absl::string_view id) const;
  // Whether the template gives the question remediation advice (in any language).
  bool HasAdvice(absl::string_view id) const;
  std::string MeasureTitle(absl::string_view id) const;
  // A readiness item's title (profile items, or the security-action declarations).
  std::string StarItem(absl::string_view id) const;
  // An answer as given (canonical form): as stored in English; in Japanese the yes/no words and
  // the chosen options' labels.
  std::string Answer(absl::string_view question_id, absl::string_view canonical) const;
  std::string Layer(supplyrisk::v1::Layer layer) const;
  std::string Cell(supplyrisk::v1::Layer layer, supplyrisk::v1::Component component) const;
  std::string Factor(supplyrisk::v1::Factor factor) const;
  std::string Severity(supplyrisk::v1::Severity severity) const;
  std::string ProfileFlag(supplyrisk::v1::ProfileFlag flag) const;
  // A code with a phrase "<prefix>.<code>", else the code itself.
  std::string Coded(absl::string_view prefix, absl::string_view code) const;
  std::string Join(const std::vector<std::string>& items, absl::string_view sep_key) const;

 private:
  const supplyrisk::v1::Question* FindQuestion(absl::string_view id) const;
  // t in the language; English, then `id`, when missing (noted as `what`:id).
  std::string Pick(const supplyrisk::v1::LocalizedText& t, absl::string_view what,
                   absl::string_view id) const;

  const scoring::ScoringModel& model_;
  Language lang_;
  RenderStats* stats_;
};

// The summary and remediation of f (the remediation left empty for kinds without one: invalid
// not-applicable answers and failing cells).
void RenderFinding(const Renderer& r, supplyrisk::v1::Finding* f);

// A decision's reasons and its conditions' advice.
void RenderDecisionTexts(const Renderer& r, const supplyrisk::v1::Assessment& a,
                         supplyrisk::v1::Decision* d);

// The text of a reason from the engagement's subcontractor chain (codes chain_lowered,
// chain_beyond_cap, subcontractor_*) into *text; false for other codes. `star` is the required
// star as rendered.
bool ChainReasonText(const Renderer& r, const supplyrisk::v1::Assessment& a,
                     const supplyrisk::v1::DecisionReason& reason, absl::string_view star,
                     std::string* text);
// The advice of a chain condition (ids subcontractor:, assess_subcontractor:,
// identify_subcontractor:) into *advice; false for other ids.
bool ChainConditionAdvice(const Renderer& r, const supplyrisk::v1::Assessment& a,
                          absl::string_view id, std::string* advice);

// "%.1f" and friends, as the engine formatted numbers.
std::string Fixed(double v, int digits);
// "2026-12-01" (UTC).
std::string Day(int64_t unix_seconds);

}  // namespace supplyrisk::render

#endif  // SUPPLYRISK_ENGINE_RENDER_RENDERER_H_
