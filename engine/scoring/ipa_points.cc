#include "engine/scoring/ipa_points.h"

#include <algorithm>

#include "engine/scoring/measure_credit.h"

namespace supplyrisk::scoring {

IpaResult ComputeIpaPoints(const ScoringModel& model, const std::vector<QuestionEval>& questions) {
  IpaResult r;
  const auto& t = model.questionnaire();
  if (t.scoring().method() != supplyrisk::v1::SCORING_METHOD_IPA_POINTS) return r;
  r.applies = true;
  const auto& points = model.policy().ipa_option_points();
  double best = 0;
  for (const auto& [id, p] : points) best = std::max(best, p);
  double total = 0, max_total = 0;
  for (size_t q = 0; q < questions.size(); ++q) {
    const auto& question = *model.questions()[q].question;
    if (question.answer_type() != supplyrisk::v1::ANSWER_TYPE_SINGLE_CHOICE ||
        !questions[q].visible) {
      continue;
    }
    max_total += best;
    const QuestionEval& e = questions[q];
    if (e.contradicting_signal >= 0 || e.voided_by >= 0) {
      // Observed otherwise: the claim earns what the lowest honest option ("not done") earns,
      // never more than an honest "not done" would.
      double lowest = best;
      for (const auto& o : question.options()) {
        if (IsUnknownOption(o.id())) continue;
        auto it = points.find(o.id());
        if (it != points.end()) lowest = std::min(lowest, it->second);
      }
      total += lowest;
      continue;
    }
    const auto* a = e.answer;
    if (a == nullptr || a->value_case() != supplyrisk::v1::Answer::kOptionId) continue;
    auto it = points.find(a->option_id());
    if (it != points.end()) total += it->second;
  }
  r.points = max_total > 0 ? std::clamp(100.0 * total / max_total, 0.0, 100.0) : 0.0;
  for (const auto& band : t.scoring().bands()) {
    if (r.points + 1e-9 >= band.min()) {
      r.band = band.label().en().empty() ? band.label().ja() : band.label().en();
      break;
    }
  }
  return r;
}

}  // namespace supplyrisk::scoring
