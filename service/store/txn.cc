#include "service/store/txn.h"

#include <memory>

#include "service/store/record_io.h"

namespace supplyrisk::store {

absl::StatusOr<bool> Txn::Get(int cf, const std::string& key, std::string* value) {
  rocksdb::Status s = wb_->GetFromBatchAndDB(db_, rocksdb::ReadOptions(), (*cfs_)[cf], key, value);
  if (s.IsNotFound()) return false;
  if (!s.ok()) return FromRocks(s, "read");
  return true;
}

void Txn::Put(int cf, const std::string& key, const std::string& value) {
  Note(wb_->Put((*cfs_)[cf], key, value));
}

void Txn::Delete(int cf, const std::string& key) { Note(wb_->Delete((*cfs_)[cf], key)); }

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Txn::Scan(
    int cf, const std::string& prefix) {
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

std::string Etag(uint64_t sequence, absl::string_view body) {
  Sha256 h;
  h.UpdateField(absl::StrCat(sequence));
  h.UpdateField(body);
  return h.HexDigest().substr(0, 16);
}

}  // namespace supplyrisk::store
