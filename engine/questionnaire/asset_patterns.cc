#include "engine/questionnaire/asset_patterns.h"

#include "absl/strings/ascii.h"

namespace supplyrisk::questionnaire {

std::string AssetPatternProblem(absl::string_view pattern) {
  if (pattern.empty()) return "asset pattern is empty";
  bool only_stars = true;
  for (char c : pattern) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (absl::ascii_isspace(u) || absl::ascii_iscntrl(u)) {
      return "asset pattern must not contain whitespace or control characters";
    }
    only_stars = only_stars && c == '*';
  }
  if (only_stars) {
    return "asset pattern matches every asset: leave asset_patterns empty instead";
  }
  return "";
}

bool AssetPatternMatches(absl::string_view pattern, absl::string_view asset) {
  // Greedy matching with backtracking to the last '*': linear in practice, no recursion.
  size_t p = 0, a = 0;
  size_t star = absl::string_view::npos, resume = 0;
  auto same = [](char x, char y) {
    return absl::ascii_tolower(static_cast<unsigned char>(x)) ==
           absl::ascii_tolower(static_cast<unsigned char>(y));
  };
  while (a < asset.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = a;
    } else if (p < pattern.size() && same(pattern[p], asset[a])) {
      ++p;
      ++a;
    } else if (star != absl::string_view::npos) {
      p = star + 1;
      a = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool LinkAppliesToAsset(const supplyrisk::v1::SignalLink& link, absl::string_view asset) {
  if (link.asset_patterns().empty()) return true;
  for (const std::string& pattern : link.asset_patterns()) {
    if (AssetPatternMatches(pattern, asset)) return true;
  }
  return false;
}

}  // namespace supplyrisk::questionnaire
