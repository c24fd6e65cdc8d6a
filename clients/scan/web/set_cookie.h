// Parsing of one Set-Cookie field value (RFC 6265 section 5.2) into the attributes the scanner
// judges: Secure, HttpOnly and SameSite. The cookie's value is never kept.
#ifndef SUPPLYRISK_CLIENTS_SCAN_WEB_SET_COOKIE_H_
#define SUPPLYRISK_CLIENTS_SCAN_WEB_SET_COOKIE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace supplyrisk::scan::web {

struct SetCookie {
  std::string name;
  bool secure = false;
  bool http_only = false;
  // "Strict", "Lax" or "None" as the attribute spelled it, canonical case; empty when the
  // attribute is absent or its value is not one of the three (browsers then use their default).
  std::string same_site;
};

// Parses `value` as browsers do: the name is what precedes the first '=' of the part before the
// first ';', trimmed; attributes are matched case-insensitively, unknown ones ignored, a later
// SameSite overriding an earlier one. InvalidArgument (naming the problem) when there is no '='
// in the name-value pair, the name is empty or longer than 256 bytes, or the name holds control
// characters; browsers ignore such cookies.
absl::StatusOr<SetCookie> ParseSetCookie(absl::string_view value);

}  // namespace supplyrisk::scan::web

#endif  // SUPPLYRISK_CLIENTS_SCAN_WEB_SET_COOKIE_H_
