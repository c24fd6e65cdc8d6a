#ifndef SUPPLYRISK_ENGINE_POLICY_DECISION_H_
#define SUPPLYRISK_ENGINE_POLICY_DECISION_H_

// The contract gate: an assessment + an engagement + the policy -> APPROVE, APPROVE_WITH_CONDITIONS
// or REJECT, each reason citing the measures, questions and signals behind it.
//
// Rules, in order (all are applied, every reason is reported):
//  - a knockout answer rejects, whatever the score;
//  - the overall score and each layer minimum of the required star's level:
//  below the
//    minimum by more than policy.condition_margin rejects; within the margin
//    gives conditions (the best remediation steps for that shortfall);
//  - the required star not met: one condition per missing measure;
//  - discrepancies, open signals at or above policy.condition_signal_severity
//  and open
//    patches past their SLA: one condition each;
//  - confidence below the level's min_confidence: a condition to refresh the
//  answers;
//  - more than policy.max_conditions conditions rejects.

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
// memory; the texts of a heap decision's reasons and the working tables are kept per thread between
// calls.
void Decide(const supplyrisk::v1::Assessment& assessment,
            const supplyrisk::v1::Engagement& engagement,
            const supplyrisk::v1::ScoringPolicy& policy,
            absl::Span<const supplyrisk::v1::RemediationStep> candidate_steps,
            supplyrisk::v1::Decision* out);

}  // namespace supplyrisk::policy

#endif  // SUPPLYRISK_ENGINE_POLICY_DECISION_H_
