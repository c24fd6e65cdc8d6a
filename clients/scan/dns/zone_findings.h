// Findings about a domain's mail exchangers and certificate authority authorisation:
// dns.mx_missing (neither MX records nor a null MX, RFC 7505) and dns.caa_missing (no CAA record
// at the domain or any parent, the RFC 8659 tree climb).
#ifndef SUPPLYRISK_CLIENTS_SCAN_DNS_ZONE_FINDINGS_H_
#define SUPPLYRISK_CLIENTS_SCAN_DNS_ZONE_FINDINGS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "clients/scan/dns/finding.h"
#include "clients/scan/dns/resolver.h"

namespace supplyrisk::scan::dns {

// A null MX ("0 .") counts as present: the domain states that it receives no mail. A lookup
// that fails gives no finding, and says why in *not_judged (when given): an outage is not
// "missing", and it is not silence either.
std::vector<Finding> MxFindings(Resolver& resolver, absl::string_view domain,
                                std::vector<std::string>* not_judged = nullptr);

// Climbs from `domain` towards the top-level domain until a CAA record set is found. A lookup
// that fails stops the climb with no finding, and says why in *not_judged (when given).
std::vector<Finding> CaaFindings(Resolver& resolver, absl::string_view domain,
                                 std::vector<std::string>* not_judged = nullptr);

}  // namespace supplyrisk::scan::dns

#endif  // SUPPLYRISK_CLIENTS_SCAN_DNS_ZONE_FINDINGS_H_
