// SHA-256, hex and deterministic serialisation: the one home of the hashing primitives that etags,
// idempotency digests, token hashes, the audit chain and input digests are built on.
//
// Example:
//   Sha256 h;
//   h.UpdateField(tenant);        // length-prefixed, so "ab"+"c" differs from "a"+"bc"
//   h.Update(SerializeDeterministic(message));
//   std::string hex = h.HexDigest();
#ifndef SUPPLYRISK_ENGINE_COMMON_SHA256_H_
#define SUPPLYRISK_ENGINE_COMMON_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message_lite.h"

// OpenSSL's EVP_MD_CTX, without pulling OpenSSL's headers into every user.
struct evp_md_ctx_st;

namespace supplyrisk {

// Incremental SHA-256 (OpenSSL EVP). Not thread-safe; one object per hash.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(absl::string_view data);
  // `data` preceded by its length as 8 big-endian bytes, so concatenated fields cannot be confused.
  void UpdateField(absl::string_view data);
  // Finishes the hash. Precondition: neither finisher was called before.
  std::string RawDigest();  // 32 bytes
  std::string HexDigest();  // 64 lower-case hex digits

 private:
  evp_md_ctx_st* ctx_;
};

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(absl::string_view data);

// Lower-case hex of arbitrary bytes.
std::string HexEncode(absl::string_view raw);

// Deterministic serialisation (map entries sorted by key), so equal messages give equal bytes.
std::string SerializeDeterministic(const google::protobuf::MessageLite& message);
// The same, into `out` (cleared first; its allocation is reused).
void SerializeDeterministicTo(const google::protobuf::MessageLite& message, std::string* out);

}  // namespace supplyrisk

#endif  // SUPPLYRISK_ENGINE_COMMON_SHA256_H_
