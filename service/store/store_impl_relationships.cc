// Relationships: "relationships/{relationship}" from an existing supplier to another existing
// supplier or to an unidentified party (empty to_supplier, party_name set), indexed both ways
// (from -> to for subcontractors, to -> from for contractors).
#include <set>

#include "absl/strings/str_cat.h"
#include "engine/chain/declared_subcontractors.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "engine/validation/inputs.h"
#include "service/store/party_index.h"
#include "service/store/store_impl.h"
#include "service/store/supplier_summary.h"

namespace supplyrisk::store {

using ::supplyrisk::v1::Relationship;

namespace {
constexpr size_t kMaxPartyNameBytes = 512;
}  // namespace

absl::StatusOr<std::string> TargetKey(absl::string_view field, const Relationship& rel) {
  if (!rel.to_supplier().empty()) {
    if (!rel.party_name().empty() || !rel.party_corporate_number().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": either to_supplier or party_name, not both"));
    }
    return SupplierIdFromName(absl::StrCat(field, ".to_supplier"), rel.to_supplier());
  }
  validation::Violations v;
  validation::CheckText(absl::StrCat(field, ".party_name"), rel.party_name(), kMaxPartyNameBytes,
                        &v);
  validation::CheckText(absl::StrCat(field, ".party_corporate_number"),
                        rel.party_corporate_number(), 64, &v);
  if (!v.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(v.violations()[0].field, ": ", v.violations()[0].description));
  }
  const std::string key = chain::CompanyNameKey(rel.party_name());
  if (key.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".to_supplier: required unless party_name names a company"));
  }
  return absl::StrCat("/", key);
}

namespace {

// Marks the supplier `rel` contracts out from as needing rescoring.
absl::Status MarkContractorDirty(Txn& txn, const Relationship& rel) {
  absl::StatusOr<std::string> from = SupplierIdFromName("from_supplier", rel.from_supplier());
  if (!from.ok()) return absl::DataLossError("stored relationship has bad endpoints");
  return MarkSupplierDirty(txn, *from, kDirtySubcontractors);
}

}  // namespace

absl::Status StoreImpl::RemoveRelationship(Txn& txn, const std::string& rel_id,
                                           const Relationship& rel) {
  absl::StatusOr<std::string> from = SupplierIdFromName("from_supplier", rel.from_supplier());
  absl::StatusOr<std::string> to = TargetKey("relationship", rel);
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
  absl::StatusOr<std::string> to = TargetKey("relationship", relationship);
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
        if (st.ok() && !relationship.to_supplier().empty()) st = RequireSupplier(txn, *to);
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
          if (st.ok() && stored.from_supplier() != doc.from_supplier()) {
            st = MarkContractorDirty(txn, stored);
          }
          if (!st.ok()) return st;
        }
        // The contractor's chain changed; its own contractors are found from it when rescoring.
        st = MarkSupplierDirty(txn, *from, kDirtySubcontractors);
        if (!st.ok()) return st;
        txn.Put(kIdxRelFrom, Key(t, *from, *to, relationship_id), "");
        txn.Put(kIdxRelTo, Key(t, *to, *from, relationship_id), "");
        Relationship d = doc;
        return StoreDoc(txn, kRelationships, key, d.name(), &d, create ? "create" : "update");
      },
      ReadBack(kRelationships, Key(tenant, relationship_id)));
  if (!out.ok()) return out.status();
  return ParseAs<Relationship>(*out, "relationship");
}

absl::Status StoreImpl::ReplaceQuestionnaireRelationships(Txn& txn, absl::string_view supplier_id,
                                                          const v1::Response& response) {
  const std::string& t = txn.tenant;
  const std::string tp = TenantPrefix(t);
  auto rows = txn.Scan(kIdxRelFrom, Key(t, supplier_id));
  if (!rows.ok()) return rows.status();
  std::set<std::string> rel_ids;
  for (const auto& [k, v] : *rows) rel_ids.insert(LastComponent(k, tp, 2, 0));
  const std::string cause = absl::StrCat("submitted ", response.name());
  for (const std::string& rid : rel_ids) {
    Relationship rel;
    absl::StatusOr<bool> f = txn.GetMsg(kRelationships, Key(t, rid), &rel, "relationship");
    if (!f.ok()) return f.status();
    if (!*f) return absl::DataLossError(absl::StrCat("index names missing relationships/", rid));
    // Only what an earlier answer declared is replaced; the buyer's and scanners' stay.
    if (rel.source() != v1::RELATIONSHIP_SOURCE_QUESTIONNAIRE) continue;
    absl::Status st = RemoveRelationship(txn, rid, rel);
    if (!st.ok()) return st;
    const std::string r = names::Relationship(rid);
    txn.Audit("delete", r, DeleteDigest(r), cause);
  }
  // Only the suppliers the entries can name are read (the party index), not the whole tenant.
  absl::StatusOr<std::vector<chain::KnownSupplier>> candidates = CandidateParties(txn, response);
  if (!candidates.ok()) return candidates.status();
  const std::vector<chain::KnownSupplier>& known = *candidates;
  for (const Relationship& declared : chain::DeclaredRelationships(response, known)) {
    absl::StatusOr<std::string> to = TargetKey("declared subcontractor", declared);
    if (!to.ok()) continue;  // a name that is not acceptable text is not kept as a party
    // The id is a function of (supplier, target, access), so resubmitting reuses it.
    const std::string rid = absl::StrCat(
        "q-",
        Sha256Hex(absl::StrCat(supplier_id, "\n", *to, "\n", declared.access())).substr(0, 24));
    Relationship d = declared;
    d.set_name(names::Relationship(rid));
    txn.Put(kIdxRelFrom, Key(t, supplier_id, *to, rid), "");
    txn.Put(kIdxRelTo, Key(t, *to, supplier_id, rid), "");
    StoreDoc(txn, kRelationships, Key(t, rid), d.name(), &d, "create");
  }
  return absl::OkStatus();
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
    if (st.ok()) st = MarkContractorDirty(txn, stored);
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
