#include "engine/policy/decision.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/catalog/cpsf_names.h"
#include "engine/policy/policy.h"
#include "engine/policy/required_level.h"

namespace supplyrisk::policy {
namespace {

using supplyrisk::v1::Assessment;
using supplyrisk::v1::Decision;
using supplyrisk::v1::DecisionReason;
using supplyrisk::v1::RemediationStep;

// Appends the items joined with ", ", as absl::StrJoin would, without a temporary string.
template <typename Range>
void AppendJoined(const Range& items, std::string* out) {
  bool first = true;
  for (const auto& item : items) {
    if (!first) out->append(", ");
    first = false;
    out->append(item.data(), item.size());
  }
}

class Builder {
 public:
  Builder(const Assessment& a, const supplyrisk::v1::ScoringPolicy& policy,
          absl::Span<const RemediationStep> steps, Decision* out)
      : decision_(out), a_(a), policy_(policy), steps_(steps) {}

  DecisionReason* Reason(absl::string_view code, absl::string_view en) {
    std::string* text = nullptr;
    DecisionReason* r = StartReason(code, &text);
    text->assign(en.data(), en.size());
    return r;
  }
  // A new reason whose English text, empty in *text, is written in place.
  DecisionReason* StartReason(absl::string_view code, std::string** text) {
    DecisionReason* r = decision_->add_reasons();
    r->mutable_code()->assign(code.data(), code.size());
    auto& spares = SpareTexts();
    if (!r->has_text() && r->GetArena() == nullptr && !spares.empty()) {
      supplyrisk::v1::LocalizedText* t = spares.back().release();
      spares.pop_back();
      t->Clear();
      r->set_allocated_text(t);
    }
    *text = r->mutable_text()->mutable_en();
    (*text)->clear();
    return r;
  }

  // Decision::Clear deletes each reason's text when the decision is on the heap; a decision rebuilt
  // in place keeps them aside for reuse. The spares are kept per thread, so their memory outlives
  // one decision.
  static std::vector<std::unique_ptr<supplyrisk::v1::LocalizedText>>& SpareTexts() {
    thread_local std::vector<std::unique_ptr<supplyrisk::v1::LocalizedText>> spares;
    return spares;
  }
  void SetAsideTexts() {
    if (decision_->GetArena() != nullptr) return;
    auto& spares = SpareTexts();
    for (auto& r : *decision_->mutable_reasons()) {
      if (r.has_text()) spares.emplace_back(r.release_text());
    }
  }

  static absl::flat_hash_map<absl::string_view, const RemediationStep*>& BestForMeasureTable() {
    thread_local absl::flat_hash_map<absl::string_view, const RemediationStep*> table;
    return table;
  }

  // Adds a condition from a step, once per set of questions. A rejection drops every condition, so
  // none is built once the outcome is a rejection.
  void Condition(const RemediationStep& step) {
    if (reject_) return;
    std::string key = absl::StrJoin(step.question_ids(), ",");
    if (key.empty()) key = absl::StrCat("advice:", step.advice().en());
    if (!condition_keys_.insert(key).second) return;
    auto* c = decision_->add_conditions();
    *c->mutable_remediation() = step;
    c->set_deadline_days(step.deadline_days());
  }

  const RemediationStep* StepForQuestion(absl::string_view q) const {
    for (const auto& s : steps_) {
      for (const auto& id : s.question_ids()) {
        if (id == q) return &s;
      }
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
  absl::btree_set<std::string> condition_keys_;
  const Assessment& a_;
  const supplyrisk::v1::ScoringPolicy& policy_;
  absl::Span<const RemediationStep> steps_;
};

RemediationStep SyntheticStep(std::string advice, int deadline_days,
                              std::vector<std::string> signal_or_question_ids, bool are_questions) {
  RemediationStep s;
  s.mutable_advice()->set_en(std::move(advice));
  s.set_deadline_days(deadline_days);
  if (are_questions) {
    for (auto& id : signal_or_question_ids) s.add_question_ids(std::move(id));
  }
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

void Decide(const Assessment& a, const supplyrisk::v1::Engagement& engagement,
            const supplyrisk::v1::ScoringPolicy& policy,
            absl::Span<const RemediationStep> candidate_steps, Decision* out) {
  Builder b(a, policy, candidate_steps, out);
  b.SetAsideTexts();
  out->Clear();
  bool& reject = b.reject_;
  const RequiredLevel required = RequiredStar(engagement);
  b.decision_->set_engagement(engagement.name());
  b.decision_->set_required_star(required.star);
  {
    std::string* text = nullptr;
    b.StartReason("required_level", &text);
    if (required.reasons.empty()) {
      text->append(
          "star 3 required: no important confidential data, no critical "
          "dependency, no access to internal systems");
    } else {
      text->append("star 4 required: ");
      AppendJoined(required.reasons, text);
    }
  }
  const auto* level = FindRequiredLevel(policy, required.star);
  const double margin = policy.condition_margin();

  // Knockouts.
  if (!a.knockouts().empty()) {
    reject = true;
    std::string* text = nullptr;
    DecisionReason* r = b.StartReason("knockout", &text);
    text->append("knockout answer on ");
    AppendJoined(a.knockouts(), text);
    text->append(": fails the gate regardless of score");
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

  if (level != nullptr) {
    // Overall minimum.
    if (a.overall_score() < level->min_overall()) {
      const bool within = a.overall_score() >= level->min_overall() - margin;
      std::string* text = nullptr;
      DecisionReason* r = b.StartReason("overall_below_minimum", &text);
      absl::StrAppendFormat(text, "overall %.1f is below the star-%d minimum %.0f%s",
                            a.overall_score(), required.star, level->min_overall(),
                            within ? " (within the condition margin)" : "");
      int taken = 0;
      for (const auto& step : a.remediation_plan()) {
        for (const auto& m : step.measure_ids()) r->add_measure_ids(m);
        if (within && taken < 3) b.Condition(step);
        ++taken;
        if (taken >= 3) break;
      }
      if (!within) reject = true;
    }
    // Layer minimums.
    for (const auto& lm : level->layer_minimums()) {
      for (const auto& roll : a.layers()) {
        if (roll.layer() != lm.layer() || roll.coverage() <= 0) continue;
        if (roll.score() >= lm.min_score()) continue;
        const bool within = roll.score() >= lm.min_score() - margin;
        std::string* text = nullptr;
        DecisionReason* r = b.StartReason("layer_minimum", &text);
        absl::StrAppendFormat(text, "layer %s score %.1f is below the star-%d minimum %.0f%s",
                              catalog::LayerLabel(lm.layer()), roll.score(), required.star,
                              lm.min_score(), within ? " (within the condition margin)" : "");
        int taken = 0;
        for (const auto& step : a.remediation_plan()) {
          if (!b.StepTouchesLayer(step, lm.layer())) continue;
          for (const auto& m : step.measure_ids()) r->add_measure_ids(m);
          if (within) b.Condition(step);
          if (++taken >= 2) break;
        }
        if (!within) reject = true;
      }
    }
  }

  // Required star.
  for (const auto& star : a.stars()) {
    if (star.star() != required.star || star.met()) continue;
    std::string* text = nullptr;
    DecisionReason* r = b.StartReason("star_not_met", &text);
    absl::StrAppend(text, "SCS star ", required.star, " not met: ", star.missing_items_size(),
                    " item(s) missing (");
    AppendJoined(star.missing_items(), text);
    text->push_back(')');
    for (const auto& m : star.missing_measure_ids()) {
      r->add_measure_ids(m);
      const RemediationStep* step = b.StepForMeasure(m);
      if (step != nullptr) {
        for (const auto& q : step->question_ids()) r->add_question_ids(q);
        b.Condition(*step);
      } else {
        b.Condition(SyntheticStep(absl::StrCat("put measure ", m, " in place and evidence it"),
                                  policy.condition_days_medium(), {}, false));
      }
    }
  }

  // Discrepancies: the observed problem must be fixed, not only the answer corrected.
  for (const auto& d : a.discrepancies()) {
    std::string* text = nullptr;
    DecisionReason* r = b.StartReason("discrepancy", &text);
    absl::StrAppend(text, "question ", d.question_id(), " claims '", d.claimed(), "' but signal ",
                    d.signal_id(), " observes ", d.issue_type());
    r->add_question_ids(d.question_id());
    r->add_signal_ids(d.signal_id());
    for (const auto& m : d.measure_ids()) r->add_measure_ids(m);
    if (reject) continue;
    const RemediationStep* step = b.StepForQuestion(d.question_id());
    if (step != nullptr) {
      b.Condition(*step);
    } else {
      b.Condition(SyntheticStep(
          absl::StrCat("fix ", d.issue_type(), " and confirm question ", d.question_id()),
          policy.condition_days_low(), {d.question_id()}, true));
    }
  }

  // Open signals and patches past their SLA.
  for (const auto& f : a.findings()) {
    const bool open_signal = f.kind() == supplyrisk::v1::FINDING_KIND_OPEN_SIGNAL &&
                             f.severity() >= policy.condition_signal_severity() &&
                             policy.condition_signal_severity() != 0;
    const bool sla =
        f.kind() == supplyrisk::v1::FINDING_KIND_PATCH_SLA_BREACH && !f.signal_ids().empty();
    if (!open_signal && !sla) continue;
    DecisionReason* r = b.Reason(sla ? "patch_sla_breach" : "open_signal", f.summary().en());
    for (const auto& s : f.signal_ids()) r->add_signal_ids(s);
    if (reject) continue;
    RemediationStep step =
        SyntheticStep(f.remediation().en().empty() ? absl::StrCat("resolve: ", f.summary().en())
                                                   : f.remediation().en(),
                      policy.condition_days_low(), {}, false);
    step.mutable_advice()->set_ja(f.remediation().ja());
    b.Condition(step);
  }

  // Confidence.
  if (level != nullptr && a.confidence() < level->min_confidence()) {
    b.Reason("low_confidence",
             absl::StrFormat("confidence %.3f is below %.3f: answer the open questions, attach "
                             "evidence and refresh stale answers",
                             a.confidence(), level->min_confidence()));
    b.Condition(SyntheticStep("complete and refresh the questionnaire with evidence",
                              policy.condition_days_low(), {}, false));
  }

  if (!reject && b.decision_->conditions_size() > policy.max_conditions()) {
    reject = true;
    b.Reason("too_many_conditions",
             absl::StrFormat("%d conditions exceed the policy maximum of %d",
                             b.decision_->conditions_size(), policy.max_conditions()));
  }
  if (reject) {
    b.decision_->set_outcome(supplyrisk::v1::DECISION_OUTCOME_REJECT);
    b.decision_->clear_conditions();
  } else if (b.decision_->conditions_size() > 0) {
    b.decision_->set_outcome(supplyrisk::v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS);
  } else {
    b.decision_->set_outcome(supplyrisk::v1::DECISION_OUTCOME_APPROVE);
    b.Reason("meets_requirements",
             absl::StrFormat("meets every star-%d requirement", required.star));
  }
}

}  // namespace supplyrisk::policy
