#ifndef SUPPLYRISK_ENGINE_COMMON_JSON_TEXT_H_
#define SUPPLYRISK_ENGINE_COMMON_JSON_TEXT_H_

// JSON string literals for the few places that write JSON by hand (structured log lines, JSON-lines
// output), where building a protobuf message first would cost more than the line itself.
//
//   std::string line = absl::StrCat("{\"event\":", JsonQuote(event), "}");
//
// Escaping follows RFC 8259: quote, backslash and the control characters below 0x20 are escaped
// (\n, \r, \t, \b, \f by name, the rest as \u00XX); every other byte, UTF-8 included, passes as is.

#include <string>

#include "absl/strings/string_view.h"

namespace supplyrisk::common {

// `text` escaped, without the surrounding quotes.
std::string JsonEscape(absl::string_view text);

// `text` as a JSON string literal, quotes included.
std::string JsonQuote(absl::string_view text);

}  // namespace supplyrisk::common

#endif  // SUPPLYRISK_ENGINE_COMMON_JSON_TEXT_H_
