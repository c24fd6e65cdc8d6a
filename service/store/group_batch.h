// The writes of one commit group, as the leader assembles them: prepared mutations' writes are
// appended without indexing (a plain list, turned into one WriteBatch at the end); the index that
// read-your-group-writes needs is built only when the leader has to run a mutation itself, from
// the writes so far. Internal to service/store; used by the commit leader only.
#ifndef SUPPLYRISK_SERVICE_STORE_GROUP_BATCH_H_
#define SUPPLYRISK_SERVICE_STORE_GROUP_BATCH_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "rocksdb/db.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "service/store/txn.h"

namespace supplyrisk::store {

class GroupBatch {
 public:
  GroupBatch(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>* cfs)
      : db_(db), cfs_(cfs) {}

  // Appends a prepared mutation's writes, in its order, and tracks their keys.
  void AppendPrepared(std::vector<TxnOp> ops);
  // The indexed batch a mutation the leader runs itself reads and writes through (built on first
  // use from every write so far; later writes go straight into it). Use Track() for its writes.
  rocksdb::WriteBatchWithIndex* Index();
  // Tracks the keys of writes already made through Index().
  void Track(const std::vector<TxnOp>& ops);
  // An untracked write (audit entries and heads, which no mutation reads through a Txn).
  void Put(int cf, const std::string& key, const std::string& value);

  // Whether a tracked write of this group has TrackedKey `key`.
  bool Wrote(const std::string& key) const { return written_.contains(key); }
  const absl::flat_hash_set<std::string>& written() const { return written_; }
  bool empty() const;

  // Writes everything with one Write; fails without writing when an earlier write into the index
  // failed.
  rocksdb::Status Write(const rocksdb::WriteOptions& wo);

 private:
  void Note(const rocksdb::Status& s);

  rocksdb::DB* db_;
  const std::vector<rocksdb::ColumnFamilyHandle*>* cfs_;
  std::vector<TxnOp> ops_;  // while there is no index
  std::unique_ptr<rocksdb::WriteBatchWithIndex> index_;
  absl::flat_hash_set<std::string> written_;
  rocksdb::Status status_;
};

}  // namespace supplyrisk::store

#endif  // SUPPLYRISK_SERVICE_STORE_GROUP_BATCH_H_
