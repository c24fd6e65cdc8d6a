#ifndef SUPPLYRISK_ENGINE_SCORING_DIGEST_H_
#define SUPPLYRISK_ENGINE_SCORING_DIGEST_H_

// The input digest: SHA-256 (OpenSSL EVP) over a canonical encoding of every
// scoring input, so an assessment names exactly what it was computed from and
// can be replayed.
//
// Canonical means independent of the order in which a caller lists things that
// have no order: answers are encoded sorted by question id (each with its
// chosen option ids and its evidence sorted), signals sorted by id and then by
// their encoding, engagement data classes sorted, readiness profiles sorted by
// template id. Each part is a deterministic protobuf serialization prefixed by
// a tag and its length, so parts cannot run into one another.

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "google/protobuf/message_lite.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"
#include "supplyrisk/v1/supplier.pb.h"

namespace supplyrisk::scoring {

// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  // Gathers bytes in `buffer` (cleared first; its capacity is reused), which
  // must outlive this object.
  explicit Sha256(std::string* buffer);
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(absl::string_view bytes);
  // Tag, length, bytes.
  void Part(char tag, absl::string_view bytes);
  // A deterministic serialization of `m` as one part.
  void Message(char tag, const google::protobuf::MessageLite& m);
  // The same for a message with no map field anywhere inside it, whose plain
  // serialization is already deterministic (cheaper: no stream set-up).
  void MessageWithoutMaps(char tag, const google::protobuf::MessageLite& m);
  // The raw 32-byte digest; the object must not be used afterwards.
  std::string Finish();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
  std::string own_buffer_;
  std::string& buffer_;
};

// Deterministic serialization (map entries sorted).
void SerializeDeterministic(const google::protobuf::MessageLite& m,
                            std::string* out);

// Hex digest of the supplier half on top of the model digest (raw bytes).
std::string SupplierInputDigest(
    absl::string_view model_digest,
    const supplyrisk::v1::SupplierProfile& profile,
    const supplyrisk::v1::Response& response,
    absl::Span<const supplyrisk::v1::Signal* const> sorted_signals,
    const supplyrisk::v1::Engagement* engagement, absl::Time as_of);

// The same digest with the answers already in question-id order (ids unique).
std::string SupplierInputDigest(
    absl::string_view model_digest,
    const supplyrisk::v1::SupplierProfile& profile,
    const supplyrisk::v1::Response& response,
    absl::Span<const supplyrisk::v1::Answer* const> sorted_answers,
    absl::Span<const supplyrisk::v1::Signal* const> sorted_signals,
    const supplyrisk::v1::Engagement* engagement, absl::Time as_of);

std::string HexEncode(absl::string_view raw);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_DIGEST_H_
