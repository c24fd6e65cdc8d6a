// Relationships as JSON Lines (`supplyrisk chain`'s relationships.jsonl). Contract: no crash or
// UB, and the JSON Lines round trip (jsonl_roundtrip.h).

#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/scoring/input_text.h"
#include "fuzz/jsonl_roundtrip.h"
#include "google/protobuf/stubs/logging.h"
#include "proto/supplyrisk/v1/relationship.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool quiet = (google::protobuf::SetLogHandler(nullptr), true);
  (void)quiet;
  const std::string text(reinterpret_cast<const char*>(data), size);
  supplyrisk::fuzz::CheckJsonLinesRoundTrip(
      supplyrisk::scoring::ParseJsonLinesOf<supplyrisk::v1::Relationship>(text, "fuzz.jsonl"));
  return 0;
}
