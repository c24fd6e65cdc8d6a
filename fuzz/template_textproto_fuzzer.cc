// Template textproto (a tenant's CreateTemplate text, `supplyrisk lint`): the loader and the lint.
// Contract: no crash or UB; a text that does not parse yields only errors naming "syntax" or a
// field; one that parses survives the wire format and prints back to text that parses to the same
// message, and the lint finds the same problems (field and message) in both, each with a line.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <utility>

#include "engine/catalog/catalog.h"
#include "engine/questionnaire/lint.h"
#include "engine/questionnaire/loader.h"
#include "fuzz/fuzz_check.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "proto/supplyrisk/v1/template.pb.h"

namespace {

namespace q = supplyrisk::questionnaire;

std::set<std::pair<std::string, std::string>> Findings(const q::LoadedTemplate& loaded) {
  std::set<std::pair<std::string, std::string>> out;
  for (const q::Problem& p : q::LintTemplate(loaded, supplyrisk::catalog::BuiltinCatalog())) {
    FUZZ_CHECK(p.line >= 1, "every problem of a file has a line");
    FUZZ_CHECK(!p.message.empty(), "every problem says what is wrong");
    FUZZ_CHECK(!q::FormatProblem(p).empty(), "a problem formats");
    out.emplace(p.field, p.message);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool quiet = (google::protobuf::SetLogHandler(nullptr), true);
  (void)quiet;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const q::LoadedTemplate loaded = q::ParseTemplateText(text, "fuzz.textproto");
  if (!loaded.ok()) {
    for (const q::Problem& p : loaded.syntax_errors) {
      FUZZ_CHECK(!p.field.empty(), "a parse error names the syntax or its field");
      FUZZ_CHECK(p.severity == q::Severity::kError, "a parse error is an error");
    }
    FUZZ_CHECK(q::LintTemplate(loaded, supplyrisk::catalog::BuiltinCatalog()).size() ==
                   loaded.syntax_errors.size(),
               "a template with syntax errors lints to just those");
    return 0;
  }
  const auto findings = Findings(loaded);

  // What parsed from text must also survive the wire format, as the API and the store hold it.
  std::string wire;
  FUZZ_CHECK(loaded.tmpl.SerializeToString(&wire), "a parsed template serialises");
  supplyrisk::v1::Template from_wire;
  FUZZ_CHECK(from_wire.ParseFromString(wire), "a serialised template parses");

  std::string printed;
  FUZZ_CHECK(google::protobuf::TextFormat::PrintToString(loaded.tmpl, &printed),
             "a parsed template prints");
  const q::LoadedTemplate again = q::ParseTemplateText(printed, "printed.textproto");
  FUZZ_CHECK(again.ok(), "a printed template parses");
  FUZZ_CHECK(google::protobuf::util::MessageDifferencer::Equals(loaded.tmpl, again.tmpl),
             "print then parse gives the same template");
  FUZZ_CHECK(Findings(again) == findings, "the lint finds the same problems in the printed text");
  return 0;
}
