#include "engine/policy/decision.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/policy/policy.h"
#include "engine/policy/required_level.h"

namespace supplyrisk::policy {
namespace {

// Whether any measure of the layer is in scope for the supplier. A layer left blank is in scope
// and can fail its minimum (blank counts 0); only a layer wholly out of scope (every question
// hidden by the profile) is skipped.
bool LayerInScope(const supplyrisk::v1::Assessment& a, supplyrisk::v1::Layer layer) {
  for (const auto& c : a.cells()) {
    if (c.layer() == layer && c.measure_count() > 0) return true;
  }
  return false;
}

using supplyrisk::v1::Assessment;
using supplyrisk::v1::Decision;
using supplyrisk::v1::DecisionReason;
using supplyrisk::v1::RemediationStep;

class Builder {
 public:
  Builder(const Assessment& a, const supplyrisk::v1::ScoringPolicy& policy,
          absl::Span<const RemediationStep> steps, Decision* out)
      : decision_(out), a_(a), policy_(policy), steps_(steps) {}

  // A new reason with its code; its text is rendered on read (engine/render).
  DecisionReason* Reason(absl::string_view code) {
    DecisionReason* r = decision_->add_reasons();
    r->mutable_code()->assign(code.data(), code.size());
    return r;
  }

  static absl::flat_hash_map<absl::string_view, const RemediationStep*>& BestForMeasureTable() {
    thread_local absl::flat_hash_map<absl::string_view, const RemediationStep*> table;
    return table;
  }

  // Adds a condition from a step, once per key (ConditionKey of the step unless `key` is given),
  // and returns it; nullptr once the outcome is a rejection (a rejection drops every condition, so
  // none is built). `id` names a new condition (DecisionCondition.id; the key when empty) and
  // `reason_code` the rule raising it; a condition raised again keeps its first id and reason.
  supplyrisk::v1::DecisionCondition* Condition(const RemediationStep& step,
                                               absl::string_view reason_code, std::string id = "",
                                               std::string key = "") {
    if (reject_) return nullptr;
    if (key.empty()) key = ConditionKey(step);
    auto it = condition_index_.find(key);
    if (it != condition_index_.end()) return decision_->mutable_conditions(it->second);
    condition_index_.emplace(key, decision_->conditions_size());
    auto* c = decision_->add_conditions();
    *c->mutable_remediation() = step;
    c->set_deadline_days(step.deadline_days());
    c->set_id(id.empty() ? (step.question_ids().empty() ? key : absl::StrCat("question:", key))
                         : std::move(id));
    c->set_reason_code(reason_code.data(), reason_code.size());
    if (a_.has_as_of()) {
      c->mutable_due()->set_seconds(a_.as_of().seconds() + int64_t{86400} * step.deadline_days());
    }
    return c;
  }
  // The step's questions joined; for a step without questions, its measures. Synthetic steps
  // (built here, without questions of their own) pass a key naming what they ask instead.
  static std::string ConditionKey(const RemediationStep& step) {
    std::string key = absl::StrJoin(step.question_ids(), ",");
    if (key.empty()) key = absl::StrCat("measures:", absl::StrJoin(step.measure_ids(), ","));
    return key;
  }

  // The step remediating exactly question q (its only question), if any: a condition drawn from an
  // answer is that answer's own remediation, never a step that merely mentions the question.
  const RemediationStep* OwnStep(absl::string_view q) const {
    for (const auto& s : steps_) {
      if (s.question_ids_size() == 1 && s.question_ids(0) == q) return &s;
    }
    return nullptr;
  }
  // The step with the best gain per effort day among those touching the measure.
  // The first such step in order wins ties. Indexed once, on first use.
  const RemediationStep* StepForMeasure(absl::string_view m) {
    if (!best_for_measure_built_) {
      best_for_measure_built_ = true;
      best_for_measure_.clear();
      for (const auto& s : steps_) {
        for (const auto& id : s.measure_ids()) {
          auto [it, inserted] = best_for_measure_.try_emplace(id, &s);
          if (!inserted && s.gain_per_effort_day() > it->second->gain_per_effort_day()) {
            it->second = &s;
          }
        }
      }
    }
    auto it = best_for_measure_.find(m);
    return it == best_for_measure_.end() ? nullptr : it->second;
  }
  supplyrisk::v1::Layer LayerOfMeasure(absl::string_view m) const {
    for (const auto& mc : a_.measure_credits()) {
      if (mc.measure_id() == m) return mc.layer();
    }
    return supplyrisk::v1::LAYER_UNSPECIFIED;
  }
  // Whether any of the step's measures sits in `layer`.
  template <typename Step>
  bool StepTouchesLayer(const Step& step, supplyrisk::v1::Layer layer) const {
    for (const auto& m : step.measure_ids()) {
      if (LayerOfMeasure(m) == layer) return true;
    }
    return false;
  }

  Decision* decision_;
  // Views into the steps. The table is kept per thread and cleared before use, so its memory is
  // reused from one decision to the next.
  absl::flat_hash_map<absl::string_view, const RemediationStep*>& best_for_measure_ =
      BestForMeasureTable();
  bool best_for_measure_built_ = false;
  bool reject_ = false;
  // Condition key -> index in decision_->conditions.
  absl::flat_hash_map<std::string, int> condition_index_;
  // Conditions folded into the reassessment (star items resting on stale answers): key -> id. They
  // are not listed but still count toward policy.max_conditions, so folding never makes a decision
  // more lenient than listing them would.
  absl::btree_map<std::string, std::string> folded_;
  const Assessment& a_;
  const supplyrisk::v1::ScoringPolicy& policy_;
  absl::Span<const RemediationStep> steps_;
};

// A step the decision asks for that is no question's own step; its advice is rendered from the
// condition id it is given (engine/render).
RemediationStep SyntheticStep(int deadline_days, std::vector<std::string> question_ids = {}) {
  RemediationStep s;
  s.set_deadline_days(deadline_days);
  for (auto& id : question_ids) s.add_question_ids(std::move(id));
  return s;
}

}  // namespace

Decision Decide(const Assessment& a, const supplyrisk::v1::Engagement& engagement,
                const supplyrisk::v1::ScoringPolicy& policy,
                absl::Span<const RemediationStep> candidate_steps) {
  Decision d;
  Decide(a, engagement, policy, candidate_steps, &d);
  return d;
}

namespace {

bool HasBasis(const supplyrisk::v1::MeasureCredit& mc, absl::string_view basis) {
  for (const auto& b : mc.basis()) {
    if (b == basis) return true;
  }
  return false;
}

// A measure rests on stale answers when its credit decayed and nothing else held it back:
// reassessing is then what it needs, not a new control.
bool RestsOnStaleAnswers(const supplyrisk::v1::MeasureCredit& mc) {
  if (!HasBasis(mc, "decayed")) return false;
  for (absl::string_view other :
       {"unanswered", "unknown", "contradicted", "capped_no_evidence", "invalid_not_applicable"}) {
    if (HasBasis(mc, other)) return false;
  }
  return true;
}

// See "strong but stale" in decision.h.
struct Staleness {
  bool stale = false;   // a STALE_ANSWER finding and freshness below 1
  bool strong = false;  // strong but stale
  int answers = 0;      // answers past their validity
  double freshness = 1;
  double undecayed_overall = 0;
};

double Undecayed(double score, double freshness) { return std::min(100.0, score / freshness); }

Staleness AssessStaleness(const Assessment& a,
                          const supplyrisk::v1::ScoringPolicy::RequiredLevel* level, int star) {
  Staleness st;
  for (const auto& f : a.findings()) {
    if (f.kind() == supplyrisk::v1::FINDING_KIND_STALE_ANSWER) st.answers += f.question_ids_size();
  }
  st.freshness = a.confidence_breakdown().freshness();
  st.stale = st.answers > 0 && st.freshness > 0 && st.freshness < 1;
  if (!st.stale || level == nullptr || !a.knockouts().empty()) return st;
  st.undecayed_overall = Undecayed(a.overall_score(), st.freshness);
  if (st.undecayed_overall < level->min_overall()) return st;
  for (const auto& lm : level->layer_minimums()) {
    for (const auto& roll : a.layers()) {
      if (roll.layer() != lm.layer() || !LayerInScope(a, lm.layer())) continue;
      if (Undecayed(roll.score(), st.freshness) < lm.min_score()) return st;
    }
  }
  for (const auto& s : a.stars()) {
    if (s.star() != star || s.met()) continue;
    for (const auto& m : s.missing_measure_ids()) {
      const supplyrisk::v1::MeasureCredit* credit = nullptr;
      for (const auto& mc : a.measure_credits()) {
        if (mc.measure_id() == m) credit = &mc;
      }
      if (credit == nullptr || !RestsOnStaleAnswers(*credit)) return st;
    }
  }
  st.strong = true;
  return st;
}

// The rules of Decide, one group of reasons each, in the order their reasons are listed. Each
// adds its reasons and conditions to the builder; a rule that rejects sets b.reject_, which later
// rules read, so the order matters.

// Which star the engagement requires, and why.
void AddRequiredLevelReason(Builder& b, const RequiredLevel& required) {
  DecisionReason* r = b.Reason("required_level");
  for (const auto& cause : required.reasons) r->add_required_causes(cause);
}

// Strong but stale: the reassessment comes first, as a reason and as the first condition.
void AddStaleAnswersReason(Builder& b, const Assessment& a,
                           const supplyrisk::v1::ScoringPolicy& policy,
                           const supplyrisk::v1::ScoringPolicy::RequiredLevel& level,
                           const Staleness& stale) {
  DecisionReason* r = b.Reason("stale_answers");
  r->set_count(stale.answers);
  r->set_freshness(stale.freshness);
  r->set_score(stale.undecayed_overall);
  r->set_minimum(level.min_overall());
  r->set_deadline_days(policy.condition_days_low());
  if (a.has_as_of()) {
    r->mutable_due()->set_seconds(a.as_of().seconds() +
                                  int64_t{86400} * policy.condition_days_low());
  }
  RemediationStep step;
  step.set_deadline_days(policy.condition_days_low());
  for (const auto& f : a.findings()) {
    if (f.kind() != supplyrisk::v1::FINDING_KIND_STALE_ANSWER) continue;
    for (const auto& q : f.question_ids()) step.add_question_ids(q);
  }
  b.Condition(step, "stale_answers", "reassess", "reassess");
}

// Knockouts.
void AddKnockoutReason(Builder& b, const Assessment& a) {
  if (a.knockouts().empty()) return;
  b.reject_ = true;
  DecisionReason* r = b.Reason("knockout");
  // The measures any knockout question evidences: one pass over the measure credits. A template
  // has few knockout questions, so each question is looked for among them directly (most ids
  // differ in length, which is compared first). Views into the assessment, kept per thread so a
  // batch reuses the memory.
  thread_local std::vector<absl::string_view> knocked, measures;
  knocked.clear();
  measures.clear();
  for (const auto& q : a.knockouts()) {
    r->add_question_ids(q);
    knocked.push_back(q);
  }
  for (const auto& mc : a.measure_credits()) {
    for (const auto& q : mc.question_ids()) {
      if (std::find(knocked.begin(), knocked.end(), q) != knocked.end()) {
        measures.push_back(mc.measure_id());
        break;
      }
    }
  }
  // Sorted and deduplicated, as the ids are listed.
  std::sort(measures.begin(), measures.end());
  measures.erase(std::unique(measures.begin(), measures.end()), measures.end());
  for (absl::string_view m : measures) r->add_measure_ids(m.data(), m.size());
  for (const auto& d : a.discrepancies()) {
    if (std::find(a.knockouts().begin(), a.knockouts().end(), d.question_id()) !=
        a.knockouts().end()) {
      r->add_signal_ids(d.signal_id());
    }
  }
}

// Overall minimum, for a score below it.
void AddOverallBelowMinimumReason(Builder& b, const Assessment& a,
                                  const supplyrisk::v1::ScoringPolicy::RequiredLevel& level,
                                  double margin) {
  const bool within = a.overall_score() >= level.min_overall() - margin;
  DecisionReason* r = b.Reason("overall_below_minimum");
  r->set_score(a.overall_score());
  r->set_minimum(level.min_overall());
  r->set_within_margin(within);
  int taken = 0;
  for (const auto& step : a.remediation_plan()) {
    for (const auto& m : step.measure_ids()) r->add_measure_ids(m);
    if (within && taken < 3) b.Condition(step, "overall_below_minimum");
    ++taken;
    if (taken >= 3) break;
  }
  if (!within) b.reject_ = true;
}

// Layer minimums.
void AddLayerMinimumReasons(Builder& b, const Assessment& a,
                            const supplyrisk::v1::ScoringPolicy::RequiredLevel& level,
                            double margin) {
  for (const auto& lm : level.layer_minimums()) {
    for (const auto& roll : a.layers()) {
      if (roll.layer() != lm.layer() || !LayerInScope(a, lm.layer())) continue;
      if (roll.score() >= lm.min_score()) continue;
      const bool within = roll.score() >= lm.min_score() - margin;
      DecisionReason* r = b.Reason("layer_minimum");
      r->set_layer(lm.layer());
      r->set_score(roll.score());
      r->set_minimum(lm.min_score());
      r->set_within_margin(within);
      int taken = 0;
      for (const auto& step : a.remediation_plan()) {
        if (!b.StepTouchesLayer(step, lm.layer())) continue;
        for (const auto& m : step.measure_ids()) r->add_measure_ids(m);
        if (within) b.Condition(step, "layer_minimum");
        if (++taken >= 2) break;
      }
      if (!within) b.reject_ = true;
    }
  }
}

// The conditions of one missing measure of the required star. When the response is strong but
// stale the measure rests on stale answers: the reassessment re-checks it, so it is folded, not
// listed (it still counts toward the condition maximum).
void AddMissingMeasureCondition(Builder& b, const supplyrisk::v1::ScoringPolicy& policy,
                                const std::string& m, bool strong_but_stale, DecisionReason* r) {
  r->add_measure_ids(m);
  const RemediationStep* step = b.StepForMeasure(m);
  const std::string id = step != nullptr ? absl::StrCat("question:", Builder::ConditionKey(*step))
                                         : absl::StrCat("measure:", m);
  // A condition without a step is keyed by its id: "put the measure in place".
  const std::string key = step != nullptr ? Builder::ConditionKey(*step) : id;
  if (strong_but_stale) {
    if (!b.reject_) b.folded_.emplace(key, id);
    return;
  }
  if (step != nullptr) {
    for (const auto& q : step->question_ids()) {
      if (std::find(r->question_ids().begin(), r->question_ids().end(), q) ==
          r->question_ids().end()) {
        r->add_question_ids(q);
      }
    }
    b.Condition(*step, "star_not_met", id);
  } else {
    b.Condition(SyntheticStep(policy.condition_days_medium()), "star_not_met", id, key);
  }
}

// Required star. When the response is strong but stale, the missing measures all rest on stale
// answers: the reassessment re-checks them, so they are summarised, not listed as conditions
// (they still count toward the condition maximum).
void AddStarNotMetReasons(Builder& b, const Assessment& a,
                          const supplyrisk::v1::ScoringPolicy& policy, int required_star,
                          bool strong_but_stale) {
  for (const auto& star : a.stars()) {
    if (star.star() != required_star || star.met()) continue;
    DecisionReason* r = b.Reason("star_not_met");
    for (const auto& item : star.missing_items()) r->add_star_item_ids(item);
    r->set_folded(strong_but_stale);
    for (const auto& m : star.missing_measure_ids()) {
      AddMissingMeasureCondition(b, policy, m, strong_but_stale, r);
    }
  }
}

// One observation's reason and condition: `group` holds the discrepancies of one signal, sorted
// by question. The condition is drawn from the contradicted question's own step when the
// observation contradicts one answer, else synthesised for the observation.
void AddDiscrepancyReason(Builder& b, const supplyrisk::v1::ScoringPolicy& policy,
                          absl::Span<const supplyrisk::v1::Discrepancy* const> group) {
  const auto& first = *group.front();
  DecisionReason* r = b.Reason("discrepancy");
  const size_t n = group.size();
  absl::btree_set<std::string> measures;
  for (size_t i = 0; i < n; ++i) {
    const auto& d = *group[i];
    r->add_question_ids(d.question_id());
    for (const auto& m : d.measure_ids()) measures.insert(m);
  }
  r->add_signal_ids(first.signal_id());
  for (const auto& m : measures) r->add_measure_ids(m);
  if (b.reject_) return;
  supplyrisk::v1::DecisionCondition* c = nullptr;
  const RemediationStep* own = n == 1 ? b.OwnStep(first.question_id()) : nullptr;
  if (own != nullptr) {
    c = b.Condition(*own, "discrepancy");
  } else {
    std::vector<std::string> questions;
    for (const auto* d : group) questions.push_back(d->question_id());
    RemediationStep step = SyntheticStep(policy.condition_days_low(), questions);
    for (const auto& m : measures) step.add_measure_ids(m);
    const std::string id = absl::StrCat("observation:", first.signal_id());
    c = b.Condition(step, "discrepancy", id, id);
  }
  if (c != nullptr && std::find(c->signal_ids().begin(), c->signal_ids().end(),
                                first.signal_id()) == c->signal_ids().end()) {
    c->add_signal_ids(first.signal_id());
  }
}

// Discrepancies, one reason per observation (signal) citing every answer it contradicts. The
// observed problem must be fixed, not only the answers corrected: one condition per
// observation.
void AddDiscrepancyReasons(Builder& b, const Assessment& a,
                           const supplyrisk::v1::ScoringPolicy& policy) {
  thread_local std::vector<const supplyrisk::v1::Discrepancy*> sorted;
  sorted.clear();
  for (const auto& d : a.discrepancies()) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* x, const auto* y) {
    if (x->signal_id() != y->signal_id()) return x->signal_id() < y->signal_id();
    return x->question_id() < y->question_id();
  });
  for (size_t begin = 0, end = 0; begin < sorted.size(); begin = end) {
    const auto& first = *sorted[begin];
    for (end = begin; end < sorted.size() && sorted[end]->signal_id() == first.signal_id(); ++end) {
    }
    AddDiscrepancyReason(
        b, policy,
        absl::Span<const supplyrisk::v1::Discrepancy* const>(sorted.data() + begin, end - begin));
  }
}

// Open signals and patches past their SLA.
void AddOpenSignalReasons(Builder& b, const Assessment& a,
                          const supplyrisk::v1::ScoringPolicy& policy) {
  for (const auto& f : a.findings()) {
    const bool open_signal = f.kind() == supplyrisk::v1::FINDING_KIND_OPEN_SIGNAL &&
                             f.severity() >= policy.condition_signal_severity() &&
                             policy.condition_signal_severity() != 0;
    const bool sla =
        f.kind() == supplyrisk::v1::FINDING_KIND_PATCH_SLA_BREACH && !f.signal_ids().empty();
    if (!open_signal && !sla) continue;
    const char* code = sla ? "patch_sla_breach" : "open_signal";
    DecisionReason* r = b.Reason(code);
    for (const auto& s : f.signal_ids()) r->add_signal_ids(s);
    if (b.reject_) continue;
    // Conditions asking the same thing are one: fix one issue type, or patch within one SLA.
    const std::string key =
        sla ? absl::StrCat("patch_sla_days:", f.days()) : absl::StrCat("fix:", f.issue_type());
    auto* c = b.Condition(
        SyntheticStep(policy.condition_days_low()), code,
        absl::StrCat(sla ? "patch_sla:" : "open_signal:", absl::StrJoin(f.signal_ids(), ",")), key);
    if (c == nullptr) continue;
    for (const auto& s : f.signal_ids()) {
      if (std::find(c->signal_ids().begin(), c->signal_ids().end(), s) == c->signal_ids().end()) {
        c->add_signal_ids(s);
      }
    }
  }
}

// Confidence, when below the level's minimum. A strong but stale response's reassessment already
// asks for the refresh.
void AddLowConfidenceReason(Builder& b, const Assessment& a,
                            const supplyrisk::v1::ScoringPolicy& policy,
                            const supplyrisk::v1::ScoringPolicy::RequiredLevel& level,
                            bool strong_but_stale) {
  DecisionReason* r = b.Reason("low_confidence");
  r->set_score(a.confidence());
  r->set_minimum(level.min_confidence());
  if (!strong_but_stale) {
    b.Condition(SyntheticStep(policy.condition_days_low()), "low_confidence",
                "refresh_questionnaire", "refresh_questionnaire");
  }
}

// What reaches a party rejects when one of the policy's chain.reject_when_receiving classes (by
// default confidential, important confidential, personal and special-care personal data) or
// privileged access to the buyer's systems reaches it.
bool ReachesRejecting(const supplyrisk::v1::ChainPath& path,
                      const supplyrisk::v1::ScoringPolicy& policy) {
  if (path.hops().empty()) return false;
  const supplyrisk::v1::ChainHop& last = path.hops(path.hops_size() - 1);
  if (last.access() == supplyrisk::v1::ACCESS_LEVEL_PRIVILEGED ||
      last.access() == supplyrisk::v1::ACCESS_LEVEL_ONSITE_OT) {
    return true;
  }
  static constexpr supplyrisk::v1::DataClass kDefault[] = {
      supplyrisk::v1::DATA_CLASS_CONFIDENTIAL, supplyrisk::v1::DATA_CLASS_IMPORTANT_CONFIDENTIAL,
      supplyrisk::v1::DATA_CLASS_PERSONAL, supplyrisk::v1::DATA_CLASS_SPECIAL_CARE_PERSONAL};
  const auto& configured = policy.chain().reject_when_receiving();
  for (int d : last.data_classes()) {
    if (configured.empty()
            ? std::find(std::begin(kDefault), std::end(kDefault), d) != std::end(kDefault)
            : std::find(configured.begin(), configured.end(), d) != configured.end()) {
      return true;
    }
  }
  return false;
}

// The party a path ends at.
std::string PathEnd(const supplyrisk::v1::ChainPath& path) {
  return path.hops().empty() ? "" : path.hops(path.hops_size() - 1).to();
}

// The subcontractor chain of the engagement (Assessment.effective_risk). A receiving party whose
// own score fails the level's overall minimum raises a condition to have it remediate (or stop
// passing the scope on), or rejects when what reaches it is rejecting; a receiving party that
// cannot be rated raises a condition to assess (or identify) it; a lowered effective score and
// coverage past the depth cap are reported. Every rule only adds reasons and conditions.
void AddChainReasons(Builder& b, const Assessment& a, const supplyrisk::v1::ScoringPolicy& policy,
                     const supplyrisk::v1::ScoringPolicy::RequiredLevel* level) {
  if (!a.has_effective_risk()) return;
  const supplyrisk::v1::EffectiveRisk& er = a.effective_risk();
  if (er.lowered() && er.worst_path().hops_size() > 0) {
    DecisionReason* r = b.Reason("chain_lowered");
    r->set_score(er.effective_score());
    r->set_minimum(er.own_score());
    r->set_party(PathEnd(er.worst_path()));
    *r->mutable_path() = er.worst_path();
  }
  for (int i = 0; i < er.receivers_size() && i < er.receiver_paths_size(); ++i) {
    const supplyrisk::v1::ChainNode& node = er.receivers(i);
    const supplyrisk::v1::ChainPath& path = er.receiver_paths(i);
    const std::string party = PathEnd(path);
    const char* code = nullptr;
    bool failing = false;
    std::string condition;
    int days = policy.condition_days_low();
    if (node.supplier().empty()) {
      code = "subcontractor_unidentified";
      condition = absl::StrCat("identify_subcontractor:", party);
    } else if (!node.assessed()) {
      code = "subcontractor_unassessed";
      condition = absl::StrCat("assess_subcontractor:", party);
    } else if (level != nullptr && node.overall_score() < level->min_overall()) {
      code = "subcontractor_failing";
      failing = true;
      condition = absl::StrCat("subcontractor:", party);
      days = policy.condition_days_medium();
    } else {
      continue;
    }
    DecisionReason* r = b.Reason(code);
    r->set_party(party);
    *r->mutable_path() = path;
    if (node.assessed()) {
      r->set_score(node.overall_score());
      if (level != nullptr) r->set_minimum(level->min_overall());
    }
    if (failing && ReachesRejecting(path, policy)) {
      r->set_rejecting(true);
      b.reject_ = true;
      continue;
    }
    b.Condition(SyntheticStep(days), code, condition, condition);
  }
  if (er.beyond_cap() > 0) b.Reason("chain_beyond_cap")->set_count(er.beyond_cap());
}

// Too many conditions reject. Conditions folded into the reassessment count as if listed.
void AddConditionCountReason(Builder& b, const supplyrisk::v1::ScoringPolicy& policy) {
  thread_local std::vector<std::string> folded;  // ids
  folded.clear();
  for (const auto& [key, id] : b.folded_) {
    if (!b.condition_index_.contains(key)) folded.push_back(id);
  }
  const int counted = b.decision_->conditions_size() + static_cast<int>(folded.size());
  if (b.reject_ || counted <= policy.max_conditions()) return;
  b.reject_ = true;
  DecisionReason* r = b.Reason("too_many_conditions");
  r->set_count(counted);
  r->set_maximum(policy.max_conditions());
  r->set_folded_count(static_cast<int>(folded.size()));
  absl::btree_set<std::string> questions, measures, signals;
  for (const auto& c : b.decision_->conditions()) {
    r->add_condition_ids(c.id());
    for (const auto& q : c.remediation().question_ids()) questions.insert(q);
    for (const auto& m : c.remediation().measure_ids()) measures.insert(m);
    for (const auto& s : c.signal_ids()) signals.insert(s);
  }
  for (const auto& id : folded) r->add_condition_ids(id);
  for (const auto& q : questions) r->add_question_ids(q);
  for (const auto& m : measures) r->add_measure_ids(m);
  for (const auto& s : signals) r->add_signal_ids(s);
}

// The outcome: a rejection drops every condition; a decision without conditions says why it
// approves.
void SetOutcome(Builder& b) {
  if (b.reject_) {
    b.decision_->set_outcome(supplyrisk::v1::DECISION_OUTCOME_REJECT);
    b.decision_->clear_conditions();
  } else if (b.decision_->conditions_size() > 0) {
    b.decision_->set_outcome(supplyrisk::v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS);
  } else {
    b.decision_->set_outcome(supplyrisk::v1::DECISION_OUTCOME_APPROVE);
    b.Reason("meets_requirements");
  }
}

}  // namespace

void Decide(const Assessment& a, const supplyrisk::v1::Engagement& engagement,
            const supplyrisk::v1::ScoringPolicy& policy,
            absl::Span<const RemediationStep> candidate_steps, Decision* out) {
  Builder b(a, policy, candidate_steps, out);
  out->Clear();
  const RequiredLevel required = RequiredStar(engagement);
  b.decision_->set_engagement(engagement.name());
  b.decision_->set_required_star(required.star);
  AddRequiredLevelReason(b, required);
  const auto* level = FindRequiredLevel(policy, required.star);
  const double margin = policy.condition_margin();

  const Staleness stale = AssessStaleness(a, level, required.star);
  // Only a response with a required level can be strong but stale.
  if (stale.strong) AddStaleAnswersReason(b, a, policy, *level, stale);
  AddKnockoutReason(b, a);
  if (level != nullptr) {
    if (a.overall_score() < level->min_overall()) {
      AddOverallBelowMinimumReason(b, a, *level, margin);
    }
    AddLayerMinimumReasons(b, a, *level, margin);
  }
  AddStarNotMetReasons(b, a, policy, required.star, stale.strong);
  AddDiscrepancyReasons(b, a, policy);
  AddOpenSignalReasons(b, a, policy);
  AddChainReasons(b, a, policy, level);
  if (level != nullptr && a.confidence() < level->min_confidence()) {
    AddLowConfidenceReason(b, a, policy, *level, stale.strong);
  }
  AddConditionCountReason(b, policy);
  SetOutcome(b);
}

}  // namespace supplyrisk::policy
