#include "clients/scan/web/set_cookie.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace supplyrisk::scan::web {

absl::StatusOr<SetCookie> ParseSetCookie(absl::string_view value) {
  std::vector<absl::string_view> parts = absl::StrSplit(value, ';');
  absl::string_view pair = parts[0];
  const size_t equals = pair.find('=');
  if (equals == absl::string_view::npos) {
    return absl::InvalidArgumentError("Set-Cookie: no '=' in the name-value pair");
  }
  absl::string_view name = absl::StripAsciiWhitespace(pair.substr(0, equals));
  if (name.empty()) return absl::InvalidArgumentError("Set-Cookie: empty cookie name");
  if (name.size() > 256)
    return absl::InvalidArgumentError("Set-Cookie: cookie name over 256 bytes");
  for (char c : name) {
    if (absl::ascii_iscntrl(static_cast<unsigned char>(c))) {
      return absl::InvalidArgumentError("Set-Cookie: control character in the cookie name");
    }
  }
  SetCookie cookie;
  cookie.name = std::string(name);
  for (size_t i = 1; i < parts.size(); ++i) {
    absl::string_view attribute = parts[i];
    absl::string_view attribute_value;
    const size_t eq = attribute.find('=');
    if (eq != absl::string_view::npos) {
      attribute_value = absl::StripAsciiWhitespace(attribute.substr(eq + 1));
      attribute = attribute.substr(0, eq);
    }
    attribute = absl::StripAsciiWhitespace(attribute);
    if (absl::EqualsIgnoreCase(attribute, "secure")) {
      cookie.secure = true;
    } else if (absl::EqualsIgnoreCase(attribute, "httponly")) {
      cookie.http_only = true;
    } else if (absl::EqualsIgnoreCase(attribute, "samesite")) {
      cookie.same_site.clear();
      for (const char* known : {"Strict", "Lax", "None"}) {
        if (absl::EqualsIgnoreCase(attribute_value, known)) cookie.same_site = known;
      }
    }
  }
  return cookie;
}

}  // namespace supplyrisk::scan::web
