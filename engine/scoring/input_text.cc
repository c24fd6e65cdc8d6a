#include "engine/scoring/input_text.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/stubs/common.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"

namespace supplyrisk::scoring {
namespace {

class Collector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (first.empty()) first = absl::StrCat(line + 1, ":", column + 1, ": ", message);
  }
  std::string first;
};

// The path of the first string field (not bytes) holding bytes that are not UTF-8, e.g.
// "answers[2].evidence[0].uri"; empty when there is none. The text format accepts such strings
// (an escape such as "\xff" spells one) while the wire format refuses them, so a response read
// from text must not hold what the API and the store could never take.
std::string NonUtf8Field(const google::protobuf::Message& m) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* r = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  r->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    const int n = f->is_repeated() ? r->FieldSize(m, f) : 1;
    for (int i = 0; i < n; ++i) {
      const std::string at = f->is_repeated() ? absl::StrCat(f->name(), "[", i, "]") : f->name();
      if (f->type() == FieldDescriptor::TYPE_STRING) {
        std::string scratch;
        const std::string& s = f->is_repeated() ? r->GetRepeatedStringReference(m, f, i, &scratch)
                                                : r->GetStringReference(m, f, &scratch);
        if (!google::protobuf::internal::IsStructurallyValidUTF8(s.data(),
                                                                 static_cast<int>(s.size()))) {
          return at;
        }
      } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        const google::protobuf::Message& sub =
            f->is_repeated() ? r->GetRepeatedMessage(m, f, i) : r->GetMessage(m, f);
        const std::string inner = NonUtf8Field(sub);
        if (!inner.empty()) return absl::StrCat(at, ".", inner);
      }
    }
  }
  return "";
}

}  // namespace

absl::Status ParseTextProto(absl::string_view text, absl::string_view source,
                            google::protobuf::Message* out) {
  google::protobuf::TextFormat::Parser parser;
  Collector collector;
  parser.RecordErrorsTo(&collector);
  if (!parser.ParseFromString(std::string(text), out)) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ":", collector.first.empty() ? " parse error" : collector.first));
  }
  if (const std::string field = NonUtf8Field(*out); !field.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": ", field, ": not valid UTF-8"));
  }
  return absl::OkStatus();
}

absl::Status ParseJsonLines(absl::string_view text, absl::string_view source,
                            google::protobuf::Message* scratch,
                            const std::function<void(google::protobuf::Message&)>& take) {
  int line_no = 0;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    scratch->Clear();
    auto status = google::protobuf::util::JsonStringToMessage(
        google::protobuf::StringPiece(line.data(), line.size()), scratch, options);
    if (!status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(source, ":", line_no, ": not a ",
                                                     scratch->GetDescriptor()->full_name(), ": ",
                                                     std::string(status.message())));
    }
    take(*scratch);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<supplyrisk::v1::Signal>> ParseSignalsJsonl(absl::string_view text,
                                                                      absl::string_view source) {
  return ParseJsonLinesOf<supplyrisk::v1::Signal>(text, source);
}

absl::StatusOr<absl::Time> ParseAsOf(absl::string_view text) {
  absl::Time t;
  std::string err;
  const std::string s(absl::StripAsciiWhitespace(text));
  if (absl::ParseTime("%Y-%m-%d", s, absl::UTCTimeZone(), &t, &err)) return t;
  if (absl::ParseTime(absl::RFC3339_full, s, &t, &err)) return t;
  return absl::InvalidArgumentError(
      absl::StrCat("as_of: '", s, "' is neither YYYY-MM-DD nor an RFC 3339 time"));
}

}  // namespace supplyrisk::scoring
