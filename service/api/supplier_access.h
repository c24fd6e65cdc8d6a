// What a caller may reach under "suppliers/{id}", and the start of a list there.
#ifndef SUPPLYRISK_SERVICE_API_SUPPLIER_ACCESS_H_
#define SUPPLYRISK_SERVICE_API_SUPPLIER_ACCESS_H_

#include <initializer_list>
#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"
#include "service/api/auth.h"
#include "service/api/page_token.h"
#include "service/store/store.h"

namespace supplyrisk::api {

// A ROLE_SUPPLIER caller may reach only its own supplier; for it every other supplier is NOT_FOUND,
// exactly as another tenant's.
bool SupplierVisible(const Caller& caller, absl::string_view supplier_id);

// Query identity for page tokens: tenant, method and the query's parts.
std::string QueryKey(const Caller& caller, absl::string_view method,
                     std::initializer_list<absl::string_view> parts);

// The start of a list under "suppliers/{id}": `parent`, `page_size` and `page_token` (bound to
// `method`, the tenant and the parent) are validated together, then the supplier is read so that an
// absent or invisible one is NOT_FOUND.
struct SupplierListStart {
  std::string supplier_id;
  std::string query_key;  // for encoding the next page token
  std::string position;   // the store's page token; empty for the first page
};
grpc::Status StartSupplierList(store::Store* store, const PageTokens& page_tokens,
                               const Caller& caller, absl::string_view method,
                               absl::string_view parent, int page_size,
                               absl::string_view page_token, SupplierListStart* out);

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_SUPPLIER_ACCESS_H_
