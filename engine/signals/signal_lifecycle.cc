#include "engine/signals/signal_lifecycle.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "engine/common/sha256.h"
#include "google/protobuf/timestamp.pb.h"

namespace supplyrisk::signals {
namespace {

using ::supplyrisk::v1::Signal;

int64_t Micros(const google::protobuf::Timestamp& ts) {
  return ts.seconds() * 1000000 + ts.nanos() / 1000;
}

}  // namespace

std::string DefaultSignalId(const Signal& signal) {
  return absl::StrCat(supplyrisk::v1::Factor_Name(signal.factor()), "/", signal.issue_type(), "/",
                      signal.asset());
}

void NormaliseObservation(Signal* observation) {
  if (observation->id().empty()) observation->set_id(DefaultSignalId(*observation));
  if (!observation->has_last_observed_at() ||
      Micros(observation->last_observed_at()) < Micros(observation->observed_at())) {
    *observation->mutable_last_observed_at() = observation->observed_at();
  }
}

SignalUpdate MergeObservation(const Signal* stored, const Signal& observation) {
  SignalUpdate update;
  if (stored == nullptr) {
    update.record = observation;
  } else {
    update.was_open = !stored->has_resolved_at();
    update.record = *stored;
    Signal& rec = update.record;
    if (Micros(observation.last_observed_at()) >= Micros(stored->last_observed_at())) {
      rec.set_severity(observation.severity());
      rec.set_asset(observation.asset());
      rec.set_source(observation.source());
      rec.set_cve(observation.cve());
      rec.set_detail(observation.detail());
      *rec.mutable_last_observed_at() = observation.last_observed_at();
    }
    if (Micros(observation.observed_at()) < Micros(stored->observed_at())) {
      *rec.mutable_observed_at() = observation.observed_at();
    }
    if (observation.has_resolved_at()) *rec.mutable_resolved_at() = observation.resolved_at();
  }
  Signal& rec = update.record;
  // Seen again after its resolution: open again.
  if (rec.has_resolved_at() && Micros(rec.last_observed_at()) > Micros(rec.resolved_at())) {
    rec.clear_resolved_at();
  }
  update.is_open = !rec.has_resolved_at();
  if (stored == nullptr) {
    update.transition = SignalTransition::kNew;
  } else if (update.was_open && !update.is_open) {
    update.transition = SignalTransition::kResolved;
  } else if (!update.was_open && update.is_open) {
    update.transition = SignalTransition::kReopened;
  } else if (SerializeDeterministic(rec) != SerializeDeterministic(*stored)) {
    update.transition = SignalTransition::kUpdated;
  } else {
    update.transition = SignalTransition::kUnchanged;
  }
  return update;
}

}  // namespace supplyrisk::signals
