#include "service/store/txn.h"

#include <memory>

#include "service/store/record_io.h"

namespace supplyrisk::store {

std::string TrackedKey(int cf, absl::string_view key) {
  std::string out;
  out.reserve(key.size() + 1);
  out.push_back(static_cast<char>(cf));
  out.append(key.data(), key.size());
  return out;
}

absl::StatusOr<bool> Txn::Get(int cf, const std::string& key, std::string* value) {
  reads_.push_back(TrackedKey(cf, key));
  rocksdb::Status s = wb_->GetFromBatchAndDB(db_, rocksdb::ReadOptions(), (*cfs_)[cf], key, value);
  if (s.IsNotFound()) return false;
  if (!s.ok()) return FromRocks(s, "read");
  return true;
}

void Txn::Put(int cf, const std::string& key, const std::string& value) {
  Note(wb_->Put((*cfs_)[cf], key, value));
  ops_.push_back({cf, key, value, false});
}

void Txn::Delete(int cf, const std::string& key) {
  Note(wb_->Delete((*cfs_)[cf], key));
  ops_.push_back({cf, key, std::string(), true});
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Txn::Scan(
    int cf, const std::string& prefix) {
  if (defer_scans) {
    scanned_ = true;
    return absl::UnavailableError("a range read runs in the commit leader");
  }
  std::vector<std::pair<std::string, std::string>> out;
  std::unique_ptr<rocksdb::Iterator> it(
      wb_->NewIteratorWithBase((*cfs_)[cf], db_->NewIterator(rocksdb::ReadOptions(), (*cfs_)[cf])));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    out.emplace_back(it->key().ToString(), it->value().ToString());
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan");
  return out;
}

void Txn::Note(const rocksdb::Status& s) {
  if (!s.ok() && write_status_.ok()) write_status_ = FromRocks(s, "batch");
}

std::string Etag(uint64_t stamp, absl::string_view body) {
  Sha256 h;
  h.UpdateField(absl::StrCat(stamp));
  h.UpdateField(body);
  return h.HexDigest().substr(0, 16);
}

}  // namespace supplyrisk::store
