#include "engine/scoring/remediation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "engine/scoring/aggregate.h"
#include "engine/scoring/compensation.h"

namespace supplyrisk::scoring {
namespace {

// Overall (and pre-cap overall) when question q's credit becomes `credit`, answered, and the
// knockout count becomes `knockouts`. Only the measures of q and their cells change, so this
// updates the current sums instead of re-aggregating, and only q's cells can start or stop failing.
// Returns false when compensation ties q to other measures; CompensatedWhatIf takes those.
bool FastWhatIf(const ScoringModel& model, const QuestionEval& e, const QuestionInfo& info, int q,
                double credit, const Factors& factors, const Aggregate& agg, int knockouts,
                double* overall, double* pre_cap) {
  if (!info.compensation_free) return false;
  std::array<double, kCells> sum = agg.cell_sum, answered = agg.cell_answered;
  const double old = agg.effective[q];
  for (const auto& [m, w] : info.links) {
    if (!agg.in_scope[m]) return false;
    const int c = model.measures()[m].cell;
    const double before = agg.measure[m];
    const double after = std::min(1.0, before + w * (credit - old) / agg.den[m]);
    sum[c] += after - before;
    if (!e.answered) answered[c] += w;
  }
  const auto& policy = model.policy();
  double total = 0;
  for (int c = 0; c < kCells; ++c) {
    if (agg.cell_count[c] != 0) total += sum[c];
  }
  // Cells q does not touch keep their failing state; re-decide q's cells only.
  int failing = agg.failing_cells;
  for (int c : info.cells) {
    const int n = agg.cell_count[c];
    const double coverage = agg.cell_total[c] > 0 ? answered[c] / agg.cell_total[c] : 0.0;
    const bool fails = CellFails(policy, n, 100.0 * sum[c] / n, coverage);
    failing += (fails ? 1 : 0) - (agg.cell_failing[c] ? 1 : 0);
  }
  const double qs = agg.in_scope_count > 0 ? 100.0 * total / agg.in_scope_count : 0.0;
  *pre_cap = BlendOverall(model, factors, qs);
  *overall = CapOverall(policy, *pre_cap, knockouts > 0, failing > 0, !factors.severe.empty());
  return true;
}

// The same for a question tied to compensation, replaying AggregateScores on the measures the
// change can reach: q's measures (their own credit moves, and with it the compensation read from
// them) and every measure a compensable question evidences. Their sums are rebuilt from the
// questions in the order AggregateScores adds them, every other figure is taken from `agg`, and the
// cells holding a rebuilt measure are summed again, so the result is the full re-aggregation's to
// the last bit. Returns false (re-aggregate in full) when a measure of q is out of scope.
bool CompensatedWhatIf(const ScoringModel& model, const std::vector<QuestionEval>& questions,
                       const QuestionInfo& info, int q, double credit, const Factors& factors,
                       const Aggregate& agg, int knockouts, double* overall, double* pre_cap) {
  const auto& infos = model.questions();
  const size_t nm = model.measures().size();
  // Per thread, reused: per-measure figures of the what-if, and which measures it rebuilt.
  thread_local std::vector<double> own, num, answered_w;
  thread_local std::vector<unsigned char> rebuilt;
  thread_local std::vector<int> touched;
  own = agg.own;
  num.resize(nm);
  answered_w.resize(nm);
  rebuilt.assign(nm, 0);
  touched.clear();
  auto touch = [&](int m) {
    if (!rebuilt[m]) {
      rebuilt[m] = 1;
      touched.push_back(m);
    }
  };
  for (const auto& [m, w] : info.links) {
    if (!agg.in_scope[m]) return false;
    touch(m);
  }
  for (int m : model.compensated_measures()) touch(m);

  // First pass (AggregateScores' question loop) for the rebuilt measures.
  for (int m : touched) {
    double sum = 0, answered = 0;
    int previous = -1;
    for (int q2 : model.measures()[m].questions) {
      if (q2 == previous) continue;  // listed once per link to m
      previous = q2;
      const QuestionEval& e2 = questions[q2];
      if (!e2.visible) continue;
      const double c2 = q2 == q ? credit : e2.credit;
      const bool answered2 = q2 == q || e2.answered;
      for (const auto& [m2, w] : infos[q2].links) {
        if (m2 != m) continue;
        sum += w * c2;
        if (answered2) answered += w;
      }
    }
    num[m] = sum;
    answered_w[m] = answered;
    if (agg.den[m] > 0) own[m] = sum / agg.den[m];
  }
  // Second pass: compensation, in question order.
  bool changed = false;
  for (int q2 : model.compensable_questions()) {
    const QuestionEval& e2 = questions[q2];
    if (!e2.visible) continue;
    const QuestionInfo& info2 = infos[q2];
    const double c2 = q2 == q ? credit : e2.credit;
    const double comp = CompensationCredit(info2, own, agg.in_scope);
    if (comp > c2) {
      for (const auto& [m, w] : info2.links) num[m] += w * (comp - c2);
      changed = true;
    }
  }
  for (int m : touched) {
    // `own` now serves as the measure credit of the rebuilt measures.
    if (changed && agg.in_scope[m]) own[m] = std::min(1.0, num[m] / agg.den[m]);
  }
  // Any other measure keeps its sums, but its credit is computed as AggregateScores computes it
  // under this run's compensation switch.
  const bool switched = changed != agg.compensation_applied;
  auto measure = [&](int m) {
    if (rebuilt[m]) return own[m];
    if (!switched) return agg.measure[m];
    return changed ? std::min(1.0, agg.own[m]) : agg.own[m];
  };

  // Cells: those holding a rebuilt measure are summed again in cell order.
  const auto& policy = model.policy();
  std::array<bool, kCells> cell_touched{};
  if (switched) cell_touched.fill(true);
  for (int m : touched) cell_touched[model.measures()[m].cell] = true;
  double total = 0;
  int failing = agg.failing_cells;
  for (int c = 0; c < kCells; ++c) {
    if (!cell_touched[c]) {
      total += agg.cell_sum[c];
      continue;
    }
    double sum = 0, answered = 0;
    int n = 0;
    for (int m : model.cell_measures()[c]) {
      if (!agg.in_scope[m]) continue;
      sum += measure(m);
      answered += rebuilt[m] ? answered_w[m] : agg.answered_w[m];
      ++n;
    }
    total += sum;
    const double tot = agg.cell_total[c];
    const bool fails =
        CellFails(policy, n, n > 0 ? 100.0 * sum / n : 0.0, tot > 0 ? answered / tot : 0.0);
    failing += (fails ? 1 : 0) - (agg.cell_failing[c] ? 1 : 0);
  }
  const double qs = agg.in_scope_count > 0 ? 100.0 * total / agg.in_scope_count : 0.0;
  *pre_cap = BlendOverall(model, factors, qs);
  *overall = CapOverall(policy, *pre_cap, knockouts > 0, failing > 0, !factors.severe.empty());
  return true;
}

}  // namespace

std::vector<RankedRemediation> RankRemediations(const ScoringModel& model,
                                                std::vector<QuestionEval>* questions,
                                                const Factors& factors, const Aggregate& current,
                                                int knockout_count) {
  std::vector<RankedRemediation> ranked;
  ranked.reserve(questions->size());
  // Kept per thread: its vectors are reused across suppliers.
  thread_local Aggregate scratch;
  for (size_t q = 0; q < questions->size(); ++q) {
    const QuestionInfo& info = model.questions()[q];
    QuestionEval& e = (*questions)[q];
    if (!info.scored || !e.visible) continue;
    if (!(e.effective + 1e-9 < info.best_credit || e.knockout || e.invalid_na)) {
      continue;
    }
    const int knockouts = knockout_count - (e.knockout ? 1 : 0);
    // The what-if in full: question q fixed, everything re-aggregated.
    auto full_what_if = [&](double* overall, double* pre_cap) {
      const QuestionEval saved = e;
      e.answered = true;
      e.unknown = e.na_allowed = e.invalid_na = e.knockout = e.evidence_missing = false;
      e.evidence_ok = true;
      e.raw = e.capped = e.claimed = e.credit = e.effective = info.best_credit;
      e.decay = 1;
      e.age_days = 0;
      e.contradicting_signal = -1;
      AggregateScores(model, *questions, factors, knockouts > 0, &scratch);
      e = saved;
      *overall = scratch.overall;
      *pre_cap = scratch.overall_pre_cap;
    };
    double overall = 0, pre_cap = 0;
    const bool fast = FastWhatIf(model, e, info, static_cast<int>(q), info.best_credit, factors,
                                 current, knockouts, &overall, &pre_cap);
    if (fast || CompensatedWhatIf(model, *questions, info, static_cast<int>(q), info.best_credit,
                                  factors, current, knockouts, &overall, &pre_cap)) {
#ifndef NDEBUG
      // Builds without NDEBUG (`./run.sh test`) check the incremental what-ifs against the full
      // re-aggregation. The compensated one replays the full sums and must agree to the last bit;
      // the fast one updates sums by differences, so it may differ in the last bits.
      double full_overall = 0, full_pre_cap = 0;
      full_what_if(&full_overall, &full_pre_cap);
      const double tolerance = fast ? 1e-9 : 0.0;
      if (std::abs(full_overall - overall) > tolerance ||
          std::abs(full_pre_cap - pre_cap) > tolerance) {
        std::fprintf(stderr,
                     "RankRemediations: %s what-if for question %s gives "
                     "%.17g/%.17g, full re-aggregation %.17g/%.17g\n",
                     fast ? "fast" : "compensated", info.question->id().c_str(), overall, pre_cap,
                     full_overall, full_pre_cap);
        std::abort();
      }
#endif
    } else {
      full_what_if(&overall, &pre_cap);
    }
    // While a weakest-link cap holds the overall down, fixes other than the capping one show no
    // gain; rank them by what they add to the score the cap is hiding instead.
    const double gain =
        std::max({0.0, overall - current.overall, pre_cap - current.overall_pre_cap});
    ranked.push_back({static_cast<int>(q), gain, gain / info.effort_days});
  }
  std::sort(ranked.begin(), ranked.end(),
            [&](const RankedRemediation& a, const RankedRemediation& b) {
              if (a.gain_per_effort_day != b.gain_per_effort_day) {
                return a.gain_per_effort_day > b.gain_per_effort_day;
              }
              // Id order (ranks order as the unique ids do).
              return model.questions()[a.question].id_rank < model.questions()[b.question].id_rank;
            });
  return ranked;
}

supplyrisk::v1::RemediationStep MakeRemediationStep(const ScoringModel& model,
                                                    const RankedRemediation& r) {
  supplyrisk::v1::RemediationStep step;
  FillRemediationStep(model, r, &step);
  return step;
}

void FillRemediationStep(const ScoringModel& model, const RankedRemediation& r,
                         supplyrisk::v1::RemediationStep* step) {
  const QuestionInfo& info = model.questions()[r.question];
  const auto& q_proto = *info.question;
  // Every field is written, so a reused step needs no Clear(). The advice is left empty: it is
  // rendered on read from the question's remediation (engine/render).
  step->clear_question_ids();
  step->add_question_ids(q_proto.id());
  step->clear_measure_ids();
  for (const std::string* m : info.step_measure_ids) step->add_measure_ids(*m);
  step->clear_advice();
  step->set_effort_days(info.effort_days);
  step->set_overall_gain(r.overall_gain);
  step->set_gain_per_effort_day(r.gain_per_effort_day);
  step->set_deadline_days(info.deadline_days);
}

}  // namespace supplyrisk::scoring
