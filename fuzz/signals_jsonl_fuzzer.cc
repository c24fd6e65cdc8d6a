// Signal histories as JSON Lines (`supplyrisk score`'s signals.jsonl, the scanners' output) and
// signal validation. Contract: no crash or UB; the JSON Lines round trip (jsonl_roundtrip.h);
// every violation names a field under its signal's prefix and says what is wrong.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/scoring/input_text.h"
#include "engine/validation/inputs.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/jsonl_roundtrip.h"
#include "google/protobuf/stubs/logging.h"
#include "proto/supplyrisk/v1/signal.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool quiet = (google::protobuf::SetLogHandler(nullptr), true);
  (void)quiet;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto parsed = supplyrisk::scoring::ParseSignalsJsonl(text, "fuzz.jsonl");
  supplyrisk::fuzz::CheckJsonLinesRoundTrip(parsed);
  if (!parsed.ok()) return 0;
  supplyrisk::validation::TimeLimits limits;
  limits.now = absl::FromUnixSeconds(1793491200);  // 2026-11-01T00:00:00Z
  for (size_t i = 0; i < parsed->size(); ++i) {
    const std::string prefix = absl::StrCat("signals[", i, "]");
    supplyrisk::validation::Violations violations;
    supplyrisk::validation::ValidateSignal(prefix, (*parsed)[i], limits, &violations);
    for (const auto& v : violations.violations()) {
      FUZZ_CHECK(absl::StartsWith(v.field, prefix), "a violation names a field of its signal");
      FUZZ_CHECK(!v.description.empty(), "a violation says what is wrong");
    }
  }
  return 0;
}
