#ifndef SUPPLYRISK_FUZZ_JSONL_ROUNDTRIP_H_
#define SUPPLYRISK_FUZZ_JSONL_ROUNDTRIP_H_

// The JSON Lines contract shared by the signal and relationship targets: an error names its
// source; what parses prints back to JSON Lines that parse to the same messages.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "engine/scoring/input_text.h"
#include "fuzz/fuzz_check.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"

namespace supplyrisk::fuzz {

template <typename T>
void CheckJsonLinesRoundTrip(const absl::StatusOr<std::vector<T>>& parsed) {
  if (!parsed.ok()) {
    FUZZ_CHECK(absl::StartsWith(parsed.status().message(), "fuzz.jsonl:"),
               "a parse error names its source");
    return;
  }
  std::string printed;
  for (const T& m : *parsed) {
    std::string line;
    FUZZ_CHECK(google::protobuf::util::MessageToJsonString(m, &line).ok(), "a message prints");
    FUZZ_CHECK(line.find('\n') == std::string::npos, "a printed message is one line");
    printed += line;
    printed += '\n';
  }
  const absl::StatusOr<std::vector<T>> again = scoring::ParseJsonLinesOf<T>(printed, "printed");
  FUZZ_CHECK(again.ok(), "printed JSON Lines parse");
  FUZZ_CHECK(again->size() == parsed->size(), "print then parse keeps every line");
  for (size_t i = 0; i < again->size(); ++i) {
    FUZZ_CHECK(google::protobuf::util::MessageDifferencer::Equals((*parsed)[i], (*again)[i]),
               "print then parse gives the same message");
  }
}

}  // namespace supplyrisk::fuzz

#endif  // SUPPLYRISK_FUZZ_JSONL_ROUNDTRIP_H_
