// Suppliers: the documents, their summaries and the supplier indexes; deleting a supplier cascades
// to everything that names it.
#include <cmath>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "engine/chain/declared_subcontractors.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "engine/scoring/digest.h"
#include "service/store/party_index.h"
#include "service/store/store_impl.h"
#include "service/store/supplier_summary.h"

namespace supplyrisk::store {

using ::supplyrisk::v1::Relationship;
using ::supplyrisk::v1::Supplier;

absl::Status StoreImpl::RequireSupplier(Txn& txn, absl::string_view supplier_id) {
  std::string value;
  absl::StatusOr<bool> found = txn.Get(kSuppliers, Key(txn.tenant, supplier_id), &value);
  if (!found.ok()) return found.status();
  if (!*found) return absl::NotFoundError(NotFoundMsg(names::Supplier(supplier_id)));
  return absl::OkStatus();
}

absl::StatusOr<Supplier> StoreImpl::CreateSupplier(absl::string_view tenant,
                                                   absl::string_view supplier_id,
                                                   const Supplier& supplier,
                                                   const MutationContext& ctx) {
  absl::Status st = ValidateId("supplier_id", supplier_id);
  if (!st.ok()) return st;
  Supplier doc = supplier;
  doc.set_name(names::Supplier(supplier_id));
  doc.clear_etag();
  // The digest scoring names the profile input by; whatever the caller put there is replaced.
  doc.set_profile_digest(scoring::ProfileDigest(doc.profile()));
  absl::StatusOr<std::string> out = Mutate(
      tenant, ctx, Sha256Hex(SerializeDeterministic(doc)),
      [&](Txn& txn) -> absl::StatusOr<std::string> {
        std::string key = Key(txn.tenant, supplier_id);
        std::string existing;
        absl::StatusOr<bool> found = txn.Get(kSuppliers, key, &existing);
        if (!found.ok()) return found.status();
        if (*found) return absl::AlreadyExistsError(absl::StrCat(doc.name(), " already exists"));
        absl::Status free = CheckIdentifiersFree(txn, "supplier.", supplier_id, nullptr, doc);
        if (!free.ok()) return free;
        Supplier d = doc;
        std::string value = StoreDoc(txn, kSuppliers, key, d.name(), &d, "create");
        WritePartyIndex(txn, supplier_id, nullptr, &d);
        SupplierSummary summary;
        summary.set_update_time_micros(ToMicros(txn.now));
        WriteSummary(txn, txn.tenant, supplier_id, nullptr, &summary);
        return value;
      },
      ReadBack(kSuppliers, Key(tenant, supplier_id)));
  if (!out.ok()) return out.status();
  return ParseAs<Supplier>(*out, "supplier");
}

absl::StatusOr<std::vector<Supplier>> StoreImpl::CreateSuppliers(
    absl::string_view tenant, const std::vector<std::pair<std::string, Supplier>>& items,
    const MutationContext& ctx) {
  if (items.empty()) return absl::InvalidArgumentError("requests: at least one supplier");
  std::vector<std::pair<std::string, Supplier>> docs;
  std::set<std::string> seen;
  Sha256 request;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string& id = items[i].first;
    std::string at = absl::StrCat("requests[", i, "].supplier_id");
    absl::Status st = ValidateId(at, id);
    if (!st.ok()) return st;
    if (!seen.insert(id).second) {
      return absl::InvalidArgumentError(absl::StrCat(at, ": \"", id, "\" given twice"));
    }
    Supplier doc = items[i].second;
    doc.set_name(names::Supplier(id));
    doc.clear_etag();
    // The digest scoring names the profile input by; whatever the caller put there is replaced.
    doc.set_profile_digest(scoring::ProfileDigest(doc.profile()));
    request.UpdateField(SerializeDeterministic(doc));
    docs.emplace_back(id, std::move(doc));
  }
  // Every value length-prefixed, in input order.
  auto encode = [](const std::vector<std::string>& values) {
    std::string out;
    for (const std::string& v : values) {
      AppendUint64(&out, v.size());
      out += v;
    }
    return out;
  };
  absl::StatusOr<std::string> out = Mutate(
      tenant, ctx, request.HexDigest(),
      [&](Txn& txn) -> absl::StatusOr<std::string> {
        std::vector<std::string> values;
        for (size_t i = 0; i < docs.size(); ++i) {
          const auto& [id, doc] = docs[i];
          std::string key = Key(txn.tenant, id);
          std::string existing;
          absl::StatusOr<bool> found = txn.Get(kSuppliers, key, &existing);
          if (!found.ok()) return found.status();
          if (*found) return absl::AlreadyExistsError(absl::StrCat(doc.name(), " already exists"));
          // Sees the earlier items' index entries, so two items of one batch cannot share one.
          absl::Status free = CheckIdentifiersFree(txn, absl::StrCat("requests[", i, "].supplier."),
                                                   id, nullptr, doc);
          if (!free.ok()) return free;
          Supplier d = doc;
          values.push_back(StoreDoc(txn, kSuppliers, key, d.name(), &d, "create"));
          WritePartyIndex(txn, id, nullptr, &d);
          SupplierSummary summary;
          summary.set_update_time_micros(ToMicros(txn.now));
          WriteSummary(txn, txn.tenant, id, nullptr, &summary);
        }
        return encode(values);
      },
      // A retry answers the suppliers as they are now (NotFound when one was deleted since).
      [&](Txn& txn, const std::string&) -> absl::StatusOr<std::string> {
        std::vector<std::string> values;
        for (const auto& [id, doc] : docs) {
          std::string value;
          absl::StatusOr<bool> found = txn.Get(kSuppliers, Key(txn.tenant, id), &value);
          if (!found.ok()) return found.status();
          if (!*found) return absl::NotFoundError(NotFoundMsg(doc.name()));
          values.push_back(std::move(value));
        }
        return encode(values);
      });
  if (!out.ok()) return out.status();
  std::vector<Supplier> created;
  absl::string_view in = *out;
  while (!in.empty()) {
    uint64_t n;
    if (!ConsumeUint64(&in, &n) || n > in.size()) {
      return absl::DataLossError("stored batch result does not parse");
    }
    absl::StatusOr<Supplier> s = ParseAs<Supplier>(in.substr(0, n), "supplier");
    if (!s.ok()) return s.status();
    created.push_back(*std::move(s));
    in.remove_prefix(n);
  }
  return created;
}

absl::StatusOr<Supplier> StoreImpl::UpdateSupplier(absl::string_view tenant,
                                                   absl::string_view supplier_id,
                                                   const Supplier& supplier,
                                                   absl::string_view expected_etag,
                                                   const MutationContext& ctx) {
  absl::Status st = ValidateId("supplier_id", supplier_id);
  if (!st.ok()) return st;
  Supplier doc = supplier;
  doc.set_name(names::Supplier(supplier_id));
  doc.clear_etag();
  // The digest scoring names the profile input by; whatever the caller put there is replaced.
  doc.set_profile_digest(scoring::ProfileDigest(doc.profile()));
  absl::StatusOr<std::string> out = Mutate(
      tenant, ctx, Sha256Hex(SerializeDeterministic(doc)),
      [&](Txn& txn) -> absl::StatusOr<std::string> {
        std::string key = Key(txn.tenant, supplier_id);
        Supplier stored;
        absl::StatusOr<bool> found = txn.GetMsg(kSuppliers, key, &stored, doc.name());
        if (!found.ok()) return found.status();
        if (!*found) return absl::NotFoundError(NotFoundMsg(doc.name()));
        absl::Status st = CheckEtag(doc.name(), stored.etag(), expected_etag);
        if (st.ok()) st = CheckIdentifiersFree(txn, "supplier.", supplier_id, &stored, doc);
        if (!st.ok()) return st;
        Supplier d = doc;
        std::string value = StoreDoc(txn, kSuppliers, key, d.name(), &d, "update");
        WritePartyIndex(txn, supplier_id, &stored, &d);
        absl::StatusOr<SupplierSummary> before = LoadSummary(txn, supplier_id);
        if (!before.ok()) return before.status();
        SupplierSummary after = *before;
        after.set_update_time_micros(ToMicros(txn.now));
        if (stored.profile_digest() != d.profile_digest()) {
          AddDirtyMark(kDirtyProfile, ToMicros(txn.now), &after);
        }
        WriteSummary(txn, txn.tenant, supplier_id, &*before, &after);
        return value;
      },
      ReadBack(kSuppliers, Key(tenant, supplier_id)));
  if (!out.ok()) return out.status();
  return ParseAs<Supplier>(*out, "supplier");
}

absl::Status StoreImpl::DeleteSupplier(absl::string_view tenant, absl::string_view supplier_id,
                                       absl::string_view expected_etag,
                                       const MutationContext& ctx) {
  absl::Status st = ValidateId("supplier_id", supplier_id);
  if (!st.ok()) return st;
  std::string resource = names::Supplier(supplier_id);
  auto body = [&](Txn& txn) -> absl::StatusOr<std::string> {
    const std::string& t = txn.tenant;
    std::string key = Key(t, supplier_id);
    Supplier stored;
    absl::StatusOr<bool> found = txn.GetMsg(kSuppliers, key, &stored, resource);
    if (!found.ok()) return found.status();
    if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
    absl::Status st = CheckEtag(resource, stored.etag(), expected_etag);
    if (!st.ok()) return st;
    std::map<std::string, int> removed;
    for (int cf : {kResponses, kSignals, kAssessments, kIdxAssessmentId, kConfirmations}) {
      auto rows = txn.Scan(cf, key);
      if (!rows.ok()) return rows.status();
      for (const auto& [k, v] : *rows) txn.Delete(cf, k);
      if (cf != kIdxAssessmentId && cf != kConfirmations) removed[CfName(cf)] = rows->size();
    }
    const std::string tp = TenantPrefix(t);
    const std::string cascade = absl::StrCat("cascade from ", resource);
    auto engagements = txn.Scan(kIdxEngagement, key);
    if (!engagements.ok()) return engagements.status();
    for (const auto& [k, v] : *engagements) {
      std::string eid = LastComponent(k, tp, 1, 0);
      txn.Delete(kIdxEngagement, k);
      txn.Delete(kEngagements, Key(t, eid));
      std::string r = names::Engagement(eid);
      txn.Audit("delete", r, DeleteDigest(r), cascade);
    }
    removed["engagements"] = engagements->size();
    std::set<std::string> rel_ids;
    for (int cf : {kIdxRelFrom, kIdxRelTo}) {
      auto rows = txn.Scan(cf, key);
      if (!rows.ok()) return rows.status();
      for (const auto& [k, v] : *rows) rel_ids.insert(LastComponent(k, tp, 2, 0));
    }
    for (const std::string& rid : rel_ids) {
      std::string r = names::Relationship(rid);
      Relationship rel;
      absl::StatusOr<bool> f = txn.GetMsg(kRelationships, Key(t, rid), &rel, "relationship");
      if (!f.ok()) return f.status();
      if (!*f) return absl::DataLossError(absl::StrCat("index names missing ", r));
      absl::Status rs = RemoveRelationship(txn, rid, rel);
      // A contractor that subcontracted to the supplier has lost part of its chain.
      absl::StatusOr<std::string> from = SupplierIdFromName("from_supplier", rel.from_supplier());
      if (!from.ok()) return absl::DataLossError(absl::StrCat(r, " has a bad from_supplier"));
      if (rs.ok() && *from != supplier_id) rs = MarkSupplierDirty(txn, *from, kDirtySubcontractors);
      if (!rs.ok()) return rs;
      txn.Audit("delete", r, DeleteDigest(r), cascade);
    }
    removed["relationships"] = rel_ids.size();
    absl::StatusOr<SupplierSummary> before = LoadSummary(txn, supplier_id);
    if (!before.ok()) return before.status();
    WriteSummary(txn, t, supplier_id, &*before, nullptr);
    WritePartyIndex(txn, supplier_id, &stored, nullptr);
    txn.Delete(kSuppliers, key);
    std::string detail;
    for (const auto& [k, n] : removed) {
      absl::StrAppend(&detail, detail.empty() ? "" : " ", k, "=", n);
    }
    txn.Audit("delete", resource, DeleteDigest(resource), detail);
    return std::string();
  };
  return Mutate(tenant, ctx, DeleteDigest(resource), body).status();
}

absl::Status StoreImpl::ClearDirtyMark(absl::string_view tenant, absl::string_view supplier_id,
                                       uint64_t dirty_generation_seen, absl::Time as_of,
                                       const MutationContext& ctx) {
  absl::Status st = ValidateId("supplier_id", supplier_id);
  if (!st.ok()) return st;
  absl::StatusOr<std::string> out =
      Mutate(tenant, ctx, absl::StrCat("clear-dirty\n", supplier_id, "\n", dirty_generation_seen),
             [&](Txn& txn) -> absl::StatusOr<std::string> {
               absl::Status st = RequireSupplier(txn, supplier_id);
               if (!st.ok()) return st;
               absl::StatusOr<SupplierSummary> before = LoadSummary(txn, supplier_id);
               if (!before.ok()) return before.status();
               if (before->dirty_reasons() == 0) return std::string();
               SupplierSummary after = *before;
               AssessmentBookkeeping b;
               b.dirty_generation_seen = dirty_generation_seen;
               b.review_due = before->review_due_micros() == 0
                                  ? absl::InfiniteFuture()
                                  : absl::FromUnixMicros(before->review_due_micros());
               ApplyRescoreBookkeeping(b, ToMicros(as_of), &after);
               if (after.dirty_reasons() == 0)
                 WriteSummary(txn, txn.tenant, supplier_id, &*before, &after);
               return std::string();
             });
  return out.status();
}

absl::StatusOr<Supplier> StoreImpl::GetSupplier(absl::string_view tenant,
                                                absl::string_view supplier_id,
                                                const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (st.ok()) st = ValidateId("supplier_id", supplier_id);
  if (!st.ok()) return st;
  return GetDoc<Supplier>(kSuppliers, Key(tenant, supplier_id), names::Supplier(supplier_id),
                          snapshot);
}

absl::StatusOr<SupplierSummary> StoreImpl::GetSupplierSummary(absl::string_view tenant,
                                                              absl::string_view supplier_id,
                                                              const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (st.ok()) st = ValidateId("supplier_id", supplier_id);
  if (!st.ok()) return st;
  return GetDoc<SupplierSummary>(kSummaries, Key(tenant, supplier_id), names::Supplier(supplier_id),
                                 snapshot);
}

absl::StatusOr<Page<Supplier>> StoreImpl::FindSuppliers(absl::string_view tenant,
                                                        SupplierIdentifier by,
                                                        absl::string_view value,
                                                        const PageRequest& page,
                                                        const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (!st.ok()) return st;
  absl::string_view kind;
  std::string key = std::string(value);
  switch (by) {
    case SupplierIdentifier::kCorporateNumber:
      kind = kPartyByNumber;
      break;
    case SupplierIdentifier::kLei:
      kind = kPartyByLei;
      break;
    case SupplierIdentifier::kDomain:
      kind = kPartyByDomain;
      break;
    case SupplierIdentifier::kCompanyName:
      kind = kPartyByNameKey;
      key = chain::CompanyNameKey(value);
      break;
  }
  if (key.empty()) return absl::InvalidArgumentError("value: must name something to look up");
  return ListByIndex<Supplier>(kIdxParty, Key(tenant, kind, key), 2, kSuppliers, &names::Supplier,
                               tenant, page, snapshot);
}

absl::StatusOr<Page<SupplierRecord>> StoreImpl::ListSuppliers(absl::string_view tenant,
                                                              const SupplierQuery& query,
                                                              const PageRequest& page,
                                                              const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (!st.ok()) return st;
  std::unique_ptr<Snapshot> own;
  if (snapshot == nullptr) {
    own = GetSnapshot();
    snapshot = own.get();
  }
  const std::string tp = TenantPrefix(tenant);
  int cf = kSuppliers;
  std::string lower, upper;
  int skip_strings = 0, skip_fixed = 0;
  switch (query.index) {
    case SupplierIndex::kId:
      lower = tp;
      upper = PrefixSuccessor(tp);
      break;
    case SupplierIndex::kGrade:
      cf = kIdxGrade;
      lower = Key(tenant, query.grade);
      upper = PrefixSuccessor(lower);
      skip_strings = 1;
      break;
    case SupplierIndex::kDecision:
      cf = kIdxDecision;
      lower = tp;
      AppendUint32(&lower, static_cast<uint32_t>(query.outcome));
      upper = PrefixSuccessor(lower);
      skip_fixed = 4;
      break;
    case SupplierIndex::kScore: {
      if (std::isnan(query.min_score) || std::isnan(query.max_score)) {
        return absl::InvalidArgumentError("min_score/max_score: must be numbers");
      }
      cf = kIdxScore;
      lower = tp;
      AppendDouble(&lower, query.min_score);
      std::string max_prefix = tp;
      AppendDouble(&max_prefix, query.max_score);
      upper = PrefixSuccessor(max_prefix);
      skip_fixed = 8;
      break;
    }
    case SupplierIndex::kUpdated:
      cf = kIdxUpdated;
      lower = tp;
      AppendInt64(&lower, ToMicros(query.updated_from));
      upper = tp;
      AppendInt64(&upper, ToMicros(query.updated_to));
      skip_fixed = 8;
      break;
    case SupplierIndex::kOpenIssue:
      cf = kIdxIssue;
      lower = Key(tenant, query.issue_type);
      upper = PrefixSuccessor(lower);
      skip_strings = 1;
      break;
    case SupplierIndex::kDirty:
      cf = kIdxDirty;
      lower = tp;
      upper = PrefixSuccessor(tp);
      break;
    case SupplierIndex::kReviewDue:
      cf = kIdxReviewDue;
      lower = tp;
      AppendInt64(&lower, 1);  // 0 is never indexed
      upper = tp;
      AppendInt64(&upper, query.due_by == absl::InfiniteFuture()
                              ? std::numeric_limits<int64_t>::max()
                              : ToMicros(query.due_by) + 1);
      skip_fixed = 8;
      break;
  }
  Page<SupplierRecord> out;
  if (lower >= upper) return out;
  absl::StatusOr<std::string> next =
      ScanPage(cf, lower, upper, page, query.descending, snapshot,
               [&](absl::string_view k, absl::string_view v) -> absl::StatusOr<bool> {
                 SupplierRecord rec;
                 std::string id;
                 if (cf == kSuppliers) {
                   absl::StatusOr<Supplier> s = ParseAs<Supplier>(v, "supplier");
                   if (!s.ok()) return s.status();
                   rec.supplier = *std::move(s);
                   id = LastComponent(k, tp, 0, 0);
                 } else {
                   id = LastComponent(k, tp, skip_strings, skip_fixed);
                   std::string name = names::Supplier(id);
                   absl::StatusOr<Supplier> s =
                       GetDoc<Supplier>(kSuppliers, Key(tenant, id), name, snapshot);
                   if (!s.ok())
                     return absl::DataLossError(absl::StrCat("index entry names missing ", name));
                   rec.supplier = *std::move(s);
                 }
                 absl::StatusOr<SupplierSummary> sum = GetDoc<SupplierSummary>(
                     kSummaries, Key(tenant, id), absl::StrCat("summary of ", names::Supplier(id)),
                     snapshot);
                 if (!sum.ok()) return absl::DataLossError(sum.status().message());
                 rec.summary = *std::move(sum);
                 out.items.push_back(std::move(rec));
                 out.positions.emplace_back(k);
                 return true;
               });
  if (!next.ok()) return next.status();
  out.next_page_token = *next;
  return out;
}

}  // namespace supplyrisk::store
