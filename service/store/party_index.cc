#include "service/store/party_index.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "service/store/key_codec.h"
#include "service/store/schema.h"
#include "service/store/validation.h"

namespace supplyrisk::store {
namespace {

chain::KnownSupplier Known(const v1::Supplier& s) {
  chain::KnownSupplier k;
  k.name = s.name();
  k.corporate_number = s.corporate_number();
  for (const std::string* n : {&s.display_name().ja(), &s.display_name().en()}) {
    if (!n->empty()) k.display_names.push_back(*n);
  }
  return k;
}

}  // namespace

std::vector<std::string> PartyIndexKeys(absl::string_view tenant, absl::string_view supplier_id,
                                        const v1::Supplier& supplier) {
  std::vector<std::string> keys;
  if (!supplier.corporate_number().empty()) {
    keys.push_back(Key(tenant, kPartyByNumber, supplier.corporate_number(), supplier_id));
  }
  for (const std::string* n : {&supplier.display_name().ja(), &supplier.display_name().en()}) {
    const std::string name_key = chain::CompanyNameKey(*n);
    if (!name_key.empty()) keys.push_back(Key(tenant, kPartyByNameKey, name_key, supplier_id));
  }
  if (!supplier.lei().empty()) {
    keys.push_back(Key(tenant, kPartyByLei, supplier.lei(), supplier_id));
  }
  for (const std::string& domain : supplier.domains()) {
    keys.push_back(Key(tenant, kPartyByDomain, domain, supplier_id));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

void WritePartyIndex(Txn& txn, absl::string_view supplier_id, const v1::Supplier* before,
                     const v1::Supplier* after) {
  std::vector<std::string> old_keys, new_keys;
  if (before != nullptr) old_keys = PartyIndexKeys(txn.tenant, supplier_id, *before);
  if (after != nullptr) new_keys = PartyIndexKeys(txn.tenant, supplier_id, *after);
  for (const std::string& k : old_keys) {
    if (!std::binary_search(new_keys.begin(), new_keys.end(), k)) txn.Delete(kIdxParty, k);
  }
  for (const std::string& k : new_keys) {
    if (!std::binary_search(old_keys.begin(), old_keys.end(), k)) txn.Put(kIdxParty, k, "");
  }
}

absl::Status CheckIdentifiersFree(Txn& txn, absl::string_view field_prefix,
                                  absl::string_view supplier_id, const v1::Supplier* before,
                                  const v1::Supplier& after) {
  const std::string tp = TenantPrefix(txn.tenant);
  struct Unique {
    absl::string_view field, kind, value, previous;
  };
  const Unique checks[] = {
      {"corporate_number", kPartyByNumber, after.corporate_number(),
       before != nullptr ? absl::string_view(before->corporate_number()) : absl::string_view()},
      {"lei", kPartyByLei, after.lei(),
       before != nullptr ? absl::string_view(before->lei()) : absl::string_view()},
  };
  for (const Unique& u : checks) {
    // A value the supplier already had is not checked again, so a pair that predates the check
    // (schema 3 did not enforce it) can still be edited in its other fields.
    if (u.value.empty() || (before != nullptr && u.value == u.previous)) continue;
    auto rows = txn.Scan(kIdxParty, Key(txn.tenant, u.kind, u.value));
    if (!rows.ok()) return rows.status();
    for (const auto& [k, v] : *rows) {
      const std::string holder = LastComponent(k, tp, 2, 0);
      if (holder == supplier_id) continue;
      return IdentifierTaken(absl::StrCat(field_prefix, u.field), u.value, names::Supplier(holder));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<chain::KnownSupplier>> CandidateParties(Txn& txn,
                                                                   const v1::Response& response) {
  const std::string& t = txn.tenant;
  const std::string tp = TenantPrefix(t);
  std::set<std::string> ids;
  auto add_indexed = [&](absl::string_view kind, absl::string_view value) -> absl::Status {
    if (value.empty()) return absl::OkStatus();
    auto rows = txn.Scan(kIdxParty, Key(t, kind, value));
    if (!rows.ok()) return rows.status();
    for (const auto& [k, v] : *rows) ids.insert(LastComponent(k, tp, 2, 0));
    return absl::OkStatus();
  };
  for (const v1::Answer& answer : response.answers()) {
    if (!answer.has_subcontractors()) continue;
    for (const v1::SubcontractorDeclaration& e : answer.subcontractors().entries()) {
      if (!e.supplier().empty()) {
        // A name that is not a supplier's matches none, as it would over every supplier.
        absl::StatusOr<std::string> id = SupplierIdFromName("supplier", e.supplier());
        if (id.ok()) ids.insert(*id);
      }
      absl::Status st = add_indexed(kPartyByNumber, e.corporate_number());
      if (st.ok()) st = add_indexed(kPartyByNameKey, chain::CompanyNameKey(e.company_name()));
      if (!st.ok()) return st;
    }
  }
  std::vector<chain::KnownSupplier> known;
  for (const std::string& id : ids) {
    v1::Supplier s;
    absl::StatusOr<bool> found = txn.GetMsg(kSuppliers, Key(t, id), &s, "supplier");
    if (!found.ok()) return found.status();
    if (*found) known.push_back(Known(s));
  }
  return known;
}

}  // namespace supplyrisk::store
