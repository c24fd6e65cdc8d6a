#ifndef SUPPLYRISK_ENGINE_SCORING_SIGNAL_FACTORS_H_
#define SUPPLYRISK_ENGINE_SCORING_SIGNAL_FACTORS_H_

// External signals -> factor scores 0-100.
//
// A signal counts against its factor while it is open at as_of: observed by then, not resolved by
// then (a record seen again after its resolved_at is reopened, so open), and seen again within its
// issue type's fade days (policy.fade_days, from last_observed_at, which defaults to observed_at
// and never counts past as_of). Records sharing an id count once, at their highest severity.
//
// An open issue takes off severity points x exposure x age: the exposure multiplier of its
// observation rule (an internet-reachable remote-administration service weighs more), and an age
// multiplier of 1 + days beyond its allowance / age_step_days, at most max_age_multiplier, where
// the allowance of a vulnerability is its patch SLA and that of any other issue (or of a
// vulnerability whose severity has no SLA) policy.issue_grace_days. Issues are sorted by those
// points, the largest first, and the i-th counts diminishing_ratio^i of them: many small issues
// cannot outweigh the first big one, and a new issue never raises the score. Open positive
// observations add positive_credit_points each, capped at positive_credit_cap; the result is kept
// within [0, 100]. Then an open issue whose rule sets a factor ceiling, or a vulnerability past its
// SLA at or above severe_past_sla_severity, scales the factor into [0, ceiling] (the lowest ceiling
// applies): the factor lands in the band the policy names, still ordered by everything else. Severe
// issues (rule.severe, or past SLA as above) are listed in Factors::severe and cap the overall
// grade (aggregate.h).
//
// A factor without any observed signal is unobserved: its score is unknown, neither 0 nor 100.

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "engine/scoring/state.h"
#include "supplyrisk/v1/policy.pb.h"

namespace supplyrisk::scoring {

// Sorts the signals canonically and decides which are open at as_of. A signal without id, factor or
// observed_at is an InvalidArgument naming its position in the input.
absl::Status PrepareSignals(absl::Span<const supplyrisk::v1::Signal> signals,
                            const supplyrisk::v1::ScoringPolicy& policy, absl::Time as_of,
                            SignalSet* out);

void ScoreFactors(const SignalSet& signals, const supplyrisk::v1::ScoringPolicy& policy,
                  Factors* out);

absl::Time ToTime(const google::protobuf::Timestamp& ts);

// Whole days from a resolved signal's first sighting to its resolution.
int DaysToFix(const supplyrisk::v1::Signal& s);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_SIGNAL_FACTORS_H_
