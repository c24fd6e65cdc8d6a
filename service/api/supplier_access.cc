#include "service/api/supplier_access.h"

#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "service/api/errors.h"
#include "service/api/store_error.h"
#include "service/api/validation.h"

namespace supplyrisk::api {

bool SupplierVisible(const Caller& caller, absl::string_view supplier_id) {
  if (!caller.supplier_scoped) return true;
  return caller.supplier == names::Supplier(supplier_id);
}

std::string QueryKey(const Caller& caller, absl::string_view method,
                     std::initializer_list<absl::string_view> parts) {
  std::string key = absl::StrCat(caller.tenant.size(), ":", caller.tenant, "|", method);
  for (absl::string_view p : parts) absl::StrAppend(&key, "|", p.size(), ":", p);
  return key;
}

grpc::Status StartSupplierList(store::Store* store, const PageTokens& page_tokens,
                               const Caller& caller, absl::string_view method,
                               absl::string_view parent, int page_size,
                               absl::string_view page_token, SupplierListStart* out) {
  FieldViolations v;
  ParseName("parent", parent, "suppliers", &out->supplier_id, &v);
  CheckPageSize("page_size", page_size, &v);
  out->query_key = QueryKey(caller, method, {parent});
  absl::StatusOr<std::string> position = page_tokens.Decode(out->query_key, page_token);
  if (!position.ok()) v.Add("page_token", position.status().message());
  if (!v.empty()) return v.ToStatus();
  out->position = *std::move(position);
  if (!SupplierVisible(caller, out->supplier_id)) return NotFound("supplier", parent);
  absl::StatusOr<v1::Supplier> supplier = store->GetSupplier(caller.tenant, out->supplier_id);
  if (!supplier.ok()) return StoreError(supplier.status(), "supplier", parent);
  return grpc::Status::OK;
}

}  // namespace supplyrisk::api
