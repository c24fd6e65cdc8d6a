// The store's argument rules: tenants, ids, supplier names and etags. Internal to service/store.
#ifndef SUPPLYRISK_SERVICE_STORE_VALIDATION_H_
#define SUPPLYRISK_SERVICE_STORE_VALIDATION_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace supplyrisk::store {

// Longest tenant, id or request id, in bytes.
inline constexpr size_t kMaxIdBytes = 256;

// InvalidArgument unless `tenant` is non-empty and at most kMaxIdBytes.
absl::Status ValidateTenant(absl::string_view tenant);
// InvalidArgument unless `id` is non-empty, at most kMaxIdBytes and free of '/'; the message names
// `field`.
absl::Status ValidateId(absl::string_view field, absl::string_view id);
// The id of a "suppliers/{id}" name, or InvalidArgument naming `field`.
absl::StatusOr<std::string> SupplierIdFromName(absl::string_view field, absl::string_view name);
// Aborted when `expected` is non-empty and differs from `stored`.
absl::Status CheckEtag(absl::string_view resource, absl::string_view stored,
                       absl::string_view expected);
// "{resource} not found".
std::string NotFoundMsg(absl::string_view resource);

// AlreadyExists for `field` = `value` being held by the supplier named `holder`, marked so that
// IdentifierHolder finds the holder.
absl::Status IdentifierTaken(absl::string_view field, absl::string_view value,
                             absl::string_view holder);

}  // namespace supplyrisk::store

#endif  // SUPPLYRISK_SERVICE_STORE_VALIDATION_H_
