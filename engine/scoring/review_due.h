#ifndef SUPPLYRISK_ENGINE_SCORING_REVIEW_DUE_H_
#define SUPPLYRISK_ENGINE_SCORING_REVIEW_DUE_H_

// When an assessment's answers stop being what they were at its as_of: the time after which
// scoring the same stored inputs again gives a different result, without any input changing. A
// batch rescoring reads it from the supplier's summary so that a supplier whose answers went stale
// is rescored even though nothing was written about it.
//
// An answer's date is answered_at, else the response's submitted_at (as in scoring). The instants
// that matter, per answered question:
//  - the answer's date, when it is after as_of (the answer starts to count then);
//  - the first day it is older than its validity (it starts to decay);
//  - each further day of its decay, until policy.decay_days past its validity (the floor).
// Answers with no date never decay. Two inputs age that are not covered here: DATE answers whose
// credit comes from age bands, and signals, whose weight the policy may make depend on their age;
// a rescoring run on an interval covers both.
//
// Example:
//   absl::Time due = NextReviewDue(model, response, as_of);
//   if (due != absl::InfiniteFuture()) { /* rescore this supplier at or after `due` */ }

#include "absl/time/time.h"
#include "engine/scoring/model.h"
#include "supplyrisk/v1/response.pb.h"

namespace supplyrisk::scoring {

// The earliest such instant strictly after `as_of`; InfiniteFuture when there is none. Answers to
// questions the model does not know are ignored (scoring rejects them).
absl::Time NextReviewDue(const ScoringModel& model, const supplyrisk::v1::Response& response,
                         absl::Time as_of);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_REVIEW_DUE_H_
