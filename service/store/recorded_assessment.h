// What an idempotency record of an assessment request names: a stored version,
// "suppliers/{s}/assessments/{a}", or a confirmation of one,
// "suppliers/{s}/assessments/{a}/confirmations/{as_of micros}". Internal to service/store.
#ifndef SUPPLYRISK_SERVICE_STORE_RECORDED_ASSESSMENT_H_
#define SUPPLYRISK_SERVICE_STORE_RECORDED_ASSESSMENT_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/store/txn.h"

namespace supplyrisk::store {

std::string ConfirmationName(absl::string_view supplier_id, absl::string_view assessment_id,
                             int64_t as_of_micros);

struct RecordedName {
  std::string supplier_id;
  std::string assessment_id;
  bool confirmation = false;
  int64_t as_of_micros = 0;  // of the confirmation
};
// False when `resource` is neither form.
bool ParseRecordedName(absl::string_view resource, RecordedName* out);

// The serialized assessment `resource` names, as read through the commit group's view: the version
// as stored, or the confirmed version with confirm_time set. NotFound when it (or the confirmation)
// is gone; DataLoss when the name is neither form.
absl::StatusOr<std::string> ReadRecorded(Txn& txn, const std::string& resource);

// The confirmation path's signal that the latest version changed under it (retry as a version).
absl::Status LatestChangedError();
bool IsLatestChanged(const absl::Status& status);

}  // namespace supplyrisk::store

#endif  // SUPPLYRISK_SERVICE_STORE_RECORDED_ASSESSMENT_H_
