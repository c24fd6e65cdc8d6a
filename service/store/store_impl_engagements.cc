// Engagements: "engagements/{engagement}", indexed by the supplier they name (which must exist).
#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "engine/scoring/digest.h"
#include "service/store/store_impl.h"
#include "service/store/supplier_summary.h"

namespace supplyrisk::store {

using ::supplyrisk::v1::Engagement;

absl::StatusOr<Engagement> StoreImpl::PutEngagement(absl::string_view tenant,
                                                    absl::string_view engagement_id,
                                                    const Engagement& engagement,
                                                    absl::string_view expected_etag,
                                                    const MutationContext& ctx, bool create) {
  absl::Status st = ValidateId("engagement_id", engagement_id);
  if (!st.ok()) return st;
  absl::StatusOr<std::string> supplier =
      SupplierIdFromName("engagement.supplier", engagement.supplier());
  if (!supplier.ok()) return supplier.status();
  Engagement doc = engagement;
  doc.set_name(names::Engagement(engagement_id));
  doc.clear_etag();
  // The digest scoring names this input by; whatever the caller put there is replaced.
  doc.set_digest(scoring::EngagementDigest(doc));
  absl::StatusOr<std::string> out = Mutate(
      tenant, ctx, Sha256Hex(SerializeDeterministic(doc)),
      [&](Txn& txn) -> absl::StatusOr<std::string> {
        const std::string& t = txn.tenant;
        absl::Status st = RequireSupplier(txn, *supplier);
        if (!st.ok()) return st;
        std::string key = Key(t, engagement_id);
        Engagement stored;
        absl::StatusOr<bool> found = txn.GetMsg(kEngagements, key, &stored, doc.name());
        if (!found.ok()) return found.status();
        if (create && *found) {
          return absl::AlreadyExistsError(absl::StrCat(doc.name(), " already exists"));
        }
        if (!create) {
          if (!*found) return absl::NotFoundError(NotFoundMsg(doc.name()));
          st = CheckEtag(doc.name(), stored.etag(), expected_etag);
          if (!st.ok()) return st;
          absl::StatusOr<std::string> old = SupplierIdFromName("supplier", stored.supplier());
          if (!old.ok()) return absl::DataLossError("stored engagement has a bad supplier");
          txn.Delete(kIdxEngagement, Key(t, *old, engagement_id));
          if (*old != *supplier) st = MarkSupplierDirty(txn, *old, kDirtyEngagement);
          if (!st.ok()) return st;
        }
        st = MarkSupplierDirty(txn, *supplier, kDirtyEngagement);
        if (!st.ok()) return st;
        txn.Put(kIdxEngagement, Key(t, *supplier, engagement_id), "");
        Engagement d = doc;
        return StoreDoc(txn, kEngagements, key, d.name(), &d, create ? "create" : "update");
      },
      ReadBack(kEngagements, Key(tenant, engagement_id)));
  if (!out.ok()) return out.status();
  return ParseAs<Engagement>(*out, "engagement");
}

absl::StatusOr<Engagement> StoreImpl::CreateEngagement(absl::string_view tenant,
                                                       absl::string_view engagement_id,
                                                       const Engagement& engagement,
                                                       const MutationContext& ctx) {
  return PutEngagement(tenant, engagement_id, engagement, "", ctx, true);
}

absl::StatusOr<Engagement> StoreImpl::UpdateEngagement(absl::string_view tenant,
                                                       absl::string_view engagement_id,
                                                       const Engagement& engagement,
                                                       absl::string_view expected_etag,
                                                       const MutationContext& ctx) {
  return PutEngagement(tenant, engagement_id, engagement, expected_etag, ctx, false);
}

absl::Status StoreImpl::DeleteEngagement(absl::string_view tenant, absl::string_view engagement_id,
                                         absl::string_view expected_etag,
                                         const MutationContext& ctx) {
  absl::Status st = ValidateId("engagement_id", engagement_id);
  if (!st.ok()) return st;
  std::string resource = names::Engagement(engagement_id);
  auto body = [&](Txn& txn) -> absl::StatusOr<std::string> {
    std::string key = Key(txn.tenant, engagement_id);
    Engagement stored;
    absl::StatusOr<bool> found = txn.GetMsg(kEngagements, key, &stored, resource);
    if (!found.ok()) return found.status();
    if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
    absl::Status st = CheckEtag(resource, stored.etag(), expected_etag);
    if (!st.ok()) return st;
    absl::StatusOr<std::string> old = SupplierIdFromName("supplier", stored.supplier());
    if (!old.ok()) return absl::DataLossError("stored engagement has a bad supplier");
    txn.Delete(kIdxEngagement, Key(txn.tenant, *old, engagement_id));
    txn.Delete(kEngagements, key);
    st = MarkSupplierDirty(txn, *old, kDirtyEngagement);
    if (!st.ok()) return st;
    txn.Audit("delete", resource, DeleteDigest(resource));
    return std::string();
  };
  return Mutate(tenant, ctx, DeleteDigest(resource), body).status();
}

absl::StatusOr<Engagement> StoreImpl::GetEngagement(absl::string_view tenant,
                                                    absl::string_view engagement_id,
                                                    const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (st.ok()) st = ValidateId("engagement_id", engagement_id);
  if (!st.ok()) return st;
  return GetDoc<Engagement>(kEngagements, Key(tenant, engagement_id),
                            names::Engagement(engagement_id), snapshot);
}

absl::StatusOr<Page<Engagement>> StoreImpl::ListEngagements(absl::string_view tenant,
                                                            absl::string_view supplier_id,
                                                            const PageRequest& page,
                                                            const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (!st.ok()) return st;
  if (supplier_id.empty()) {
    return ListDocs<Engagement>(kEngagements, TenantPrefix(tenant), page, snapshot, "engagement");
  }
  st = ValidateId("supplier_id", supplier_id);
  if (!st.ok()) return st;
  return ListByIndex<Engagement>(kIdxEngagement, Key(tenant, supplier_id), 1, kEngagements,
                                 &names::Engagement, tenant, page, snapshot);
}

}  // namespace supplyrisk::store
