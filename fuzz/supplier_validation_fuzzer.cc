// Supplier validation (CreateSupplier/UpdateSupplier bodies, here parsed from textproto so the
// fuzzer reaches every field). Contract: no crash or UB; every violation names a field under the
// prefix and says what is wrong; validation canonicalises (domains to A-labels), so validating a
// supplier that passed again passes and changes nothing.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "fuzz/fuzz_check.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "proto/supplyrisk/v1/supplier.pb.h"
#include "service/api/errors.h"
#include "service/api/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool quiet = (google::protobuf::SetLogHandler(nullptr), true);
  (void)quiet;
  const std::string text(reinterpret_cast<const char*>(data), size);
  supplyrisk::v1::Supplier supplier;
  if (!google::protobuf::TextFormat::ParseFromString(text, &supplier)) return 0;
  supplyrisk::api::FieldViolations violations;
  supplyrisk::api::ValidateSupplier("supplier", &supplier, &violations);
  for (const auto& v : violations.violations()) {
    FUZZ_CHECK(absl::StartsWith(v.field, "supplier."), "a violation names a field of the input");
    FUZZ_CHECK(!v.description.empty(), "a violation says what is wrong");
  }
  if (!violations.empty()) return 0;
  supplyrisk::v1::Supplier canonical = supplier;
  supplyrisk::api::FieldViolations again;
  supplyrisk::api::ValidateSupplier("supplier", &canonical, &again);
  FUZZ_CHECK(again.empty(), "a supplier that passed passes again");
  FUZZ_CHECK(google::protobuf::util::MessageDifferencer::Equals(supplier, canonical),
             "canonicalising is idempotent");
  return 0;
}
