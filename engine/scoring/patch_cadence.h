#ifndef SUPPLYRISK_ENGINE_SCORING_PATCH_CADENCE_H_
#define SUPPLYRISK_ENGINE_SCORING_PATCH_CADENCE_H_

// Patching cadence from the signal history: for each vulnerability (a patching-cadence signal whose
// issue type is in policy.vulnerability_issue_types, e.g. unpatched_cve) resolved by as_of, the
// days from first seen to resolved; the median per severity is compared with the policy SLA
// (critical <= 14 days by default). Open vulnerabilities first seen longer ago than their SLA are
// listed; both become PATCH_SLA_BREACH findings.
//
// A row's verdict is consistent with what it lists:
//   median_within_sla = nothing resolved, or median days to resolve <= sla_days;
//   meets_sla         = median_within_sla and no open vulnerability past its SLA
//                       (open_past_sla_signal_ids empty).
// So a row that lists a critical open past its SLA never says it meets the SLA. An open
// vulnerability is past its SLA when its age at as_of (days since first seen) exceeds sla_days.

#include <vector>

#include "engine/scoring/state.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/policy.pb.h"

namespace supplyrisk::scoring {

// One row per severity the policy gives an SLA, in policy order. What counts as resolved and open
// is the signals' state as of the scoring time (PrepareSignals).
std::vector<supplyrisk::v1::PatchCadence> ComputePatchCadence(
    const SignalSet& signals, const supplyrisk::v1::ScoringPolicy& policy);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_PATCH_CADENCE_H_
