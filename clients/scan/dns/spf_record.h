// Parsing of SPF records (RFC 7208 sections 4.5, 4.6 and 12): selecting the record among a
// name's TXT records, and the syntax of its terms, CIDR lengths and macro strings. Every syntax
// error anywhere in a record makes the whole record a permerror (4.6), so the parser checks the
// whole record before any term is evaluated.
#ifndef SUPPLYRISK_CLIENTS_SCAN_DNS_SPF_RECORD_H_
#define SUPPLYRISK_CLIENTS_SCAN_DNS_SPF_RECORD_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace supplyrisk::scan::dns {

// An IPv4 or IPv6 address; IPv4 is kept in the first 4 bytes.
struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};

  // Strict text forms: dotted quad without leading zeros, or RFC 4291 text. An IPv4-mapped IPv6
  // address ("::ffff:192.0.2.1") becomes the IPv4 address when `unmap_v4` is set.
  static std::optional<IpAddress> Parse(absl::string_view text, bool unmap_v4 = false);
  std::string ToString() const;
  // True when the first `prefix` bits equal those of `network` (same family only).
  bool InNetwork(const IpAddress& network, int prefix) const;
};

enum class SpfQualifier { kPass, kFail, kSoftFail, kNeutral };

enum class SpfMechanismKind { kAll, kInclude, kA, kMx, kPtr, kIp4, kIp6, kExists };

struct SpfMechanism {
  SpfQualifier qualifier = SpfQualifier::kPass;
  SpfMechanismKind kind = SpfMechanismKind::kAll;
  std::string text;         // the term as written
  std::string domain_spec;  // unexpanded; "" when absent (a, mx and ptr then use the domain)
  int cidr4 = 32;           // a, mx, ip4
  int cidr6 = 128;          // a, mx, ip6
  IpAddress network;        // ip4, ip6
};

struct SpfRecord {
  std::vector<SpfMechanism> mechanisms;        // in order
  std::optional<std::string> redirect;         // domain-spec of redirect=
  std::optional<std::string> exp;              // domain-spec of exp=
  std::vector<std::string> unknown_modifiers;  // ignored (RFC 7208 6), kept for reports
};

// Whether the record text (the TXT record's strings joined without separator) is an SPF record:
// "v=spf1" in any case, followed by a space or the end.
bool IsSpfRecord(absl::string_view text);

// Parses a selected record. InvalidArgument names the offending term: the cause of a permerror.
absl::StatusOr<SpfRecord> ParseSpfRecord(absl::string_view text);

// Whether the mechanism's evaluation queries DNS, so counts towards the 10-term limit (4.6.4).
bool QueriesDns(SpfMechanismKind kind);

// Macro syntax (RFC 7208 7.1). `explain` allows the letters c, r and t and spaces (explain-string).
absl::Status CheckMacroString(absl::string_view text, bool explain);

// domain-spec syntax: a macro string ending in a macro expansion or in "." toplabel ["."].
absl::Status CheckDomainSpec(absl::string_view spec);

// Whether a name can be looked up: 1..253 characters (no trailing dot), labels 1..63 characters,
// at least two labels. RFC 7208 4.3 makes check_host() return "none" otherwise.
bool IsValidDomain(absl::string_view name);

}  // namespace supplyrisk::scan::dns

#endif  // SUPPLYRISK_CLIENTS_SCAN_DNS_SPF_RECORD_H_
