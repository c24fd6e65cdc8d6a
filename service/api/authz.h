#ifndef SUPPLYRISK_SERVICE_API_AUTHZ_H_
#define SUPPLYRISK_SERVICE_API_AUTHZ_H_

// The per-method role matrix: the one place that says which role may call what. Methods are named
// "Service/Method", e.g. "SupplierService/CreateSupplier". Handlers additionally confine
// ROLE_SUPPLIER callers to their own supplier.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "service/api/auth.h"

namespace supplyrisk::api {

// Roles allowed to call `method`; empty for an unknown method.
const std::vector<v1::Role>& AllowedRoles(absl::string_view method);
// Whether any of the caller's roles may call `method`.
bool MayCall(const Caller& caller, absl::string_view method);
// Whether `caller` may call `method` only through ROLE_SUPPLIER: then the call is confined to the
// caller's own supplier, even when the caller holds other roles (e.g. supplier + auditor may read
// every response, but write only its own supplier's).
bool SupplierOnlyCall(const Caller& caller, absl::string_view method);
// Every method in the table, sorted.
std::vector<std::string> AuthorizedMethods();

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_AUTHZ_H_
