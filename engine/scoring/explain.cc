#include "engine/scoring/explain.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/catalog/cpsf_names.h"
#include "engine/scoring/aggregate.h"
#include "engine/scoring/discrepancies.h"

namespace supplyrisk::scoring {
namespace {

using supplyrisk::v1::Contribution;
using supplyrisk::v1::Explanation;

void Add(Explanation* x, std::string source, double delta, std::string note) {
  Contribution* c = x->add_contributions();
  c->set_source(std::move(source));
  c->set_delta(delta);
  c->set_note(std::move(note));
}

// Adds the contributions of every question to a score that is sum over measures m of scale[m] x
// measure credit.
void AddQuestions(const ScoringModel& model, const std::vector<QuestionEval>& questions,
                  const SignalSet& signals, const Aggregate& agg, const std::vector<double>& scale,
                  Explanation* x) {
  for (size_t q = 0; q < questions.size(); ++q) {
    const QuestionInfo& info = model.questions()[q];
    const QuestionEval& e = questions[q];
    if (!info.scored || !e.visible) continue;
    double coef = 0;
    for (const auto& [m, w] : info.links) {
      if (agg.in_scope[m] && scale[m] != 0) coef += scale[m] * w / agg.den[m];
    }
    if (coef == 0) continue;
    const std::string& id = info.question->id();
    if (!e.answered) {
      Add(x, absl::StrCat("question:", id), 0, "unanswered: counts as 0");
      continue;
    }
    Add(x, absl::StrCat("question:", id), coef * e.raw,
        absl::StrFormat("answer %s, credit %.2f%s", AnswerText(e.answer), e.raw,
                        e.unknown ? " (unknown counts as 0)" : ""));
    if (e.capped < e.raw) {
      Add(x, absl::StrCat("cap:evidence:", id), coef * (e.capped - e.raw),
          absl::StrFormat("no evidence: capped at %.2f", e.capped));
    }
    if (e.claimed < e.capped) {
      Add(x, absl::StrCat("cap:stale:", id), coef * (e.claimed - e.capped),
          absl::StrFormat("answered %d days ago: x%.2f", e.age_days, e.decay));
    }
    if (e.contradicting_signal >= 0) {
      const auto& s = *signals.sorted[e.contradicting_signal];
      Add(x, absl::StrCat("signal:", s.id()), coef * (e.credit - e.claimed),
          absl::StrCat("observed ", s.issue_type(), " contradicts ", id));
    }
    const double eff = agg.effective[q];
    if (eff > e.credit) {
      Add(x, absl::StrCat("compensation:", id), coef * (eff - e.credit),
          absl::StrFormat("compensating controls in place: credit raised to %.2f", eff));
    }
  }
}

void AddFactorSignals(const SignalSet& signals, const FactorEval& f, double scale, Explanation* x) {
  for (const auto& [i, d] : f.deductions) {
    const auto& s = *signals.sorted[i];
    Add(x, absl::StrCat("signal:", s.id()), -scale * d,
        absl::StrCat(s.issue_type(), " ", catalog::SeverityEnumName(s.severity()), " on ",
                     s.asset()));
  }
  if (f.positive_credit > 0) {
    Add(x, "positive_observations", scale * f.positive_credit,
        absl::StrCat(f.positives, " positive observation(s), bounded"));
  }
  if (f.clamp_adjust != 0) Add(x, "cap:factor_range", scale * f.clamp_adjust, "kept within 0-100");
  if (f.ceiling_adjust != 0) {
    Add(x, "cap:factor_ceiling", scale * f.ceiling_adjust,
        absl::StrFormat("scaled into [0, %.0f] while %s is open", f.ceiling,
                        signals.sorted[f.ceiling_signal]->id()));
  }
}

void Sort(Explanation* x) {
  auto* c = x->mutable_contributions();
  std::stable_sort(c->begin(), c->end(), [](const Contribution& a, const Contribution& b) {
    const double da = std::fabs(a.delta()), db = std::fabs(b.delta());
    if (da != db) return da > db;
    return a.source() < b.source();
  });
}

}  // namespace

std::vector<std::string> AllTargets(const Aggregate& agg) {
  std::vector<std::string> targets = {"overall"};
  for (int c = 0; c < kCells; ++c) {
    if (agg.cell_count[c] > 0)
      targets.push_back(catalog::CellTarget(CellLayer(c), CellComponent(c)));
  }
  for (int f = 1; f <= kFactors; ++f) {
    targets.push_back(catalog::FactorTarget(static_cast<supplyrisk::v1::Factor>(f)));
  }
  return targets;
}

absl::StatusOr<Explanation> ExplainTarget(const ScoringModel& model,
                                          const std::vector<QuestionEval>& questions,
                                          const SignalSet& signals, const Factors& factors,
                                          const Aggregate& agg, absl::string_view target) {
  Explanation x;
  x.set_target(std::string(target));
  const size_t nm = model.measures().size();
  std::vector<double> scale(nm, 0.0);
  if (target == "overall") {
    const auto& p = model.policy();
    double weights = p.questionnaire_weight(), kq = p.questionnaire_weight();
    for (int f = 1; f <= kFactors; ++f) {
      const double w = model.factor_weight(f);
      weights += w;
      const FactorEval& fe = factors.factor[f];
      if (!fe.observed || fe.score >= agg.questionnaire) kq += w;
    }
    kq /= weights;
    if (agg.in_scope_count > 0) {
      for (size_t m = 0; m < nm; ++m) {
        if (agg.in_scope[m]) scale[m] = 100.0 * kq / agg.in_scope_count;
      }
    }
    AddQuestions(model, questions, signals, agg, scale, &x);
    for (int f = 1; f <= kFactors; ++f) {
      const double w = model.factor_weight(f);
      const FactorEval& fe = factors.factor[f];
      if (w <= 0 || !fe.observed || fe.score >= agg.questionnaire) continue;
      Add(&x, catalog::FactorTarget(static_cast<supplyrisk::v1::Factor>(f)), 100.0 * w / weights,
          absl::StrFormat("factor %.1f is below the questionnaire score %.1f "
                          "and pulls it down",
                          fe.score, agg.questionnaire));
      AddFactorSignals(signals, fe, w / weights, &x);
    }
    if (agg.overall < agg.overall_pre_cap) {
      // The lowest ceiling is the one applied; name it.
      const auto& policy = model.policy();
      const double ceiling = OverallCeiling(policy, agg.knockout_cap, agg.cell_cap, agg.severe_cap);
      const char* rule = agg.knockout_cap && ceiling == policy.knockout_cap() ? "cap:knockout"
                         : agg.cell_cap && ceiling == policy.cell_fail_cap()
                             ? "cap:failing_cell"
                             : "cap:severe_observation";
      Add(&x, rule, agg.overall - agg.overall_pre_cap,
          absl::StrFormat("weakest link: %.1f scaled into [0, %.0f]", agg.overall_pre_cap,
                          ceiling));
    }
    x.set_score(agg.overall);
  } else if (absl::StartsWith(target, catalog::kCellTargetPrefix)) {
    supplyrisk::v1::Layer layer;
    supplyrisk::v1::Component component;
    const int cell =
        catalog::ParseCellTarget(target, &layer, &component) ? CellIndex(layer, component) : -1;
    if (cell < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("explain: unknown cell '", target, "' (e.g. cell:L1/ORGANIZATION)"));
    }
    if (agg.cell_count[cell] > 0) {
      for (int m : model.cell_measures()[cell]) {
        if (agg.in_scope[m]) scale[m] = 100.0 / agg.cell_count[cell];
      }
    }
    AddQuestions(model, questions, signals, agg, scale, &x);
    x.set_score(agg.cell_score[cell]);
  } else if (absl::StartsWith(target, catalog::kFactorTargetPrefix)) {
    supplyrisk::v1::Factor parsed;
    const int factor = catalog::ParseFactorTarget(target, &parsed) ? static_cast<int>(parsed) : -1;
    if (factor < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("explain: unknown factor '", target, "' (e.g. factor:DNS_HEALTH)"));
    }
    const FactorEval& fe = factors.factor[factor];
    if (!fe.observed) {
      Add(&x, "unobserved", 0, "no signal of this factor: its score is unknown");
      x.set_score(0);
    } else {
      Add(&x, "base", 100, "no open issue");
      AddFactorSignals(signals, fe, 1.0, &x);
      x.set_score(fe.score);
    }
  } else {
    return absl::InvalidArgumentError(absl::StrCat("explain: unknown target '", target,
                                                   "': use overall, cell:L1/ORGANIZATION or "
                                                   "factor:DNS_HEALTH"));
  }
  Sort(&x);
  return x;
}

}  // namespace supplyrisk::scoring
