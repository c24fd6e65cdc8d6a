// Every DNS finding for one domain named by a supplier: SPF (dns.spf_*), DMARC (dns.dmarc_*),
// MX (dns.mx_missing) and CAA (dns.caa_missing), all through one Resolver.
#ifndef SUPPLYRISK_CLIENTS_SCAN_DNS_DOMAIN_SCAN_H_
#define SUPPLYRISK_CLIENTS_SCAN_DNS_DOMAIN_SCAN_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "clients/scan/dns/finding.h"
#include "clients/scan/dns/resolver.h"
#include "clients/scan/dns/spf.h"

namespace supplyrisk::scan::dns {

// Findings in a fixed order (SPF, DMARC, MX, CAA). Lookups that fail give no finding for the
// check they serve, so a resolver outage never reads as "missing"; the MX and CAA checks a failed
// lookup left unjudged are named in *not_judged (when given). SPF and DMARC outages show as the
// TXT lookups' errors, which callers report.
std::vector<Finding> ScanDomain(Resolver& resolver, absl::string_view domain,
                                const SpfOptions& spf_options = {},
                                std::vector<std::string>* not_judged = nullptr);

}  // namespace supplyrisk::scan::dns

#endif  // SUPPLYRISK_CLIENTS_SCAN_DNS_DOMAIN_SCAN_H_
