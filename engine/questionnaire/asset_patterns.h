#ifndef SUPPLYRISK_ENGINE_QUESTIONNAIRE_ASSET_PATTERNS_H_
#define SUPPLYRISK_ENGINE_QUESTIONNAIRE_ASSET_PATTERNS_H_

// The asset patterns of a signal link (SignalLink.asset_patterns): which assets a question is
// about. '*' stands for any run of characters (none included); every other character matches
// itself, ASCII letters case-insensitively; a pattern matches the whole asset. Scanners name
// assets as a domain ("example.jp"), host:port ("vpn.example.jp:443", "[2001:db8::1]:3389") or
// URL ("https://www.example.jp/").

#include <string>

#include "absl/strings/string_view.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::questionnaire {

// Why `pattern` cannot be used, or empty when it can: it must not be empty, hold whitespace or
// control characters, or be only '*' (which matches every asset: leave the list empty instead).
std::string AssetPatternProblem(absl::string_view pattern);

// Whether `pattern` matches all of `asset`.
bool AssetPatternMatches(absl::string_view pattern, absl::string_view asset);

// Whether `link` applies to a signal on `asset`: true when the link names no patterns, otherwise
// when one of them matches.
bool LinkAppliesToAsset(const supplyrisk::v1::SignalLink& link, absl::string_view asset);

}  // namespace supplyrisk::questionnaire

#endif  // SUPPLYRISK_ENGINE_QUESTIONNAIRE_ASSET_PATTERNS_H_
