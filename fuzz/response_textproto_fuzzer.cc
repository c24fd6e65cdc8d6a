// Response textproto (`supplyrisk score`'s response.textproto, the API's SubmitResponse body) and
// answer validation against a shipped template. Contract: no crash or UB; a parsed response
// round-trips through the wire format; validation is deterministic and every violation names a
// field under the response's prefix and says what is wrong.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "engine/catalog/catalog.h"
#include "engine/questionnaire/builtin_templates.h"
#include "engine/questionnaire/registry.h"
#include "engine/scoring/input_text.h"
#include "engine/validation/inputs.h"
#include "fuzz/fuzz_check.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/util/message_differencer.h"
#include "proto/supplyrisk/v1/response.pb.h"

namespace {

namespace v1 = supplyrisk::v1;
namespace val = supplyrisk::validation;

const supplyrisk::questionnaire::TemplateRegistry& Registry() {
  static const auto* registry = [] {
    auto* r =
        new supplyrisk::questionnaire::TemplateRegistry(supplyrisk::catalog::BuiltinCatalog());
    FUZZ_CHECK(supplyrisk::questionnaire::LoadBuiltinTemplates(r).ok(),
               "the shipped templates load");
    return r;
  }();
  return *registry;
}

std::vector<val::Violation> Validate(const v1::Response& response, const v1::Template& tmpl) {
  val::TimeLimits limits;
  limits.now = absl::FromUnixSeconds(1793491200);  // 2026-11-01T00:00:00Z
  val::Violations violations;
  val::ValidateResponse("response", response, tmpl, limits, &violations);
  return violations.violations();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool quiet = (google::protobuf::SetLogHandler(nullptr), true);
  (void)quiet;
  const std::string text(reinterpret_cast<const char*>(data), size);
  v1::Response response;
  if (!supplyrisk::scoring::ParseTextProto(text, "fuzz.textproto", &response).ok()) return 0;

  std::string wire;
  FUZZ_CHECK(response.SerializeToString(&wire), "a parsed response serialises");
  v1::Response again;
  FUZZ_CHECK(again.ParseFromString(wire), "a serialised response parses");
  FUZZ_CHECK(google::protobuf::util::MessageDifferencer::Equals(response, again),
             "serialise then parse gives the same response");

  // The template the response names, else the first shipped one (so mismatches are exercised).
  const v1::Template* tmpl = Registry().LatestPublished(response.template_id());
  if (tmpl == nullptr) tmpl = Registry().LatestPublished(Registry().TemplateIds().front());
  FUZZ_CHECK(tmpl != nullptr, "a shipped template exists");
  const std::vector<val::Violation> first = Validate(response, *tmpl);
  for (const val::Violation& v : first) {
    FUZZ_CHECK(absl::StartsWith(v.field, "response"), "a violation names a field of the input");
    FUZZ_CHECK(!v.description.empty(), "a violation says what is wrong");
  }
  const std::vector<val::Violation> second = Validate(again, *tmpl);
  FUZZ_CHECK(first.size() == second.size(), "validation is deterministic");
  for (size_t i = 0; i < first.size(); ++i) {
    FUZZ_CHECK(first[i].field == second[i].field && first[i].description == second[i].description,
               "validation is deterministic");
  }
  return 0;
}
