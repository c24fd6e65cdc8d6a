#include "clients/scan/dns/spf_record.h"

#include <arpa/inet.h>

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace supplyrisk::scan::dns {
namespace {

bool IsMacroLetter(char c, bool explain) {
  switch (absl::ascii_tolower(c)) {
    case 's':
    case 'l':
    case 'o':
    case 'd':
    case 'i':
    case 'p':
    case 'h':
    case 'v':
      return true;
    case 'c':
    case 'r':
    case 't':
      return explain;
    default:
      return false;
  }
}

bool IsDelimiter(char c) { return absl::StrContains(".-+,/_=", c); }

// A CIDR length: "0" or a number without leading zeros, at most `max`.
bool ParseCidr(absl::string_view digits, int max, int* out) {
  if (digits.empty() || digits.size() > 3) return false;
  for (char c : digits) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  if (digits.size() > 1 && digits[0] == '0') return false;
  int value = 0;
  if (!absl::SimpleAtoi(digits, &value) || value > max) return false;
  *out = value;
  return true;
}

// Non-empty and only digits: a CIDR length rather than part of a domain such as "foo/bar.com".
bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  return true;
}

bool IsTopLabel(absl::string_view label) {
  if (label.empty() || label.front() == '-' || label.back() == '-') return false;
  bool alpha_or_hyphen = false;
  for (char c : label) {
    if (!absl::ascii_isalnum(c) && c != '-') return false;
    if (absl::ascii_isalpha(c) || c == '-') alpha_or_hyphen = true;
  }
  return alpha_or_hyphen;
}

// Splits "a:domain/24//64" into its domain part and CIDR lengths. `rest` is what follows the
// mechanism name.
absl::Status ParseDualCidr(absl::string_view& rest, SpfMechanism& mechanism) {
  size_t dd = rest.rfind("//");
  if (dd != absl::string_view::npos && AllDigits(rest.substr(dd + 2))) {
    if (!ParseCidr(rest.substr(dd + 2), 128, &mechanism.cidr6)) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid IPv6 CIDR length in \"", mechanism.text, "\""));
    }
    rest = rest.substr(0, dd);
  }
  size_t slash = rest.rfind('/');
  if (slash != absl::string_view::npos && AllDigits(rest.substr(slash + 1))) {
    if (!ParseCidr(rest.substr(slash + 1), 32, &mechanism.cidr4)) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid IPv4 CIDR length in \"", mechanism.text, "\""));
    }
    rest = rest.substr(0, slash);
  }
  return absl::OkStatus();
}

absl::Status ParseIpMechanism(absl::string_view rest, SpfMechanism& mechanism) {
  bool v6 = mechanism.kind == SpfMechanismKind::kIp6;
  if (!absl::ConsumePrefix(&rest, ":")) {
    return absl::InvalidArgumentError(absl::StrCat("\"", mechanism.text, "\" needs an address"));
  }
  size_t slash = rest.find('/');
  if (slash != absl::string_view::npos) {
    int* length = v6 ? &mechanism.cidr6 : &mechanism.cidr4;
    if (!ParseCidr(rest.substr(slash + 1), v6 ? 128 : 32, length)) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid CIDR length in \"", mechanism.text, "\""));
    }
    rest = rest.substr(0, slash);
  }
  std::optional<IpAddress> address = IpAddress::Parse(rest);
  if (!address.has_value() || address->v6 != v6) {
    return absl::InvalidArgumentError(absl::StrCat("invalid address in \"", mechanism.text, "\""));
  }
  mechanism.network = *address;
  return absl::OkStatus();
}

std::optional<SpfMechanismKind> MechanismKindOf(absl::string_view name) {
  std::string lower = absl::AsciiStrToLower(name);
  if (lower == "all") return SpfMechanismKind::kAll;
  if (lower == "include") return SpfMechanismKind::kInclude;
  if (lower == "a") return SpfMechanismKind::kA;
  if (lower == "mx") return SpfMechanismKind::kMx;
  if (lower == "ptr") return SpfMechanismKind::kPtr;
  if (lower == "ip4") return SpfMechanismKind::kIp4;
  if (lower == "ip6") return SpfMechanismKind::kIp6;
  if (lower == "exists") return SpfMechanismKind::kExists;
  return std::nullopt;
}

absl::Status ParseMechanism(absl::string_view term, SpfMechanism& mechanism) {
  mechanism.text = std::string(term);
  switch (term.empty() ? ' ' : term[0]) {
    case '+':
      mechanism.qualifier = SpfQualifier::kPass;
      term.remove_prefix(1);
      break;
    case '-':
      mechanism.qualifier = SpfQualifier::kFail;
      term.remove_prefix(1);
      break;
    case '~':
      mechanism.qualifier = SpfQualifier::kSoftFail;
      term.remove_prefix(1);
      break;
    case '?':
      mechanism.qualifier = SpfQualifier::kNeutral;
      term.remove_prefix(1);
      break;
    default:
      break;
  }
  size_t end = 0;
  while (end < term.size() && absl::ascii_isalnum(term[end])) ++end;
  std::optional<SpfMechanismKind> kind = MechanismKindOf(term.substr(0, end));
  absl::string_view rest = term.substr(end);
  if (!kind.has_value() || (!rest.empty() && rest[0] != ':' && rest[0] != '/')) {
    return absl::InvalidArgumentError(absl::StrCat("unknown mechanism \"", mechanism.text, "\""));
  }
  mechanism.kind = *kind;
  switch (*kind) {
    case SpfMechanismKind::kIp4:
    case SpfMechanismKind::kIp6:
      return ParseIpMechanism(rest, mechanism);
    case SpfMechanismKind::kA:
    case SpfMechanismKind::kMx:
      if (absl::Status cidr = ParseDualCidr(rest, mechanism); !cidr.ok()) return cidr;
      break;
    default:
      break;
  }
  bool takes_domain = *kind != SpfMechanismKind::kAll;
  bool needs_domain = *kind == SpfMechanismKind::kInclude || *kind == SpfMechanismKind::kExists;
  if (rest.empty()) {
    if (needs_domain) {
      return absl::InvalidArgumentError(absl::StrCat("\"", mechanism.text, "\" needs a domain"));
    }
    return absl::OkStatus();
  }
  if (!takes_domain || rest[0] != ':') {
    return absl::InvalidArgumentError(absl::StrCat("invalid mechanism \"", mechanism.text, "\""));
  }
  mechanism.domain_spec = std::string(rest.substr(1));
  if (absl::Status spec = CheckDomainSpec(mechanism.domain_spec); !spec.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid domain in \"", mechanism.text, "\": ", spec.message()));
  }
  return absl::OkStatus();
}

bool IsModifierName(absl::string_view name) {
  if (name.empty() || !absl::ascii_isalpha(name[0])) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

absl::Status ParseModifier(absl::string_view term, size_t equals, SpfRecord& record) {
  absl::string_view name = term.substr(0, equals);
  absl::string_view value = term.substr(equals + 1);
  if (!IsModifierName(name)) {
    return absl::InvalidArgumentError(absl::StrCat("invalid modifier name in \"", term, "\""));
  }
  std::string lower = absl::AsciiStrToLower(name);
  if (lower == "redirect" || lower == "exp") {
    std::optional<std::string>& slot = lower == "redirect" ? record.redirect : record.exp;
    if (slot.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat("more than one ", lower, "= modifier"));
    }
    if (absl::Status spec = CheckDomainSpec(value); !spec.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid domain in \"", term, "\": ", spec.message()));
    }
    slot = std::string(value);
    return absl::OkStatus();
  }
  if (absl::Status macro = CheckMacroString(value, /*explain=*/false); !macro.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid value in \"", term, "\": ", macro.message()));
  }
  record.unknown_modifiers.emplace_back(term);
  return absl::OkStatus();
}

}  // namespace

std::optional<IpAddress> IpAddress::Parse(absl::string_view text, bool unmap_v4) {
  std::string copy(text);
  IpAddress address;
  if (inet_pton(AF_INET, copy.c_str(), address.bytes.data()) == 1) return address;
  if (inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) != 1) return std::nullopt;
  address.v6 = true;
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (unmap_v4 && std::memcmp(address.bytes.data(), kMapped, sizeof(kMapped)) == 0) {
    IpAddress v4;
    std::memcpy(v4.bytes.data(), address.bytes.data() + 12, 4);
    return v4;
  }
  return address;
}

std::string IpAddress::ToString() const {
  char buffer[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buffer, sizeof(buffer));
  return buffer;
}

bool IpAddress::InNetwork(const IpAddress& network, int prefix) const {
  if (v6 != network.v6) return false;
  int full = prefix / 8;
  if (std::memcmp(bytes.data(), network.bytes.data(), full) != 0) return false;
  int bits = prefix % 8;
  if (bits == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - bits));
  return (bytes[full] & mask) == (network.bytes[full] & mask);
}

bool IsSpfRecord(absl::string_view text) {
  if (text.size() < 6 || !absl::EqualsIgnoreCase(text.substr(0, 6), "v=spf1")) return false;
  return text.size() == 6 || text[6] == ' ';
}

bool QueriesDns(SpfMechanismKind kind) {
  switch (kind) {
    case SpfMechanismKind::kInclude:
    case SpfMechanismKind::kA:
    case SpfMechanismKind::kMx:
    case SpfMechanismKind::kPtr:
    case SpfMechanismKind::kExists:
      return true;
    default:
      return false;
  }
}

absl::Status CheckMacroString(absl::string_view text, bool explain) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' && explain) continue;
    if (c < 0x21 || c > 0x7e) {
      return absl::InvalidArgumentError(
          absl::StrCat("character ", static_cast<int>(c), " is not allowed in a macro string"));
    }
    if (c != '%') continue;
    if (i + 1 >= text.size()) return absl::InvalidArgumentError("\"%\" at the end");
    char next = text[++i];
    if (next == '%' || next == '_' || next == '-') continue;
    if (next != '{')
      return absl::InvalidArgumentError(absl::StrCat("invalid \"%", std::string(1, next), "\""));
    size_t close = text.find('}', i);
    if (close == absl::string_view::npos) return absl::InvalidArgumentError("unclosed \"%{\"");
    absl::string_view body = text.substr(i + 1, close - i - 1);
    if (body.empty() || !IsMacroLetter(body[0], explain)) {
      return absl::InvalidArgumentError(absl::StrCat("invalid macro \"%{", body, "}\""));
    }
    size_t j = 1;
    size_t digits_start = j;
    while (j < body.size() && absl::ascii_isdigit(body[j])) ++j;
    if (j > digits_start) {
      int count = 0;
      if (!absl::SimpleAtoi(body.substr(digits_start, j - digits_start), &count) || count == 0 ||
          count > 128) {
        return absl::InvalidArgumentError(absl::StrCat("invalid digits in \"%{", body, "}\""));
      }
    }
    if (j < body.size() && absl::ascii_tolower(body[j]) == 'r') ++j;
    for (; j < body.size(); ++j) {
      if (!IsDelimiter(body[j])) {
        return absl::InvalidArgumentError(absl::StrCat("invalid macro \"%{", body, "}\""));
      }
    }
    i = close;
  }
  return absl::OkStatus();
}

absl::Status CheckDomainSpec(absl::string_view spec) {
  if (spec.empty()) return absl::InvalidArgumentError("empty domain");
  if (absl::Status macro = CheckMacroString(spec, /*explain=*/false); !macro.ok()) return macro;
  // Ends in a macro expansion: the expanded name is checked when it is looked up.
  if (spec.back() == '}') return absl::OkStatus();
  if (spec.size() >= 2 && spec[spec.size() - 2] == '%' &&
      (spec.back() == '%' || spec.back() == '_' || spec.back() == '-')) {
    size_t percents = 0;
    for (size_t k = spec.size() - 1; k-- > 0 && spec[k] == '%';) ++percents;
    if (percents % 2 == 1) return absl::OkStatus();
  }
  absl::string_view name = spec;
  if (absl::EndsWith(name, ".")) name.remove_suffix(1);
  size_t dot = name.rfind('.');
  if (dot == absl::string_view::npos || !IsTopLabel(name.substr(dot + 1))) {
    return absl::InvalidArgumentError(absl::StrCat("\"", spec, "\" does not end in a top label"));
  }
  return absl::OkStatus();
}

bool IsValidDomain(absl::string_view name) {
  if (absl::EndsWith(name, ".")) name.remove_suffix(1);
  if (name.empty() || name.size() > 253) return false;
  std::vector<absl::string_view> labels = absl::StrSplit(name, '.');
  if (labels.size() < 2) return false;
  for (absl::string_view label : labels) {
    if (label.empty() || label.size() > 63) return false;
  }
  return true;
}

absl::StatusOr<SpfRecord> ParseSpfRecord(absl::string_view text) {
  if (!IsSpfRecord(text)) return absl::InvalidArgumentError("not an SPF record");
  SpfRecord record;
  std::vector<absl::string_view> terms = absl::StrSplit(text.substr(6), ' ', absl::SkipEmpty());
  for (absl::string_view term : terms) {
    size_t equals = term.find('=');
    size_t first_other = term.find_first_of(":/");
    if (equals != absl::string_view::npos && equals < first_other) {
      if (absl::Status modifier = ParseModifier(term, equals, record); !modifier.ok()) {
        return modifier;
      }
      continue;
    }
    SpfMechanism mechanism;
    if (absl::Status parsed = ParseMechanism(term, mechanism); !parsed.ok()) return parsed;
    record.mechanisms.push_back(std::move(mechanism));
  }
  return record;
}

}  // namespace supplyrisk::scan::dns
