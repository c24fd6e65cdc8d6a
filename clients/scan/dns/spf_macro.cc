#include "clients/scan/dns/spf_macro.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace supplyrisk::scan::dns {
namespace {

// RFC 3986 unreserved characters stay; everything else is %XX (RFC 7208 7.3).
std::string UrlEscape(absl::string_view value) {
  std::string out;
  for (unsigned char c : value) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppendFormat(&out, "%%%02X", c);
    }
  }
  return out;
}

std::string LetterValue(char letter, const MacroContext& context) {
  switch (letter) {
    case 's':
      return context.sender;
    case 'l':
      return context.local_part;
    case 'o':
      return context.sender_domain;
    case 'd':
      return context.domain;
    case 'i':
      return DottedIp(context.ip);
    case 'p':
      return context.validated_name ? context.validated_name() : "unknown";
    case 'v':
      return context.ip.v6 ? "ip6" : "in-addr";
    case 'h':
      return context.helo;
    case 'c':
      return context.ip.ToString();
    case 'r':
      return context.receiving_host.empty() ? "unknown" : context.receiving_host;
    case 't':
      return absl::StrCat(context.timestamp);
    default:
      return "";
  }
}

// Applies the transformers and delimiters in `spec` (what follows the letter) to `value`.
std::string Transform(absl::string_view value, absl::string_view spec) {
  size_t j = 0;
  while (j < spec.size() && absl::ascii_isdigit(spec[j])) ++j;
  int keep = 0;
  if (j > 0 && !absl::SimpleAtoi(spec.substr(0, j), &keep)) keep = 0;
  bool reverse = j < spec.size() && absl::ascii_tolower(spec[j]) == 'r';
  if (reverse) ++j;
  std::string delimiters(spec.substr(j));
  if (delimiters.empty()) delimiters = ".";
  std::vector<std::string> parts;
  std::string current;
  for (char c : value) {
    if (absl::StrContains(delimiters, c)) {
      parts.push_back(current);
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  parts.push_back(current);
  if (reverse) std::reverse(parts.begin(), parts.end());
  if (keep > 0 && static_cast<size_t>(keep) < parts.size()) {
    parts.erase(parts.begin(), parts.end() - keep);
  }
  return absl::StrJoin(parts, ".");
}

}  // namespace

std::string DottedIp(const IpAddress& ip) {
  if (!ip.v6) return ip.ToString();
  // Upper-case hex digits, as in RFC 7208 7.4's examples (DNS names ignore case anyway).
  std::vector<std::string> nibbles;
  for (int i = 0; i < 16; ++i) {
    nibbles.push_back(absl::StrFormat("%X", ip.bytes[i] >> 4));
    nibbles.push_back(absl::StrFormat("%X", ip.bytes[i] & 0xf));
  }
  return absl::StrJoin(nibbles, ".");
}

std::string ReverseName(const IpAddress& ip) {
  return absl::StrCat(Transform(DottedIp(ip), "r"), ip.v6 ? ".ip6.arpa" : ".in-addr.arpa");
}

absl::StatusOr<std::string> ExpandMacros(absl::string_view text, const MacroContext& context,
                                         bool explain) {
  if (absl::Status syntax = CheckMacroString(text, explain); !syntax.ok()) return syntax;
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    char next = text[++i];
    if (next == '%') {
      out.push_back('%');
    } else if (next == '_') {
      out.push_back(' ');
    } else if (next == '-') {
      out.append("%20");
    } else {
      size_t close = text.find('}', i);
      absl::string_view body = text.substr(i + 1, close - i - 1);
      char letter = body[0];
      std::string value =
          Transform(LetterValue(absl::ascii_tolower(letter), context), body.substr(1));
      out.append(absl::ascii_isupper(letter) ? UrlEscape(value) : value);
      i = close;
    }
  }
  return out;
}

}  // namespace supplyrisk::scan::dns
