// SHA-256 helpers for etags, change digests and the audit hash chain.
#ifndef SUPPLYRISK_SERVICE_STORE_DIGEST_H_
#define SUPPLYRISK_SERVICE_STORE_DIGEST_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message_lite.h"
#include "supplyrisk/v1/store.pb.h"

namespace supplyrisk::store {

// Incremental SHA-256 (OpenSSL EVP).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(absl::string_view data);
  // Hashes `data` preceded by its length, so concatenated fields cannot be
  // confused.
  void UpdateField(absl::string_view data);
  std::string HexDigest();  // finishes the hash

 private:
  void* ctx_;  // EVP_MD_CTX
};

std::string Sha256Hex(absl::string_view data);

// Deterministic serialization (map fields sorted), so equal messages give equal
// bytes.
std::string SerializeDeterministic(
    const google::protobuf::MessageLite& message);

// 64 hex zeros: the prev_hash of a chain's first entry.
const std::string& GenesisHash();

// The hash of an audit entry: SHA-256 over prev_hash and every other field
// except `hash`, each length-prefixed, in field-number order.
std::string AuditEntryHash(const supplyrisk::v1::AuditEntry& entry);

}  // namespace supplyrisk::store

#endif  // SUPPLYRISK_SERVICE_STORE_DIGEST_H_
