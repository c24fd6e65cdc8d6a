// Opening a store: RocksDB options, column families, the schema version check; construction and
// shutdown of StoreImpl.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <random>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "engine/common/sha256.h"
#include "rocksdb/cache.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "service/store/party_index.h"
#include "service/store/store_impl.h"
#include "service/store/supplier_summary.h"

namespace supplyrisk::store {
namespace {

absl::Status OpenError(const rocksdb::Status& s, const std::string& path) {
  std::string msg = s.ToString();
  if (s.IsIOError() && (absl::StrContains(msg, "lock") || absl::StrContains(msg, "LOCK"))) {
    return absl::UnavailableError(absl::StrCat(
        "database at ", path, " is locked: another process (or store) has it open: ", msg));
  }
  if (s.IsCorruption()) {
    return absl::DataLossError(absl::StrCat("database at ", path, " is corrupt: ", msg));
  }
  if (s.IsInvalidArgument() && absl::StrContains(msg, "does not exist")) {
    return absl::NotFoundError(absl::StrCat("no database at ", path, ": ", msg));
  }
  return absl::InternalError(absl::StrCat("cannot open database at ", path, ": ", msg));
}

// A schema migration's walk: every record of column family `family`, its key parsed as (tenant,
// supplier), handed to `rewrite`, which adds its writes to the batch; batches of 1000 are written
// synced, and the schema version becomes `version` with the last one. Re-running it after a crash
// writes the same values again, so a migration is never half-recorded as done.
using RecordRewrite = std::function<absl::Status(
    const std::string& tenant, const std::string& supplier, const rocksdb::Slice& key,
    const rocksdb::Slice& value, rocksdb::WriteBatch* batch)>;

absl::Status RewriteEachRecord(rocksdb::DB* db,
                               const std::vector<rocksdb::ColumnFamilyHandle*>& handles, int family,
                               const std::string& path, absl::string_view what,
                               absl::string_view version, const RecordRewrite& rewrite) {
  constexpr int kBatch = 1000;
  rocksdb::WriteOptions wo;
  wo.sync = true;
  rocksdb::WriteBatch batch;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[family]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    absl::string_view in = Sv(it->key());
    std::string tenant, supplier;
    if (!ConsumeString(&in, &tenant) || !ConsumeString(&in, &supplier)) {
      return absl::DataLossError(
          absl::StrCat("database at ", path, ": a key to ", what, " is bad"));
    }
    if (auto s = rewrite(tenant, supplier, it->key(), it->value(), &batch); !s.ok()) return s;
    if (batch.Count() >= kBatch) {
      rocksdb::Status s = db->Write(wo, &batch);
      if (!s.ok()) return FromRocks(s, what);
      batch.Clear();
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), what);
  batch.Put(handles[kMeta], std::string(kSchemaVersionKey), std::string(version));
  return FromRocks(db->Write(wo, &batch), what);
}

// Schema 1 -> 2: summaries gain what lists show (star_ready, confidence), recomputed from each
// supplier's latest assessment.
absl::Status MigrateSummariesTo2(rocksdb::DB* db,
                                 const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                                 const std::string& path) {
  return RewriteEachRecord(
      db, handles, kSummaries, path, "migrate summaries", "2",
      [&](const std::string& tenant, const std::string& supplier, const rocksdb::Slice& key,
          const rocksdb::Slice& value, rocksdb::WriteBatch* batch) {
        SupplierSummary sum;
        if (!sum.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          return absl::DataLossError(
              absl::StrCat("database at ", path, ": a summary does not parse"));
        }
        if (!sum.has_assessment()) return absl::OkStatus();
        std::string stored;
        rocksdb::Status s = db->Get(
            rocksdb::ReadOptions(), handles[kAssessments],
            AssessmentKey(tenant, supplier, sum.latest_as_of_micros(), sum.latest_assessment_id()),
            &stored);
        if (!s.ok()) return FromRocks(s, absl::StrCat("migrate summary of ", supplier));
        supplyrisk::v1::Assessment latest;
        if (!latest.ParseFromString(stored)) {
          return absl::DataLossError(
              absl::StrCat("database at ", path, ": an assessment does not parse"));
        }
        sum.set_star_ready(HighestStarMet(latest));
        sum.set_confidence(latest.confidence());
        batch->Put(handles[kSummaries], key, SerializeDeterministic(sum));
        return absl::OkStatus();
      });
}

// Schema 2 -> 3 and 3 -> 4 (`to`): every supplier is indexed under its party keys (party_index.h);
// the keys it already has are put again unchanged.
absl::Status MigratePartyIndex(rocksdb::DB* db,
                               const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                               const std::string& path, absl::string_view to) {
  return RewriteEachRecord(
      db, handles, kSuppliers, path, "migrate the party index", to,
      [&](const std::string& tenant, const std::string& supplier, const rocksdb::Slice&,
          const rocksdb::Slice& value, rocksdb::WriteBatch* batch) {
        supplyrisk::v1::Supplier doc;
        if (!doc.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          return absl::DataLossError(
              absl::StrCat("database at ", path, ": a supplier does not parse"));
        }
        for (const std::string& k : PartyIndexKeys(tenant, supplier, doc)) {
          batch->Put(handles[kIdxParty], k, "");
        }
        return absl::OkStatus();
      });
}

}  // namespace

StoreImpl::StoreImpl(std::string path, StoreOptions options, std::unique_ptr<rocksdb::DB> db,
                     std::vector<rocksdb::ColumnFamilyHandle*> handles)
    : path_(std::move(path)),
      options_(std::move(options)),
      db_(std::move(db)),
      handles_(std::move(handles)),
      queue_(options_.max_group_size) {
  std::random_device random;
  next_stamp_.store((static_cast<uint64_t>(random()) << 32) ^ random());
}

StoreImpl::~StoreImpl() {
  for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  db_->Close();
}

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path, StoreOptions options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = true;
  db_options.paranoid_checks = true;
  db_options.max_background_jobs = 2;
  db_options.db_write_buffer_size = 128 << 20;  // bound memtables across all column families
  db_options.keep_log_file_num = 5;
  db_options.max_manifest_file_size = 64 << 20;
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  table.cache_index_and_filter_blocks = true;
  // Most point reads of the write path miss (an id being created, a request_id seen for the first
  // time): Bloom filters answer those without reading data blocks. Not in memtables: adding to
  // their filter costs the commit leader more than the filter saves the writers.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions cf_options(db_options);
  cf_options.write_buffer_size = 16 << 20;
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  db_options.table_factory = cf_options.table_factory;

  if (options.create_if_missing) {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) {
      return absl::InternalError(
          absl::StrCat("cannot create database directory ", path, ": ", ec.message()));
    }
  }
  std::vector<std::string> names;
  for (int cf = 0; cf < kNumCfs; ++cf) names.push_back(CfName(cf));
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(db_options, path, &existing).ok()) {
    // A newer version may have added column families: open them too, then refuse by schema.
    for (const std::string& name : existing) {
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) descriptors.emplace_back(name, cf_options);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, path, descriptors, &handles, &raw);
  if (!s.ok()) return OpenError(s, path);
  std::unique_ptr<rocksdb::DB> db(raw);
  auto close = [&](absl::Status err) -> absl::Status {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    db->Close();
    return err;
  };
  std::string version;
  s = db->Get(rocksdb::ReadOptions(), handles[kMeta], std::string(kSchemaVersionKey), &version);
  if (s.IsNotFound()) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    s = db->Put(wo, handles[kMeta], std::string(kSchemaVersionKey), absl::StrCat(kSchemaVersion));
    if (!s.ok()) return close(OpenError(s, path));
  } else if (!s.ok()) {
    return close(OpenError(s, path));
  } else {
    int stored = 0;
    if (!absl::SimpleAtoi(version, &stored)) {
      return close(absl::DataLossError(absl::StrCat(
          "database at ", path, " has an unreadable schema version \"", version, "\"")));
    }
    if (stored > kSchemaVersion) {
      return close(absl::FailedPreconditionError(absl::StrCat(
          "database at ", path, " has schema version ", stored,
          ", newer than this build supports (", kSchemaVersion, "); use a newer supplyrisk")));
    }
    if (stored == 1) {
      absl::Status migrated = MigrateSummariesTo2(db.get(), handles, path);
      if (!migrated.ok()) return close(migrated);
      stored = 2;
    }
    if (stored == 2 || stored == 3) {
      // Schema 4 indexes more of each supplier; one pass writes every key either needs.
      absl::Status migrated = MigratePartyIndex(db.get(), handles, path, "4");
      if (!migrated.ok()) return close(migrated);
    } else if (stored < 1) {
      return close(absl::FailedPreconditionError(
          absl::StrCat("database at ", path, " has schema version ", stored, "; this build needs ",
                       kSchemaVersion, " and has no migration for it")));
    }
  }
  return std::unique_ptr<Store>(
      new StoreImpl(path, std::move(options), std::move(db), std::move(handles)));
}

}  // namespace supplyrisk::store
