// The audit chain: each tenant's entries are hash-chained (prev_hash -> hash) in commit order.
// Appending happens in the commit leader; listing and verifying read a snapshot.
#include <algorithm>
#include <limits>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "service/store/digest.h"
#include "service/store/store_impl.h"

namespace supplyrisk::store {

using ::supplyrisk::v1::AuditEntry;

absl::StatusOr<AuditHead> StoreImpl::LoadHead(
    const std::string& tenant, absl::flat_hash_map<std::string, AuditHead>& group_heads) {
  auto it = group_heads.find(tenant);
  if (it != group_heads.end()) return it->second;
  auto cached = heads_.find(tenant);
  if (cached != heads_.end()) return group_heads[tenant] = cached->second;
  AuditHead head;
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), handles_[kMeta], AuditHeadKey(tenant), &value);
  if (s.ok()) {
    if (!head.ParseFromString(value))
      return absl::DataLossError("stored audit head does not parse");
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "read audit head");
  } else {
    head.set_hash(GenesisHash());
  }
  return group_heads[tenant] = head;
}

void StoreImpl::AppendAudit(const std::vector<PendingAudit>& pending, const Writer& w,
                            AuditHead* head, GroupBatch* batch, std::vector<AuditEntry>* entries) {
  for (const PendingAudit& p : pending) {
    AuditEntry e;
    e.set_sequence(head->sequence() + 1);
    e.set_tenant(w.tenant);
    e.set_actor(w.ctx->actor);
    e.set_action(p.action);
    e.set_resource(p.resource);
    *e.mutable_time() = MicrosTs(ToMicros(w.now));
    e.set_change_digest(p.digest);
    e.set_request_id(w.ctx->request_id);
    e.set_detail(p.detail);
    e.set_prev_hash(head->hash());
    e.set_hash(AuditEntryHash(e));
    batch->Put(kAudit, AuditKey(w.tenant, e.sequence()), SerializeDeterministic(e));
    head->set_sequence(e.sequence());
    head->set_hash(e.hash());
    entries->push_back(std::move(e));
  }
}

absl::StatusOr<std::vector<AuditEntry>> StoreImpl::ListAudit(absl::string_view tenant,
                                                             uint64_t after_sequence, int limit,
                                                             const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (!st.ok()) return st;
  if (limit <= 0) return absl::InvalidArgumentError("limit: must be positive");
  std::vector<AuditEntry> out;
  if (after_sequence == std::numeric_limits<uint64_t>::max()) return out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(Ro(snapshot), handles_[kAudit]));
  std::string prefix = TenantPrefix(tenant);
  for (it->Seek(AuditKey(tenant, after_sequence + 1));
       it->Valid() && it->key().starts_with(prefix) && static_cast<int>(out.size()) < limit;
       it->Next()) {
    absl::StatusOr<AuditEntry> e = ParseAs<AuditEntry>(Sv(it->value()), "audit entry");
    if (!e.ok()) return e.status();
    out.push_back(*std::move(e));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan audit");
  return out;
}

absl::StatusOr<AuditReport> StoreImpl::VerifyAudit(absl::string_view tenant) {
  absl::Status st = ValidateTenant(tenant);
  if (!st.ok()) return st;
  std::unique_ptr<Snapshot> snap = GetSnapshot();
  return VerifyAuditAt(tenant, snap.get(), nullptr);
}

absl::StatusOr<AuditReport> StoreImpl::VerifyAuditAt(absl::string_view tenant,
                                                     const Snapshot* snapshot,
                                                     std::map<std::string, AuditEntry>* last) {
  AuditReport report;
  std::string prefix = TenantPrefix(tenant);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(Ro(snapshot), handles_[kAudit]));
  uint64_t expected = 1;
  std::string prev = GenesisHash();
  auto fail = [&](uint64_t seq, std::string problem) {
    report.intact = false;
    report.first_bad_sequence = seq;
    report.problem = std::move(problem);
    return report;
  };
  const std::string supplier_prefix = absl::StrCat(names::kSuppliers, "/");
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    absl::string_view k = Sv(it->key());
    k.remove_prefix(prefix.size());
    uint64_t key_seq = 0;
    if (!ConsumeUint64(&k, &key_seq) || !k.empty()) {
      return fail(expected, "altered: malformed audit key");
    }
    if (key_seq != expected) {
      return fail(expected,
                  absl::StrFormat("removed: entry %d is missing (next is %d)", expected, key_seq));
    }
    AuditEntry e;
    if (!e.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return fail(key_seq, "altered: entry does not parse");
    }
    if (e.sequence() != key_seq) {
      return fail(key_seq, absl::StrFormat("reordered: entry stored at %d says sequence %d",
                                           key_seq, e.sequence()));
    }
    if (e.tenant() != tenant) return fail(key_seq, "altered: entry names another tenant");
    if (AuditEntryHash(e) != e.hash()) {
      return fail(key_seq, "altered: entry content does not match its hash");
    }
    if (e.prev_hash() != prev) {
      return fail(key_seq, "reordered or rewritten: prev_hash does not link to the previous entry");
    }
    prev = e.hash();
    ++report.entries;
    ++expected;
    if (last != nullptr) {
      if (e.action() == "delete_tenant") {
        last->clear();
      } else if (e.action() == "delete" && absl::StartsWith(e.resource(), supplier_prefix) &&
                 std::count(e.resource().begin(), e.resource().end(), '/') == 1) {
        // A deleted supplier takes its children with it.
        std::string children = e.resource() + "/";
        for (auto i = last->lower_bound(children);
             i != last->end() && absl::StartsWith(i->first, children);) {
          i = last->erase(i);
        }
      }
      (*last)[e.resource()] = e;
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan audit");
  std::string head_value;
  absl::StatusOr<bool> found = RawGet(kMeta, AuditHeadKey(tenant), &head_value, snapshot);
  if (!found.ok()) return found.status();
  AuditHead head;
  if (*found && !head.ParseFromString(head_value)) {
    return fail(expected, "altered: audit head does not parse");
  }
  if (head.sequence() != expected - 1 || (*found && head.hash() != prev)) {
    return fail(expected, absl::StrFormat("removed: chain ends at %d but its head is at %d",
                                          expected - 1, head.sequence()));
  }
  report.head_hash = prev;
  return report;
}

}  // namespace supplyrisk::store
