// Expansion of SPF macro strings (RFC 7208 section 7): letters, the digit and "r" transformers,
// delimiters, URL escaping for upper-case letters, and %%, %_ and %-.
#ifndef SUPPLYRISK_CLIENTS_SCAN_DNS_SPF_MACRO_H_
#define SUPPLYRISK_CLIENTS_SCAN_DNS_SPF_MACRO_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/scan/dns/spf_record.h"

namespace supplyrisk::scan::dns {

struct MacroContext {
  std::string sender;          // %{s}
  std::string local_part;      // %{l}
  std::string sender_domain;   // %{o}
  std::string domain;          // %{d}: the domain whose record is being evaluated
  std::string helo;            // %{h}
  std::string receiving_host;  // %{r}, explanations only
  IpAddress ip;                // %{i}, %{c}, %{v}
  int64_t timestamp = 0;       // %{t}, explanations only
  // %{p}: the validated domain name of `ip` (7.3), computed on demand because it costs
  // lookups; "unknown" when unset.
  std::function<std::string()> validated_name;
};

// "%{i}" for IPv6: 32 upper-case nibbles separated by dots; for IPv4 the dotted quad.
std::string DottedIp(const IpAddress& ip);

// The reverse-lookup name: "4.3.2.1.in-addr.arpa" or the nibbles reversed under "ip6.arpa".
std::string ReverseName(const IpAddress& ip);

// Expands `text`. `explain` allows c, r, t and spaces (explanation strings). InvalidArgument on a
// syntax error.
absl::StatusOr<std::string> ExpandMacros(absl::string_view text, const MacroContext& context,
                                         bool explain);

}  // namespace supplyrisk::scan::dns

#endif  // SUPPLYRISK_CLIENTS_SCAN_DNS_SPF_MACRO_H_
