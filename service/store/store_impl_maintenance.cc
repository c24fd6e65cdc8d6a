// Maintenance: tenant deletion, online backup and restore, idempotency purge, and the digest of the
// whole database.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/common/sha256.h"
#include "rocksdb/utilities/backup_engine.h"
#include "service/store/store_impl.h"

namespace supplyrisk::store {
namespace {

// Bound on one purge or tenant-listing step.
constexpr int kMaxScanBatch = 10000;

}  // namespace

absl::Status StoreImpl::DeleteTenant(absl::string_view tenant, const MutationContext& ctx) {
  auto body = [&](Txn& txn) -> absl::StatusOr<std::string> {
    std::string prefix = TenantPrefix(txn.tenant);
    std::string detail;
    for (int cf = 0; cf < kNumCfs; ++cf) {
      if (cf == kMeta || cf == kAudit) continue;
      auto rows = txn.Scan(cf, prefix);
      if (!rows.ok()) return rows.status();
      for (const auto& [k, v] : *rows) txn.Delete(cf, k);
      // The detail counts documents, not index entries.
      if (!rows->empty() && cf < kIdxGrade) {
        absl::StrAppend(&detail, detail.empty() ? "" : " ", CfName(cf), "=", rows->size());
      }
    }
    txn.Audit("delete_tenant", "tenant", Sha256Hex("delete tenant"), detail);
    return std::string();
  };
  return Mutate(tenant, ctx, Sha256Hex("delete tenant"), body).status();
}

absl::StatusOr<std::string> StoreImpl::Digest() {
  std::unique_ptr<Snapshot> snap = GetSnapshot();
  Sha256 h;
  for (size_t cf = 0; cf < handles_.size(); ++cf) {
    h.UpdateField(handles_[cf]->GetName());
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(Ro(snap.get()), handles_[cf]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      h.UpdateField(Sv(it->key()));
      h.UpdateField(Sv(it->value()));
    }
    if (!it->status().ok()) return FromRocks(it->status(), "digest scan");
  }
  return h.HexDigest();
}

absl::StatusOr<std::map<std::string, int64_t>> StoreImpl::LogicalBytes() {
  std::unique_ptr<Snapshot> snap = GetSnapshot();
  std::map<std::string, int64_t> out;
  for (size_t cf = 0; cf < handles_.size(); ++cf) {
    int64_t& bytes = out[handles_[cf]->GetName()];
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(Ro(snap.get()), handles_[cf]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      bytes += static_cast<int64_t>(it->key().size() + it->value().size());
    }
    if (!it->status().ok()) return FromRocks(it->status(), "size scan");
  }
  return out;
}

absl::StatusOr<uint32_t> StoreImpl::Backup(const std::string& backup_dir) {
  rocksdb::BackupEngine* raw = nullptr;
  rocksdb::IOStatus s = rocksdb::BackupEngine::Open(rocksdb::Env::Default(),
                                                    rocksdb::BackupEngineOptions(backup_dir), &raw);
  if (!s.ok()) return FromRocks(s, absl::StrCat("open backup dir ", backup_dir));
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

absl::Status Store::Restore(const std::string& backup_dir, const std::string& db_path,
                            uint32_t backup_id) {
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  rocksdb::IOStatus s = rocksdb::BackupEngineReadOnly::Open(
      rocksdb::Env::Default(), rocksdb::BackupEngineOptions(backup_dir), &raw);
  if (!s.ok()) return FromRocks(s, absl::StrCat("open backup dir ", backup_dir));
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  if (backup_id == 0) {
    std::vector<rocksdb::BackupInfo> infos;
    engine->GetBackupInfo(&infos);
    if (infos.empty()) return absl::NotFoundError(absl::StrCat("no backup in ", backup_dir));
    backup_id = infos.back().backup_id;
  }
  s = engine->VerifyBackup(backup_id, /*verify_with_checksum=*/true);
  if (!s.ok()) {
    return absl::DataLossError(
        absl::StrCat("backup ", backup_id, " fails verification: ", s.ToString()));
  }
  s = engine->RestoreDBFromBackup(backup_id, db_path, db_path);
  if (!s.ok()) return FromRocks(s, absl::StrCat("restore backup ", backup_id));
  return absl::OkStatus();
}

absl::StatusOr<IdempotencyPurge> StoreImpl::PurgeExpiredIdempotency(absl::string_view tenant,
                                                                    absl::string_view after,
                                                                    int max_records) {
  absl::Status st = ValidateTenant(tenant);
  if (!st.ok()) return st;
  if (max_records < 1 || max_records > kMaxScanBatch) {
    return absl::InvalidArgumentError("max_records: must be in 1..10000");
  }
  // Find candidates outside the commit group, from a snapshot, so the leader only re-checks and
  // deletes them; a record rewritten since (a new create after expiry) is left alone.
  const std::string prefix = TenantPrefix(tenant);
  const std::string upper = PrefixSuccessor(prefix);
  const std::string start = after.empty() ? prefix : Key(tenant, after);
  const int64_t now = ToMicros(options_.clock());
  IdempotencyPurge progress;
  std::vector<std::string> expired;
  {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), handles_[kIdempotency]));
    it->Seek(start);
    if (!after.empty() && it->Valid() && it->key() == start) it->Next();
    std::string last;
    for (; it->Valid() && it->key().compare(upper) < 0 && progress.scanned < max_records;
         it->Next()) {
      ++progress.scanned;
      last = it->key().ToString();
      IdempotencyRecord rec;
      if (!rec.ParseFromArray(it->value().data(), static_cast<int>(it->value().size())) ||
          rec.expire_time_micros() <= now) {
        expired.push_back(last);
      }
    }
    if (!it->status().ok()) return FromRocks(it->status(), "scan idempotency records");
    if (it->Valid() && it->key().compare(upper) < 0) {
      absl::string_view rest = last;
      rest.remove_prefix(prefix.size());
      if (!ConsumeString(&rest, &progress.next_request_id)) {
        return absl::DataLossError("idempotency record key does not parse");
      }
    }
  }
  if (expired.empty()) return progress;
  MutationContext ctx;
  ctx.actor = "system:idempotency-purge";
  int purged = 0;
  absl::StatusOr<std::string> out =
      Mutate(tenant, ctx, "", [&](Txn& txn) -> absl::StatusOr<std::string> {
        purged = 0;
        for (const std::string& k : expired) {
          IdempotencyRecord rec;
          std::string v;
          absl::StatusOr<bool> found = txn.Get(kIdempotency, k, &v);
          if (!found.ok()) return found.status();
          if (!*found) continue;
          if (!rec.ParseFromString(v) || rec.expire_time_micros() <= ToMicros(txn.now)) {
            txn.Delete(kIdempotency, k);
            ++purged;
          }
        }
        return std::string();
      });
  if (!out.ok()) return out.status();
  progress.purged = purged;
  return progress;
}

absl::StatusOr<std::vector<std::string>> StoreImpl::ListTenants(absl::string_view after,
                                                                int limit) {
  if (limit < 1 || limit > kMaxScanBatch) {
    return absl::InvalidArgumentError("limit: must be in 1..10000");
  }
  // Audit heads sit in kMeta under AuditHeadKey(tenant): one per tenant, in tenant order.
  const std::string prefix(kAuditHeadPrefix);
  const std::string upper = PrefixSuccessor(prefix);
  const std::string start = after.empty() ? prefix : AuditHeadKey(after);
  std::vector<std::string> tenants;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kMeta]));
  it->Seek(start);
  if (!after.empty() && it->Valid() && it->key() == start) it->Next();
  for (; it->Valid() && it->key().compare(upper) < 0 && static_cast<int>(tenants.size()) < limit;
       it->Next()) {
    absl::string_view rest = Sv(it->key());
    rest.remove_prefix(prefix.size());
    std::string tenant;
    if (!ConsumeString(&rest, &tenant) || !rest.empty()) {
      return absl::DataLossError("audit head key does not parse");
    }
    tenants.push_back(std::move(tenant));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan tenants");
  return tenants;
}

}  // namespace supplyrisk::store
