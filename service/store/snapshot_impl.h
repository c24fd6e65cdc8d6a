// A Store snapshot: a pinned RocksDB snapshot, released with the object. Internal to service/store.
#ifndef SUPPLYRISK_SERVICE_STORE_SNAPSHOT_IMPL_H_
#define SUPPLYRISK_SERVICE_STORE_SNAPSHOT_IMPL_H_

#include "rocksdb/db.h"
#include "service/store/store.h"

namespace supplyrisk::store {

class SnapshotImpl : public Snapshot {
 public:
  explicit SnapshotImpl(rocksdb::DB* db) : db_(db), snap_(db->GetSnapshot()) {}
  ~SnapshotImpl() override { db_->ReleaseSnapshot(snap_); }
  SnapshotImpl(const SnapshotImpl&) = delete;
  SnapshotImpl& operator=(const SnapshotImpl&) = delete;

  const rocksdb::Snapshot* get() const { return snap_; }

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snap_;
};

}  // namespace supplyrisk::store

#endif  // SUPPLYRISK_SERVICE_STORE_SNAPSHOT_IMPL_H_
