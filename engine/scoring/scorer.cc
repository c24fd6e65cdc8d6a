#include "engine/scoring/scorer.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/chain/engagement_risk.h"
#include "engine/policy/decision.h"
#include "engine/policy/policy.h"
#include "engine/policy/required_level.h"
#include "engine/questionnaire/conditions.h"
#include "engine/scoring/aggregate.h"
#include "engine/scoring/confidence.h"
#include "engine/scoring/digest.h"
#include "engine/scoring/discrepancies.h"
#include "engine/scoring/evaluate.h"
#include "engine/scoring/explain.h"
#include "engine/scoring/inputs.h"
#include "engine/scoring/ipa_points.h"
#include "engine/scoring/measure_credit.h"
#include "engine/scoring/patch_cadence.h"
#include "engine/scoring/profile_checks.h"
#include "engine/scoring/remediation.h"
#include "engine/scoring/signal_factors.h"
#include "engine/scoring/stars.h"

namespace supplyrisk::scoring {
namespace {

using supplyrisk::v1::Assessment;
using supplyrisk::v1::Finding;

void SetTime(absl::Time t, google::protobuf::Timestamp* ts) {
  const int64_t nanos = absl::ToUnixNanos(t);
  ts->set_seconds(nanos / 1000000000);
  ts->set_nanos(static_cast<int32_t>(nanos % 1000000000));
  if (ts->nanos() < 0) {
    ts->set_seconds(ts->seconds() - 1);
    ts->set_nanos(ts->nanos() + 1000000000);
  }
}

// Scores are kept at a fixed precision so the output does not depend on summation noise.
double Round(double v) { return std::round(v * 1e6) / 1e6; }

// A new finding of facts only; its summary and remediation are rendered on read.
Finding* AddFinding(Assessment* a, supplyrisk::v1::FindingKind kind,
                    supplyrisk::v1::Severity severity) {
  Finding* f = a->add_findings();
  f->set_kind(kind);
  f->set_severity(severity);
  return f;
}

// Questions whose answers left them short, gathered for one finding per kind. Ids point into the
// template, which outlives the assessment build.
struct ShortAnswers {
  std::vector<const std::string*> missing_evidence, stale, unanswered, future_dated;
  int oldest = 0;  // the oldest stale answer's age in days
};

// One finding per observation contradicting claims: the answers it contradicts (and the
// follow-ups that fall with them) are listed in one finding, not one finding each.
void AddDiscrepancyFindings(const ScoringModel& model, const Run& run, Assessment* a) {
  thread_local std::vector<std::pair<int, int>> by_signal;  // (signal, question)
  by_signal.clear();
  for (int q : model.questions_by_id()) {
    const QuestionEval& e = run.questions[q];
    if (e.visible && model.questions()[q].scored && e.contradicting_signal >= 0) {
      by_signal.emplace_back(e.contradicting_signal, q);
    }
  }
  std::stable_sort(by_signal.begin(), by_signal.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  for (size_t i = 0; i < by_signal.size();) {
    size_t j = i;
    while (j < by_signal.size() && by_signal[j].first == by_signal[i].first) ++j;
    const auto& sig = *run.signals.sorted[by_signal[i].first];
    Finding* f =
        AddFinding(a, supplyrisk::v1::FINDING_KIND_DISCREPANCY, supplyrisk::v1::SEVERITY_HIGH);
    f->set_history(run.signals.state[by_signal[i].first].resolved);
    f->set_issue_type(sig.issue_type());
    f->add_assets(sig.asset());
    int voided = 0;
    for (size_t k = i; k < j; ++k) {
      const int q = by_signal[k].second;
      f->add_question_ids(model.questions()[q].question->id());
      AppendAnswerText(run.questions[q].answer, f->add_answers());
      for (const auto& [m, w] : model.questions()[q].links) {
        f->add_measure_ids(model.measures()[m].measure->id());
      }
      for (size_t v = 0; v < run.questions.size(); ++v) {
        if (run.questions[v].voided_by == q) ++voided;
      }
    }
    f->set_voided_count(voided);
    f->add_signal_ids(sig.id());
    auto* ids = f->mutable_measure_ids();
    std::sort(ids->begin(), ids->end());
    ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
    i = j;
  }
  for (const auto& c : run.profile_check.contradictions) {
    Finding* f =
        AddFinding(a, supplyrisk::v1::FINDING_KIND_DISCREPANCY, supplyrisk::v1::SEVERITY_HIGH);
    f->set_profile_flag(c.flag);
    f->set_profile_source(c.source);
    if (c.signal >= 0) f->add_signal_ids(run.signals.sorted[c.signal]->id());
  }
}

// Knockouts and invalid not-applicable answers, one finding each; discrepancies one per
// observation; the questions that lack evidence, are stale, unanswered or dated after as_of are
// gathered into `short_answers`.
void AddQuestionFindings(const ScoringModel& model, const Run& run, Assessment* a,
                         ShortAnswers* short_answers) {
  int& oldest = short_answers->oldest;
  for (size_t q = 0; q < run.questions.size(); ++q) {
    const QuestionInfo& info = model.questions()[q];
    const QuestionEval& e = run.questions[q];
    if (e.after_as_of && e.visible) short_answers->future_dated.push_back(&info.question->id());
    if (!e.visible) continue;
    const auto& question = *info.question;
    if (e.knockout) {
      Finding* f =
          AddFinding(a, supplyrisk::v1::FINDING_KIND_KNOCKOUT, supplyrisk::v1::SEVERITY_CRITICAL);
      f->add_question_ids(question.id());
      for (const auto& [m, w] : info.links) f->add_measure_ids(model.measures()[m].measure->id());
      if (e.contradicting_signal >= 0) {
        f->add_signal_ids(run.signals.sorted[e.contradicting_signal]->id());
      } else if (e.answered) {
        AppendAnswerText(e.answer, f->add_answers());
      }
    }
    if (!info.scored) continue;
    if (e.invalid_na) {
      Finding* f = AddFinding(a, supplyrisk::v1::FINDING_KIND_INVALID_NOT_APPLICABLE,
                              supplyrisk::v1::SEVERITY_MEDIUM);
      f->add_question_ids(question.id());
    }
    if (e.future_date) short_answers->future_dated.push_back(&question.id());
    if (e.evidence_missing) short_answers->missing_evidence.push_back(&question.id());
    if (e.answered && e.decay < 1) {
      short_answers->stale.push_back(&question.id());
      oldest = std::max(oldest, e.age_days);
    }
    if (!e.answered || e.unknown) short_answers->unanswered.push_back(&question.id());
  }
  AddDiscrepancyFindings(model, run, a);
}

// Severe open observations, which cap the overall grade whatever the answers say.
void AddSevereFindings(const ScoringModel& model, const Run& run, Assessment* a) {
  if (run.factors.severe.empty()) return;
  Finding* f = AddFinding(a, supplyrisk::v1::FINDING_KIND_SEVERE_OBSERVATION,
                          supplyrisk::v1::SEVERITY_CRITICAL);
  for (size_t i = 0; i < run.factors.severe.size(); ++i) {
    const auto& sig = *run.signals.sorted[run.factors.severe[i]];
    const SignalState& st = run.signals.state[run.factors.severe[i]];
    if (i < 3) {
      auto* o = f->add_observations();
      o->set_issue_type(sig.issue_type());
      o->set_asset(sig.asset());
      if (st.past_sla) o->set_open_days(st.age_days);
    }
    f->add_signal_ids(sig.id());
  }
  f->set_cap(model.policy().severe_observation_cap());
}

// Failing cells and failing measures (those with at least one visible answered question).
void AddCellAndMeasureFindings(const ScoringModel& model, const Run& run, Assessment* a) {
  const auto& policy = model.policy();
  const auto& agg = run.aggregate;
  for (int c = 0; c < kCells; ++c) {
    if (!agg.cell_failing[c]) continue;
    Finding* f =
        AddFinding(a, supplyrisk::v1::FINDING_KIND_FAILING_CELL, supplyrisk::v1::SEVERITY_HIGH);
    f->set_layer(CellLayer(c));
    f->set_component(CellComponent(c));
    f->set_value(agg.cell_score[c]);
    f->set_threshold(policy.fail_cell_score());
    f->set_cap(policy.cell_fail_cap());
    for (int m : model.cell_measures()[c]) {
      if (agg.in_scope[m] && agg.measure[m] < policy.fail_measure_credit()) {
        f->add_measure_ids(model.measures()[m].measure->id());
      }
    }
  }
  for (size_t m = 0; m < model.measures().size(); ++m) {
    if (!agg.in_scope[m] || agg.measure[m] >= policy.fail_measure_credit()) continue;
    const MeasureInfo& mi = model.measures()[m];
    bool any_answered = false;
    for (int q : mi.questions) {
      if (run.questions[q].visible && run.questions[q].answered) any_answered = true;
    }
    if (!any_answered) continue;
    Finding* f = AddFinding(
        a, supplyrisk::v1::FINDING_KIND_FAILING_MEASURE,
        agg.measure[m] <= 0 ? supplyrisk::v1::SEVERITY_MEDIUM : supplyrisk::v1::SEVERITY_LOW);
    f->set_value(agg.measure[m]);
    f->add_measure_ids(mi.measure->id());
    for (int q : mi.questions) {
      const QuestionEval& e = run.questions[q];
      if (!e.visible) continue;
      f->add_question_ids(model.questions()[q].question->id());
      if (e.contradicting_signal >= 0) {
        f->add_signal_ids(run.signals.sorted[e.contradicting_signal]->id());
      }
    }
  }
}

// One finding per kind of short answer: missing evidence, stale, unanswered or unknown.
void AddShortAnswerFindings(const ShortAnswers& short_answers, Assessment* a) {
  const auto& missing_evidence = short_answers.missing_evidence;
  const auto& stale = short_answers.stale;
  const auto& unanswered = short_answers.unanswered;
  const int oldest = short_answers.oldest;
  if (!missing_evidence.empty()) {
    Finding* f =
        AddFinding(a, supplyrisk::v1::FINDING_KIND_MISSING_EVIDENCE, supplyrisk::v1::SEVERITY_LOW);
    for (const auto* q : missing_evidence) f->add_question_ids(*q);
  }
  if (!stale.empty()) {
    Finding* f =
        AddFinding(a, supplyrisk::v1::FINDING_KIND_STALE_ANSWER, supplyrisk::v1::SEVERITY_LOW);
    f->set_days(oldest);
    for (const auto* q : stale) f->add_question_ids(*q);
  }
  if (!short_answers.future_dated.empty()) {
    Finding* f =
        AddFinding(a, supplyrisk::v1::FINDING_KIND_FUTURE_DATED, supplyrisk::v1::SEVERITY_MEDIUM);
    for (const auto* q : short_answers.future_dated) f->add_question_ids(*q);
  }
  if (!unanswered.empty()) {
    Finding* f =
        AddFinding(a, supplyrisk::v1::FINDING_KIND_UNANSWERED,
                   a->confidence_breakdown().coverage() < 0.5 ? supplyrisk::v1::SEVERITY_MEDIUM
                                                              : supplyrisk::v1::SEVERITY_LOW);
    for (const auto* q : unanswered) f->add_question_ids(*q);
  }
}

void AddOpenSignalFindings(const Run& run, Assessment* a) {
  // Open signals, one finding per factor and issue type, in (factor, issue type) order: the counted
  // signals sorted by that key, each group's ids in signal order. Kept per thread, so a batch
  // reuses the memory.
  struct OpenSignal {
    int factor;
    absl::string_view issue_type;  // a view into the signal
    size_t index;
  };
  thread_local std::vector<OpenSignal> open;
  thread_local std::vector<absl::string_view> assets;
  open.clear();
  for (size_t i = 0; i < run.signals.sorted.size(); ++i) {
    const auto& s = *run.signals.sorted[i];
    if (!run.signals.state[i].counted || s.severity() < supplyrisk::v1::SEVERITY_LOW) continue;
    open.push_back({s.factor(), s.issue_type(), i});
  }
  std::sort(open.begin(), open.end(), [](const OpenSignal& x, const OpenSignal& y) {
    if (x.factor != y.factor) return x.factor < y.factor;
    if (x.issue_type != y.issue_type) return x.issue_type < y.issue_type;
    return x.index < y.index;
  });
  for (size_t begin = 0, end = 0; begin < open.size(); begin = end) {
    const OpenSignal& key = open[begin];
    supplyrisk::v1::Severity severity = supplyrisk::v1::SEVERITY_UNSPECIFIED;
    assets.clear();
    for (end = begin; end < open.size() && open[end].factor == key.factor &&
                      open[end].issue_type == key.issue_type;
         ++end) {
      const auto& s = *run.signals.sorted[open[end].index];
      severity = std::max(severity, s.severity());
      if (!s.asset().empty()) assets.push_back(s.asset());
    }
    std::sort(assets.begin(), assets.end());
    assets.erase(std::unique(assets.begin(), assets.end()), assets.end());
    if (assets.size() > 3) assets.resize(3);
    Finding* f = AddFinding(a, supplyrisk::v1::FINDING_KIND_OPEN_SIGNAL, severity);
    f->set_factor(static_cast<supplyrisk::v1::Factor>(key.factor));
    f->set_issue_type(key.issue_type.data(), key.issue_type.size());
    for (absl::string_view asset : assets) f->add_assets(asset.data(), asset.size());
    for (size_t i = begin; i < end; ++i) f->add_signal_ids(run.signals.sorted[open[i].index]->id());
  }
}

// Patch SLA breaches: open vulnerabilities past their SLA, and a median time to fix above it.
void AddCadenceFindings(const std::vector<supplyrisk::v1::PatchCadence>& cadence, Assessment* a) {
  for (const auto& row : cadence) {
    if (!row.open_past_sla_signal_ids().empty()) {
      Finding* f = AddFinding(a, supplyrisk::v1::FINDING_KIND_PATCH_SLA_BREACH, row.severity());
      f->set_vulnerability_severity(row.severity());
      f->set_days(row.sla_days());
      for (const auto& id : row.open_past_sla_signal_ids()) f->add_signal_ids(id);
    }
    if (!row.median_within_sla()) {
      Finding* f = AddFinding(a, supplyrisk::v1::FINDING_KIND_PATCH_SLA_BREACH,
                              supplyrisk::v1::SEVERITY_MEDIUM);
      f->set_vulnerability_severity(row.severity());
      f->set_days(row.sla_days());
      f->set_value(row.median_days_to_resolve());
    }
  }
}

// Severity (highest first), kind, then the ids; findings the ids cannot tell apart (a median
// breach per severity, profile contradictions, failing cells without failing measures) by the
// facts that set them apart. Never by text, which is rendered later.
void SortFindings(Assessment* a) {
  // Sort once by precomputed keys (all in one buffer), then permute the element pointers: no
  // finding is copied or reallocated.
  auto* findings = a->mutable_findings();
  struct Key {
    int severity;
    int kind;
    size_t begin, size;
    Finding* finding;
  };
  thread_local std::vector<Key> keys;
  thread_local std::string buffer;
  keys.clear();
  buffer.clear();
  auto join = [](const google::protobuf::RepeatedPtrField<std::string>& ids) {
    for (int i = 0; i < ids.size(); ++i) {
      if (i > 0) buffer.push_back(',');
      buffer.append(ids.Get(i));
    }
  };
  for (int i = 0; i < findings->size(); ++i) {
    Finding* f = findings->Mutable(i);
    const size_t begin = buffer.size();
    join(f->question_ids());
    buffer.push_back('|');
    join(f->measure_ids());
    buffer.push_back('|');
    join(f->signal_ids());
    buffer.push_back('|');
    keys.push_back({-static_cast<int>(f->severity()), static_cast<int>(f->kind()), begin,
                    buffer.size() - begin, f});
  }
  const absl::string_view all(buffer);
  std::sort(keys.begin(), keys.end(), [&all](const Key& x, const Key& y) {
    if (x.severity != y.severity) return x.severity < y.severity;
    if (x.kind != y.kind) return x.kind < y.kind;
    const int ids = all.substr(x.begin, x.size).compare(all.substr(y.begin, y.size));
    if (ids != 0) return ids < 0;
    const Finding& fx = *x.finding;
    const Finding& fy = *y.finding;
    // Higher vulnerability severity first, as findings are.
    if (fx.vulnerability_severity() != fy.vulnerability_severity()) {
      return fx.vulnerability_severity() > fy.vulnerability_severity();
    }
    if (fx.profile_flag() != fy.profile_flag()) return fx.profile_flag() < fy.profile_flag();
    if (fx.layer() != fy.layer()) return fx.layer() < fy.layer();
    return fx.component() < fy.component();
  });
  Finding** slots = findings->mutable_data();
  for (size_t i = 0; i < keys.size(); ++i) slots[i] = keys[i].finding;
}

void BuildFindings(const ScoringModel& model, const Run& run,
                   const std::vector<supplyrisk::v1::PatchCadence>& cadence, Assessment* a) {
  ShortAnswers short_answers;
  AddQuestionFindings(model, run, a, &short_answers);
  AddCellAndMeasureFindings(model, run, a);
  AddSevereFindings(model, run, a);
  AddShortAnswerFindings(short_answers, a);
  AddOpenSignalFindings(run, a);
  AddCadenceFindings(cadence, a);
  SortFindings(a);
}

void BuildMeasureCredits(const ScoringModel& model, const Run& run, Assessment* a) {
  const auto& agg = run.aggregate;
  for (size_t m = 0; m < model.measures().size(); ++m) {
    if (!agg.in_scope[m]) continue;
    const MeasureInfo& mi = model.measures()[m];
    auto* mc = a->add_measure_credits();
    mc->set_measure_id(mi.measure->id());
    mc->set_layer(mi.measure->layer());
    mc->set_component(mi.measure->component());
    mc->set_credit(Round(agg.in_scope[m] ? agg.measure[m] : 0.0));
    bool answered = false, unanswered = false, unknown = false, capped = false, decayed = false,
         contradicted = false, confirmed = false, na = false, invalid_na = false;
    double comp = 0;
    // Views into the signals, at most two per question; sorted and deduplicated below. Kept per
    // thread, so a batch reuses the memory.
    thread_local std::vector<absl::string_view> signal_ids;
    signal_ids.clear();
    for (int q : mi.questions) {
      const QuestionEval& e = run.questions[q];
      if (!e.visible) continue;
      mc->add_question_ids(model.questions()[q].question->id());
      answered |= e.answered && !e.unknown && !e.na_allowed;
      unanswered |= !e.answered;
      unknown |= e.unknown;
      capped |= e.evidence_missing;
      decayed |= e.answered && e.decay < 1;
      na |= e.na_allowed;
      invalid_na |= e.invalid_na;
      if (e.contradicting_signal >= 0) {
        contradicted = true;
        signal_ids.push_back(run.signals.sorted[e.contradicting_signal]->id());
      }
      if (e.confirming_signal >= 0) {
        confirmed = true;
        signal_ids.push_back(run.signals.sorted[e.confirming_signal]->id());
      }
      comp = std::max(comp, agg.effective[q] - e.credit);
    }
    // Literal views: their lengths are known without strlen.
    auto add_basis = [mc](absl::string_view basis) { mc->add_basis(basis.data(), basis.size()); };
    if (answered) add_basis("answered");
    if (unanswered) add_basis("unanswered");
    if (unknown) add_basis("unknown");
    if (na) add_basis("not_applicable");
    if (invalid_na) add_basis("invalid_not_applicable");
    if (capped) add_basis("capped_no_evidence");
    if (decayed) add_basis("decayed");
    if (contradicted) add_basis("contradicted");
    if (confirmed) add_basis("confirmed");
    if (comp > 0) {
      add_basis("compensated");
      mc->set_compensation_credit(Round(comp));
    }
    if (signal_ids.size() > 1) {
      std::sort(signal_ids.begin(), signal_ids.end());
      signal_ids.erase(std::unique(signal_ids.begin(), signal_ids.end()), signal_ids.end());
    }
    for (absl::string_view s : signal_ids) mc->add_signal_ids(s.data(), s.size());
  }
}

std::string SupplierName(const SupplierInput& in) {
  if (in.engagement != nullptr && !in.engagement->supplier().empty()) {
    return in.engagement->supplier();
  }
  const std::string& name = in.response->name();
  const size_t pos = name.find("/responses/");
  return pos == std::string::npos ? "" : name.substr(0, pos);
}

// The engagement's chain completed with the supplier's own score: inherited risk may lower the
// effective score and grade, never raise them.
}  // namespace

absl::Status ScoreSupplier(const ScoringModel& model, const SupplierInput& in,
                           const ScoreOptions& options, Assessment* a) {
  a->Clear();
  // Working vectors are kept per thread, so a batch reuses their memory; Evaluate resets every part
  // of them.
  thread_local Run run;
  absl::Status s = Evaluate(model, in, &run);
  if (!s.ok()) return s;
  const auto& policy = model.policy();
  const auto& agg = run.aggregate;
  const auto& t = model.questionnaire();
  const auto& profile = in.profile != nullptr ? *in.profile : DefaultProfile();

  a->set_supplier(SupplierName(in));
  a->set_template_id(t.id());
  a->set_template_revision(t.revision());
  a->set_model_version(model.model_version());
  RecordInputs(model.model_digest(), in, a);
  SetTime(in.as_of, a->mutable_as_of());

  for (int c = 0; c < kCells; ++c) {
    auto* cell = a->add_cells();
    cell->set_layer(CellLayer(c));
    cell->set_component(CellComponent(c));
    cell->set_score(Round(agg.cell_score[c]));
    cell->set_coverage(Round(agg.cell_coverage[c]));
    cell->set_measure_count(agg.cell_count[c]);
    cell->set_failing(agg.cell_failing[c]);
  }
  for (int l = 0; l < kLayers; ++l) {
    auto* r = a->add_layers();
    r->set_layer(static_cast<supplyrisk::v1::Layer>(l + 1));
    r->set_score(Round(agg.layer_score[l]));
    r->set_coverage(Round(agg.layer_coverage[l]));
  }
  for (int k = 0; k < kComponents; ++k) {
    auto* r = a->add_components();
    r->set_component(static_cast<supplyrisk::v1::Component>(k + 1));
    r->set_score(Round(agg.component_score[k]));
    r->set_coverage(Round(agg.component_coverage[k]));
  }
  // The signals score is 100 less the weighted shortfall of the observed factors, over the weight
  // of all factors: a factor observed for the first time can only take points off, never lift the
  // score by joining an average. With nothing observed the score is unknown and reported as 0.
  double all_w = 0, shortfall = 0;
  bool any_observed = false;
  for (int f = 1; f <= kFactors; ++f) {
    const FactorEval& fe = run.factors.factor[f];
    auto* fs = a->add_factors();
    fs->set_factor(static_cast<supplyrisk::v1::Factor>(f));
    fs->set_observed(fe.observed);
    fs->set_score(fe.observed ? Round(fe.score) : 0.0);
    fs->set_open_issues(fe.open_issues);
    fs->set_positive_observations(fe.positives);
    all_w += model.factor_weight(f);
    if (fe.observed) {
      any_observed = true;
      shortfall += model.factor_weight(f) * (100.0 - fe.score);
    }
  }
  a->set_questionnaire_score(Round(agg.questionnaire));
  a->set_signals_score(Round(any_observed && all_w > 0 ? 100.0 - shortfall / all_w : 0.0));
  a->set_overall_score(Round(agg.overall));
  a->set_grade(policy::GradeFor(policy, a->overall_score()));
  a->set_confidence(Round(
      ComputeConfidence(model, run.questions, run.factors, a->mutable_confidence_breakdown())));
  auto* cb = a->mutable_confidence_breakdown();
  cb->set_coverage(Round(cb->coverage()));
  cb->set_evidence(Round(cb->evidence()));
  cb->set_freshness(Round(cb->freshness()));
  cb->set_consistency(Round(cb->consistency()));
  cb->set_signal_coverage(Round(cb->signal_coverage()));
  if (in.engagement != nullptr && in.chain != nullptr) {
    supplyrisk::v1::EffectiveRisk* risk = a->mutable_effective_risk();
    *risk = *in.chain;
    chain::CompleteWithOwnScore(a->overall_score(), risk);
    risk->set_effective_grade(policy::GradeFor(policy, risk->effective_score()));
    // Receivers that cannot be rated and coverage past the cap are unknowns of this engagement.
    cb->set_chain(Round(in.chain->confidence_factor()));
    a->set_confidence(Round(a->confidence() * in.chain->confidence_factor()));
  }

  BuildMeasureCredits(model, run, a);
  // In question-id order, so discrepancies and knockouts come out sorted by question id (ids are
  // unique) without a sort.
  for (int q : model.questions_by_id()) {
    const QuestionEval& e = run.questions[q];
    if (e.visible && e.contradicting_signal >= 0 && model.questions()[q].scored) {
      auto* d = a->add_discrepancies();
      FillDiscrepancy(model, run.signals, q, e, d);
      for (int v : model.questions_by_id()) {
        if (run.questions[v].voided_by == q) {
          d->add_voided_question_ids(model.questions()[v].question->id());
        }
      }
    }
    if (e.visible && e.knockout) a->add_knockouts(model.questions()[q].question->id());
  }
  for (const auto& c : run.profile_check.contradictions) {
    auto* d = a->add_discrepancies();
    d->set_profile_flag(c.flag);
    d->set_claimed(absl::StrCat("not ", ProfileFlagLabel(c.flag)));
    if (c.signal >= 0) {
      const auto& sig = *run.signals.sorted[c.signal];
      d->set_observed(absl::StrCat(sig.issue_type(), " on ", sig.asset()));
      d->set_signal_id(sig.id());
      d->set_factor(sig.factor());
      d->set_issue_type(sig.issue_type());
    } else {
      d->set_observed(ProfileSourceLabel(c.source));
    }
  }
  for (auto& d : *a->mutable_discrepancies()) {
    d.set_credit_before(Round(d.credit_before()));
    d.set_credit_after(Round(d.credit_after()));
  }

  const auto cadence = ComputePatchCadence(run.signals, policy);
  for (const auto& row : cadence) *a->add_patch_cadence() = row;
  BuildFindings(model, run, cadence, a);
  AddStars(model, agg, profile, a->mutable_stars());

  const std::vector<RankedRemediation> ranked =
      RankRemediations(model, &run.questions, run.factors, agg, run.knockouts);
  auto fill_rounded = [&](const RankedRemediation& r, supplyrisk::v1::RemediationStep* step) {
    FillRemediationStep(model, r, step);
    step->set_overall_gain(Round(step->overall_gain()));
    step->set_gain_per_effort_day(Round(step->gain_per_effort_day()));
  };
  std::vector<bool> needed(model.questions().size(), false);
  int kept = 0;
  for (const auto& r : ranked) {
    if (kept >= policy.remediation_plan_size()) break;
    const bool knockout = run.questions[r.question].knockout;
    if (Round(r.overall_gain) <= 0 && !knockout) continue;
    fill_rounded(r, a->add_remediation_plan());
    needed[r.question] = true;
    ++kept;
  }
  // The decision draws conditions from the plan, the contradicted questions and the questions
  // evidencing measures missing for the required star. The steps are kept per thread and
  // overwritten, so their memory is reused.
  thread_local std::vector<supplyrisk::v1::RemediationStep> steps;
  size_t step_count = 0;
  if (in.engagement != nullptr) {
    for (size_t q = 0; q < run.questions.size(); ++q) {
      if (run.questions[q].contradicting_signal >= 0) needed[q] = true;
    }
    const int star = policy::RequiredStar(*in.engagement).star;
    for (const auto& s : a->stars()) {
      if (s.star() != star) continue;
      for (const auto& id : s.missing_measure_ids()) {
        const int m = model.MeasureIndex(id);
        if (m < 0) continue;
        for (int q : model.measures()[m].questions) needed[q] = true;
      }
    }
    for (const auto& r : ranked) {
      if (!needed[r.question]) continue;
      if (step_count == steps.size()) steps.emplace_back();
      fill_rounded(r, &steps[step_count++]);
    }
  }

  const IpaResult ipa = ComputeIpaPoints(model, run.questions);
  if (ipa.applies) {
    a->set_template_points(Round(ipa.points));
    a->set_template_band(ipa.band);
  }
  if (in.engagement != nullptr) {
    policy::Decide(*a, *in.engagement, policy, absl::MakeConstSpan(steps.data(), step_count),
                   a->mutable_decision());
  }
  if (options.explain_all) {
    for (const auto& target : AllTargets(agg)) {
      auto x = ExplainTarget(model, run.questions, run.signals, run.factors, agg, target);
      if (!x.ok()) return x.status();
      for (auto& c : *x->mutable_contributions()) c.set_delta(Round(c.delta()));
      x->set_score(Round(x->score()));
      *a->add_explanations() = *std::move(x);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Assessment> Score(const ScoringInput& input, const ScoreOptions& options) {
  auto model = ScoringModel::Create(input.model);
  if (!model.ok()) return model.status();
  Assessment a;
  absl::Status s = ScoreSupplier(**model, input.supplier, options, &a);
  if (!s.ok()) return s;
  return a;
}

absl::StatusOr<supplyrisk::v1::Explanation> Explain(const ScoringModel& model,
                                                    const SupplierInput& input,
                                                    absl::string_view target) {
  Run run;
  absl::Status s = Evaluate(model, input, &run);
  if (!s.ok()) return s;
  auto x = ExplainTarget(model, run.questions, run.signals, run.factors, run.aggregate, target);
  if (!x.ok()) return x.status();
  for (auto& c : *x->mutable_contributions()) c.set_delta(Round(c.delta()));
  x->set_score(Round(x->score()));
  return x;
}

}  // namespace supplyrisk::scoring
