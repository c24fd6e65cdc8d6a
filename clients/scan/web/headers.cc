#include "clients/scan/web/headers.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace supplyrisk::scan::web {
namespace {

// "HTTP/<version> <3 digits>[ reason]"; the status, or nullopt when `line` is no status line.
std::optional<int> StatusOf(absl::string_view line) {
  if (!absl::StartsWith(line, "HTTP/")) return std::nullopt;
  const size_t space = line.find(' ');
  if (space == absl::string_view::npos) return std::nullopt;
  absl::string_view code = line.substr(space + 1, 3);
  int status = 0;
  if (code.size() != 3 || !absl::ascii_isdigit(code[0]) || !absl::SimpleAtoi(code, &status)) {
    return std::nullopt;
  }
  if (line.size() > space + 4 && line[space + 4] != ' ') return std::nullopt;
  return status;
}

}  // namespace

std::vector<std::string> ResponseHead::All(absl::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [field, value] : fields) {
    if (absl::EqualsIgnoreCase(field, name)) values.push_back(value);
  }
  return values;
}

std::optional<std::string> ResponseHead::First(absl::string_view name) const {
  for (const auto& [field, value] : fields) {
    if (absl::EqualsIgnoreCase(field, name)) return value;
  }
  return std::nullopt;
}

absl::StatusOr<ResponseHead> ParseResponseHead(absl::string_view raw, size_t max_bytes) {
  if (raw.size() > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("header block: ", raw.size(), " bytes, over the limit of ", max_bytes));
  }
  std::optional<ResponseHead> head;
  bool last_was_field = false;
  for (absl::string_view line : absl::StrSplit(raw, '\n')) {
    absl::ConsumeSuffix(&line, "\r");
    if (line.empty()) {
      last_was_field = false;
      continue;
    }
    if (std::optional<int> status = StatusOf(line)) {
      head.emplace();  // A later head (after a 1xx) replaces the earlier one.
      head->status = *status;
      last_was_field = false;
      continue;
    }
    if (!head.has_value()) continue;  // Text before any status line is not part of a head.
    if ((line[0] == ' ' || line[0] == '\t') && last_was_field) {
      absl::string_view more = absl::StripAsciiWhitespace(line);
      std::string& value = head->fields.back().second;
      if (!more.empty()) absl::StrAppend(&value, value.empty() ? "" : " ", more);
      continue;
    }
    const size_t colon = line.find(':');
    absl::string_view name =
        colon == absl::string_view::npos ? "" : absl::StripAsciiWhitespace(line.substr(0, colon));
    if (name.empty() || name.find_first_of(" \t") != absl::string_view::npos) {
      ++head->malformed_lines;
      last_was_field = false;
      continue;
    }
    head->fields.emplace_back(absl::AsciiStrToLower(name),
                              std::string(absl::StripAsciiWhitespace(line.substr(colon + 1))));
    last_was_field = true;
  }
  if (!head.has_value()) return absl::InvalidArgumentError("header block: no HTTP status line");
  return *std::move(head);
}

}  // namespace supplyrisk::scan::web
