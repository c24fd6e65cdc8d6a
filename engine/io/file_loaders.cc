#include "engine/io/file_loaders.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/policy/policy.h"
#include "engine/scoring/input_text.h"

namespace supplyrisk::io {
namespace {

enum class ReadResult { kOk, kCannotOpen, kReadFailed };

// The whole file into `out`. Each loader turns a failure into its own message.
ReadResult ReadWhole(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ReadResult::kCannotOpen;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return ReadResult::kReadFailed;
  *out = std::move(buffer).str();
  return ReadResult::kOk;
}

absl::Status Prefixed(const std::string& path, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(path, ": ", status.message()));
}

}  // namespace

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::string text;
  // A failed read after a successful open yields what was read, as it always has: the inputs then
  // fail to parse with a message that names the file.
  if (ReadWhole(path, &text) == ReadResult::kCannotOpen) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot read file"));
  }
  return text;
}

bool FileExists(const std::string& path) { return std::ifstream(path).good(); }

absl::StatusOr<catalog::CatalogIndex> LoadCatalogFile(const std::string& path) {
  std::string text;
  switch (ReadWhole(path, &text)) {
    case ReadResult::kCannotOpen:
      return absl::NotFoundError(absl::StrCat(path, ": cannot open catalogue"));
    case ReadResult::kReadFailed:
      return absl::DataLossError(absl::StrCat(path, ": read failed"));
    case ReadResult::kOk:
      break;
  }
  absl::StatusOr<supplyrisk::v1::Catalog> parsed = catalog::ParseCatalogText(text);
  if (!parsed.ok()) return Prefixed(path, parsed.status());
  absl::StatusOr<catalog::CatalogIndex> index = catalog::CatalogIndex::Create(*std::move(parsed));
  if (!index.ok()) return Prefixed(path, index.status());
  return index;
}

absl::StatusOr<questionnaire::LoadedTemplate> LoadTemplateFile(const std::string& path) {
  std::string text;
  switch (ReadWhole(path, &text)) {
    case ReadResult::kCannotOpen:
      return absl::NotFoundError(absl::StrCat("cannot read template file '", path, "'"));
    case ReadResult::kReadFailed:
      return absl::DataLossError(absl::StrCat("error reading template file '", path, "'"));
    case ReadResult::kOk:
      break;
  }
  return questionnaire::ParseTemplateText(text, path);
}

absl::StatusOr<supplyrisk::v1::ScoringPolicy> LoadPolicyFile(const std::string& path) {
  std::string text;
  if (ReadWhole(path, &text) == ReadResult::kCannotOpen) {
    return absl::NotFoundError(absl::StrCat("cannot read policy file ", path));
  }
  return policy::ParsePolicyText(text, path);
}

absl::Status LoadTextProtoFile(const std::string& path, google::protobuf::Message* out) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return scoring::ParseTextProto(*text, path, out);
}

absl::StatusOr<std::vector<supplyrisk::v1::Signal>> LoadSignalsFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return scoring::ParseSignalsJsonl(*text, path);
}

}  // namespace supplyrisk::io
