#ifndef SUPPLYRISK_ENGINE_SCORING_DIGEST_H_
#define SUPPLYRISK_ENGINE_SCORING_DIGEST_H_

// Digests of scoring inputs: SHA-256 over canonical encodings, so an assessment names exactly what
// it was computed from and can be replayed (inputs.h combines the per-input digests below into an
// assessment's input digest).
//
// Canonical means independent of the order in which a caller lists things that have no order:
// answers are encoded sorted by question id (each with its chosen option ids and its evidence
// sorted), engagement data classes sorted. Each part is a deterministic protobuf serialization
// prefixed by a tag and its length, so parts cannot run into one another.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "engine/common/sha256.h"
#include "google/protobuf/message_lite.h"
#include "supplyrisk/v1/chain.pb.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"
#include "supplyrisk/v1/supplier.pb.h"

// OpenSSL's EVP_MD_CTX, without pulling OpenSSL's headers into every user.
struct evp_md_ctx_st;

namespace supplyrisk::scoring {

// Incremental SHA-256 over tagged, length-prefixed parts, tuned for the per-supplier digest: the
// parts are gathered in a block buffer and hashed a block at a time (a supplier's inputs are
// hundreds of small parts, and one hash update per part would cost more than the hashing), and the
// OpenSSL context is reused from one digest to the next on the same thread (digest.cc says why this
// is not //engine/common:sha256's Sha256). Hex, deterministic serialisation and every other hash
// come from engine/common/sha256.h.
class Sha256 {
 public:
  Sha256();
  // Gathers bytes in `buffer` (its allocation is reused, its contents are overwritten), which must
  // outlive this object.
  explicit Sha256(std::string* buffer);
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(absl::string_view bytes);
  // Tag, length, bytes.
  void Part(char tag, absl::string_view bytes);
  // A deterministic serialization of `m` as one part.
  void Message(char tag, const google::protobuf::MessageLite& m);
  // The same for a message with no map field anywhere inside it, whose plain serialization is
  // already deterministic (cheaper: no stream set-up).
  void MessageWithoutMaps(char tag, const google::protobuf::MessageLite& m);

  // The supplier inputs as parts, written by the digest's own wire encoder (digest.cc says why):
  // the same bytes as MessageWithoutMaps(tag, m), except where noted. Each returns false, having
  // added nothing, when `m` holds something that encoder does not cover (unknown fields); the
  // caller then falls back to MessageWithoutMaps.
  bool SupplierPart(char tag, const supplyrisk::v1::SupplierProfile& m);
  bool SupplierPart(char tag, const supplyrisk::v1::Signal& m);
  // With the option ids of a multiple-choice value in sorted order.
  bool SupplierPart(char tag, const supplyrisk::v1::Answer& m);
  // With the data classes in sorted order.
  bool SupplierPart(char tag, const supplyrisk::v1::Engagement& m);
  // Only the response's name, template id and revision, state and submission time: its head,
  // without answers or etag (and without its own unknown fields, which a head copied field by field
  // does not carry).
  bool SupplierResponseHead(char tag, const supplyrisk::v1::Response& m);

  // The raw 32-byte digest; the object must not be used afterwards.
  std::string Finish();

 private:
  // Room for `n` more bytes at buffer_[used_].
  char* Reserve(size_t n);
  // Hashes the gathered bytes once they make a large block.
  void MaybeFlush();
  template <typename Encode>
  bool EncodedPart(char tag, Encode encode);

  evp_md_ctx_st* md_;
  std::string own_buffer_;
  // buffer_[0, used_) is gathered input; the rest is room to write into.
  std::string& buffer_;
  size_t used_ = 0;
};

// The protobuf wire encoding of the supplier inputs by the digest's own encoder, appended to `out`:
// byte for byte what SerializeDeterministic writes. False, with `out` unchanged, when `m` holds
// something the encoder does not cover (unknown fields). For tests that guard the encoder.
bool AppendWireFormat(const supplyrisk::v1::SupplierProfile& m, std::string* out);
bool AppendWireFormat(const supplyrisk::v1::Signal& m, std::string* out);
bool AppendWireFormat(const supplyrisk::v1::Answer& m, std::string* out);
bool AppendWireFormat(const supplyrisk::v1::Engagement& m, std::string* out);
bool AppendWireFormat(const supplyrisk::v1::Response& m, std::string* out);

// The field numbers the encoder writes for the message type `full_name` (e.g.
// "supplyrisk.v1.Answer"), ascending; empty for a type it does not know. A test compares these with
// the descriptors, so a field added to a supplier input fails it until the encoder writes the new
// field too.
std::vector<int> WireEncodedFields(absl::string_view full_name);

// Per-input digests: hex SHA-256 over a version tag per kind and the input's canonical encoding.
// The store computes them when it writes an input (and keeps them in its digest field); scoring
// computes the same from the message when it has no stored one (inputs.h). Canonical means:
//   profile     every field;
//   response    name, template id and revision, state, submission time, then each answer in
//               question-id order with its option ids sorted and its evidence sorted by bytes;
//               not its etag (a revision) nor its digest;
//   signal      every field but its digest;
//   engagement  every field with its data classes sorted, but not its etag nor its digest.
std::string ProfileDigest(const supplyrisk::v1::SupplierProfile& profile);
std::string ResponseDigest(const supplyrisk::v1::Response& response);
// The same with the answers already in question-id order (ids unique).
std::string ResponseDigest(const supplyrisk::v1::Response& response,
                           absl::Span<const supplyrisk::v1::Answer* const> sorted_answers);
std::string SignalDigest(const supplyrisk::v1::Signal& signal);
std::string EngagementDigest(const supplyrisk::v1::Engagement& engagement);
// An engagement's subcontractor chain as read, before the supplier's own score: every field of
// the EffectiveRisk (it has no map fields and its lists are in a defined order).
std::string ChainDigest(const supplyrisk::v1::EffectiveRisk& chain);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_DIGEST_H_
