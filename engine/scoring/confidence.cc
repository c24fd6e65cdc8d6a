#include "engine/scoring/confidence.h"

namespace supplyrisk::scoring {

double ComputeConfidence(const ScoringModel& model, const std::vector<QuestionEval>& questions,
                         const Factors& factors, supplyrisk::v1::ConfidenceBreakdown* out) {
  double total_w = 0, known_w = 0, answered_w = 0, fresh_w = 0;
  int evidence_needed = 0, evidence_given = 0;
  int linked_positive = 0, contradicted = 0;
  for (size_t q = 0; q < questions.size(); ++q) {
    const QuestionInfo& info = model.questions()[q];
    const QuestionEval& e = questions[q];
    if (!info.scored || !e.visible) continue;
    const double w = info.question->weight();
    total_w += w;
    if (!e.answered) continue;
    answered_w += w;
    fresh_w += w * e.decay;
    if (!e.unknown) known_w += w;
    if (info.evidence_required && e.raw > 0) {
      ++evidence_needed;
      if (e.evidence_ok) ++evidence_given;
    }
    if (info.has_contradicting_link && e.claimed > 0) {
      ++linked_positive;
      if (e.contradicting_signal >= 0) ++contradicted;
    }
  }
  const double coverage = total_w > 0 ? known_w / total_w : 0.0;
  const double evidence =
      evidence_needed > 0 ? static_cast<double>(evidence_given) / evidence_needed : 1.0;
  const double freshness = answered_w > 0 ? fresh_w / answered_w : 0.0;
  const double consistency =
      linked_positive > 0 ? 1.0 - static_cast<double>(contradicted) / linked_positive : 1.0;
  double weight_all = 0, weight_seen = 0;
  for (int f = 1; f <= kFactors; ++f) {
    weight_all += model.factor_weight(f);
    if (factors.factor[f].observed) weight_seen += model.factor_weight(f);
  }
  const double signal_coverage = weight_all > 0 ? weight_seen / weight_all : 0.0;
  out->set_coverage(coverage);
  out->set_evidence(evidence);
  out->set_freshness(freshness);
  out->set_consistency(consistency);
  out->set_signal_coverage(signal_coverage);
  const auto& c = model.policy().confidence();
  return coverage * freshness * consistency *
         (c.evidence_floor() + (1 - c.evidence_floor()) * evidence) *
         (c.signal_floor() + (1 - c.signal_floor()) * signal_coverage);
}

}  // namespace supplyrisk::scoring
