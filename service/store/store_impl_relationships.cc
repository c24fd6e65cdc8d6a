// Relationships: "relationships/{relationship}" between two existing, distinct suppliers, indexed
// both ways (from -> to for subcontractors, to -> from for contractors).
#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "service/store/store_impl.h"

namespace supplyrisk::store {

using ::supplyrisk::v1::Relationship;

absl::Status StoreImpl::RemoveRelationship(Txn& txn, const std::string& rel_id,
                                           const Relationship& rel) {
  absl::StatusOr<std::string> from = SupplierIdFromName("from_supplier", rel.from_supplier());
  absl::StatusOr<std::string> to = SupplierIdFromName("to_supplier", rel.to_supplier());
  if (!from.ok() || !to.ok()) return absl::DataLossError("stored relationship has bad endpoints");
  txn.Delete(kRelationships, Key(txn.tenant, rel_id));
  txn.Delete(kIdxRelFrom, Key(txn.tenant, *from, *to, rel_id));
  txn.Delete(kIdxRelTo, Key(txn.tenant, *to, *from, rel_id));
  return absl::OkStatus();
}

absl::StatusOr<Relationship> StoreImpl::PutRelationship(absl::string_view tenant,
                                                        absl::string_view relationship_id,
                                                        const Relationship& relationship,
                                                        absl::string_view expected_etag,
                                                        const MutationContext& ctx, bool create) {
  absl::Status st = ValidateId("relationship_id", relationship_id);
  if (!st.ok()) return st;
  absl::StatusOr<std::string> from =
      SupplierIdFromName("relationship.from_supplier", relationship.from_supplier());
  if (!from.ok()) return from.status();
  absl::StatusOr<std::string> to =
      SupplierIdFromName("relationship.to_supplier", relationship.to_supplier());
  if (!to.ok()) return to.status();
  if (*from == *to) {
    return absl::InvalidArgumentError(
        "relationship.to_supplier: a supplier cannot subcontract to itself");
  }
  Relationship doc = relationship;
  doc.set_name(names::Relationship(relationship_id));
  doc.clear_etag();
  absl::StatusOr<std::string> out = Mutate(
      tenant, ctx, Sha256Hex(SerializeDeterministic(doc)),
      [&](Txn& txn) -> absl::StatusOr<std::string> {
        const std::string& t = txn.tenant;
        absl::Status st = RequireSupplier(txn, *from);
        if (st.ok()) st = RequireSupplier(txn, *to);
        if (!st.ok()) return st;
        std::string key = Key(t, relationship_id);
        Relationship stored;
        absl::StatusOr<bool> found = txn.GetMsg(kRelationships, key, &stored, doc.name());
        if (!found.ok()) return found.status();
        if (create && *found) {
          return absl::AlreadyExistsError(absl::StrCat(doc.name(), " already exists"));
        }
        if (!create) {
          if (!*found) return absl::NotFoundError(NotFoundMsg(doc.name()));
          st = CheckEtag(doc.name(), stored.etag(), expected_etag);
          if (st.ok()) st = RemoveRelationship(txn, std::string(relationship_id), stored);
          if (!st.ok()) return st;
        }
        txn.Put(kIdxRelFrom, Key(t, *from, *to, relationship_id), "");
        txn.Put(kIdxRelTo, Key(t, *to, *from, relationship_id), "");
        Relationship d = doc;
        return StoreDoc(txn, kRelationships, key, d.name(), &d, create ? "create" : "update");
      },
      ReadBack(kRelationships, Key(tenant, relationship_id)));
  if (!out.ok()) return out.status();
  return ParseAs<Relationship>(*out, "relationship");
}

absl::StatusOr<Relationship> StoreImpl::CreateRelationship(absl::string_view tenant,
                                                           absl::string_view relationship_id,
                                                           const Relationship& relationship,
                                                           const MutationContext& ctx) {
  return PutRelationship(tenant, relationship_id, relationship, "", ctx, true);
}

absl::StatusOr<Relationship> StoreImpl::UpdateRelationship(absl::string_view tenant,
                                                           absl::string_view relationship_id,
                                                           const Relationship& relationship,
                                                           absl::string_view expected_etag,
                                                           const MutationContext& ctx) {
  return PutRelationship(tenant, relationship_id, relationship, expected_etag, ctx, false);
}

absl::Status StoreImpl::DeleteRelationship(absl::string_view tenant,
                                           absl::string_view relationship_id,
                                           absl::string_view expected_etag,
                                           const MutationContext& ctx) {
  absl::Status st = ValidateId("relationship_id", relationship_id);
  if (!st.ok()) return st;
  std::string resource = names::Relationship(relationship_id);
  auto body = [&](Txn& txn) -> absl::StatusOr<std::string> {
    Relationship stored;
    absl::StatusOr<bool> found =
        txn.GetMsg(kRelationships, Key(txn.tenant, relationship_id), &stored, resource);
    if (!found.ok()) return found.status();
    if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
    absl::Status st = CheckEtag(resource, stored.etag(), expected_etag);
    if (st.ok()) st = RemoveRelationship(txn, std::string(relationship_id), stored);
    if (!st.ok()) return st;
    txn.Audit("delete", resource, DeleteDigest(resource));
    return std::string();
  };
  return Mutate(tenant, ctx, DeleteDigest(resource), body).status();
}

absl::StatusOr<Relationship> StoreImpl::GetRelationship(absl::string_view tenant,
                                                        absl::string_view relationship_id,
                                                        const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (st.ok()) st = ValidateId("relationship_id", relationship_id);
  if (!st.ok()) return st;
  return GetDoc<Relationship>(kRelationships, Key(tenant, relationship_id),
                              names::Relationship(relationship_id), snapshot);
}

absl::StatusOr<Page<Relationship>> StoreImpl::ListSubcontractors(absl::string_view tenant,
                                                                 absl::string_view supplier_id,
                                                                 const PageRequest& page,
                                                                 const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (st.ok()) st = ValidateId("supplier_id", supplier_id);
  if (!st.ok()) return st;
  return ListByIndex<Relationship>(kIdxRelFrom, Key(tenant, supplier_id), 2, kRelationships,
                                   &names::Relationship, tenant, page, snapshot);
}

absl::StatusOr<Page<Relationship>> StoreImpl::ListContractors(absl::string_view tenant,
                                                              absl::string_view supplier_id,
                                                              const PageRequest& page,
                                                              const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (st.ok()) st = ValidateId("supplier_id", supplier_id);
  if (!st.ok()) return st;
  return ListByIndex<Relationship>(kIdxRelTo, Key(tenant, supplier_id), 2, kRelationships,
                                   &names::Relationship, tenant, page, snapshot);
}

}  // namespace supplyrisk::store
