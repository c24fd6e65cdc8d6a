// The write path: Mutate (validation and idempotency around a mutation's body), the commit group
// the CommitQueue leader runs, and the commit listeners.
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/common/sha256.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "service/store/store_impl.h"

namespace supplyrisk::store {

using ::supplyrisk::v1::AuditEntry;

absl::StatusOr<std::string> StoreImpl::Mutate(absl::string_view tenant, const MutationContext& ctx,
                                              absl::string_view default_digest, Body body,
                                              Replay replay) {
  absl::Status st = ValidateTenant(tenant);
  if (!st.ok()) return st;
  if (!ctx.request_id.empty() && ctx.request_id.size() > kMaxIdBytes) {
    return absl::InvalidArgumentError("request_id: longer than 256 bytes");
  }
  Writer w;
  w.tenant = std::string(tenant);
  w.ctx = &ctx;
  std::string digest =
      ctx.request_digest.empty() ? std::string(default_digest) : ctx.request_digest;
  w.body = [&, digest](Txn& txn) -> absl::StatusOr<std::string> {
    std::string idem_key;
    if (!ctx.request_id.empty()) {
      idem_key = Key(txn.tenant, ctx.request_id);
      IdempotencyRecord rec;
      absl::StatusOr<bool> found = txn.GetMsg(kIdempotency, idem_key, &rec, "idempotency record");
      if (!found.ok()) return found.status();
      // A record written before records named their resource (no name) counts as absent.
      if (*found && !rec.resource().empty() && rec.expire_time_micros() > ToMicros(txn.now)) {
        if (rec.request_digest() != digest) {
          return absl::FailedPreconditionError(absl::StrCat(
              "request_id \"", ctx.request_id, "\" was already used for a different request"));
        }
        // A retry: the resource the first request made, read by name; nothing is written.
        if (!replay) return std::string();
        return replay(txn, rec.resource());
      }
    }
    absl::StatusOr<std::string> result = body(txn);
    if (!result.ok()) return result;
    if (!ctx.request_id.empty()) {
      IdempotencyRecord rec;
      rec.set_request_digest(digest);
      // The mutation's first audit entry names the resource it made or changed.
      if (!txn.pending.empty()) rec.set_resource(txn.pending.front().resource);
      rec.set_create_time_micros(ToMicros(txn.now));
      rec.set_expire_time_micros(ToMicros(txn.now + options_.idempotency_ttl));
      txn.Put(kIdempotency, idem_key, SerializeDeterministic(rec));
    }
    return result;
  };
  return Commit(&w);
}

StoreImpl::Replay StoreImpl::ReadBack(int cf, std::string key) {
  return [cf, key = std::move(key)](Txn& txn,
                                    const std::string& resource) -> absl::StatusOr<std::string> {
    std::string value;
    absl::StatusOr<bool> found = txn.Get(cf, key, &value);
    if (!found.ok()) return found.status();
    if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
    return value;
  };
}

absl::StatusOr<std::string> StoreImpl::Commit(Writer* w) {
  std::vector<AuditEntry> committed;
  bool led = queue_.Commit(
      w, [&](absl::Span<CommitQueue::Writer* const> group) { committed = RunGroup(group); });
  // Listeners run after leadership is handed over, outside every store lock.
  if (led && !committed.empty()) {
    std::lock_guard<std::mutex> lock(listeners_mu_);
    for (auto& fn : listeners_) fn(committed);
  }
  return std::move(w->result);
}

std::vector<AuditEntry> StoreImpl::RunGroup(absl::Span<CommitQueue::Writer* const> group) {
  rocksdb::WriteBatchWithIndex wb(rocksdb::BytewiseComparator(), 0, /*overwrite_key=*/true);
  Txn txn(db_.get(), &handles_, &wb);
  absl::flat_hash_map<std::string, AuditHead> group_heads;
  std::vector<AuditEntry> entries;
  std::vector<Writer*> written;
  const absl::Time now = options_.clock();
  txn.now = now;
  for (CommitQueue::Writer* queued : group) {
    Writer* w = static_cast<Writer*>(queued);
    absl::StatusOr<AuditHead> head = LoadHead(w->tenant, group_heads);
    if (!head.ok()) {
      w->result = head.status();
      continue;
    }
    txn.tenant = w->tenant;
    txn.head_sequence = head->sequence();
    txn.pending.clear();
    wb.SetSavePoint();
    absl::StatusOr<std::string> result = w->body(txn);
    if (result.ok() && !txn.write_status().ok()) result = txn.write_status();
    if (!result.ok()) {
      wb.RollbackToSavePoint();
      w->result = result.status();
      continue;
    }
    AuditHead h = *head;
    AppendAudit(txn, *w, now, &h, &entries);
    if (!txn.pending.empty()) group_heads[w->tenant] = h;
    wb.PopSavePoint();
    w->result = std::move(result);
    written.push_back(w);
  }
  if (written.empty() || wb.GetWriteBatch()->Count() == 0) return entries;
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  rocksdb::Status s = db_->Write(wo, wb.GetWriteBatch());
  if (!s.ok()) {
    absl::Status err = FromRocks(s, "commit");
    for (Writer* w : written) w->result = err;
    heads_.clear();  // reload from disk: the failed batch may or may not be there
    return {};
  }
  for (auto& [tenant, head] : group_heads) heads_[tenant] = head;
  return entries;
}

void StoreImpl::AddCommitListener(std::function<void(const std::vector<AuditEntry>&)> listener) {
  std::lock_guard<std::mutex> lock(listeners_mu_);
  listeners_.push_back(std::move(listener));
}

}  // namespace supplyrisk::store
