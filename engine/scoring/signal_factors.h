#ifndef SUPPLYRISK_ENGINE_SCORING_SIGNAL_FACTORS_H_
#define SUPPLYRISK_ENGINE_SCORING_SIGNAL_FACTORS_H_

// External signals -> factor scores 0-100.
//
// A signal counts against its factor while it is open at as_of: observed by then, not resolved by
// then, and seen again within its issue type's fade days (policy.fade_days, from last_observed_at,
// which defaults to observed_at). Records sharing an id count once, at their highest severity. Open
// issues are sorted by the points their severity takes off, the largest first, and the i-th counts
// diminishing_ratio^i of its points: many small issues cannot outweigh the first big one, and a new
// issue never raises the score. Open positive observations add positive_credit_points each, capped
// at positive_credit_cap. A factor without any observed signal is unobserved: its score is unknown,
// not 100.

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

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_SIGNAL_FACTORS_H_
