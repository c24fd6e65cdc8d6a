// The lifecycle of an external signal: one stored record per issue, merged with every new
// observation of it. The record keeps when the issue was first seen (observed_at, the earliest
// observation), last seen (last_observed_at, the latest) and resolved (resolved_at); an observation
// after the resolution reopens it. Pure: no storage, no clock.
//
// Example:
//   NormaliseObservation(&observation);
//   SignalUpdate update = MergeObservation(found ? &stored : nullptr, observation);
//   if (update.transition == SignalTransition::kReopened) ...
#ifndef SUPPLYRISK_ENGINE_SIGNALS_SIGNAL_LIFECYCLE_H_
#define SUPPLYRISK_ENGINE_SIGNALS_SIGNAL_LIFECYCLE_H_

#include <string>

#include "supplyrisk/v1/signal.pb.h"

namespace supplyrisk::signals {

// What an observation did to the stored record.
enum class SignalTransition {
  kNew,        // no record before: first seen
  kUpdated,    // seen again, or its details changed, with the open/resolved state unchanged
  kResolved,   // was open, now resolved
  kReopened,   // was resolved, now open (seen again after its resolution)
  kUnchanged,  // the record is byte-identical to the stored one
};

// The record to store and how it differs from the stored one.
struct SignalUpdate {
  supplyrisk::v1::Signal record;
  SignalTransition transition = SignalTransition::kNew;
  bool was_open = false;  // the stored record was unresolved (false when there was none)
  bool is_open = false;   // `record` is unresolved
};

// The identity of an issue a scanner gave no id: "{factor}/{issue_type}/{asset}", with the factor's
// enum name (e.g. "FACTOR_DNS_HEALTH/spf_missing/example.jp").
std::string DefaultSignalId(const supplyrisk::v1::Signal& signal);

// Fills what an observation may leave out: an empty id gets DefaultSignalId, and a missing or
// earlier last_observed_at becomes observed_at (an observation is last seen no earlier than it is
// first seen).
void NormaliseObservation(supplyrisk::v1::Signal* observation);

// Merges `observation` into `stored` (nullptr when the issue is seen for the first time).
// - First seen: the record is the observation.
// - Otherwise the record starts as `stored`; an observation last seen no earlier than the stored
//   record (equal times included) brings its severity, asset, source, cve, detail and
//   last_observed_at; an earlier first seen moves observed_at back; a set resolved_at is taken.
// - Then a record last seen after its resolved_at is open again (resolved_at cleared). Times
//   compare at microsecond precision, as stored keys and indexes do. Precondition: `observation`
//   was normalised (NormaliseObservation) and names the same issue (factor, issue type, id) as
//   `stored`.
SignalUpdate MergeObservation(const supplyrisk::v1::Signal* stored,
                              const supplyrisk::v1::Signal& observation);

}  // namespace supplyrisk::signals

#endif  // SUPPLYRISK_ENGINE_SIGNALS_SIGNAL_LIFECYCLE_H_
