// Parsing of one HTTP response head (status line and header fields) as received from the
// network, kept free of any transport so the parsing can be tested on its own.
//
// Example:
//   absl::StatusOr<ResponseHead> head = ParseResponseHead("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n");
//   head->First("server");  // "x"
#ifndef SUPPLYRISK_CLIENTS_SCAN_WEB_HEADERS_H_
#define SUPPLYRISK_CLIENTS_SCAN_WEB_HEADERS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace supplyrisk::scan::web {

// One response's status and header fields, in the order received.
struct ResponseHead {
  int status = 0;
  // (name lowercased, value with surrounding whitespace removed and folded lines joined by one
  // space). Repeated fields stay separate entries.
  std::vector<std::pair<std::string, std::string>> fields;
  // Lines that were neither a field nor a continuation (no colon, empty name); skipped.
  int malformed_lines = 0;

  // Every value of `name` (matched case-insensitively), in order.
  std::vector<std::string> All(absl::string_view name) const;
  // The first value of `name`, if any.
  std::optional<std::string> First(absl::string_view name) const;
};

// Parses a raw response head: a status line ("HTTP/1.1 301 Moved", "HTTP/2 200") followed by
// header lines, ended by CRLF or LF, optionally by an empty line. Field names are matched
// case-insensitively; a line starting with a space or tab continues the previous value
// (obsolete line folding). When the block holds several heads (a 1xx interim response before
// the final one), the last head is returned. InvalidArgument when no status line is found or
// the block is larger than `max_bytes`.
absl::StatusOr<ResponseHead> ParseResponseHead(absl::string_view raw, size_t max_bytes = 65536);

}  // namespace supplyrisk::scan::web

#endif  // SUPPLYRISK_CLIENTS_SCAN_WEB_HEADERS_H_
