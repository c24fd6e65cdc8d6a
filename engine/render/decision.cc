// Decision reasons and condition advice, by reason code and condition id.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/render/renderer.h"

namespace supplyrisk::render {
namespace {

using supplyrisk::v1::Assessment;
using supplyrisk::v1::Decision;
using supplyrisk::v1::DecisionReason;

std::string Count(int n) { return absl::StrCat(n); }

// Question ids joined: the ids in English (as the engine wrote them), quoted texts in Japanese.
std::string Questions(const Renderer& r, const std::vector<std::string>& ids) {
  if (r.lang() == Language::kEn) return absl::StrJoin(ids, ", ");
  std::vector<std::string> quoted;
  for (const auto& id : ids) {
    // A profile flag's discrepancy names no question.
    if (!id.empty()) quoted.push_back(r.Quoted(id));
  }
  return r.Join(quoted, "sep.list");
}

// The finding of `kind` whose signal ids are exactly `signal_ids`.
const supplyrisk::v1::Finding* FindingWithSignals(
    const Assessment& a, supplyrisk::v1::FindingKind kind,
    const google::protobuf::RepeatedPtrField<std::string>& signal_ids) {
  for (const auto& f : a.findings()) {
    if (f.kind() != kind || f.signal_ids_size() != signal_ids.size()) continue;
    if (std::equal(f.signal_ids().begin(), f.signal_ids().end(), signal_ids.begin())) return &f;
  }
  return nullptr;
}

const supplyrisk::v1::Finding* FindingWithSignals(const Assessment& a,
                                                  supplyrisk::v1::FindingKind kind,
                                                  absl::string_view joined) {
  google::protobuf::RepeatedPtrField<std::string> ids;
  for (absl::string_view id : absl::StrSplit(joined, ',')) ids.Add(std::string(id));
  return FindingWithSignals(a, kind, ids);
}

const DecisionReason* ReasonWithCode(const Decision& d, absl::string_view code) {
  for (const auto& r : d.reasons()) {
    if (r.code() == code) return &r;
  }
  return nullptr;
}

// What a discrepancy reason says was observed: the discrepancy's own description in English (the
// engine's wording), the issue type and the asset in Japanese.
std::string Observed(const Renderer& r, const Assessment& a, const supplyrisk::v1::Discrepancy& d) {
  if (r.lang() == Language::kEn) return d.observed().empty() ? d.issue_type() : d.observed();
  std::string asset;
  if (d.issue_type().empty()) {
    // A profile flag shown by the engagement or the response: what showed it.
    for (const auto& f : a.findings()) {
      if (f.kind() == supplyrisk::v1::FINDING_KIND_DISCREPANCY && f.question_ids().empty() &&
          f.profile_flag() == d.profile_flag()) {
        return r.Coded("profile_source", f.profile_source());
      }
    }
  }
  for (const auto& f : a.findings()) {
    if (f.kind() == supplyrisk::v1::FINDING_KIND_DISCREPANCY && !f.assets().empty() &&
        !f.signal_ids().empty() && f.signal_ids(0) == d.signal_id()) {
      asset = f.assets(0);
    }
  }
  if (asset.empty()) return d.issue_type();
  return r.Say("reason.discrepancy.observation", {{"issue", d.issue_type()}, {"asset", asset}});
}

std::string DiscrepancyReason(const Renderer& r, const Assessment& a,
                              const DecisionReason& reason) {
  const std::string signal = reason.signal_ids().empty() ? "" : reason.signal_ids(0);
  std::vector<const supplyrisk::v1::Discrepancy*> group;
  for (const auto& d : a.discrepancies()) {
    if (d.signal_id() == signal) group.push_back(&d);
  }
  std::stable_sort(group.begin(), group.end(), [](const auto* x, const auto* y) {
    return x->question_id() < y->question_id();
  });
  if (group.empty()) return r.Say("reason.open_signal.unknown", {{"signals", signal}});
  std::vector<std::string> claims;
  for (const auto* d : group) {
    if (d->question_id().empty()) {
      claims.push_back(
          r.Say("reason.discrepancy.profile_claim", {{"flag", r.ProfileFlag(d->profile_flag())}}));
      continue;
    }
    const std::string question =
        r.lang() == Language::kEn ? d->question_id() : r.QuestionText(d->question_id());
    claims.push_back(
        r.Say("reason.discrepancy.claim",
              {{"question", question}, {"answer", r.Answer(d->question_id(), d->claimed())}}));
  }
  const int n = static_cast<int>(group.size());
  return r.Say(n == 1 ? "reason.discrepancy.one" : "reason.discrepancy.many",
               {{"observed", Observed(r, a, *group.front())},
                {"count", Count(n)},
                {"claims", r.Join(claims, "sep.list")}});
}

// The advice of the condition `id` (DecisionCondition.id), whose step asks `question_ids`.
std::string ConditionAdvice(const Renderer& r, const Assessment& a, const Decision& d,
                            absl::string_view id) {
  if (id == "reassess") {
    const DecisionReason* stale = ReasonWithCode(d, "stale_answers");
    const std::string count = Count(stale != nullptr ? stale->count() : 0);
    if (stale != nullptr && stale->has_due()) {
      return r.Say("condition.reassess.by",
                   {{"date", Day(stale->due().seconds())}, {"count", count}});
    }
    return r.Say("condition.reassess", {{"count", count}});
  }
  if (id == "refresh_questionnaire") return r.Say("condition.refresh_questionnaire");
  std::string chain_advice;
  if (ChainConditionAdvice(r, a, id, &chain_advice)) return chain_advice;
  // A question's own step (one question; the first of a step naming several).
  if (absl::ConsumePrefix(&id, "question:")) return r.QuestionAdvice(id.substr(0, id.find(',')));
  if (absl::ConsumePrefix(&id, "measure:")) {
    return r.Say("condition.measure", {{"measure", id}, {"title", r.MeasureTitle(id)}});
  }
  if (absl::ConsumePrefix(&id, "observation:")) {
    std::vector<std::string> questions;
    std::string issue;
    for (const auto& disc : a.discrepancies()) {
      if (disc.signal_id() != id) continue;
      if (issue.empty()) issue = disc.issue_type();
      questions.push_back(disc.question_id());
    }
    std::sort(questions.begin(), questions.end());
    return r.Say(questions.size() == 1 ? "condition.observation.one" : "condition.observation.many",
                 {{"issue", issue}, {"signal", id}, {"questions", Questions(r, questions)}});
  }
  const bool sla = absl::ConsumePrefix(&id, "patch_sla:");
  if (sla || absl::ConsumePrefix(&id, "open_signal:")) {
    const auto* f = FindingWithSignals(a,
                                       sla ? supplyrisk::v1::FINDING_KIND_PATCH_SLA_BREACH
                                           : supplyrisk::v1::FINDING_KIND_OPEN_SIGNAL,
                                       id);
    if (f != nullptr) {
      supplyrisk::v1::Finding rendered = *f;
      RenderFinding(r, &rendered);
      const auto& fix = rendered.remediation();
      return r.lang() == Language::kJa ? fix.ja() : fix.en();
    }
  }
  return r.Say("reason.open_signal.unknown", {{"signals", id}});
}

std::string Margin(const Renderer& r, const DecisionReason& reason) {
  return reason.within_margin() ? r.Say("reason.within_margin") : "";
}

std::string TooManyConditions(const Renderer& r, const Assessment& a, const Decision& d,
                              const DecisionReason& reason) {
  std::vector<std::string> items;
  const int listed = reason.condition_ids_size() - reason.folded_count();
  for (int i = 0; i < reason.condition_ids_size(); ++i) {
    const std::string& id = reason.condition_ids(i);
    const std::string title =
        i >= listed ? r.Say("reason.too_many_conditions.folded") : ConditionAdvice(r, a, d, id);
    items.push_back(r.Say("reason.too_many_conditions.item", {{"id", id}, {"title", title}}));
  }
  return r.Say("reason.too_many_conditions", {{"count", Count(reason.count())},
                                              {"maximum", Count(reason.maximum())},
                                              {"conditions", r.Join(items, "sep.conditions")}});
}

std::string StarNotMet(const Renderer& r, const Decision& d, const DecisionReason& reason) {
  const std::string star = Count(d.required_star());
  const std::string count = Count(reason.star_item_ids_size());
  if (reason.folded())
    return r.Say("reason.star_not_met.folded", {{"star", star}, {"count", count}});
  std::vector<std::string> items;
  for (const auto& id : reason.star_item_ids()) {
    items.push_back(r.lang() == Language::kEn ? id : r.StarItem(id));
  }
  return r.Say("reason.star_not_met",
               {{"star", star}, {"count", count}, {"items", r.Join(items, "sep.list")}});
}

std::string StaleAnswers(const Renderer& r, const Decision& d, const DecisionReason& reason) {
  const std::string action =
      reason.has_due()
          ? r.Say("reason.stale_answers.by", {{"date", Day(reason.due().seconds())}})
          : r.Say("reason.stale_answers.within", {{"days", Count(reason.deadline_days())}});
  return r.Say("reason.stale_answers", {{"count", Count(reason.count())},
                                        {"freshness", Fixed(reason.freshness(), 2)},
                                        {"score", Fixed(reason.score(), 1)},
                                        {"star", Count(d.required_star())},
                                        {"minimum", Fixed(reason.minimum(), 0)},
                                        {"action", action}});
}

std::string RequiredLevel(const Renderer& r, const DecisionReason& reason) {
  if (reason.required_causes().empty()) return r.Say("reason.required_level.star3");
  std::vector<std::string> causes;
  for (const auto& c : reason.required_causes()) causes.push_back(r.Coded("required_cause", c));
  return r.Say("reason.required_level.star4", {{"causes", r.Join(causes, "sep.list")}});
}

std::string ReasonText(const Renderer& r, const Assessment& a, const Decision& d,
                       const DecisionReason& reason) {
  const std::string star = Count(d.required_star());
  const absl::string_view code = reason.code();
  if (code == "required_level") return RequiredLevel(r, reason);
  if (code == "stale_answers") return StaleAnswers(r, d, reason);
  if (code == "knockout") {
    const std::vector<std::string> ids(reason.question_ids().begin(), reason.question_ids().end());
    return r.Say("reason.knockout", {{"questions", Questions(r, ids)}});
  }
  if (code == "overall_below_minimum" || code == "layer_minimum") {
    return r.Say(absl::StrCat("reason.", code), {{"layer", r.Layer(reason.layer())},
                                                 {"score", Fixed(reason.score(), 1)},
                                                 {"star", star},
                                                 {"minimum", Fixed(reason.minimum(), 0)},
                                                 {"margin", Margin(r, reason)}});
  }
  if (code == "star_not_met") return StarNotMet(r, d, reason);
  if (code == "discrepancy") return DiscrepancyReason(r, a, reason);
  if (code == "open_signal" || code == "patch_sla_breach") {
    const auto* f =
        FindingWithSignals(a,
                           code == "open_signal" ? supplyrisk::v1::FINDING_KIND_OPEN_SIGNAL
                                                 : supplyrisk::v1::FINDING_KIND_PATCH_SLA_BREACH,
                           reason.signal_ids());
    if (f == nullptr) {
      return r.Say("reason.open_signal.unknown",
                   {{"signals", absl::StrJoin(reason.signal_ids(), ",")}});
    }
    supplyrisk::v1::Finding rendered = *f;
    RenderFinding(r, &rendered);
    return r.lang() == Language::kJa ? rendered.summary().ja() : rendered.summary().en();
  }
  if (code == "low_confidence") {
    return r.Say("reason.low_confidence", {{"confidence", Fixed(reason.score(), 3)},
                                           {"minimum", Fixed(reason.minimum(), 3)}});
  }
  if (code == "too_many_conditions") return TooManyConditions(r, a, d, reason);
  std::string chain_text;
  if (ChainReasonText(r, a, reason, star, &chain_text)) return chain_text;
  if (code == "meets_requirements") return r.Say("reason.meets_requirements", {{"star", star}});
  return std::string(code);
}

}  // namespace

void RenderDecisionTexts(const Renderer& r, const Assessment& a, Decision* d) {
  for (auto& reason : *d->mutable_reasons()) {
    std::string text = ReasonText(r, a, *d, reason);
    reason.clear_text();
    *MutableText(r.lang(), reason.mutable_text()) = std::move(text);
  }
  for (auto& c : *d->mutable_conditions()) {
    std::string advice = ConditionAdvice(r, a, *d, c.id());
    auto* step = c.mutable_remediation();
    step->clear_advice();
    *MutableText(r.lang(), step->mutable_advice()) = std::move(advice);
  }
}

}  // namespace supplyrisk::render
