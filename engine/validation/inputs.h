#ifndef SUPPLYRISK_ENGINE_VALIDATION_INPUTS_H_
#define SUPPLYRISK_ENGINE_VALIDATION_INPUTS_H_

// Validation of the scoring inputs, shared by every entry point (the API, the CLI, the library):
// answers, responses, signals and engagements. Each function adds every problem it finds to
// `violations`, with the field path from the input's root (`prefix`), and never stops at the first
// one. Pure: no clock is read, the caller passes the time it validates against.

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/validation/violations.h"
#include "google/protobuf/repeated_field.h"
#include "google/protobuf/timestamp.pb.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::validation {

// How far ahead of the validator's clock an input's time may be: the writer's clock may run ahead.
inline constexpr absl::Duration kDefaultClockSkew = absl::Minutes(5);

// The time inputs are checked against: a time later than now + clock_skew is refused (nothing is
// observed, answered or submitted in the future). With `now` infinite-future nothing is refused.
struct TimeLimits {
  absl::Time now = absl::InfiniteFuture();
  absl::Duration clock_skew = kDefaultClockSkew;

  absl::Time latest() const { return now + clock_skew; }
};

// Final segment of a resource name: 1-63 of [a-z0-9-], starting with a letter or digit, not ending
// with '-'.
bool ValidResourceId(absl::string_view id);

// Parses "<collection>/<id>" into id; false (with a violation) when malformed or empty.
bool ParseName(absl::string_view field, absl::string_view name, absl::string_view collection,
               std::string* id, Violations* violations);

// Seconds within years 1-9999, nanos within 0-999999999.
void CheckTimestamp(absl::string_view field, const google::protobuf::Timestamp& t,
                    Violations* violations);

// CheckTimestamp, and refused when later than limits.latest().
void CheckPastTimestamp(absl::string_view field, const google::protobuf::Timestamp& t,
                        const TimeLimits& limits, Violations* violations);

// Plain text a person typed: valid UTF-8 of at most `max_bytes` bytes, with no control characters
// except newline and tab: none of C0, DEL, C1, nor the bidirectional overrides and isolates
// (U+202A-U+202E, U+2066-U+2069) that make a report show text other than what is stored.
void CheckText(absl::string_view field, absl::string_view text, size_t max_bytes,
               Violations* violations);

// True when `text` holds nothing but blanks: ASCII white space, no-break spaces (U+00A0) and
// ideographic spaces (U+3000), so a name of blanks counts as no name.
bool IsBlank(absl::string_view text);

// Answers against the questions of `tmpl`: the question exists, the value has the question's answer
// type, options exist and none is chosen twice, dates are real dates and not after the day of
// limits.latest() (every shipped date question asks when something was last done), evidence is
// well-formed and not empty, answered_at is not in the future, no question is answered twice.
// Bounds: 2000 answers, 500 subcontractor entries and 50 evidence items per answer, 50 distinct
// services of at most 100 bytes per subcontractor. A NUMBER answer lies within the span of its
// question's bands (see the bands' min and max).
void ValidateAnswers(absl::string_view prefix,
                     const google::protobuf::RepeatedPtrField<v1::Answer>& answers,
                     const v1::Template& tmpl, const TimeLimits& limits, Violations* violations);

// A whole response: its answers (under "<prefix>.answers") and its submitted_at, which must not be
// in the future. The response must be for `tmpl` (template_id and template_revision).
void ValidateResponse(absl::string_view prefix, const v1::Response& response,
                      const v1::Template& tmpl, const TimeLimits& limits, Violations* violations);

// Supplier reference, title, data classes, access and criticality.
void ValidateEngagement(absl::string_view prefix, const v1::Engagement& engagement,
                        Violations* violations);

// Supplier reference, factor, issue type, severity, asset, CVE, and times: observed_at is required,
// no time is in the future, last_observed_at and resolved_at are not before observed_at.
void ValidateSignal(absl::string_view prefix, const v1::Signal& signal, const TimeLimits& limits,
                    Violations* violations);

}  // namespace supplyrisk::validation

#endif  // SUPPLYRISK_ENGINE_VALIDATION_INPUTS_H_
