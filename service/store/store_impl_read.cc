// Reads: snapshots, point reads and paged range scans.
#include <algorithm>

#include "service/store/snapshot_impl.h"
#include "service/store/store_impl.h"

namespace supplyrisk::store {
namespace {

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

}  // namespace

std::unique_ptr<Snapshot> StoreImpl::GetSnapshot() {
  return std::make_unique<SnapshotImpl>(db_.get());
}

rocksdb::ReadOptions StoreImpl::Ro(const Snapshot* snapshot) const {
  rocksdb::ReadOptions ro;
  if (snapshot != nullptr) ro.snapshot = static_cast<const SnapshotImpl*>(snapshot)->get();
  return ro;
}

absl::StatusOr<bool> StoreImpl::RawGet(int cf, const std::string& key, std::string* value,
                                       const Snapshot* snapshot) {
  rocksdb::Status s = db_->Get(Ro(snapshot), handles_[cf], key, value);
  if (s.IsNotFound()) return false;
  if (!s.ok()) return FromRocks(s, "read");
  return true;
}

absl::StatusOr<std::string> StoreImpl::ScanPage(int cf, const std::string& lower,
                                                const std::string& upper, const PageRequest& page,
                                                bool reverse, const Snapshot* snapshot,
                                                const Emit& emit) {
  if (page.page_size < 0) return absl::InvalidArgumentError("page_size: must not be negative");
  int size = page.page_size == 0 ? kDefaultPageSize : std::min(page.page_size, kMaxPageSize);
  const std::string& token = page.page_token;
  if (!token.empty() && (token < lower || token >= upper)) {
    return absl::InvalidArgumentError("page_token: does not belong to this query");
  }
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(Ro(snapshot), handles_[cf]));
  auto in_range = [&] {
    if (!it->Valid()) return false;
    rocksdb::Slice k = it->key();
    return k.compare(lower) >= 0 && k.compare(upper) < 0;
  };
  if (!reverse) {
    it->Seek(token.empty() ? lower : token);
    if (!token.empty() && it->Valid() && it->key() == token) it->Next();
  } else {
    const std::string& start = token.empty() ? upper : token;
    it->SeekForPrev(start);
    if (it->Valid() && it->key() == start) it->Prev();
  }
  int count = 0;
  std::string last;
  while (in_range() && count < size) {
    absl::StatusOr<bool> counted = emit(Sv(it->key()), Sv(it->value()));
    if (!counted.ok()) return counted.status();
    if (*counted) ++count;
    last = it->key().ToString();
    if (reverse) {
      it->Prev();
    } else {
      it->Next();
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan");
  return in_range() ? last : std::string();
}

absl::StatusOr<std::string> StoreImpl::ScanPrefix(int cf, const std::string& prefix,
                                                  const PageRequest& page, bool reverse,
                                                  const Snapshot* snapshot, const Emit& emit) {
  return ScanPage(cf, prefix, PrefixSuccessor(prefix), page, reverse, snapshot, emit);
}

absl::StatusOr<std::optional<IdempotencyRecord>> StoreImpl::GetIdempotencyRecord(
    absl::string_view tenant, absl::string_view request_id, const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (!st.ok()) return st;
  if (request_id.empty() || request_id.size() > kMaxIdBytes) {
    return absl::InvalidArgumentError("request_id: must be 1 to 256 bytes");
  }
  std::string value;
  absl::StatusOr<bool> found = RawGet(kIdempotency, Key(tenant, request_id), &value, snapshot);
  if (!found.ok()) return found.status();
  if (!*found) return std::optional<IdempotencyRecord>();
  absl::StatusOr<IdempotencyRecord> rec = ParseAs<IdempotencyRecord>(value, "idempotency record");
  if (!rec.ok()) return rec.status();
  // The same liveness rule as the write path's check: expired, or written before records named
  // their resource, counts as absent.
  if (rec->resource().empty() || rec->expire_time_micros() <= ToMicros(options_.clock())) {
    return std::optional<IdempotencyRecord>();
  }
  return std::optional<IdempotencyRecord>(*std::move(rec));
}

}  // namespace supplyrisk::store
