#include "engine/scoring/remediation.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"
#include "engine/scoring/aggregate.h"

namespace supplyrisk::scoring {
namespace {

// Overall (and pre-cap overall) when question q's credit becomes `credit`,
// answered, and the knockout count becomes `knockouts`. Only the measures of q
// and their cells change, so this updates the current sums instead of
// re-aggregating. Returns false when compensation ties q to other measures; the
// caller then re-aggregates in full.
bool FastWhatIf(const ScoringModel& model, const QuestionEval& e,
                const QuestionInfo& info, int q, double credit,
                const Factors& factors, const Aggregate& agg, int knockouts,
                double* overall, double* pre_cap) {
  if (!info.compensating_measures.empty()) return false;
  for (const auto& [m, w] : info.links) {
    if (!model.CompensationDependents(m).empty()) return false;
  }
  std::array<double, kCells> sum = agg.cell_sum, answered = agg.cell_answered;
  const double old = agg.effective[q];
  for (const auto& [m, w] : info.links) {
    if (!agg.in_scope[m]) return false;
    const int c = model.measures()[m].cell;
    const double before = agg.measure[m];
    const double after =
        std::min(1.0, before + w * (credit - old) / agg.den[m]);
    sum[c] += after - before;
    if (!e.answered) answered[c] += w;
  }
  const auto& policy = model.policy();
  double total = 0;
  bool failing = false;
  for (int c = 0; c < kCells; ++c) {
    const int n = agg.cell_count[c];
    if (n == 0) continue;
    total += sum[c];
    const double coverage =
        agg.cell_total[c] > 0 ? answered[c] / agg.cell_total[c] : 0.0;
    if (CellFails(policy, n, 100.0 * sum[c] / n, coverage)) failing = true;
  }
  const double qs =
      agg.in_scope_count > 0 ? 100.0 * total / agg.in_scope_count : 0.0;
  *pre_cap = BlendOverall(model, factors, qs);
  *overall = CapOverall(policy, *pre_cap, knockouts > 0, failing);
  return true;
}

}  // namespace

std::vector<RankedRemediation> RankRemediations(
    const ScoringModel& model, std::vector<QuestionEval>* questions,
    const Factors& factors, const Aggregate& current, int knockout_count) {
  std::vector<RankedRemediation> ranked;
  ranked.reserve(questions->size());
  // Kept per thread: its vectors are reused across suppliers.
  thread_local Aggregate scratch;
  for (size_t q = 0; q < questions->size(); ++q) {
    const QuestionInfo& info = model.questions()[q];
    QuestionEval& e = (*questions)[q];
    if (!info.scored || !e.visible || e.na_excluded) continue;
    if (!(e.effective + 1e-9 < info.best_credit || e.knockout ||
          e.invalid_na)) {
      continue;
    }
    const int knockouts = knockout_count - (e.knockout ? 1 : 0);
    double overall = 0, pre_cap = 0;
    if (!FastWhatIf(model, e, info, static_cast<int>(q), info.best_credit,
                    factors, current, knockouts, &overall, &pre_cap)) {
      const QuestionEval saved = e;
      e.answered = true;
      e.unknown = e.na_excluded = e.invalid_na = e.knockout =
          e.evidence_missing = false;
      e.evidence_ok = true;
      e.raw = e.capped = e.claimed = e.credit = e.effective = info.best_credit;
      e.decay = 1;
      e.age_days = 0;
      e.contradicting_signal = -1;
      AggregateScores(model, *questions, factors, knockouts > 0, &scratch);
      e = saved;
      overall = scratch.overall;
      pre_cap = scratch.overall_pre_cap;
    }
    // While a weakest-link cap holds the overall down, fixes other than the
    // capping one show no gain; rank them by what they add to the score the cap
    // is hiding instead.
    const double gain = std::max(
        {0.0, overall - current.overall, pre_cap - current.overall_pre_cap});
    ranked.push_back({static_cast<int>(q), gain, gain / info.effort_days});
  }
  std::sort(ranked.begin(), ranked.end(),
            [&](const RankedRemediation& a, const RankedRemediation& b) {
              if (a.gain_per_effort_day != b.gain_per_effort_day) {
                return a.gain_per_effort_day > b.gain_per_effort_day;
              }
              return model.questions()[a.question].question->id() <
                     model.questions()[b.question].question->id();
            });
  return ranked;
}

supplyrisk::v1::RemediationStep MakeRemediationStep(
    const ScoringModel& model, const RankedRemediation& r) {
  supplyrisk::v1::RemediationStep step;
  FillRemediationStep(model, r, &step);
  return step;
}

void FillRemediationStep(const ScoringModel& model, const RankedRemediation& r,
                         supplyrisk::v1::RemediationStep* step) {
  const QuestionInfo& info = model.questions()[r.question];
  const auto& q_proto = *info.question;
  // Every field is written: Clear() would delete the advice of a heap step.
  step->clear_question_ids();
  step->add_question_ids(q_proto.id());
  step->clear_measure_ids();
  for (const std::string* m : info.step_measure_ids) step->add_measure_ids(*m);
  *step->mutable_advice() = q_proto.remediation().advice();
  if (step->advice().en().empty()) {
    step->mutable_advice()->set_en(info.fallback_advice);
  }
  step->set_effort_days(info.effort_days);
  step->set_overall_gain(r.overall_gain);
  step->set_gain_per_effort_day(r.gain_per_effort_day);
  step->set_deadline_days(info.deadline_days);
}

}  // namespace supplyrisk::scoring
