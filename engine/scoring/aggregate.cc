#include "engine/scoring/aggregate.h"

#include <algorithm>

#include "engine/scoring/compensation.h"

namespace supplyrisk::scoring {

void AggregateScores(const ScoringModel& model, const std::vector<QuestionEval>& questions,
                     const Factors& factors, bool any_knockout, Aggregate* out) {
  const auto& infos = model.questions();
  const size_t nm = model.measures().size();
  const auto& policy = model.policy();
  std::vector<double>& num = out->num;
  num.assign(nm, 0.0);
  out->own.assign(nm, 0.0);
  out->den.assign(nm, 0.0);
  out->answered_w.assign(nm, 0.0);
  out->in_scope.assign(nm, 0);
  out->hidden.assign(nm, 0);
  out->effective.assign(infos.size(), 0.0);

  bool any_compensable = false;
  for (size_t q = 0; q < infos.size(); ++q) {
    const QuestionInfo& info = infos[q];
    const QuestionEval& e = questions[q];
    if (!info.scored) continue;
    if (!e.visible) {
      for (const auto& [m, w] : info.links) out->hidden[m] = 1;
      continue;
    }
    out->effective[q] = e.credit;
    if (!info.compensating_measures.empty()) any_compensable = true;
    for (const auto& [m, w] : info.links) {
      out->den[m] += w;
      num[m] += w * e.credit;
      if (e.answered) out->answered_w[m] += w;
    }
  }
  for (size_t m = 0; m < nm; ++m) {
    if (out->den[m] > 0) {
      out->in_scope[m] = 1;
      out->hidden[m] = 0;
      out->own[m] = num[m] / out->den[m];
    }
  }
  // Every counted question's weight is answered or not: the total weight is the denominator.
  out->total_w = out->den;
  out->measure = out->own;
  out->compensation_applied = false;
  if (any_compensable) {
    // Second pass: compensation raises a question's credit, then its measures'. The model lists the
    // scored questions with compensating measures, in question order.
    bool changed = false;
    for (int q : model.compensable_questions()) {
      const QuestionInfo& info = infos[q];
      const QuestionEval& e = questions[q];
      if (!e.visible) continue;
      const double comp = CompensationCredit(info, out->own, out->in_scope);
      if (comp > e.credit) {
        out->effective[q] = comp;
        for (const auto& [m, w] : info.links) num[m] += w * (comp - e.credit);
        changed = true;
      }
    }
    out->compensation_applied = changed;
    if (changed) {
      for (size_t m = 0; m < nm; ++m) {
        if (out->in_scope[m]) out->measure[m] = std::min(1.0, num[m] / out->den[m]);
      }
    }
  }

  // Cells and roll-ups.
  std::array<double, kLayers> layer_sum{}, layer_ans{}, layer_tot{};
  std::array<int, kLayers> layer_n{};
  std::array<double, kComponents> comp_sum{}, comp_ans{}, comp_tot{};
  std::array<int, kComponents> comp_n{};
  double total = 0;
  int count = 0;
  out->cell_cap = false;
  out->failing_cells = 0;
  for (int c = 0; c < kCells; ++c) {
    double sum = 0, ans = 0, tot = 0;
    int n = 0;
    for (int m : model.cell_measures()[c]) {
      if (!out->in_scope[m]) continue;
      sum += out->measure[m];
      ans += out->answered_w[m];
      tot += out->total_w[m];
      ++n;
    }
    out->cell_sum[c] = sum;
    out->cell_answered[c] = ans;
    out->cell_total[c] = tot;
    out->cell_count[c] = n;
    out->cell_score[c] = n > 0 ? 100.0 * sum / n : 0.0;
    out->cell_coverage[c] = tot > 0 ? ans / tot : 0.0;
    out->cell_failing[c] = CellFails(policy, n, out->cell_score[c], out->cell_coverage[c]);
    if (out->cell_failing[c]) {
      out->cell_cap = true;
      ++out->failing_cells;
    }
    const int l = c / kComponents, k = c % kComponents;
    layer_sum[l] += sum;
    layer_ans[l] += ans;
    layer_tot[l] += tot;
    layer_n[l] += n;
    comp_sum[k] += sum;
    comp_ans[k] += ans;
    comp_tot[k] += tot;
    comp_n[k] += n;
    total += sum;
    count += n;
  }
  for (int l = 0; l < kLayers; ++l) {
    out->layer_score[l] = layer_n[l] > 0 ? 100.0 * layer_sum[l] / layer_n[l] : 0.0;
    out->layer_coverage[l] = layer_tot[l] > 0 ? layer_ans[l] / layer_tot[l] : 0.0;
  }
  for (int k = 0; k < kComponents; ++k) {
    out->component_score[k] = comp_n[k] > 0 ? 100.0 * comp_sum[k] / comp_n[k] : 0.0;
    out->component_coverage[k] = comp_tot[k] > 0 ? comp_ans[k] / comp_tot[k] : 0.0;
  }
  out->in_scope_count = count;
  const double q = count > 0 ? 100.0 * total / count : 0.0;
  out->questionnaire = q;

  out->overall_pre_cap = BlendOverall(model, factors, q);
  out->knockout_cap = any_knockout;
  out->severe_cap = !factors.severe.empty();
  out->overall =
      CapOverall(policy, out->overall_pre_cap, any_knockout, out->cell_cap, out->severe_cap);
}

double BlendOverall(const ScoringModel& model, const Factors& factors, double q) {
  const auto& policy = model.policy();
  double blended = policy.questionnaire_weight() * q;
  double weights = policy.questionnaire_weight();
  for (int f = 1; f <= kFactors; ++f) {
    const double w = model.factor_weight(f);
    if (w <= 0) continue;
    const FactorEval& fe = factors.factor[f];
    blended += w * (fe.observed ? std::min(q, fe.score) : q);
    weights += w;
  }
  return std::clamp(blended / weights, 0.0, 100.0);
}

bool CellFails(const supplyrisk::v1::ScoringPolicy& policy, int count, double score,
               double /*coverage*/) {
  // Coverage does not matter: unanswered questions already count 0, so a cell left blank fails
  // exactly as one answered "no" throughout does.
  return count > 0 && score < policy.fail_cell_score();
}

double OverallCeiling(const supplyrisk::v1::ScoringPolicy& policy, bool any_knockout,
                      bool any_failing_cell, bool any_severe_observation) {
  double ceiling = 100;
  if (any_knockout) ceiling = std::min(ceiling, policy.knockout_cap());
  if (any_failing_cell) ceiling = std::min(ceiling, policy.cell_fail_cap());
  if (any_severe_observation) ceiling = std::min(ceiling, policy.severe_observation_cap());
  return ceiling;
}

double CapOverall(const supplyrisk::v1::ScoringPolicy& policy, double pre_cap, bool any_knockout,
                  bool any_failing_cell, bool any_severe_observation) {
  const double ceiling =
      OverallCeiling(policy, any_knockout, any_failing_cell, any_severe_observation);
  return pre_cap * ceiling / 100.0;
}

}  // namespace supplyrisk::scoring
