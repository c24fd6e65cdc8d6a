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

// The database as of the previous group plus the writes of earlier mutations in this group. Only
// the commit leader uses it, one mutation at a time.
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

  // Every (key, value) with `prefix`, in key order, as seen through the batch.
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Scan(int cf,
                                                                        const std::string& prefix);

  // The audit sequence the next Audit() call of this mutation will get.
  uint64_t NextSequence() const { return head_sequence + pending.size() + 1; }
  void Audit(absl::string_view action, absl::string_view resource, absl::string_view digest,
             absl::string_view detail = "") {
    pending.push_back(
        {std::string(action), std::string(resource), std::string(digest), std::string(detail)});
  }
  absl::Status write_status() const { return write_status_; }

  absl::Time now;
  std::string tenant;
  uint64_t head_sequence = 0;  // set by the leader before each mutation
  std::vector<PendingAudit> pending;

 private:
  void Note(const rocksdb::Status& s);

  rocksdb::DB* db_;
  const std::vector<rocksdb::ColumnFamilyHandle*>* cfs_;
  rocksdb::WriteBatchWithIndex* wb_;
  absl::Status write_status_;
};

// A document version's etag: the first 16 hex digits of SHA-256 over its audit sequence and its
// bytes, so equal contents written twice still get distinct etags.
std::string Etag(uint64_t sequence, absl::string_view body);

// Gives `doc` a fresh etag, writes it and appends its audit entry. Returns the stored bytes.
template <typename T>
std::string StoreDoc(Txn& txn, int cf, const std::string& key, absl::string_view resource, T* doc,
                     absl::string_view action) {
  doc->clear_etag();
  doc->set_etag(Etag(txn.NextSequence(), SerializeDeterministic(*doc)));
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
