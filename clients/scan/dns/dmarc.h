// DMARC (RFC 7489) records and the dns.dmarc_* findings for a domain: the record at
// _dmarc.<domain> (the organisational-domain fallback of 6.6.3 is not done), its syntax, and the
// policy it states, including the authorisation of external report addresses (7.1).
#ifndef SUPPLYRISK_CLIENTS_SCAN_DNS_DMARC_H_
#define SUPPLYRISK_CLIENTS_SCAN_DNS_DMARC_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/scan/dns/finding.h"
#include "clients/scan/dns/resolver.h"

namespace supplyrisk::scan::dns {

enum class DmarcPolicy { kNone, kQuarantine, kReject };

struct DmarcRecord {
  DmarcPolicy policy = DmarcPolicy::kNone;
  std::optional<DmarcPolicy> subdomain_policy;  // sp=
  int pct = 100;
  std::vector<std::string> rua;  // the mailto: addresses, without "mailto:" and size suffix
};

// Parses a record's text. InvalidArgument names the tag: v=DMARC1 not first, p missing or not
// second, an unknown policy, pct not 0..100, a tag without "=", or a rua that is not mailto:.
absl::StatusOr<DmarcRecord> ParseDmarcRecord(absl::string_view text);

// The dns.dmarc_* findings for `domain`. A lookup that fails gives no finding.
std::vector<Finding> DmarcFindings(Resolver& resolver, absl::string_view domain);

}  // namespace supplyrisk::scan::dns

#endif  // SUPPLYRISK_CLIENTS_SCAN_DNS_DMARC_H_
