#ifndef SUPPLYRISK_ENGINE_POLICY_DECISION_H_
#define SUPPLYRISK_ENGINE_POLICY_DECISION_H_

// The contract gate: an assessment + an engagement + the policy -> APPROVE, APPROVE_WITH_CONDITIONS
// or REJECT, each reason citing the measures, questions and signals behind it.
//
// A reason (DecisionReason) says why: one per rule that fired, with its code, the ids it is about
// and the parameters its text is rendered from on read (engine/render; Decide writes no text). A
// condition (DecisionCondition) is one thing the supplier must do by its deadline for an
// APPROVE_WITH_CONDITIONS to hold: a remediation step, a stable id (what its advice is rendered
// from), the rule that raised it, the signals it asks to fix and its due date (as_of +
// deadline_days). A rejection drops every condition.
//
// Rules, in order (all are applied, every reason is reported):
//  - the required level (always the first reason);
//  - strong but stale (defined below): a "stale_answers" reason saying "reassess by <date>" and,
//    as the first condition, "reassess" (id "reassess", due as_of + policy.condition_days_low,
//    citing the stale questions);
//  - a knockout answer rejects, whatever the score;
//  - the overall score and each layer minimum of the required star's level: below the minimum by
//    more than policy.condition_margin rejects; within the margin gives conditions (the best
//    remediation steps for that shortfall);
//  - the required star not met: one condition per missing measure (the best step touching it, or
//    "put the measure in place"). When the response is strong but stale, every missing measure
//    rests on stale answers: the reason is marked folded (its text summarises the items named in
//    star_item_ids), and their conditions are folded into the reassessment, not listed, but still
//    counted toward policy.max_conditions;
//  - discrepancies: one reason per observation (signal id), citing every answer it contradicts
//    (question ids and claims) and the measures those answers evidence; one condition per
//    observation: the contradicted question's own step (a step whose only question it is) when it
//    contradicts one answer, else "fix <issue> (signal) and confirm questions ..." citing exactly
//    the contradicted questions. Conditions never come from questions the observation does not
//    contradict;
//  - open signals at or above policy.condition_signal_severity and open patches past their SLA:
//    one reason and one condition each (conditions with the same advice are one);
//  - confidence below the level's min_confidence: a reason, and a condition to refresh the answers
//    unless the reassessment already asks for it;
//  - more than policy.max_conditions conditions (listed plus folded) rejects; the
//    "too_many_conditions" reason lists every condition it counted (condition_ids, the folded ones
//    last, folded_count of them) with the questions, measures and signals they cite.
//
// Strong but stale: the assessment has a STALE_ANSWER finding and freshness f
// (confidence_breakdown.freshness) below 1, no knockout, and, estimating a score s without decay as
// min(100, s / f), the overall score and every covered layer would meet the required level, and
// every measure missing for the required star rests on stale answers (its credit basis has
// "decayed" and none of "unanswered", "unknown", "contradicted", "capped_no_evidence",
// "invalid_not_applicable"). The estimate is exact when the stale answers share one decay factor;
// it only changes how the decision is presented and adds the reassessment, never the rules that
// reject, so stale answers never get a better outcome than fresh answers of the same content
// (decay only lowers scores and credits).
//
// Monotonicity: adding an open finding (open signal, patch past SLA, discrepancy, knockout) never
// makes the outcome more lenient: every rule only adds reasons and conditions.

#include "absl/types/span.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/policy.pb.h"

namespace supplyrisk::policy {

// `candidate_steps` are remediation steps for every improvable question (the assessment's plan
// keeps only the best few); each carries its deadline. The assessment must be complete except for
// its decision.
supplyrisk::v1::Decision Decide(const supplyrisk::v1::Assessment& assessment,
                                const supplyrisk::v1::Engagement& engagement,
                                const supplyrisk::v1::ScoringPolicy& policy,
                                absl::Span<const supplyrisk::v1::RemediationStep> candidate_steps);

// The same, written into `out` (cleared first), which may be the assessment's own decision field:
// it is not read. Writing in place keeps the decision on the assessment's arena and reuses its
// memory; the working tables are kept per thread between calls.
void Decide(const supplyrisk::v1::Assessment& assessment,
            const supplyrisk::v1::Engagement& engagement,
            const supplyrisk::v1::ScoringPolicy& policy,
            absl::Span<const supplyrisk::v1::RemediationStep> candidate_steps,
            supplyrisk::v1::Decision* out);

}  // namespace supplyrisk::policy

#endif  // SUPPLYRISK_ENGINE_POLICY_DECISION_H_
