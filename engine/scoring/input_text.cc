#include "engine/scoring/input_text.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/common/utf8_fields.h"
#include "google/protobuf/io/tokenizer.h"
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
  if (const std::string field = supplyrisk::NonUtf8Field(*out); !field.empty()) {
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
