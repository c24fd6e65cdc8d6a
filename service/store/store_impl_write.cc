// The write path: Mutate (validation and idempotency around a mutation's body), its preparation in
// the writer's thread, the commit group the CommitQueue leader runs, and the commit listeners.
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "engine/common/sha256.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "service/store/group_batch.h"
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
  w.now = options_.clock();
  w.stamp = next_stamp_.fetch_add(1, std::memory_order_relaxed);
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

void StoreImpl::Prepare(Writer* w) {
  // Loaded before reading: every group up to this one is visible to the reads below.
  w->seen_group = committed_group_.load(std::memory_order_acquire);
  rocksdb::WriteBatchWithIndex wb(rocksdb::BytewiseComparator(), 0, /*overwrite_key=*/true);
  Txn txn(db_.get(), &handles_, &wb);
  txn.tenant = w->tenant;
  txn.now = w->now;
  txn.stamp = w->stamp;
  txn.defer_scans = true;
  w->result = w->body(txn);
  if (w->result.ok() && !txn.write_status().ok()) w->result = txn.write_status();
  w->scanned = txn.scanned();
  w->reads = std::move(txn.reads());
  if (w->result.ok()) {
    w->ops = std::move(txn.ops());
    w->pending = std::move(txn.pending);
  }
}

absl::StatusOr<std::string> StoreImpl::Commit(Writer* w) {
  std::vector<AuditEntry> committed;
  bool led = queue_.Commit(
      w, [&] { Prepare(w); },
      [&](absl::Span<CommitQueue::Writer* const> group) { committed = RunGroup(group); });
  // Listeners run after leadership is handed over, outside every store lock.
  if (led && !committed.empty()) {
    std::lock_guard<std::mutex> lock(listeners_mu_);
    for (auto& fn : listeners_) fn(committed);
  }
  return std::move(w->result);
}

bool StoreImpl::Stale(const Writer& w, const GroupBatch& batch) const {
  // Groups after seen_group that are no longer tracked may have written anything.
  if (w.scanned || w.seen_group + 1 < oldest_tracked_group_) return true;
  for (const std::string& key : w.reads) {
    if (batch.Wrote(key)) return true;
    auto it = last_write_group_.find(key);
    if (it != last_write_group_.end() && it->second > w.seen_group) return true;
  }
  return false;
}

absl::StatusOr<std::string> StoreImpl::RunInLeader(Writer* w, GroupBatch* batch) {
  rocksdb::WriteBatchWithIndex* wb = batch->Index();
  Txn txn(db_.get(), &handles_, wb);
  txn.tenant = w->tenant;
  txn.now = w->now;
  txn.stamp = w->stamp;
  wb->SetSavePoint();
  absl::StatusOr<std::string> result = w->body(txn);
  if (result.ok() && !txn.write_status().ok()) result = txn.write_status();
  if (!result.ok()) {
    wb->RollbackToSavePoint();
    return result;
  }
  wb->PopSavePoint();
  batch->Track(txn.ops());
  w->pending = std::move(txn.pending);
  return result;
}

std::vector<AuditEntry> StoreImpl::RunGroup(absl::Span<CommitQueue::Writer* const> group) {
  GroupBatch batch(db_.get(), &handles_);
  absl::flat_hash_map<std::string, AuditHead> group_heads;
  absl::flat_hash_set<std::string> advanced;  // tenants whose head this group moves
  std::vector<AuditEntry> entries;
  std::vector<Writer*> written;
  for (CommitQueue::Writer* queued : group) {
    Writer* w = static_cast<Writer*>(queued);
    absl::StatusOr<AuditHead> head = LoadHead(w->tenant, group_heads);
    if (!head.ok()) {
      w->result = head.status();
      continue;
    }
    if (Stale(*w, batch)) {
      w->result = RunInLeader(w, &batch);
    } else if (w->result.ok()) {
      batch.AppendPrepared(std::move(w->ops));
    }
    if (!w->result.ok()) continue;
    if (!w->pending.empty()) {
      advanced.insert(w->tenant);
      AppendAudit(w->pending, *w, &group_heads[w->tenant], &batch, &entries);
    }
    written.push_back(w);
  }
  for (const std::string& tenant : advanced) {
    batch.Put(kMeta, AuditHeadKey(tenant), SerializeDeterministic(group_heads[tenant]));
  }
  if (written.empty() || batch.empty()) return entries;
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  rocksdb::Status s = batch.Write(wo);
  // Tracked even when the write failed: the batch may or may not be there, and a mutation
  // prepared before must not rely on either.
  const uint64_t group_number = ++last_group_;
  TrackCommitted(group_number, batch.written());
  committed_group_.store(group_number, std::memory_order_release);
  if (!s.ok()) {
    absl::Status err = FromRocks(s, "commit");
    for (Writer* w : written) w->result = err;
    heads_.clear();  // reload from disk: the failed batch may or may not be there
    return {};
  }
  for (const std::string& tenant : advanced) heads_[tenant] = group_heads[tenant];
  return entries;
}

void StoreImpl::TrackCommitted(uint64_t group, const absl::flat_hash_set<std::string>& keys) {
  // Bounds: a preparation older than this many groups (or keys) is simply run again by the leader.
  constexpr size_t kMaxTrackedGroups = 256;
  constexpr size_t kMaxTrackedKeys = 1 << 16;
  std::vector<std::string> list(keys.begin(), keys.end());
  for (const std::string& key : list) last_write_group_[key] = group;
  tracked_keys_ += list.size();
  tracked_groups_.emplace_back(group, std::move(list));
  while (tracked_groups_.size() > kMaxTrackedGroups ||
         (tracked_keys_ > kMaxTrackedKeys && tracked_groups_.size() > 1)) {
    auto& [oldest, oldest_keys] = tracked_groups_.front();
    for (const std::string& key : oldest_keys) {
      auto it = last_write_group_.find(key);
      if (it != last_write_group_.end() && it->second == oldest) last_write_group_.erase(it);
    }
    tracked_keys_ -= oldest_keys.size();
    oldest_tracked_group_ = oldest + 1;
    tracked_groups_.pop_front();
  }
}

void StoreImpl::AddCommitListener(std::function<void(const std::vector<AuditEntry>&)> listener) {
  std::lock_guard<std::mutex> lock(listeners_mu_);
  listeners_.push_back(std::move(listener));
}

}  // namespace supplyrisk::store
