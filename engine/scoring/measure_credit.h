#ifndef SUPPLYRISK_ENGINE_SCORING_MEASURE_CREDIT_H_
#define SUPPLYRISK_ENGINE_SCORING_MEASURE_CREDIT_H_

// One answer -> the credit it gives its question's measures, before signals are consulted.
//
//  - yes 1, partial 0.5, no 0; "unknown" (and the "dont_know"/"unknown" options) 0 and flagged so
//    it lowers confidence: unknown is never counted as good.
//  - single choice: the option's credit; multiple choice: the sum, capped at 1 (an option chosen
//    twice is an InvalidArgument); numbers and dates (by age in days): the first band containing
//    the value. A date later than as_of earns nothing, counts as unknown and is flagged.
//  - not applicable earns 0. Where the question allows it the answer is accepted as given (no
//    finding); elsewhere it is flagged for an INVALID_NOT_APPLICABLE finding. Scope is declared by
//    the profile, which is checked against scans and the engagement; a per-question "not
//    applicable" cannot be checked, so it never scores above "no".
//  - knockout: "no", "unknown", not applicable, a future date or no answer at all on a knockout
//    question, or a knockout option. Silence is no better than "no".
//  - evidence: a question requiring evidence, answered positively without evidence of an accepted
//    kind, is capped at its cap_without_evidence (policy default otherwise). An entry naming
//    nothing (no uri, hash or description) is no evidence.
//  - staleness: an answer older than its validity decays linearly to policy.decay_floor over
//    policy.decay_days. The answer's date is answered_at, else the response's submitted_at.

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/scoring/model.h"
#include "engine/scoring/state.h"
#include "google/protobuf/timestamp.pb.h"

namespace supplyrisk::scoring {

// Fills `out` from `answer` (null when unanswered). An answer of the wrong type, an unknown option
// or a malformed date is an InvalidArgument naming the question.
absl::Status EvaluateAnswer(const ScoringModel& model, const QuestionInfo& info,
                            const supplyrisk::v1::Answer* answer, absl::Time answer_time,
                            bool answer_time_known, absl::Time as_of, QuestionEval* out);

// The option ids that mean "don't know": no credit, counted as unknown.
bool IsUnknownOption(absl::string_view id);

// The staleness factor for an answer `age_days` old with the given validity.
double DecayFactor(const supplyrisk::v1::ScoringPolicy& policy, int validity_days, int age_days);

// Whole days from `from` to `to` (0 when `from` is later).
int DaysBetween(absl::Time from, absl::Time to);

// A DATE answer, "YYYY-MM-DD", as midnight UTC of that day; false when it is not a valid date in
// that form.
bool ParseDate(absl::string_view text, absl::Time* out);

// The same on instants held as whole nanoseconds since the Unix epoch, which spares the signal
// loops absl::Time arithmetic. The conversions below succeed only within +-kFastSeconds of the
// epoch (years 1843 to 2096), where differences cannot overflow; callers fall back to absl::Time
// outside.
inline constexpr int64_t kFastSeconds = 4000000000;
inline constexpr int64_t kNanosPerSecond = 1000000000;
inline constexpr int64_t kNanosPerDay = 86400 * kNanosPerSecond;

// A normalised timestamp (0 <= nanos < 1e9) in range: the instant ToTime gives, exactly.
inline bool TimestampNanos(const google::protobuf::Timestamp& ts, int64_t* nanos) {
  if (ts.nanos() < 0 || ts.nanos() >= kNanosPerSecond || ts.seconds() < -kFastSeconds ||
      ts.seconds() > kFastSeconds) {
    return false;
  }
  *nanos = ts.seconds() * kNanosPerSecond + ts.nanos();
  return true;
}

// `t` in range, rounded down to a whole nanosecond. Against instants that are whole nanoseconds
// (all timestamps are), comparisons and whole days counted up to t come out the same for t and for
// t rounded down.
inline bool TimeNanos(absl::Time t, int64_t* nanos) {
  if (t < absl::FromUnixSeconds(-kFastSeconds) || t > absl::FromUnixSeconds(kFastSeconds)) {
    return false;
  }
  *nanos = absl::ToUnixNanos(t);  // rounds toward the past
  return true;
}

// DaysBetween for instants from TimestampNanos/TimeNanos: the duration is positive, so integer
// division floors as ToInt64Hours(d) / 24 does.
inline int DaysBetweenNanos(int64_t from, int64_t to) {
  return from >= to ? 0 : static_cast<int>((to - from) / kNanosPerDay);
}

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_MEASURE_CREDIT_H_
