#ifndef SUPPLYRISK_ENGINE_SCORING_PATCH_CADENCE_H_
#define SUPPLYRISK_ENGINE_SCORING_PATCH_CADENCE_H_

// Patching cadence from the signal history: for each vulnerability (a patching-cadence signal whose
// issue type is in policy.vulnerability_issue_types, e.g. unpatched_cve) resolved by as_of, the
// days from first seen to resolved; the median per severity is compared with the policy SLA
// (critical <= 14 days by default). Open vulnerabilities first seen longer ago than their SLA are
// listed; both become PATCH_SLA_BREACH findings.

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
