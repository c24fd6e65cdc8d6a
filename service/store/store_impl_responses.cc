// Responses: "suppliers/{supplier}/responses/{response}"; the supplier must exist.
#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "engine/scoring/digest.h"
#include "service/store/store_impl.h"
#include "service/store/supplier_summary.h"

namespace supplyrisk::store {

using ::supplyrisk::v1::Response;

absl::StatusOr<Response> StoreImpl::PutResponse(absl::string_view tenant,
                                                absl::string_view supplier_id,
                                                absl::string_view response_id,
                                                const Response& response,
                                                absl::string_view expected_etag,
                                                const MutationContext& ctx, bool create) {
  absl::Status st = ValidateId("supplier_id", supplier_id);
  if (st.ok()) st = ValidateId("response_id", response_id);
  if (!st.ok()) return st;
  Response doc = response;
  doc.set_name(names::Response(supplier_id, response_id));
  doc.clear_etag();
  // The digest scoring names this input by; whatever the caller put there is replaced.
  doc.set_digest(scoring::ResponseDigest(doc));
  absl::StatusOr<std::string> out = Mutate(
      tenant, ctx, Sha256Hex(SerializeDeterministic(doc)),
      [&](Txn& txn) -> absl::StatusOr<std::string> {
        absl::Status st = RequireSupplier(txn, supplier_id);
        if (!st.ok()) return st;
        std::string key = Key(txn.tenant, supplier_id, response_id);
        Response stored;
        absl::StatusOr<bool> found = txn.GetMsg(kResponses, key, &stored, doc.name());
        if (!found.ok()) return found.status();
        if (create && *found) {
          return absl::AlreadyExistsError(absl::StrCat(doc.name(), " already exists"));
        }
        if (!create) {
          if (!*found) return absl::NotFoundError(NotFoundMsg(doc.name()));
          st = CheckEtag(doc.name(), stored.etag(), expected_etag);
          if (!st.ok()) return st;
        }
        // Submitting turns the subcontractor answers into relationships in the same batch.
        const bool submitting = doc.state() == v1::RESPONSE_STATE_SUBMITTED &&
                                (!*found || stored.state() != v1::RESPONSE_STATE_SUBMITTED);
        if (submitting) {
          st = ReplaceQuestionnaireRelationships(txn, supplier_id, doc);
          if (st.ok()) st = MarkSupplierDirty(txn, supplier_id, kDirtyResponse);
          if (!st.ok()) return st;
        }
        Response d = doc;
        return StoreDoc(txn, kResponses, key, d.name(), &d, create ? "create" : "update");
      },
      ReadBack(kResponses, Key(tenant, supplier_id, response_id)));
  if (!out.ok()) return out.status();
  return ParseAs<Response>(*out, "response");
}

absl::StatusOr<Response> StoreImpl::CreateResponse(absl::string_view tenant,
                                                   absl::string_view supplier_id,
                                                   absl::string_view response_id,
                                                   const Response& response,
                                                   const MutationContext& ctx) {
  return PutResponse(tenant, supplier_id, response_id, response, "", ctx, true);
}

absl::StatusOr<Response> StoreImpl::UpdateResponse(
    absl::string_view tenant, absl::string_view supplier_id, absl::string_view response_id,
    const Response& response, absl::string_view expected_etag, const MutationContext& ctx) {
  return PutResponse(tenant, supplier_id, response_id, response, expected_etag, ctx, false);
}

absl::Status StoreImpl::DeleteResponse(absl::string_view tenant, absl::string_view supplier_id,
                                       absl::string_view response_id,
                                       absl::string_view expected_etag,
                                       const MutationContext& ctx) {
  absl::Status st = ValidateId("supplier_id", supplier_id);
  if (st.ok()) st = ValidateId("response_id", response_id);
  if (!st.ok()) return st;
  const std::string resource = names::Response(supplier_id, response_id);
  auto body = [&](Txn& txn) -> absl::StatusOr<std::string> {
    const std::string key = Key(txn.tenant, supplier_id, response_id);
    Response stored;
    absl::StatusOr<bool> found = txn.GetMsg(kResponses, key, &stored, resource);
    if (!found.ok()) return found.status();
    if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
    absl::Status st = CheckEtag(resource, stored.etag(), expected_etag);
    if (!st.ok()) return st;
    // Checked here, in the mutation, so a submit that lands first is never undone.
    if (stored.state() == v1::RESPONSE_STATE_SUBMITTED) {
      return absl::FailedPreconditionError(absl::StrCat(
          resource, " is submitted: assessments name it as their input, so it is kept"));
    }
    txn.Delete(kResponses, key);
    txn.Audit("delete", resource, DeleteDigest(resource));
    return std::string();
  };
  return Mutate(tenant, ctx, DeleteDigest(resource), body).status();
}

absl::StatusOr<Response> StoreImpl::GetResponse(absl::string_view tenant,
                                                absl::string_view supplier_id,
                                                absl::string_view response_id,
                                                const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (st.ok()) st = ValidateId("supplier_id", supplier_id);
  if (st.ok()) st = ValidateId("response_id", response_id);
  if (!st.ok()) return st;
  return GetDoc<Response>(kResponses, Key(tenant, supplier_id, response_id),
                          names::Response(supplier_id, response_id), snapshot);
}

absl::StatusOr<Page<Response>> StoreImpl::ListResponses(absl::string_view tenant,
                                                        absl::string_view supplier_id,
                                                        const PageRequest& page,
                                                        const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (st.ok()) st = ValidateId("supplier_id", supplier_id);
  if (!st.ok()) return st;
  return ListDocs<Response>(kResponses, Key(tenant, supplier_id), page, snapshot, "response");
}

}  // namespace supplyrisk::store
