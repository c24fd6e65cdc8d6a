// The RocksDB implementation of Store.
//
// Write path (group commit with a well-defined audit order): each mutation is a
// closure that reads and writes through a WriteBatchWithIndex. Callers queue
// their closures; the first caller in line becomes the leader, takes every
// queued closure (up to max_group_size), runs them one after another against
// the database plus the batch so far (a failing closure is rolled back to its
// save point), appends each successful mutation's audit entries to its tenant's
// chain, and writes the whole group with one synced Write. Callers arriving
// during that fsync queue up and form the next group, so N concurrent writers
// share one fsync.
//
// Why not OptimisticTransactionDB: every mutation of a tenant must read and
// advance the same audit chain head, so optimistic transactions would all
// conflict on it and retry; a mutex around "append + synced commit" would
// serialise the fsyncs. Running closures serially in the leader gives the same
// read-modify-write isolation (etags are checked against the state that the
// write is applied to) with one fsync per group, and the chain order is the
// commit order. Chains are per tenant (a tenant's entries form one contiguous
// key range and VerifyAudit reads only them); the leader keeps each tenant's
// head in memory and in the same batch.
//
// RocksDB sees a single writer thread, so enable_pipelined_write /
// two_write_queues would not help; allow_concurrent_memtable_write stays at its
// default.
#include "service/store/store.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "google/protobuf/timestamp.pb.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/utilities/backup_engine.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "service/store/digest.h"
#include "service/store/key_codec.h"
#include "service/store/schema.h"

namespace supplyrisk::store {
namespace {

using ::supplyrisk::v1::Assessment;
using ::supplyrisk::v1::AuditEntry;
using ::supplyrisk::v1::AuditHead;
using ::supplyrisk::v1::Engagement;
using ::supplyrisk::v1::IdempotencyRecord;
using ::supplyrisk::v1::Job;
using ::supplyrisk::v1::Relationship;
using ::supplyrisk::v1::Response;
using ::supplyrisk::v1::Signal;
using ::supplyrisk::v1::Supplier;
using ::supplyrisk::v1::SupplierSummary;
using ::supplyrisk::v1::Template;

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;
constexpr size_t kMaxIdBytes = 256;

absl::string_view Sv(const rocksdb::Slice& s) {
  return absl::string_view(s.data(), s.size());
}

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  std::string msg = absl::StrCat(what, ": ", s.ToString());
  if (s.IsCorruption()) return absl::DataLossError(msg);
  if (s.IsNotFound()) return absl::NotFoundError(msg);
  if (s.IsBusy() || s.IsTryAgain()) return absl::AbortedError(msg);
  return absl::InternalError(msg);
}

absl::Status ValidateTenant(absl::string_view tenant) {
  if (tenant.empty())
    return absl::InvalidArgumentError("tenant: must not be empty");
  if (tenant.size() > kMaxIdBytes)
    return absl::InvalidArgumentError("tenant: longer than 256 bytes");
  return absl::OkStatus();
}

absl::Status ValidateId(absl::string_view field, absl::string_view id) {
  if (id.empty())
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must not be empty"));
  if (id.size() > kMaxIdBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": longer than 256 bytes"));
  }
  if (absl::StrContains(id, '/')) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must not contain '/': \"", id, "\""));
  }
  return absl::OkStatus();
}

// "suppliers/{id}" -> id.
absl::StatusOr<std::string> SupplierIdFromName(absl::string_view field,
                                               absl::string_view name) {
  if (name.empty())
    return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  if (!absl::ConsumePrefix(&name, "suppliers/")) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": must be \"suppliers/{supplier}\", got \"", name, "\""));
  }
  absl::Status st = ValidateId(field, name);
  if (!st.ok()) return st;
  return std::string(name);
}

template <typename T>
absl::StatusOr<T> ParseAs(absl::string_view bytes, absl::string_view what) {
  T msg;
  if (!msg.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(
        absl::StrCat("stored ", what, " does not parse"));
  }
  return msg;
}

int64_t TsMicros(const google::protobuf::Timestamp& ts) {
  return ts.seconds() * 1000000 + ts.nanos() / 1000;
}

google::protobuf::Timestamp MicrosTs(int64_t micros) {
  google::protobuf::Timestamp ts;
  int64_t secs = micros / 1000000;
  int64_t rem = micros % 1000000;
  if (rem < 0) {
    rem += 1000000;
    --secs;
  }
  ts.set_seconds(secs);
  ts.set_nanos(static_cast<int32_t>(rem * 1000));
  return ts;
}

absl::Status CheckEtag(absl::string_view resource, absl::string_view stored,
                       absl::string_view expected) {
  if (expected.empty() || expected == stored) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat("etag mismatch on ", resource,
                                         ": expected \"", expected,
                                         "\", stored \"", stored, "\""));
}

std::string NotFoundMsg(absl::string_view resource) {
  return absl::StrCat(resource, " not found");
}

// Index keys (cf, key) a supplier summary implies.
std::vector<std::pair<int, std::string>> SummaryIndexKeys(
    absl::string_view tenant, absl::string_view supplier,
    const SupplierSummary& s) {
  std::vector<std::pair<int, std::string>> keys;
  if (s.has_assessment()) {
    keys.emplace_back(kIdxGrade, Key(tenant, s.grade(), supplier));
    keys.emplace_back(kIdxDecision,
                      DecisionIndexKey(tenant, s.outcome(), supplier));
    keys.emplace_back(kIdxScore,
                      ScoreIndexKey(tenant, s.overall_score(), supplier));
  }
  keys.emplace_back(kIdxUpdated,
                    UpdatedIndexKey(tenant, s.update_time_micros(), supplier));
  for (const auto& [issue, count] : s.open_issues()) {
    if (count > 0) keys.emplace_back(kIdxIssue, Key(tenant, issue, supplier));
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

class SnapshotImpl : public Snapshot {
 public:
  SnapshotImpl(rocksdb::DB* db) : db_(db), snap_(db->GetSnapshot()) {}
  ~SnapshotImpl() override { db_->ReleaseSnapshot(snap_); }
  const rocksdb::Snapshot* get() const { return snap_; }

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snap_;
};

struct PendingAudit {
  std::string action, resource, digest, detail;
};

// The read-modify-write view a mutation runs against: the database as of the
// previous group plus the writes of earlier mutations in this group. Only the
// commit leader uses it.
class Txn {
 public:
  Txn(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>* cfs,
      rocksdb::WriteBatchWithIndex* wb)
      : db_(db), cfs_(cfs), wb_(wb) {}

  absl::StatusOr<bool> Get(int cf, const std::string& key, std::string* value) {
    rocksdb::Status s = wb_->GetFromBatchAndDB(db_, rocksdb::ReadOptions(),
                                               (*cfs_)[cf], key, value);
    if (s.IsNotFound()) return false;
    if (!s.ok()) return FromRocks(s, "read");
    return true;
  }
  template <typename T>
  absl::StatusOr<bool> GetMsg(int cf, const std::string& key, T* msg,
                              absl::string_view what) {
    std::string value;
    absl::StatusOr<bool> found = Get(cf, key, &value);
    if (!found.ok() || !*found) return found;
    if (!msg->ParseFromString(value)) {
      return absl::DataLossError(
          absl::StrCat("stored ", what, " does not parse"));
    }
    return true;
  }
  void Put(int cf, const std::string& key, const std::string& value) {
    Note(wb_->Put((*cfs_)[cf], key, value));
  }
  void Delete(int cf, const std::string& key) {
    Note(wb_->Delete((*cfs_)[cf], key));
  }

  // Every (key, value) with `prefix`, in key order, as seen through the batch.
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Scan(
      int cf, const std::string& prefix) {
    std::vector<std::pair<std::string, std::string>> out;
    std::unique_ptr<rocksdb::Iterator> it(wb_->NewIteratorWithBase(
        (*cfs_)[cf], db_->NewIterator(rocksdb::ReadOptions(), (*cfs_)[cf])));
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
         it->Next()) {
      out.emplace_back(it->key().ToString(), it->value().ToString());
    }
    if (!it->status().ok()) return FromRocks(it->status(), "scan");
    return out;
  }

  // The audit sequence the next Audit() call of this mutation will get.
  uint64_t NextSequence() const { return head_sequence + pending.size() + 1; }
  void Audit(absl::string_view action, absl::string_view resource,
             absl::string_view digest, absl::string_view detail = "") {
    pending.push_back({std::string(action), std::string(resource),
                       std::string(digest), std::string(detail)});
  }
  absl::Status write_status() const { return write_status_; }

  absl::Time now;
  std::string tenant;
  uint64_t head_sequence = 0;  // set by the leader before each mutation
  std::vector<PendingAudit> pending;

 private:
  void Note(const rocksdb::Status& s) {
    if (!s.ok() && write_status_.ok()) write_status_ = FromRocks(s, "batch");
  }
  rocksdb::DB* db_;
  const std::vector<rocksdb::ColumnFamilyHandle*>* cfs_;
  rocksdb::WriteBatchWithIndex* wb_;
  absl::Status write_status_;
};

std::string Etag(uint64_t sequence, absl::string_view body) {
  Sha256 h;
  h.UpdateField(absl::StrCat(sequence));
  h.UpdateField(body);
  return h.HexDigest().substr(0, 16);
}

// Gives `doc` a fresh etag, writes it and appends its audit entry. Returns the
// stored bytes.
template <typename T>
std::string StoreDoc(Txn& txn, int cf, const std::string& key,
                     absl::string_view resource, T* doc,
                     absl::string_view action) {
  doc->clear_etag();
  doc->set_etag(Etag(txn.NextSequence(), SerializeDeterministic(*doc)));
  std::string value = SerializeDeterministic(*doc);
  txn.Put(cf, key, value);
  txn.Audit(action, resource, Sha256Hex(value));
  return value;
}

void WriteSummary(Txn& txn, absl::string_view tenant,
                  absl::string_view supplier, const SupplierSummary* before,
                  const SupplierSummary* after) {
  if (before != nullptr) {
    for (const auto& [cf, key] : SummaryIndexKeys(tenant, supplier, *before))
      txn.Delete(cf, key);
  }
  std::string key = Key(tenant, supplier);
  if (after == nullptr) {
    txn.Delete(kSummaries, key);
    return;
  }
  for (const auto& [cf, k] : SummaryIndexKeys(tenant, supplier, *after))
    txn.Put(cf, k, "");
  txn.Put(kSummaries, key, SerializeDeterministic(*after));
}

// The last string component of an index key.
std::string LastComponent(absl::string_view key,
                          absl::string_view tenant_prefix, int skip_strings,
                          int skip_fixed_bytes) {
  key.remove_prefix(tenant_prefix.size());
  std::string s;
  for (int i = 0; i < skip_strings; ++i) ConsumeString(&key, &s);
  key.remove_prefix(std::min<size_t>(skip_fixed_bytes, key.size()));
  ConsumeString(&key, &s);
  return s;
}

using Body = std::function<absl::StatusOr<std::string>(Txn&)>;
using Emit = std::function<absl::StatusOr<bool>(absl::string_view key,
                                                absl::string_view value)>;

class StoreImpl : public Store {
 public:
  StoreImpl(std::string path, StoreOptions options,
            std::unique_ptr<rocksdb::DB> db,
            std::vector<rocksdb::ColumnFamilyHandle*> handles)
      : path_(std::move(path)),
        options_(std::move(options)),
        db_(std::move(db)),
        handles_(std::move(handles)) {}

  ~StoreImpl() override {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    db_->Close();
  }

  // ---------------------------------------------------------------- commit
  // path

  // Runs `body` for `tenant` in the next commit group; returns its result once
  // the group's batch is durable.
  absl::StatusOr<std::string> Mutate(absl::string_view tenant,
                                     const MutationContext& ctx,
                                     absl::string_view default_digest,
                                     Body body) {
    absl::Status st = ValidateTenant(tenant);
    if (!st.ok()) return st;
    if (!ctx.request_id.empty() && ctx.request_id.size() > kMaxIdBytes) {
      return absl::InvalidArgumentError("request_id: longer than 256 bytes");
    }
    Writer w;
    w.tenant = std::string(tenant);
    w.ctx = &ctx;
    std::string digest = ctx.request_digest.empty()
                             ? std::string(default_digest)
                             : ctx.request_digest;
    w.body = [&, digest](Txn& txn) -> absl::StatusOr<std::string> {
      std::string idem_key;
      if (!ctx.request_id.empty()) {
        idem_key = Key(txn.tenant, ctx.request_id);
        IdempotencyRecord rec;
        absl::StatusOr<bool> found =
            txn.GetMsg(kIdempotency, idem_key, &rec, "idempotency record");
        if (!found.ok()) return found.status();
        if (*found && rec.expire_time_micros() > ToMicros(txn.now)) {
          if (rec.request_digest() != digest) {
            return absl::FailedPreconditionError(
                absl::StrCat("request_id \"", ctx.request_id,
                             "\" was already used for a different request"));
          }
          return rec.result();
        }
      }
      absl::StatusOr<std::string> result = body(txn);
      if (!result.ok()) return result;
      if (!ctx.request_id.empty()) {
        IdempotencyRecord rec;
        rec.set_request_digest(digest);
        rec.set_result(*result);
        rec.set_expire_time_micros(
            ToMicros(txn.now + options_.idempotency_ttl));
        txn.Put(kIdempotency, idem_key, SerializeDeterministic(rec));
      }
      return result;
    };
    return Commit(&w);
  }

  struct Writer {
    std::string tenant;
    const MutationContext* ctx = nullptr;
    std::function<absl::StatusOr<std::string>(Txn&)> body;
    absl::StatusOr<std::string> result;
    bool done = false;
  };

  absl::StatusOr<std::string> Commit(Writer* w) {
    std::vector<Writer*> group;
    {
      std::unique_lock<std::mutex> lock(mu_);
      queue_.push_back(w);
      cv_.wait(lock, [&] {
        return w->done || (!leader_active_ && queue_.front() == w);
      });
      if (w->done) return std::move(w->result);
      leader_active_ = true;
      while (!queue_.empty() &&
             static_cast<int>(group.size()) < options_.max_group_size) {
        group.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    std::vector<AuditEntry> committed = RunGroup(group);
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (Writer* g : group) g->done = true;
      leader_active_ = false;
    }
    cv_.notify_all();
    if (!committed.empty()) {
      std::lock_guard<std::mutex> lock(listeners_mu_);
      for (auto& fn : listeners_) fn(committed);
    }
    return std::move(w->result);
  }

  absl::StatusOr<AuditHead> LoadHead(
      const std::string& tenant,
      absl::flat_hash_map<std::string, AuditHead>& group_heads) {
    auto it = group_heads.find(tenant);
    if (it != group_heads.end()) return it->second;
    auto cached = heads_.find(tenant);
    if (cached != heads_.end()) return group_heads[tenant] = cached->second;
    AuditHead head;
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[kMeta],
                                 AuditHeadKey(tenant), &value);
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

  std::vector<AuditEntry> RunGroup(const std::vector<Writer*>& group) {
    rocksdb::WriteBatchWithIndex wb(rocksdb::BytewiseComparator(), 0,
                                    /*overwrite_key=*/true);
    Txn txn(db_.get(), &handles_, &wb);
    absl::flat_hash_map<std::string, AuditHead> group_heads;
    std::vector<AuditEntry> entries;
    std::vector<Writer*> written;
    const absl::Time now = options_.clock();
    txn.now = now;
    for (Writer* w : group) {
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
      // Chain this mutation's audit entries after the tenant's head.
      AuditHead h = *head;
      for (const PendingAudit& p : txn.pending) {
        AuditEntry e;
        e.set_sequence(h.sequence() + 1);
        e.set_tenant(w->tenant);
        e.set_actor(w->ctx->actor);
        e.set_action(p.action);
        e.set_resource(p.resource);
        *e.mutable_time() = MicrosTs(ToMicros(now));
        e.set_change_digest(p.digest);
        e.set_request_id(w->ctx->request_id);
        e.set_detail(p.detail);
        e.set_prev_hash(h.hash());
        e.set_hash(AuditEntryHash(e));
        txn.Put(kAudit, AuditKey(w->tenant, e.sequence()),
                SerializeDeterministic(e));
        h.set_sequence(e.sequence());
        h.set_hash(e.hash());
        entries.push_back(std::move(e));
      }
      if (!txn.pending.empty()) {
        txn.Put(kMeta, AuditHeadKey(w->tenant), SerializeDeterministic(h));
        group_heads[w->tenant] = h;
      }
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
      heads_.clear();  // reload from disk: the failed batch may or may not be
                       // there
      return {};
    }
    for (auto& [tenant, head] : group_heads) heads_[tenant] = head;
    return entries;
  }

  // ---------------------------------------------------------------- read
  // helpers

  rocksdb::ReadOptions Ro(const Snapshot* snapshot) const {
    rocksdb::ReadOptions ro;
    if (snapshot != nullptr)
      ro.snapshot = static_cast<const SnapshotImpl*>(snapshot)->get();
    return ro;
  }

  absl::StatusOr<bool> RawGet(int cf, const std::string& key,
                              std::string* value, const Snapshot* snapshot) {
    rocksdb::Status s = db_->Get(Ro(snapshot), handles_[cf], key, value);
    if (s.IsNotFound()) return false;
    if (!s.ok()) return FromRocks(s, "read");
    return true;
  }

  template <typename T>
  absl::StatusOr<T> GetDoc(int cf, const std::string& key,
                           absl::string_view resource,
                           const Snapshot* snapshot) {
    std::string value;
    absl::StatusOr<bool> found = RawGet(cf, key, &value, snapshot);
    if (!found.ok()) return found.status();
    if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
    return ParseAs<T>(value, resource);
  }

  // Walks keys in [lower, upper) (reverse: downwards), resuming after
  // `page.page_token`; emit returns whether the item counts towards the page.
  // Returns the next page token.
  absl::StatusOr<std::string> ScanPage(int cf, const std::string& lower,
                                       const std::string& upper,
                                       const PageRequest& page, bool reverse,
                                       const Snapshot* snapshot,
                                       const Emit& emit) {
    if (page.page_size < 0)
      return absl::InvalidArgumentError("page_size: must not be negative");
    int size = page.page_size == 0 ? kDefaultPageSize
                                   : std::min(page.page_size, kMaxPageSize);
    const std::string& token = page.page_token;
    if (!token.empty() && (token < lower || token >= upper)) {
      return absl::InvalidArgumentError(
          "page_token: does not belong to this query");
    }
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(Ro(snapshot), handles_[cf]));
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

  absl::StatusOr<std::string> ScanPrefix(int cf, const std::string& prefix,
                                         const PageRequest& page, bool reverse,
                                         const Snapshot* snapshot,
                                         const Emit& emit) {
    return ScanPage(cf, prefix, PrefixSuccessor(prefix), page, reverse,
                    snapshot, emit);
  }

  template <typename T>
  absl::StatusOr<Page<T>> ListDocs(int cf, const std::string& prefix,
                                   const PageRequest& page,
                                   const Snapshot* snapshot,
                                   absl::string_view what) {
    Page<T> out;
    absl::StatusOr<std::string> next = ScanPrefix(
        cf, prefix, page, false, snapshot,
        [&](absl::string_view, absl::string_view v) -> absl::StatusOr<bool> {
          absl::StatusOr<T> doc = ParseAs<T>(v, what);
          if (!doc.ok()) return doc.status();
          out.items.push_back(*std::move(doc));
          return true;
        });
    if (!next.ok()) return next.status();
    out.next_page_token = *next;
    return out;
  }

  absl::Status RequireSupplier(Txn& txn, absl::string_view supplier_id) {
    std::string value;
    absl::StatusOr<bool> found =
        txn.Get(kSuppliers, Key(txn.tenant, supplier_id), &value);
    if (!found.ok()) return found.status();
    if (!*found)
      return absl::NotFoundError(
          NotFoundMsg(absl::StrCat("suppliers/", supplier_id)));
    return absl::OkStatus();
  }

  absl::StatusOr<SupplierSummary> LoadSummary(Txn& txn,
                                              absl::string_view supplier_id) {
    SupplierSummary s;
    absl::StatusOr<bool> found =
        txn.GetMsg(kSummaries, Key(txn.tenant, supplier_id), &s, "summary");
    if (!found.ok()) return found.status();
    if (!*found)
      return absl::DataLossError(
          absl::StrCat("summary of suppliers/", supplier_id, " is missing"));
    return s;
  }

  // ---------------------------------------------------------------- templates

  absl::StatusOr<Template> PutTemplate(absl::string_view tenant,
                                       const Template& tmpl,
                                       const MutationContext& ctx,
                                       bool create) {
    absl::Status st = ValidateId("template.id", tmpl.id());
    if (!st.ok()) return st;
    if (tmpl.revision() < 1)
      return absl::InvalidArgumentError("template.revision: must be >= 1");
    std::string value = SerializeDeterministic(tmpl);
    absl::StatusOr<std::string> out = Mutate(
        tenant, ctx, Sha256Hex(value),
        [&](Txn& txn) -> absl::StatusOr<std::string> {
          std::string key = TemplateKey(txn.tenant, tmpl.id(), tmpl.revision());
          std::string resource = absl::StrCat("templates/", tmpl.id(),
                                              "/revisions/", tmpl.revision());
          Template stored;
          absl::StatusOr<bool> found =
              txn.GetMsg(kTemplates, key, &stored, resource);
          if (!found.ok()) return found.status();
          if (create && *found)
            return absl::AlreadyExistsError(
                absl::StrCat(resource, " already exists"));
          if (!create) {
            if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
            if (stored.state() == supplyrisk::v1::TEMPLATE_STATE_PUBLISHED) {
              return absl::FailedPreconditionError(absl::StrCat(
                  resource,
                  " is published and immutable; create a new revision"));
            }
          }
          txn.Put(kTemplates, key, value);
          txn.Audit(create ? "create" : "update", resource, Sha256Hex(value));
          return value;
        });
    if (!out.ok()) return out.status();
    return ParseAs<Template>(*out, "template");
  }

  absl::StatusOr<Template> CreateTemplate(absl::string_view tenant,
                                          const Template& tmpl,
                                          const MutationContext& ctx) override {
    return PutTemplate(tenant, tmpl, ctx, true);
  }
  absl::StatusOr<Template> UpdateTemplate(absl::string_view tenant,
                                          const Template& tmpl,
                                          const MutationContext& ctx) override {
    return PutTemplate(tenant, tmpl, ctx, false);
  }

  absl::StatusOr<Template> GetTemplate(absl::string_view tenant,
                                       absl::string_view template_id,
                                       int revision,
                                       const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (st.ok()) st = ValidateId("template_id", template_id);
    if (!st.ok()) return st;
    if (revision < 0)
      return absl::InvalidArgumentError("revision: must not be negative");
    if (revision > 0) {
      return GetDoc<Template>(
          kTemplates, TemplateKey(tenant, template_id, revision),
          absl::StrCat("templates/", template_id, "/revisions/", revision),
          snapshot);
    }
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(Ro(snapshot), handles_[kTemplates]));
    std::string prefix = Key(tenant, template_id);
    it->SeekForPrev(PrefixSuccessor(prefix));
    if (!it->status().ok()) return FromRocks(it->status(), "scan templates");
    if (!it->Valid() || !it->key().starts_with(prefix)) {
      return absl::NotFoundError(
          NotFoundMsg(absl::StrCat("templates/", template_id)));
    }
    return ParseAs<Template>(Sv(it->value()), "template");
  }

  absl::StatusOr<Page<Template>> ListTemplates(
      absl::string_view tenant, const PageRequest& page,
      const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (!st.ok()) return st;
    return ListDocs<Template>(kTemplates, TenantPrefix(tenant), page, snapshot,
                              "template");
  }

  // ---------------------------------------------------------------- suppliers

  absl::StatusOr<Supplier> CreateSupplier(absl::string_view tenant,
                                          absl::string_view supplier_id,
                                          const Supplier& supplier,
                                          const MutationContext& ctx) override {
    absl::Status st = ValidateId("supplier_id", supplier_id);
    if (!st.ok()) return st;
    Supplier doc = supplier;
    doc.set_name(absl::StrCat("suppliers/", supplier_id));
    doc.clear_etag();
    absl::StatusOr<std::string> out = Mutate(
        tenant, ctx, Sha256Hex(SerializeDeterministic(doc)),
        [&](Txn& txn) -> absl::StatusOr<std::string> {
          std::string key = Key(txn.tenant, supplier_id);
          std::string existing;
          absl::StatusOr<bool> found = txn.Get(kSuppliers, key, &existing);
          if (!found.ok()) return found.status();
          if (*found)
            return absl::AlreadyExistsError(
                absl::StrCat(doc.name(), " already exists"));
          Supplier d = doc;
          std::string value =
              StoreDoc(txn, kSuppliers, key, d.name(), &d, "create");
          SupplierSummary summary;
          summary.set_update_time_micros(ToMicros(txn.now));
          WriteSummary(txn, txn.tenant, supplier_id, nullptr, &summary);
          return value;
        });
    if (!out.ok()) return out.status();
    return ParseAs<Supplier>(*out, "supplier");
  }

  absl::StatusOr<Supplier> UpdateSupplier(absl::string_view tenant,
                                          absl::string_view supplier_id,
                                          const Supplier& supplier,
                                          absl::string_view expected_etag,
                                          const MutationContext& ctx) override {
    absl::Status st = ValidateId("supplier_id", supplier_id);
    if (!st.ok()) return st;
    Supplier doc = supplier;
    doc.set_name(absl::StrCat("suppliers/", supplier_id));
    doc.clear_etag();
    absl::StatusOr<std::string> out = Mutate(
        tenant, ctx, Sha256Hex(SerializeDeterministic(doc)),
        [&](Txn& txn) -> absl::StatusOr<std::string> {
          std::string key = Key(txn.tenant, supplier_id);
          Supplier stored;
          absl::StatusOr<bool> found =
              txn.GetMsg(kSuppliers, key, &stored, doc.name());
          if (!found.ok()) return found.status();
          if (!*found) return absl::NotFoundError(NotFoundMsg(doc.name()));
          absl::Status st = CheckEtag(doc.name(), stored.etag(), expected_etag);
          if (!st.ok()) return st;
          Supplier d = doc;
          std::string value =
              StoreDoc(txn, kSuppliers, key, d.name(), &d, "update");
          absl::StatusOr<SupplierSummary> before =
              LoadSummary(txn, supplier_id);
          if (!before.ok()) return before.status();
          SupplierSummary after = *before;
          after.set_update_time_micros(ToMicros(txn.now));
          WriteSummary(txn, txn.tenant, supplier_id, &*before, &after);
          return value;
        });
    if (!out.ok()) return out.status();
    return ParseAs<Supplier>(*out, "supplier");
  }

  // Deletes a relationship's document and both index entries.
  absl::Status RemoveRelationship(Txn& txn, const std::string& rel_id,
                                  const Relationship& rel) {
    absl::StatusOr<std::string> from =
        SupplierIdFromName("from_supplier", rel.from_supplier());
    absl::StatusOr<std::string> to =
        SupplierIdFromName("to_supplier", rel.to_supplier());
    if (!from.ok() || !to.ok())
      return absl::DataLossError("stored relationship has bad endpoints");
    txn.Delete(kRelationships, Key(txn.tenant, rel_id));
    txn.Delete(kIdxRelFrom, Key(txn.tenant, *from, *to, rel_id));
    txn.Delete(kIdxRelTo, Key(txn.tenant, *to, *from, rel_id));
    return absl::OkStatus();
  }

  absl::Status DeleteSupplier(absl::string_view tenant,
                              absl::string_view supplier_id,
                              absl::string_view expected_etag,
                              const MutationContext& ctx) override {
    absl::Status st = ValidateId("supplier_id", supplier_id);
    if (!st.ok()) return st;
    std::string resource = absl::StrCat("suppliers/", supplier_id);
    return Mutate(
               tenant, ctx, Sha256Hex(absl::StrCat("delete ", resource)),
               [&](Txn& txn) -> absl::StatusOr<std::string> {
                 const std::string& t = txn.tenant;
                 std::string key = Key(t, supplier_id);
                 Supplier stored;
                 absl::StatusOr<bool> found =
                     txn.GetMsg(kSuppliers, key, &stored, resource);
                 if (!found.ok()) return found.status();
                 if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
                 absl::Status st =
                     CheckEtag(resource, stored.etag(), expected_etag);
                 if (!st.ok()) return st;
                 std::map<std::string, int> removed;
                 for (int cf :
                      {kResponses, kSignals, kAssessments, kIdxAssessmentId}) {
                   auto rows = txn.Scan(cf, key);
                   if (!rows.ok()) return rows.status();
                   for (const auto& [k, v] : *rows) txn.Delete(cf, k);
                   if (cf != kIdxAssessmentId)
                     removed[CfName(cf)] = rows->size();
                 }
                 const std::string tp = TenantPrefix(t);
                 auto engagements = txn.Scan(kIdxEngagement, key);
                 if (!engagements.ok()) return engagements.status();
                 for (const auto& [k, v] : *engagements) {
                   std::string eid = LastComponent(k, tp, 1, 0);
                   txn.Delete(kIdxEngagement, k);
                   txn.Delete(kEngagements, Key(t, eid));
                   std::string r = absl::StrCat("engagements/", eid);
                   txn.Audit("delete", r, Sha256Hex(absl::StrCat("delete ", r)),
                             absl::StrCat("cascade from ", resource));
                 }
                 removed["engagements"] = engagements->size();
                 std::set<std::string> rel_ids;
                 for (int cf : {kIdxRelFrom, kIdxRelTo}) {
                   auto rows = txn.Scan(cf, key);
                   if (!rows.ok()) return rows.status();
                   for (const auto& [k, v] : *rows)
                     rel_ids.insert(LastComponent(k, tp, 2, 0));
                 }
                 for (const std::string& rid : rel_ids) {
                   Relationship rel;
                   absl::StatusOr<bool> f = txn.GetMsg(
                       kRelationships, Key(t, rid), &rel, "relationship");
                   if (!f.ok()) return f.status();
                   if (!*f)
                     return absl::DataLossError(absl::StrCat(
                         "index names missing relationships/", rid));
                   absl::Status rs = RemoveRelationship(txn, rid, rel);
                   if (!rs.ok()) return rs;
                   std::string r = absl::StrCat("relationships/", rid);
                   txn.Audit("delete", r, Sha256Hex(absl::StrCat("delete ", r)),
                             absl::StrCat("cascade from ", resource));
                 }
                 removed["relationships"] = rel_ids.size();
                 absl::StatusOr<SupplierSummary> before =
                     LoadSummary(txn, supplier_id);
                 if (!before.ok()) return before.status();
                 WriteSummary(txn, t, supplier_id, &*before, nullptr);
                 txn.Delete(kSuppliers, key);
                 std::string detail;
                 for (const auto& [k, n] : removed)
                   absl::StrAppend(&detail, detail.empty() ? "" : " ", k, "=",
                                   n);
                 txn.Audit("delete", resource,
                           Sha256Hex(absl::StrCat("delete ", resource)),
                           detail);
                 return std::string();
               })
        .status();
  }

  absl::StatusOr<Supplier> GetSupplier(absl::string_view tenant,
                                       absl::string_view supplier_id,
                                       const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (st.ok()) st = ValidateId("supplier_id", supplier_id);
    if (!st.ok()) return st;
    return GetDoc<Supplier>(kSuppliers, Key(tenant, supplier_id),
                            absl::StrCat("suppliers/", supplier_id), snapshot);
  }

  absl::StatusOr<SupplierSummary> GetSupplierSummary(
      absl::string_view tenant, absl::string_view supplier_id,
      const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (st.ok()) st = ValidateId("supplier_id", supplier_id);
    if (!st.ok()) return st;
    return GetDoc<SupplierSummary>(kSummaries, Key(tenant, supplier_id),
                                   absl::StrCat("suppliers/", supplier_id),
                                   snapshot);
  }

  absl::StatusOr<Page<SupplierRecord>> ListSuppliers(
      absl::string_view tenant, const SupplierQuery& query,
      const PageRequest& page, const Snapshot* snapshot) override {
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
          return absl::InvalidArgumentError(
              "min_score/max_score: must be numbers");
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
    }
    Page<SupplierRecord> out;
    if (lower >= upper) return out;
    absl::StatusOr<std::string> next = ScanPage(
        cf, lower, upper, page, false, snapshot,
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
            absl::StatusOr<Supplier> s =
                GetDoc<Supplier>(kSuppliers, Key(tenant, id),
                                 absl::StrCat("suppliers/", id), snapshot);
            if (!s.ok())
              return absl::DataLossError(
                  absl::StrCat("index entry names missing suppliers/", id));
            rec.supplier = *std::move(s);
          }
          absl::StatusOr<SupplierSummary> sum = GetDoc<SupplierSummary>(
              kSummaries, Key(tenant, id),
              absl::StrCat("summary of suppliers/", id), snapshot);
          if (!sum.ok()) return absl::DataLossError(sum.status().message());
          rec.summary = *std::move(sum);
          out.items.push_back(std::move(rec));
          return true;
        });
    if (!next.ok()) return next.status();
    out.next_page_token = *next;
    return out;
  }

  // ---------------------------------------------------------------- responses

  absl::StatusOr<Response> PutResponse(absl::string_view tenant,
                                       absl::string_view supplier_id,
                                       absl::string_view response_id,
                                       const Response& response,
                                       absl::string_view expected_etag,
                                       const MutationContext& ctx,
                                       bool create) {
    absl::Status st = ValidateId("supplier_id", supplier_id);
    if (st.ok()) st = ValidateId("response_id", response_id);
    if (!st.ok()) return st;
    Response doc = response;
    doc.set_name(
        absl::StrCat("suppliers/", supplier_id, "/responses/", response_id));
    doc.clear_etag();
    absl::StatusOr<std::string> out =
        Mutate(tenant, ctx, Sha256Hex(SerializeDeterministic(doc)),
               [&](Txn& txn) -> absl::StatusOr<std::string> {
                 absl::Status st = RequireSupplier(txn, supplier_id);
                 if (!st.ok()) return st;
                 std::string key = Key(txn.tenant, supplier_id, response_id);
                 Response stored;
                 absl::StatusOr<bool> found =
                     txn.GetMsg(kResponses, key, &stored, doc.name());
                 if (!found.ok()) return found.status();
                 if (create && *found)
                   return absl::AlreadyExistsError(
                       absl::StrCat(doc.name(), " already exists"));
                 if (!create) {
                   if (!*found)
                     return absl::NotFoundError(NotFoundMsg(doc.name()));
                   st = CheckEtag(doc.name(), stored.etag(), expected_etag);
                   if (!st.ok()) return st;
                 }
                 Response d = doc;
                 return StoreDoc(txn, kResponses, key, d.name(), &d,
                                 create ? "create" : "update");
               });
    if (!out.ok()) return out.status();
    return ParseAs<Response>(*out, "response");
  }

  absl::StatusOr<Response> CreateResponse(absl::string_view tenant,
                                          absl::string_view supplier_id,
                                          absl::string_view response_id,
                                          const Response& response,
                                          const MutationContext& ctx) override {
    return PutResponse(tenant, supplier_id, response_id, response, "", ctx,
                       true);
  }
  absl::StatusOr<Response> UpdateResponse(absl::string_view tenant,
                                          absl::string_view supplier_id,
                                          absl::string_view response_id,
                                          const Response& response,
                                          absl::string_view expected_etag,
                                          const MutationContext& ctx) override {
    return PutResponse(tenant, supplier_id, response_id, response,
                       expected_etag, ctx, false);
  }
  absl::StatusOr<Response> GetResponse(absl::string_view tenant,
                                       absl::string_view supplier_id,
                                       absl::string_view response_id,
                                       const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (st.ok()) st = ValidateId("supplier_id", supplier_id);
    if (st.ok()) st = ValidateId("response_id", response_id);
    if (!st.ok()) return st;
    return GetDoc<Response>(
        kResponses, Key(tenant, supplier_id, response_id),
        absl::StrCat("suppliers/", supplier_id, "/responses/", response_id),
        snapshot);
  }
  absl::StatusOr<Page<Response>> ListResponses(
      absl::string_view tenant, absl::string_view supplier_id,
      const PageRequest& page, const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (st.ok()) st = ValidateId("supplier_id", supplier_id);
    if (!st.ok()) return st;
    return ListDocs<Response>(kResponses, Key(tenant, supplier_id), page,
                              snapshot, "response");
  }

  // ---------------------------------------------------------------- signals

  absl::StatusOr<ImportResult> ImportSignals(
      absl::string_view tenant, absl::string_view supplier_id,
      const std::vector<Signal>& signals, const MutationContext& ctx) override {
    absl::Status st = ValidateId("supplier_id", supplier_id);
    if (!st.ok()) return st;
    std::vector<Signal> input = signals;
    Sha256 request;
    for (size_t i = 0; i < input.size(); ++i) {
      Signal& s = input[i];
      std::string field = absl::StrCat("signals[", i, "]");
      if (!supplyrisk::v1::Factor_IsValid(s.factor()) ||
          s.factor() == supplyrisk::v1::FACTOR_UNSPECIFIED) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".factor: must be a known factor"));
      }
      if (s.issue_type().empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".issue_type: required"));
      }
      if (!s.has_observed_at()) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".observed_at: required"));
      }
      if (s.id().empty()) {
        s.set_id(absl::StrCat(supplyrisk::v1::Factor_Name(s.factor()), "/",
                              s.issue_type(), "/", s.asset()));
      }
      if (s.id().size() > 1024) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".id: longer than 1024 bytes"));
      }
      if (!s.has_last_observed_at() ||
          TsMicros(s.last_observed_at()) < TsMicros(s.observed_at())) {
        *s.mutable_last_observed_at() = s.observed_at();
      }
      s.set_supplier(absl::StrCat("suppliers/", supplier_id));
      request.UpdateField(SerializeDeterministic(s));
    }
    ImportResult result;
    absl::StatusOr<std::string> out = Mutate(
        tenant, ctx, request.HexDigest(),
        [&](Txn& txn) -> absl::StatusOr<std::string> {
          result = ImportResult();
          absl::Status st = RequireSupplier(txn, supplier_id);
          if (!st.ok()) return st;
          absl::StatusOr<SupplierSummary> before =
              LoadSummary(txn, supplier_id);
          if (!before.ok()) return before.status();
          SupplierSummary after = *before;
          auto& open = *after.mutable_open_issues();
          Sha256 change;
          for (const Signal& in : input) {
            std::string key = SignalKey(txn.tenant, supplier_id, in.factor(),
                                        in.issue_type(), in.id());
            Signal stored;
            absl::StatusOr<bool> found =
                txn.GetMsg(kSignals, key, &stored, "signal");
            if (!found.ok()) return found.status();
            Signal rec;
            bool was_open = false;
            if (!*found) {
              rec = in;
              ++result.created;
            } else {
              was_open = !stored.has_resolved_at();
              rec = stored;
              bool newer = TsMicros(in.last_observed_at()) >=
                           TsMicros(stored.last_observed_at());
              if (newer) {
                rec.set_severity(in.severity());
                rec.set_asset(in.asset());
                rec.set_source(in.source());
                rec.set_cve(in.cve());
                rec.set_detail(in.detail());
                *rec.mutable_last_observed_at() = in.last_observed_at();
              }
              if (TsMicros(in.observed_at()) < TsMicros(stored.observed_at())) {
                *rec.mutable_observed_at() = in.observed_at();
              }
              if (in.has_resolved_at())
                *rec.mutable_resolved_at() = in.resolved_at();
            }
            // Seen again after its resolution: open again.
            if (rec.has_resolved_at() && TsMicros(rec.last_observed_at()) >
                                             TsMicros(rec.resolved_at())) {
              rec.clear_resolved_at();
            }
            bool is_open = !rec.has_resolved_at();
            if (*found) {
              if (was_open && !is_open) {
                ++result.resolved;
              } else if (!was_open && is_open) {
                ++result.reopened;
              } else if (SerializeDeterministic(rec) !=
                         SerializeDeterministic(stored)) {
                ++result.updated;
              }
            }
            int delta = (is_open ? 1 : 0) - (was_open ? 1 : 0);
            if (delta != 0) {
              int n = open[rec.issue_type()] + delta;
              if (n > 0) {
                open[rec.issue_type()] = n;
              } else {
                open.erase(rec.issue_type());
              }
            }
            std::string value = SerializeDeterministic(rec);
            txn.Put(kSignals, key, value);
            change.UpdateField(value);
            result.signals.push_back(std::move(rec));
          }
          after.set_update_time_micros(ToMicros(txn.now));
          WriteSummary(txn, txn.tenant, supplier_id, &*before, &after);
          txn.Audit("import",
                    absl::StrCat("suppliers/", supplier_id, "/signals"),
                    change.HexDigest(), absl::StrCat("signals=", input.size()));
          // The counters and records travel through the idempotency record, so
          // encode them all.
          std::string encoded;
          for (const Signal& s : result.signals) {
            std::string one = SerializeDeterministic(s);
            AppendUint64(&encoded, one.size());
            encoded += one;
          }
          std::string header;
          AppendUint32(&header, result.created);
          AppendUint32(&header, result.updated);
          AppendUint32(&header, result.resolved);
          AppendUint32(&header, result.reopened);
          return header + encoded;
        });
    if (!out.ok()) return out.status();
    ImportResult decoded;
    absl::string_view in(*out);
    uint32_t c, u, r, o;
    if (!ConsumeUint32(&in, &c) || !ConsumeUint32(&in, &u) ||
        !ConsumeUint32(&in, &r) || !ConsumeUint32(&in, &o)) {
      return absl::DataLossError("stored import result does not parse");
    }
    decoded.created = c;
    decoded.updated = u;
    decoded.resolved = r;
    decoded.reopened = o;
    while (!in.empty()) {
      uint64_t n;
      if (!ConsumeUint64(&in, &n) || n > in.size()) {
        return absl::DataLossError("stored import result does not parse");
      }
      absl::StatusOr<Signal> s = ParseAs<Signal>(in.substr(0, n), "signal");
      if (!s.ok()) return s.status();
      decoded.signals.push_back(*std::move(s));
      in.remove_prefix(n);
    }
    return decoded;
  }

  absl::StatusOr<Page<Signal>> ListSignals(absl::string_view tenant,
                                           absl::string_view supplier_id,
                                           const SignalFilter& filter,
                                           const PageRequest& page,
                                           const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (st.ok()) st = ValidateId("supplier_id", supplier_id);
    if (!st.ok()) return st;
    std::string prefix = Key(tenant, supplier_id);
    if (filter.factor != supplyrisk::v1::FACTOR_UNSPECIFIED) {
      AppendUint32(&prefix, static_cast<uint32_t>(filter.factor));
      if (!filter.issue_type.empty()) AppendString(&prefix, filter.issue_type);
    } else if (!filter.issue_type.empty()) {
      return absl::InvalidArgumentError(
          "issue_type: filtering by issue type needs a factor");
    }
    Page<Signal> out;
    absl::StatusOr<std::string> next = ScanPrefix(
        kSignals, prefix, page, false, snapshot,
        [&](absl::string_view, absl::string_view v) -> absl::StatusOr<bool> {
          absl::StatusOr<Signal> s = ParseAs<Signal>(v, "signal");
          if (!s.ok()) return s.status();
          if (filter.open_only && s->has_resolved_at()) return false;
          out.items.push_back(*std::move(s));
          return true;
        });
    if (!next.ok()) return next.status();
    out.next_page_token = *next;
    return out;
  }

  // ----------------------------------------------------------------
  // assessments

  absl::StatusOr<Assessment> CreateAssessment(
      absl::string_view tenant, absl::string_view supplier_id,
      absl::string_view assessment_id, const Assessment& assessment,
      const MutationContext& ctx) override {
    absl::Status st = ValidateId("supplier_id", supplier_id);
    if (st.ok()) st = ValidateId("assessment_id", assessment_id);
    if (!st.ok()) return st;
    if (std::isnan(assessment.overall_score())) {
      return absl::InvalidArgumentError(
          "assessment.overall_score: must be a number");
    }
    Assessment doc = assessment;
    doc.set_name(absl::StrCat("suppliers/", supplier_id, "/assessments/",
                              assessment_id));
    doc.set_supplier(absl::StrCat("suppliers/", supplier_id));
    absl::StatusOr<std::string> out = Mutate(
        tenant, ctx, Sha256Hex(SerializeDeterministic(doc)),
        [&](Txn& txn) -> absl::StatusOr<std::string> {
          const std::string& t = txn.tenant;
          absl::Status st = RequireSupplier(txn, supplier_id);
          if (!st.ok()) return st;
          std::string id_key = Key(t, supplier_id, assessment_id);
          std::string existing;
          absl::StatusOr<bool> found =
              txn.Get(kIdxAssessmentId, id_key, &existing);
          if (!found.ok()) return found.status();
          if (*found)
            return absl::AlreadyExistsError(
                absl::StrCat(doc.name(), " already exists"));
          Assessment d = doc;
          if (!d.has_as_of()) *d.mutable_as_of() = MicrosTs(ToMicros(txn.now));
          int64_t as_of = TsMicros(d.as_of());
          std::string value = SerializeDeterministic(d);
          txn.Put(kAssessments,
                  AssessmentKey(t, supplier_id, as_of, assessment_id), value);
          std::string micros;
          AppendInt64(&micros, as_of);
          txn.Put(kIdxAssessmentId, id_key, micros);
          absl::StatusOr<SupplierSummary> before =
              LoadSummary(txn, supplier_id);
          if (!before.ok()) return before.status();
          SupplierSummary after = *before;
          bool latest = !before->has_assessment() ||
                        std::make_pair(as_of, std::string(assessment_id)) >
                            std::make_pair(before->latest_as_of_micros(),
                                           before->latest_assessment_id());
          if (latest) {
            after.set_has_assessment(true);
            after.set_grade(d.grade());
            after.set_outcome(d.decision().outcome());
            after.set_overall_score(d.overall_score());
            after.set_latest_as_of_micros(as_of);
            after.set_latest_assessment_id(std::string(assessment_id));
          }
          after.set_assessment_count(before->assessment_count() + 1);
          after.set_update_time_micros(ToMicros(txn.now));
          WriteSummary(txn, t, supplier_id, &*before, &after);
          txn.Audit("create", d.name(), Sha256Hex(value));
          return value;
        });
    if (!out.ok()) return out.status();
    return ParseAs<Assessment>(*out, "assessment");
  }

  absl::StatusOr<Assessment> GetAssessment(absl::string_view tenant,
                                           absl::string_view supplier_id,
                                           absl::string_view assessment_id,
                                           const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (st.ok()) st = ValidateId("supplier_id", supplier_id);
    if (st.ok()) st = ValidateId("assessment_id", assessment_id);
    if (!st.ok()) return st;
    std::unique_ptr<Snapshot> own;
    if (snapshot == nullptr) {
      own = GetSnapshot();
      snapshot = own.get();
    }
    std::string resource =
        absl::StrCat("suppliers/", supplier_id, "/assessments/", assessment_id);
    std::string micros;
    absl::StatusOr<bool> found =
        RawGet(kIdxAssessmentId, Key(tenant, supplier_id, assessment_id),
               &micros, snapshot);
    if (!found.ok()) return found.status();
    if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
    absl::string_view in(micros);
    int64_t as_of;
    if (!ConsumeInt64(&in, &as_of))
      return absl::DataLossError("assessment id index is corrupt");
    absl::StatusOr<Assessment> a = GetDoc<Assessment>(
        kAssessments, AssessmentKey(tenant, supplier_id, as_of, assessment_id),
        resource, snapshot);
    if (absl::IsNotFound(a.status())) {
      return absl::DataLossError(
          absl::StrCat("index names missing ", resource));
    }
    return a;
  }

  absl::StatusOr<Assessment> GetLatestAssessment(
      absl::string_view tenant, absl::string_view supplier_id,
      const Snapshot* snapshot) override {
    PageRequest one;
    one.page_size = 1;
    absl::StatusOr<Page<Assessment>> page =
        ListAssessments(tenant, supplier_id, one, snapshot);
    if (!page.ok()) return page.status();
    if (page->items.empty()) {
      return absl::NotFoundError(
          absl::StrCat("suppliers/", supplier_id, " has no assessment"));
    }
    return page->items[0];
  }

  absl::StatusOr<Page<Assessment>> ListAssessments(
      absl::string_view tenant, absl::string_view supplier_id,
      const PageRequest& page, const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (st.ok()) st = ValidateId("supplier_id", supplier_id);
    if (!st.ok()) return st;
    Page<Assessment> out;
    absl::StatusOr<std::string> next = ScanPrefix(
        kAssessments, Key(tenant, supplier_id), page, /*reverse=*/true,
        snapshot,
        [&](absl::string_view, absl::string_view v) -> absl::StatusOr<bool> {
          absl::StatusOr<Assessment> a = ParseAs<Assessment>(v, "assessment");
          if (!a.ok()) return a.status();
          out.items.push_back(*std::move(a));
          return true;
        });
    if (!next.ok()) return next.status();
    out.next_page_token = *next;
    return out;
  }

  absl::StatusOr<std::vector<ScorePoint>> ScoreTrend(
      absl::string_view tenant, absl::string_view supplier_id, absl::Time from,
      absl::Time to, const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (st.ok()) st = ValidateId("supplier_id", supplier_id);
    if (!st.ok()) return st;
    std::string prefix = Key(tenant, supplier_id);
    std::string lower = prefix, upper = prefix;
    AppendInt64(&lower, ToMicros(from));
    AppendInt64(&upper, ToMicros(to));
    std::vector<ScorePoint> out;
    if (lower >= upper) return out;
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(Ro(snapshot), handles_[kAssessments]));
    for (it->Seek(lower); it->Valid() && it->key().compare(upper) < 0;
         it->Next()) {
      absl::StatusOr<Assessment> a =
          ParseAs<Assessment>(Sv(it->value()), "assessment");
      if (!a.ok()) return a.status();
      ScorePoint p;
      p.as_of = absl::FromUnixMicros(TsMicros(a->as_of()));
      p.assessment_id = a->name().substr(a->name().rfind('/') + 1);
      p.overall_score = a->overall_score();
      p.grade = a->grade();
      out.push_back(std::move(p));
    }
    if (!it->status().ok()) return FromRocks(it->status(), "scan assessments");
    return out;
  }

  // ----------------------------------------------------------------
  // engagements

  absl::StatusOr<Engagement> PutEngagement(absl::string_view tenant,
                                           absl::string_view engagement_id,
                                           const Engagement& engagement,
                                           absl::string_view expected_etag,
                                           const MutationContext& ctx,
                                           bool create) {
    absl::Status st = ValidateId("engagement_id", engagement_id);
    if (!st.ok()) return st;
    absl::StatusOr<std::string> supplier =
        SupplierIdFromName("engagement.supplier", engagement.supplier());
    if (!supplier.ok()) return supplier.status();
    Engagement doc = engagement;
    doc.set_name(absl::StrCat("engagements/", engagement_id));
    doc.clear_etag();
    absl::StatusOr<std::string> out =
        Mutate(tenant, ctx, Sha256Hex(SerializeDeterministic(doc)),
               [&](Txn& txn) -> absl::StatusOr<std::string> {
                 const std::string& t = txn.tenant;
                 absl::Status st = RequireSupplier(txn, *supplier);
                 if (!st.ok()) return st;
                 std::string key = Key(t, engagement_id);
                 Engagement stored;
                 absl::StatusOr<bool> found =
                     txn.GetMsg(kEngagements, key, &stored, doc.name());
                 if (!found.ok()) return found.status();
                 if (create && *found)
                   return absl::AlreadyExistsError(
                       absl::StrCat(doc.name(), " already exists"));
                 if (!create) {
                   if (!*found)
                     return absl::NotFoundError(NotFoundMsg(doc.name()));
                   st = CheckEtag(doc.name(), stored.etag(), expected_etag);
                   if (!st.ok()) return st;
                   absl::StatusOr<std::string> old =
                       SupplierIdFromName("supplier", stored.supplier());
                   if (!old.ok())
                     return absl::DataLossError(
                         "stored engagement has a bad supplier");
                   txn.Delete(kIdxEngagement, Key(t, *old, engagement_id));
                 }
                 txn.Put(kIdxEngagement, Key(t, *supplier, engagement_id), "");
                 Engagement d = doc;
                 return StoreDoc(txn, kEngagements, key, d.name(), &d,
                                 create ? "create" : "update");
               });
    if (!out.ok()) return out.status();
    return ParseAs<Engagement>(*out, "engagement");
  }

  absl::StatusOr<Engagement> CreateEngagement(
      absl::string_view tenant, absl::string_view engagement_id,
      const Engagement& engagement, const MutationContext& ctx) override {
    return PutEngagement(tenant, engagement_id, engagement, "", ctx, true);
  }
  absl::StatusOr<Engagement> UpdateEngagement(
      absl::string_view tenant, absl::string_view engagement_id,
      const Engagement& engagement, absl::string_view expected_etag,
      const MutationContext& ctx) override {
    return PutEngagement(tenant, engagement_id, engagement, expected_etag, ctx,
                         false);
  }
  absl::Status DeleteEngagement(absl::string_view tenant,
                                absl::string_view engagement_id,
                                absl::string_view expected_etag,
                                const MutationContext& ctx) override {
    absl::Status st = ValidateId("engagement_id", engagement_id);
    if (!st.ok()) return st;
    std::string resource = absl::StrCat("engagements/", engagement_id);
    return Mutate(tenant, ctx, Sha256Hex(absl::StrCat("delete ", resource)),
                  [&](Txn& txn) -> absl::StatusOr<std::string> {
                    std::string key = Key(txn.tenant, engagement_id);
                    Engagement stored;
                    absl::StatusOr<bool> found =
                        txn.GetMsg(kEngagements, key, &stored, resource);
                    if (!found.ok()) return found.status();
                    if (!*found)
                      return absl::NotFoundError(NotFoundMsg(resource));
                    absl::Status st =
                        CheckEtag(resource, stored.etag(), expected_etag);
                    if (!st.ok()) return st;
                    absl::StatusOr<std::string> old =
                        SupplierIdFromName("supplier", stored.supplier());
                    if (!old.ok())
                      return absl::DataLossError(
                          "stored engagement has a bad supplier");
                    txn.Delete(kIdxEngagement,
                               Key(txn.tenant, *old, engagement_id));
                    txn.Delete(kEngagements, key);
                    txn.Audit("delete", resource,
                              Sha256Hex(absl::StrCat("delete ", resource)));
                    return std::string();
                  })
        .status();
  }
  absl::StatusOr<Engagement> GetEngagement(absl::string_view tenant,
                                           absl::string_view engagement_id,
                                           const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (st.ok()) st = ValidateId("engagement_id", engagement_id);
    if (!st.ok()) return st;
    return GetDoc<Engagement>(kEngagements, Key(tenant, engagement_id),
                              absl::StrCat("engagements/", engagement_id),
                              snapshot);
  }
  absl::StatusOr<Page<Engagement>> ListEngagements(
      absl::string_view tenant, absl::string_view supplier_id,
      const PageRequest& page, const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (!st.ok()) return st;
    if (supplier_id.empty()) {
      return ListDocs<Engagement>(kEngagements, TenantPrefix(tenant), page,
                                  snapshot, "engagement");
    }
    st = ValidateId("supplier_id", supplier_id);
    if (!st.ok()) return st;
    return ListByIndex<Engagement>(kIdxEngagement, Key(tenant, supplier_id), 1,
                                   kEngagements, "engagements/", tenant, page,
                                   snapshot);
  }

  // Pages through an index whose last key component is the id of a document in
  // `doc_cf`.
  template <typename T>
  absl::StatusOr<Page<T>> ListByIndex(int index_cf, const std::string& prefix,
                                      int skip_strings, int doc_cf,
                                      absl::string_view collection,
                                      absl::string_view tenant,
                                      const PageRequest& page,
                                      const Snapshot* snapshot) {
    std::unique_ptr<Snapshot> own;
    if (snapshot == nullptr) {
      own = GetSnapshot();
      snapshot = own.get();
    }
    const std::string tp = TenantPrefix(tenant);
    Page<T> out;
    absl::StatusOr<std::string> next = ScanPrefix(
        index_cf, prefix, page, false, snapshot,
        [&](absl::string_view k, absl::string_view) -> absl::StatusOr<bool> {
          std::string id = LastComponent(k, tp, skip_strings, 0);
          absl::StatusOr<T> doc = GetDoc<T>(
              doc_cf, Key(tenant, id), absl::StrCat(collection, id), snapshot);
          if (!doc.ok()) {
            return absl::DataLossError(
                absl::StrCat("index entry names missing ", collection, id));
          }
          out.items.push_back(*std::move(doc));
          return true;
        });
    if (!next.ok()) return next.status();
    out.next_page_token = *next;
    return out;
  }

  // ----------------------------------------------------------------
  // relationships

  absl::StatusOr<Relationship> PutRelationship(
      absl::string_view tenant, absl::string_view relationship_id,
      const Relationship& relationship, absl::string_view expected_etag,
      const MutationContext& ctx, bool create) {
    absl::Status st = ValidateId("relationship_id", relationship_id);
    if (!st.ok()) return st;
    absl::StatusOr<std::string> from = SupplierIdFromName(
        "relationship.from_supplier", relationship.from_supplier());
    if (!from.ok()) return from.status();
    absl::StatusOr<std::string> to = SupplierIdFromName(
        "relationship.to_supplier", relationship.to_supplier());
    if (!to.ok()) return to.status();
    if (*from == *to) {
      return absl::InvalidArgumentError(
          "relationship.to_supplier: a supplier cannot subcontract to itself");
    }
    Relationship doc = relationship;
    doc.set_name(absl::StrCat("relationships/", relationship_id));
    doc.clear_etag();
    absl::StatusOr<std::string> out =
        Mutate(tenant, ctx, Sha256Hex(SerializeDeterministic(doc)),
               [&](Txn& txn) -> absl::StatusOr<std::string> {
                 const std::string& t = txn.tenant;
                 absl::Status st = RequireSupplier(txn, *from);
                 if (st.ok()) st = RequireSupplier(txn, *to);
                 if (!st.ok()) return st;
                 std::string key = Key(t, relationship_id);
                 Relationship stored;
                 absl::StatusOr<bool> found =
                     txn.GetMsg(kRelationships, key, &stored, doc.name());
                 if (!found.ok()) return found.status();
                 if (create && *found)
                   return absl::AlreadyExistsError(
                       absl::StrCat(doc.name(), " already exists"));
                 if (!create) {
                   if (!*found)
                     return absl::NotFoundError(NotFoundMsg(doc.name()));
                   st = CheckEtag(doc.name(), stored.etag(), expected_etag);
                   if (st.ok())
                     st = RemoveRelationship(txn, std::string(relationship_id),
                                             stored);
                   if (!st.ok()) return st;
                 }
                 txn.Put(kIdxRelFrom, Key(t, *from, *to, relationship_id), "");
                 txn.Put(kIdxRelTo, Key(t, *to, *from, relationship_id), "");
                 Relationship d = doc;
                 return StoreDoc(txn, kRelationships, key, d.name(), &d,
                                 create ? "create" : "update");
               });
    if (!out.ok()) return out.status();
    return ParseAs<Relationship>(*out, "relationship");
  }

  absl::StatusOr<Relationship> CreateRelationship(
      absl::string_view tenant, absl::string_view relationship_id,
      const Relationship& relationship, const MutationContext& ctx) override {
    return PutRelationship(tenant, relationship_id, relationship, "", ctx,
                           true);
  }
  absl::StatusOr<Relationship> UpdateRelationship(
      absl::string_view tenant, absl::string_view relationship_id,
      const Relationship& relationship, absl::string_view expected_etag,
      const MutationContext& ctx) override {
    return PutRelationship(tenant, relationship_id, relationship, expected_etag,
                           ctx, false);
  }
  absl::Status DeleteRelationship(absl::string_view tenant,
                                  absl::string_view relationship_id,
                                  absl::string_view expected_etag,
                                  const MutationContext& ctx) override {
    absl::Status st = ValidateId("relationship_id", relationship_id);
    if (!st.ok()) return st;
    std::string resource = absl::StrCat("relationships/", relationship_id);
    return Mutate(tenant, ctx, Sha256Hex(absl::StrCat("delete ", resource)),
                  [&](Txn& txn) -> absl::StatusOr<std::string> {
                    Relationship stored;
                    absl::StatusOr<bool> found = txn.GetMsg(
                        kRelationships, Key(txn.tenant, relationship_id),
                        &stored, resource);
                    if (!found.ok()) return found.status();
                    if (!*found)
                      return absl::NotFoundError(NotFoundMsg(resource));
                    absl::Status st =
                        CheckEtag(resource, stored.etag(), expected_etag);
                    if (st.ok())
                      st = RemoveRelationship(txn, std::string(relationship_id),
                                              stored);
                    if (!st.ok()) return st;
                    txn.Audit("delete", resource,
                              Sha256Hex(absl::StrCat("delete ", resource)));
                    return std::string();
                  })
        .status();
  }
  absl::StatusOr<Relationship> GetRelationship(
      absl::string_view tenant, absl::string_view relationship_id,
      const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (st.ok()) st = ValidateId("relationship_id", relationship_id);
    if (!st.ok()) return st;
    return GetDoc<Relationship>(kRelationships, Key(tenant, relationship_id),
                                absl::StrCat("relationships/", relationship_id),
                                snapshot);
  }
  absl::StatusOr<Page<Relationship>> ListSubcontractors(
      absl::string_view tenant, absl::string_view supplier_id,
      const PageRequest& page, const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (st.ok()) st = ValidateId("supplier_id", supplier_id);
    if (!st.ok()) return st;
    return ListByIndex<Relationship>(kIdxRelFrom, Key(tenant, supplier_id), 2,
                                     kRelationships, "relationships/", tenant,
                                     page, snapshot);
  }
  absl::StatusOr<Page<Relationship>> ListContractors(
      absl::string_view tenant, absl::string_view supplier_id,
      const PageRequest& page, const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (st.ok()) st = ValidateId("supplier_id", supplier_id);
    if (!st.ok()) return st;
    return ListByIndex<Relationship>(kIdxRelTo, Key(tenant, supplier_id), 2,
                                     kRelationships, "relationships/", tenant,
                                     page, snapshot);
  }

  // ---------------------------------------------------------------- jobs

  absl::StatusOr<Job> PutJob(absl::string_view tenant, absl::string_view job_id,
                             const Job& job, absl::string_view expected_etag,
                             const MutationContext& ctx, bool create) {
    absl::Status st = ValidateId("job_id", job_id);
    if (!st.ok()) return st;
    Job doc = job;
    doc.set_name(absl::StrCat("jobs/", job_id));
    doc.clear_etag();
    doc.clear_create_time();
    doc.clear_update_time();
    absl::StatusOr<std::string> out =
        Mutate(tenant, ctx, Sha256Hex(SerializeDeterministic(doc)),
               [&](Txn& txn) -> absl::StatusOr<std::string> {
                 std::string key = Key(txn.tenant, job_id);
                 Job stored;
                 absl::StatusOr<bool> found =
                     txn.GetMsg(kJobs, key, &stored, doc.name());
                 if (!found.ok()) return found.status();
                 Job d = doc;
                 if (create) {
                   if (*found)
                     return absl::AlreadyExistsError(
                         absl::StrCat(doc.name(), " already exists"));
                   *d.mutable_create_time() = MicrosTs(ToMicros(txn.now));
                 } else {
                   if (!*found)
                     return absl::NotFoundError(NotFoundMsg(doc.name()));
                   absl::Status st =
                       CheckEtag(doc.name(), stored.etag(), expected_etag);
                   if (!st.ok()) return st;
                   *d.mutable_create_time() = stored.create_time();
                 }
                 *d.mutable_update_time() = MicrosTs(ToMicros(txn.now));
                 return StoreDoc(txn, kJobs, key, d.name(), &d,
                                 create ? "create" : "update");
               });
    if (!out.ok()) return out.status();
    return ParseAs<Job>(*out, "job");
  }
  absl::StatusOr<Job> CreateJob(absl::string_view tenant,
                                absl::string_view job_id, const Job& job,
                                const MutationContext& ctx) override {
    return PutJob(tenant, job_id, job, "", ctx, true);
  }
  absl::StatusOr<Job> UpdateJob(absl::string_view tenant,
                                absl::string_view job_id, const Job& job,
                                absl::string_view expected_etag,
                                const MutationContext& ctx) override {
    return PutJob(tenant, job_id, job, expected_etag, ctx, false);
  }
  absl::StatusOr<Job> GetJob(absl::string_view tenant, absl::string_view job_id,
                             const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (st.ok()) st = ValidateId("job_id", job_id);
    if (!st.ok()) return st;
    return GetDoc<Job>(kJobs, Key(tenant, job_id),
                       absl::StrCat("jobs/", job_id), snapshot);
  }
  absl::StatusOr<Page<Job>> ListJobs(absl::string_view tenant,
                                     const PageRequest& page,
                                     const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (!st.ok()) return st;
    return ListDocs<Job>(kJobs, TenantPrefix(tenant), page, snapshot, "job");
  }

  // ---------------------------------------------------------------- tenant

  absl::Status DeleteTenant(absl::string_view tenant,
                            const MutationContext& ctx) override {
    return Mutate(tenant, ctx, Sha256Hex("delete tenant"),
                  [&](Txn& txn) -> absl::StatusOr<std::string> {
                    std::string prefix = TenantPrefix(txn.tenant);
                    std::string detail;
                    for (int cf = 0; cf < kNumCfs; ++cf) {
                      if (cf == kMeta || cf == kAudit) continue;
                      auto rows = txn.Scan(cf, prefix);
                      if (!rows.ok()) return rows.status();
                      for (const auto& [k, v] : *rows) txn.Delete(cf, k);
                      if (!rows->empty() && cf < kIdxGrade) {
                        absl::StrAppend(&detail, detail.empty() ? "" : " ",
                                        CfName(cf), "=", rows->size());
                      }
                    }
                    txn.Audit("delete_tenant", "tenant",
                              Sha256Hex("delete tenant"), detail);
                    return std::string();
                  })
        .status();
  }

  // ---------------------------------------------------------------- audit

  absl::StatusOr<std::vector<AuditEntry>> ListAudit(
      absl::string_view tenant, uint64_t after_sequence, int limit,
      const Snapshot* snapshot) override {
    absl::Status st = ValidateTenant(tenant);
    if (!st.ok()) return st;
    if (limit <= 0)
      return absl::InvalidArgumentError("limit: must be positive");
    std::vector<AuditEntry> out;
    if (after_sequence == std::numeric_limits<uint64_t>::max()) return out;
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(Ro(snapshot), handles_[kAudit]));
    std::string prefix = TenantPrefix(tenant);
    for (it->Seek(AuditKey(tenant, after_sequence + 1));
         it->Valid() && it->key().starts_with(prefix) &&
         static_cast<int>(out.size()) < limit;
         it->Next()) {
      absl::StatusOr<AuditEntry> e =
          ParseAs<AuditEntry>(Sv(it->value()), "audit entry");
      if (!e.ok()) return e.status();
      out.push_back(*std::move(e));
    }
    if (!it->status().ok()) return FromRocks(it->status(), "scan audit");
    return out;
  }

  absl::StatusOr<AuditReport> VerifyAudit(absl::string_view tenant) override {
    absl::Status st = ValidateTenant(tenant);
    if (!st.ok()) return st;
    std::unique_ptr<Snapshot> snap = GetSnapshot();
    return VerifyAuditAt(tenant, snap.get(), nullptr);
  }

  // `last` (optional) receives each resource's last audit entry, for
  // CheckConsistency.
  absl::StatusOr<AuditReport> VerifyAuditAt(
      absl::string_view tenant, const Snapshot* snapshot,
      std::map<std::string, AuditEntry>* last) {
    AuditReport report;
    std::string prefix = TenantPrefix(tenant);
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(Ro(snapshot), handles_[kAudit]));
    uint64_t expected = 1;
    std::string prev = GenesisHash();
    auto fail = [&](uint64_t seq, std::string problem) {
      report.intact = false;
      report.first_bad_sequence = seq;
      report.problem = std::move(problem);
      return report;
    };
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
         it->Next()) {
      absl::string_view k = Sv(it->key());
      k.remove_prefix(prefix.size());
      uint64_t key_seq = 0;
      if (!ConsumeUint64(&k, &key_seq) || !k.empty()) {
        return fail(expected, "altered: malformed audit key");
      }
      if (key_seq != expected) {
        return fail(expected,
                    absl::StrFormat("removed: entry %d is missing (next is %d)",
                                    expected, key_seq));
      }
      AuditEntry e;
      if (!e.ParseFromArray(it->value().data(),
                            static_cast<int>(it->value().size()))) {
        return fail(key_seq, "altered: entry does not parse");
      }
      if (e.sequence() != key_seq) {
        return fail(
            key_seq,
            absl::StrFormat("reordered: entry stored at %d says sequence %d",
                            key_seq, e.sequence()));
      }
      if (e.tenant() != tenant)
        return fail(key_seq, "altered: entry names another tenant");
      if (AuditEntryHash(e) != e.hash()) {
        return fail(key_seq, "altered: entry content does not match its hash");
      }
      if (e.prev_hash() != prev) {
        return fail(key_seq,
                    "reordered or rewritten: prev_hash does not link to the "
                    "previous entry");
      }
      prev = e.hash();
      ++report.entries;
      ++expected;
      if (last != nullptr) {
        if (e.action() == "delete_tenant") {
          last->clear();
        } else if (e.action() == "delete" &&
                   absl::StartsWith(e.resource(), "suppliers/") &&
                   std::count(e.resource().begin(), e.resource().end(), '/') ==
                       1) {
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
    absl::StatusOr<bool> found =
        RawGet(kMeta, AuditHeadKey(tenant), &head_value, snapshot);
    if (!found.ok()) return found.status();
    AuditHead head;
    if (*found && !head.ParseFromString(head_value)) {
      return fail(expected, "altered: audit head does not parse");
    }
    if (head.sequence() != expected - 1 || (*found && head.hash() != prev)) {
      return fail(
          expected,
          absl::StrFormat("removed: chain ends at %d but its head is at %d",
                          expected - 1, head.sequence()));
    }
    report.head_hash = prev;
    return report;
  }

  void AddCommitListener(
      std::function<void(const std::vector<AuditEntry>&)> listener) override {
    std::lock_guard<std::mutex> lock(listeners_mu_);
    listeners_.push_back(std::move(listener));
  }

  // ----------------------------------------------------------------
  // maintenance

  std::unique_ptr<Snapshot> GetSnapshot() override {
    return std::make_unique<SnapshotImpl>(db_.get());
  }

  absl::StatusOr<std::string> Digest() override {
    std::unique_ptr<Snapshot> snap = GetSnapshot();
    Sha256 h;
    for (size_t cf = 0; cf < handles_.size(); ++cf) {
      h.UpdateField(handles_[cf]->GetName());
      std::unique_ptr<rocksdb::Iterator> it(
          db_->NewIterator(Ro(snap.get()), handles_[cf]));
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        h.UpdateField(Sv(it->key()));
        h.UpdateField(Sv(it->value()));
      }
      if (!it->status().ok()) return FromRocks(it->status(), "digest scan");
    }
    return h.HexDigest();
  }

  absl::Status CheckConsistency(absl::string_view tenant) override;

  absl::StatusOr<uint32_t> Backup(const std::string& backup_dir) override {
    rocksdb::BackupEngine* raw = nullptr;
    rocksdb::IOStatus s = rocksdb::BackupEngine::Open(
        rocksdb::Env::Default(), rocksdb::BackupEngineOptions(backup_dir),
        &raw);
    if (!s.ok())
      return FromRocks(s, absl::StrCat("open backup dir ", backup_dir));
    std::unique_ptr<rocksdb::BackupEngine> engine(raw);
    rocksdb::CreateBackupOptions cbo;
    cbo.flush_before_backup = true;
    rocksdb::BackupID id = 0;
    s = engine->CreateNewBackup(cbo, db_.get(), &id);
    if (!s.ok()) return FromRocks(s, "create backup");
    s = engine->VerifyBackup(id, /*verify_with_checksum=*/true);
    if (!s.ok()) return FromRocks(s, absl::StrCat("verify backup ", id));
    return id;
  }

  absl::StatusOr<int> PurgeExpiredIdempotency(
      absl::string_view tenant) override {
    int purged = 0;
    MutationContext ctx;
    ctx.actor = "system:idempotency-purge";
    absl::StatusOr<std::string> out =
        Mutate(tenant, ctx, "", [&](Txn& txn) -> absl::StatusOr<std::string> {
          purged = 0;
          auto rows = txn.Scan(kIdempotency, TenantPrefix(txn.tenant));
          if (!rows.ok()) return rows.status();
          for (const auto& [k, v] : *rows) {
            IdempotencyRecord rec;
            if (!rec.ParseFromString(v) ||
                rec.expire_time_micros() <= ToMicros(txn.now)) {
              txn.Delete(kIdempotency, k);
              ++purged;
            }
          }
          return std::string();
        });
    if (!out.ok()) return out.status();
    return purged;
  }

  std::string path_;
  StoreOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*>
      handles_;  // by Cf, then unknown ones

  // std::mutex rather than absl::Mutex: Debian's Abseil is not built with TSan,
  // which then cannot see the hand-over of leadership and reports every group
  // as a race.
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Writer*> queue_;   // guarded by mu_
  bool leader_active_ = false;  // guarded by mu_
  // Written only by the current commit leader (leadership is handed over under
  // mu_).
  absl::flat_hash_map<std::string, AuditHead> heads_;

  std::mutex listeners_mu_;
  std::vector<std::function<void(const std::vector<AuditEntry>&)>> listeners_;
};

absl::Status StoreImpl::CheckConsistency(absl::string_view tenant) {
  absl::Status st = ValidateTenant(tenant);
  if (!st.ok()) return st;
  std::unique_ptr<Snapshot> snap = GetSnapshot();
  const Snapshot* s = snap.get();
  auto bad = [](std::string msg) { return absl::DataLossError(msg); };
  std::map<std::string, AuditEntry> last;
  absl::StatusOr<AuditReport> report = VerifyAuditAt(tenant, s, &last);
  if (!report.ok()) return report.status();
  if (!report->intact) {
    return bad(absl::StrCat("audit chain broken at ",
                            report->first_bad_sequence, ": ", report->problem));
  }
  const std::string tp = TenantPrefix(tenant);
  // Every row of a column family in this tenant.
  auto rows = [&](int cf)
      -> absl::StatusOr<std::vector<std::pair<std::string, std::string>>> {
    std::vector<std::pair<std::string, std::string>> out;
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(Ro(s), handles_[cf]));
    for (it->Seek(tp); it->Valid() && it->key().starts_with(tp); it->Next()) {
      out.emplace_back(it->key().ToString(), it->value().ToString());
    }
    if (!it->status().ok()) return FromRocks(it->status(), "scan");
    return out;
  };
  std::set<std::pair<int, std::string>> expected_index, actual_index;
  std::map<std::string, std::string> docs;  // resource -> stored bytes

  auto suppliers = rows(kSuppliers);
  if (!suppliers.ok()) return suppliers.status();
  std::set<std::string> supplier_ids;
  for (const auto& [k, v] : *suppliers) {
    std::string id = LastComponent(k, tp, 0, 0);
    supplier_ids.insert(id);
    docs[absl::StrCat("suppliers/", id)] = v;
  }
  // Summaries recomputed from assessments and signals.
  std::map<std::string, SupplierSummary> recomputed;
  auto assessments = rows(kAssessments);
  if (!assessments.ok()) return assessments.status();
  std::set<std::pair<std::string, std::string>> assessment_ids;
  for (const auto& [k, v] : *assessments) {
    absl::string_view in(k);
    in.remove_prefix(tp.size());
    std::string sid, aid;
    int64_t as_of;
    if (!ConsumeString(&in, &sid) || !ConsumeInt64(&in, &as_of) ||
        !ConsumeString(&in, &aid)) {
      return bad("malformed assessment key");
    }
    absl::StatusOr<Assessment> a = ParseAs<Assessment>(v, "assessment");
    if (!a.ok()) return a.status();
    if (!supplier_ids.count(sid))
      return bad(
          absl::StrCat("assessment ", aid, " of missing supplier ", sid));
    SupplierSummary& r = recomputed[sid];
    r.set_assessment_count(r.assessment_count() + 1);
    // Keys sort by (as_of, id), so the last one seen is the latest.
    r.set_has_assessment(true);
    r.set_grade(a->grade());
    r.set_outcome(a->decision().outcome());
    r.set_overall_score(a->overall_score());
    r.set_latest_as_of_micros(as_of);
    r.set_latest_assessment_id(aid);
    assessment_ids.insert({sid, aid});
    docs[a->name()] = v;
    std::string micros;
    if (!RawGet(kIdxAssessmentId, Key(tenant, sid, aid), &micros, s)
             .value_or(false)) {
      return bad(
          absl::StrCat("assessment ", a->name(), " has no id index entry"));
    }
  }
  auto id_index = rows(kIdxAssessmentId);
  if (!id_index.ok()) return id_index.status();
  if (id_index->size() != assessment_ids.size()) {
    return bad("assessment id index and assessments disagree");
  }
  auto signals = rows(kSignals);
  if (!signals.ok()) return signals.status();
  for (const auto& [k, v] : *signals) {
    absl::StatusOr<Signal> sig = ParseAs<Signal>(v, "signal");
    if (!sig.ok()) return sig.status();
    absl::StatusOr<std::string> sid =
        SupplierIdFromName("supplier", sig->supplier());
    if (!sid.ok() || !supplier_ids.count(*sid))
      return bad("signal of a missing supplier");
    if (!sig->has_resolved_at()) {
      auto& open = *recomputed[*sid].mutable_open_issues();
      open[sig->issue_type()] += 1;
    }
  }
  auto summaries = rows(kSummaries);
  if (!summaries.ok()) return summaries.status();
  if (summaries->size() != supplier_ids.size())
    return bad("summaries and suppliers disagree");
  for (const auto& [k, v] : *summaries) {
    std::string id = LastComponent(k, tp, 0, 0);
    if (!supplier_ids.count(id))
      return bad(absl::StrCat("summary of missing supplier ", id));
    absl::StatusOr<SupplierSummary> sum =
        ParseAs<SupplierSummary>(v, "summary");
    if (!sum.ok()) return sum.status();
    SupplierSummary want = recomputed[id];
    want.set_update_time_micros(sum->update_time_micros());
    if (SerializeDeterministic(want) != SerializeDeterministic(*sum)) {
      return bad(absl::StrCat("summary of suppliers/", id,
                              " does not match its assessments and signals"));
    }
    for (auto& e : SummaryIndexKeys(tenant, id, *sum)) expected_index.insert(e);
  }
  auto responses = rows(kResponses);
  if (!responses.ok()) return responses.status();
  for (const auto& [k, v] : *responses) {
    absl::StatusOr<Response> r = ParseAs<Response>(v, "response");
    if (!r.ok()) return r.status();
    if (!supplier_ids.count(LastComponent(k, tp, 0, 0))) {
      return bad(
          absl::StrCat("response ", r->name(), " of a missing supplier"));
    }
    docs[r->name()] = v;
  }
  auto engagements = rows(kEngagements);
  if (!engagements.ok()) return engagements.status();
  for (const auto& [k, v] : *engagements) {
    absl::StatusOr<Engagement> e = ParseAs<Engagement>(v, "engagement");
    if (!e.ok()) return e.status();
    absl::StatusOr<std::string> sid =
        SupplierIdFromName("supplier", e->supplier());
    if (!sid.ok() || !supplier_ids.count(*sid))
      return bad(absl::StrCat(e->name(), " names a missing supplier"));
    expected_index.insert(
        {kIdxEngagement, Key(tenant, *sid, LastComponent(k, tp, 0, 0))});
    docs[e->name()] = v;
  }
  auto relationships = rows(kRelationships);
  if (!relationships.ok()) return relationships.status();
  for (const auto& [k, v] : *relationships) {
    absl::StatusOr<Relationship> r = ParseAs<Relationship>(v, "relationship");
    if (!r.ok()) return r.status();
    absl::StatusOr<std::string> from =
        SupplierIdFromName("from", r->from_supplier());
    absl::StatusOr<std::string> to = SupplierIdFromName("to", r->to_supplier());
    if (!from.ok() || !to.ok() || !supplier_ids.count(*from) ||
        !supplier_ids.count(*to)) {
      return bad(absl::StrCat(r->name(), " names a missing supplier"));
    }
    std::string rid = LastComponent(k, tp, 0, 0);
    expected_index.insert({kIdxRelFrom, Key(tenant, *from, *to, rid)});
    expected_index.insert({kIdxRelTo, Key(tenant, *to, *from, rid)});
    docs[r->name()] = v;
  }
  auto jobs = rows(kJobs);
  if (!jobs.ok()) return jobs.status();
  for (const auto& [k, v] : *jobs)
    docs[absl::StrCat("jobs/", LastComponent(k, tp, 0, 0))] = v;
  auto templates = rows(kTemplates);
  if (!templates.ok()) return templates.status();
  for (const auto& [k, v] : *templates) {
    absl::StatusOr<Template> t = ParseAs<Template>(v, "template");
    if (!t.ok()) return t.status();
    docs[absl::StrCat("templates/", t->id(), "/revisions/", t->revision())] = v;
  }
  for (int cf : {kIdxGrade, kIdxDecision, kIdxScore, kIdxUpdated, kIdxIssue,
                 kIdxRelFrom, kIdxRelTo, kIdxEngagement}) {
    auto idx = rows(cf);
    if (!idx.ok()) return idx.status();
    for (const auto& [k, v] : *idx) actual_index.insert({cf, k});
  }
  if (expected_index != actual_index) {
    for (const auto& e : expected_index) {
      if (!actual_index.count(e))
        return bad(absl::StrCat("missing index entry in ", CfName(e.first)));
    }
    for (const auto& e : actual_index) {
      if (!expected_index.count(e))
        return bad(absl::StrCat("stray index entry in ", CfName(e.first)));
    }
  }
  // Each document is the one its last audit entry describes, and vice versa.
  for (const auto& [resource, value] : docs) {
    auto it = last.find(resource);
    if (it == last.end())
      return bad(absl::StrCat(resource, " has no audit entry"));
    if (it->second.action() == "delete")
      return bad(absl::StrCat(resource, " exists but was audited as deleted"));
    if (it->second.change_digest() != Sha256Hex(value)) {
      return bad(
          absl::StrCat(resource, " differs from its last audited change"));
    }
  }
  for (const auto& [resource, entry] : last) {
    if (entry.action() == "create" || entry.action() == "update") {
      if (!docs.count(resource))
        return bad(absl::StrCat(resource, " was audited but is missing"));
    }
  }
  return absl::OkStatus();
}

absl::Status OpenError(const rocksdb::Status& s, const std::string& path) {
  std::string msg = s.ToString();
  if (s.IsIOError() &&
      (absl::StrContains(msg, "lock") || absl::StrContains(msg, "LOCK"))) {
    return absl::UnavailableError(absl::StrCat(
        "database at ", path,
        " is locked: another process (or store) has it open: ", msg));
  }
  if (s.IsCorruption()) {
    return absl::DataLossError(
        absl::StrCat("database at ", path, " is corrupt: ", msg));
  }
  if (s.IsInvalidArgument() && absl::StrContains(msg, "does not exist")) {
    return absl::NotFoundError(
        absl::StrCat("no database at ", path, ": ", msg));
  }
  return absl::InternalError(
      absl::StrCat("cannot open database at ", path, ": ", msg));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path,
                                                   StoreOptions options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = true;
  db_options.paranoid_checks = true;
  db_options.max_background_jobs = 2;
  db_options.db_write_buffer_size =
      128 << 20;  // bound memtables across all column families
  db_options.keep_log_file_num = 5;
  db_options.max_manifest_file_size = 64 << 20;
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  table.cache_index_and_filter_blocks = true;
  rocksdb::ColumnFamilyOptions cf_options(db_options);
  cf_options.write_buffer_size = 16 << 20;
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  db_options.table_factory = cf_options.table_factory;

  if (options.create_if_missing) {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) {
      return absl::InternalError(absl::StrCat(
          "cannot create database directory ", path, ": ", ec.message()));
    }
  }
  std::vector<std::string> names;
  for (int cf = 0; cf < kNumCfs; ++cf) names.push_back(CfName(cf));
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(db_options, path, &existing).ok()) {
    // A newer version may have added column families: open them too, then
    // refuse by schema.
    for (const std::string& name : existing) {
      if (std::find(names.begin(), names.end(), name) == names.end())
        names.push_back(name);
    }
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names)
    descriptors.emplace_back(name, cf_options);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::Open(db_options, path, descriptors, &handles, &raw);
  if (!s.ok()) return OpenError(s, path);
  std::unique_ptr<rocksdb::DB> db(raw);
  auto close = [&](absl::Status err) -> absl::Status {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    db->Close();
    return err;
  };
  std::string version;
  s = db->Get(rocksdb::ReadOptions(), handles[kMeta],
              std::string(kSchemaVersionKey), &version);
  if (s.IsNotFound()) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    s = db->Put(wo, handles[kMeta], std::string(kSchemaVersionKey),
                absl::StrCat(kSchemaVersion));
    if (!s.ok()) return close(OpenError(s, path));
  } else if (!s.ok()) {
    return close(OpenError(s, path));
  } else {
    int stored = 0;
    if (!absl::SimpleAtoi(version, &stored)) {
      return close(absl::DataLossError(
          absl::StrCat("database at ", path,
                       " has an unreadable schema version \"", version, "\"")));
    }
    if (stored > kSchemaVersion) {
      return close(absl::FailedPreconditionError(
          absl::StrCat("database at ", path, " has schema version ", stored,
                       ", newer than this build supports (", kSchemaVersion,
                       "); use a newer supplyrisk")));
    }
    if (stored < kSchemaVersion) {
      return close(absl::FailedPreconditionError(
          absl::StrCat("database at ", path, " has schema version ", stored,
                       "; this build needs ", kSchemaVersion,
                       " and has no migration for it")));
    }
  }
  return std::unique_ptr<Store>(new StoreImpl(
      path, std::move(options), std::move(db), std::move(handles)));
}

absl::Status Store::Restore(const std::string& backup_dir,
                            const std::string& db_path, uint32_t backup_id) {
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  rocksdb::IOStatus s = rocksdb::BackupEngineReadOnly::Open(
      rocksdb::Env::Default(), rocksdb::BackupEngineOptions(backup_dir), &raw);
  if (!s.ok())
    return FromRocks(s, absl::StrCat("open backup dir ", backup_dir));
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  if (backup_id == 0) {
    std::vector<rocksdb::BackupInfo> infos;
    engine->GetBackupInfo(&infos);
    if (infos.empty())
      return absl::NotFoundError(absl::StrCat("no backup in ", backup_dir));
    backup_id = infos.back().backup_id;
  }
  s = engine->VerifyBackup(backup_id, /*verify_with_checksum=*/true);
  if (!s.ok()) {
    return absl::DataLossError(absl::StrCat(
        "backup ", backup_id, " fails verification: ", s.ToString()));
  }
  s = engine->RestoreDBFromBackup(backup_id, db_path, db_path);
  if (!s.ok()) return FromRocks(s, absl::StrCat("restore backup ", backup_id));
  return absl::OkStatus();
}

}  // namespace supplyrisk::store
