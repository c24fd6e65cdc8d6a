#include "service/api/backend.h"

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "service/api/errors.h"
#include "service/api/validation.h"

namespace supplyrisk::api {

grpc::Status Backend::FindTemplate(absl::string_view tenant,
                                   absl::string_view id, int revision,
                                   v1::Template* out) const {
  std::string name = absl::StrCat("templates/", id);
  if (builtin_templates != nullptr &&
      !builtin_templates->Revisions(id).empty()) {
    const v1::Template* t = revision == 0
                                ? builtin_templates->LatestPublished(id)
                                : builtin_templates->Get(id, revision);
    if (t == nullptr)
      return NotFound("template", absl::StrCat(name, "@", revision));
    *out = *t;
    return grpc::Status::OK;
  }
  if (revision != 0) {
    absl::StatusOr<v1::Template> t = store->GetTemplate(tenant, id, revision);
    if (!t.ok())
      return StoreError(t.status(), "template",
                        absl::StrCat(name, "@", revision));
    *out = *std::move(t);
    return grpc::Status::OK;
  }
  // Latest published: walk down from the highest revision.
  absl::StatusOr<v1::Template> latest = store->GetTemplate(tenant, id, 0);
  if (!latest.ok()) return StoreError(latest.status(), "template", name);
  for (int r = latest->revision(); r >= 1; --r) {
    absl::StatusOr<v1::Template> t =
        r == latest->revision() ? latest : store->GetTemplate(tenant, id, r);
    if (t.ok() && t->state() == v1::TEMPLATE_STATE_PUBLISHED) {
      *out = *std::move(t);
      return grpc::Status::OK;
    }
  }
  return FailedPrecondition("TEMPLATE_STATE", name,
                            "no revision is published yet");
}

std::string Actor(const Caller& caller) {
  return absl::StrCat(caller.via, ":",
                      caller.label.empty() ? "-" : caller.label, ":",
                      caller.RoleName());
}

grpc::Status StoreError(const absl::Status& status,
                        absl::string_view resource_type,
                        absl::string_view name) {
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      return NotFound(resource_type, name);
    case absl::StatusCode::kAborted:
      return EtagMismatch(name);
    default:
      return FromAbsl(status);
  }
}

std::string NewId() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local absl::BitGen gen;
  std::string id(20, 'a');
  for (char& c : id) c = kAlphabet[absl::Uniform<int>(gen, 0, 36)];
  return id;
}

std::string RequestDigest(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  return Sha256Hex(
      absl::StrCat(request.GetDescriptor()->full_name(), "\n", bytes));
}

store::MutationContext CreateContext(const Caller& caller,
                                     const google::protobuf::Message& request,
                                     absl::string_view request_id) {
  return {Actor(caller), std::string(request_id),
          request_id.empty() ? "" : RequestDigest(request)};
}

std::string GeneratedId(const google::protobuf::Message& request,
                        absl::string_view request_id) {
  return request_id.empty() ? NewId() : RequestDigest(request).substr(0, 20);
}

bool SupplierVisible(const Caller& caller, absl::string_view supplier_id) {
  if (!caller.supplier_scoped) return true;
  return caller.supplier == absl::StrCat("suppliers/", supplier_id);
}

grpc::Status StartSupplierList(const Backend& b, const Caller& caller,
                               absl::string_view method,
                               absl::string_view parent, int page_size,
                               absl::string_view page_token,
                               SupplierListStart* out) {
  FieldViolations v;
  ParseName("parent", parent, "suppliers", &out->supplier_id, &v);
  CheckPageSize("page_size", page_size, &v);
  out->query_key = QueryKey(caller, method, {parent});
  absl::StatusOr<std::string> position =
      b.page_tokens->Decode(out->query_key, page_token);
  if (!position.ok()) v.Add("page_token", position.status().message());
  if (!v.empty()) return v.ToStatus();
  out->position = *std::move(position);
  if (!SupplierVisible(caller, out->supplier_id))
    return NotFound("supplier", parent);
  absl::StatusOr<v1::Supplier> supplier =
      b.store->GetSupplier(caller.tenant, out->supplier_id);
  if (!supplier.ok()) return StoreError(supplier.status(), "supplier", parent);
  return grpc::Status::OK;
}

std::string QueryKey(const Caller& caller, absl::string_view method,
                     std::initializer_list<absl::string_view> parts) {
  std::string key =
      absl::StrCat(caller.tenant.size(), ":", caller.tenant, "|", method);
  for (absl::string_view p : parts)
    absl::StrAppend(&key, "|", p.size(), ":", p);
  return key;
}

}  // namespace supplyrisk::api
