#include "service/store/validation.h"

#include <optional>
#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "engine/common/resource_names.h"
#include "service/store/store.h"

namespace supplyrisk::store {
namespace {

// Marks the Aborted statuses that CheckEtag makes.
constexpr absl::string_view kEtagMismatchPayload = "type.supplyrisk.dev/store.EtagMismatch";
// Carries the resource name of the supplier that holds an identifier (IdentifierTaken).
constexpr absl::string_view kIdentifierHolderPayload = "type.supplyrisk.dev/store.IdentifierHolder";

}  // namespace

absl::Status ValidateTenant(absl::string_view tenant) {
  if (tenant.empty()) return absl::InvalidArgumentError("tenant: must not be empty");
  if (tenant.size() > kMaxIdBytes) {
    return absl::InvalidArgumentError("tenant: longer than 256 bytes");
  }
  return absl::OkStatus();
}

absl::Status ValidateId(absl::string_view field, absl::string_view id) {
  if (id.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": must not be empty"));
  if (id.size() > kMaxIdBytes) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": longer than 256 bytes"));
  }
  if (absl::StrContains(id, '/')) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": must not contain '/': \"", id, "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> SupplierIdFromName(absl::string_view field, absl::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  if (!absl::ConsumePrefix(&name, absl::StrCat(names::kSuppliers, "/"))) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be \"suppliers/{supplier}\", got \"", name, "\""));
  }
  absl::Status st = ValidateId(field, name);
  if (!st.ok()) return st;
  return std::string(name);
}

absl::Status CheckEtag(absl::string_view resource, absl::string_view stored,
                       absl::string_view expected) {
  if (expected.empty() || expected == stored) return absl::OkStatus();
  absl::Status st = absl::AbortedError(absl::StrCat("etag mismatch on ", resource, ": expected \"",
                                                    expected, "\", stored \"", stored, "\""));
  st.SetPayload(kEtagMismatchPayload, absl::Cord("1"));
  return st;
}

bool IsEtagMismatch(const absl::Status& status) {
  return absl::IsAborted(status) && status.GetPayload(kEtagMismatchPayload).has_value();
}

std::string NotFoundMsg(absl::string_view resource) { return absl::StrCat(resource, " not found"); }

absl::Status IdentifierTaken(absl::string_view field, absl::string_view value,
                             absl::string_view holder) {
  absl::Status st = absl::AlreadyExistsError(
      absl::StrCat(field, ": ", value, " is already ", holder, "'s; update that supplier instead"));
  st.SetPayload(kIdentifierHolderPayload, absl::Cord(holder));
  return st;
}

std::optional<std::string> IdentifierHolder(const absl::Status& status) {
  if (!absl::IsAlreadyExists(status)) return std::nullopt;
  auto holder = status.GetPayload(kIdentifierHolderPayload);
  if (!holder.has_value()) return std::nullopt;
  return std::string(*holder);
}

}  // namespace supplyrisk::store
