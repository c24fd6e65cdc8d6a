// The read-modify-write view one mutation runs against, and the helpers that write documents
// through it. Internal to service/store.
#ifndef SUPPLYRISK_SERVICE_STORE_TXN_H_
#define SUPPLYRISK_SERVICE_STORE_TXN_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/common/sha256.h"
#include "rocksdb/db.h"
#include "rocksdb/utilities/write_batch_with_index.h"

namespace supplyrisk::store {

// An audit entry a mutation asked for; the commit leader chains it after the tenant's head.
struct PendingAudit {
  std::string action, resource, digest, detail;
};

// One write of a mutation, in the order it made them.
struct TxnOp {
  int cf = 0;
  std::string key, value;
  bool is_delete = false;
};

// The key a read or write of `key` in column family `cf` is tracked under for conflict checks.
std::string TrackedKey(int cf, absl::string_view key);

// The database plus the writes made through `wb` (the mutation's own, and, when the commit leader
// runs it, those of the earlier mutations in its group). A mutation body runs against one Txn,
// first in its writer's thread (preparation, against the database as the last committed group left
// it), and again in the commit leader only when what it read has changed since. So a body must
// depend only on what it reads through the Txn and on `now`, `tenant` and `stamp`, which stay the
// same for both runs.
//
// Every key read (Get) and every write is recorded, so the leader can check a prepared mutation
// against the writes committed after it read, and apply its writes without re-running it. A range
// read (Scan) cannot be checked that way: with `defer_scans` set it records that it was asked for
// and fails at once, and the leader runs the mutation itself.
class Txn {
 public:
  Txn(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>* cfs,
      rocksdb::WriteBatchWithIndex* wb)
      : db_(db), cfs_(cfs), wb_(wb) {}

  // False when `key` is absent.
  absl::StatusOr<bool> Get(int cf, const std::string& key, std::string* value);
  // Get, parsed into `msg`; DataLoss naming `what` when the bytes do not parse.
  template <typename T>
  absl::StatusOr<bool> GetMsg(int cf, const std::string& key, T* msg, absl::string_view what) {
    std::string value;
    absl::StatusOr<bool> found = Get(cf, key, &value);
    if (!found.ok() || !*found) return found;
    if (!msg->ParseFromString(value)) {
      return absl::DataLossError(absl::StrCat("stored ", what, " does not parse"));
    }
    return true;
  }
  // A failed batch write is remembered and reported by write_status().
  void Put(int cf, const std::string& key, const std::string& value);
  void Delete(int cf, const std::string& key);

  // Every (key, value) with `prefix`, in key order, as seen through the batch. With defer_scans:
  // Unavailable, and scanned() is true.
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Scan(int cf,
                                                                        const std::string& prefix);

  void Audit(absl::string_view action, absl::string_view resource, absl::string_view digest,
             absl::string_view detail = "") {
    pending.push_back(
        {std::string(action), std::string(resource), std::string(digest), std::string(detail)});
  }
  absl::Status write_status() const { return write_status_; }

  // TrackedKey of every Get, in order (repeats included).
  std::vector<std::string>& reads() { return reads_; }
  std::vector<TxnOp>& ops() { return ops_; }
  bool scanned() const { return scanned_; }

  absl::Time now;
  std::string tenant;
  // Unique to the mutation (not to the run): what etags are made of, so that equal contents written
  // twice get distinct etags without waiting for the audit sequence the leader assigns.
  uint64_t stamp = 0;
  bool defer_scans = false;
  std::vector<PendingAudit> pending;

 private:
  void Note(const rocksdb::Status& s);

  rocksdb::DB* db_;
  const std::vector<rocksdb::ColumnFamilyHandle*>* cfs_;
  rocksdb::WriteBatchWithIndex* wb_;
  absl::Status write_status_;
  std::vector<std::string> reads_;
  std::vector<TxnOp> ops_;
  bool scanned_ = false;
};

// A document version's etag: the first 16 hex digits of SHA-256 over the stamp of the mutation that
// wrote it and its bytes, so equal contents written twice still get distinct etags.
std::string Etag(uint64_t stamp, absl::string_view body);

// Gives `doc` a fresh etag, writes it and appends its audit entry. Returns the stored bytes.
template <typename T>
std::string StoreDoc(Txn& txn, int cf, const std::string& key, absl::string_view resource, T* doc,
                     absl::string_view action) {
  doc->clear_etag();
  doc->set_etag(Etag(txn.stamp, SerializeDeterministic(*doc)));
  std::string value = SerializeDeterministic(*doc);
  txn.Put(cf, key, value);
  txn.Audit(action, resource, Sha256Hex(value));
  return value;
}

// The audit digest of deleting `resource`.
inline std::string DeleteDigest(absl::string_view resource) {
  return Sha256Hex(absl::StrCat("delete ", resource));
}

}  // namespace supplyrisk::store

#endif  // SUPPLYRISK_SERVICE_STORE_TXN_H_
