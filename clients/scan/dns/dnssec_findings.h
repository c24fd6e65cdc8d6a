// DNSSEC of a supplier's domain as the validating resolver judged it: secure (dns.dnssec_secure,
// a positive signal), insecure, i.e. unsigned or without a chain of trust (dns.dnssec_unsigned),
// or bogus with the validator's reason (dns.dnssec_bogus).
#ifndef SUPPLYRISK_CLIENTS_SCAN_DNS_DNSSEC_FINDINGS_H_
#define SUPPLYRISK_CLIENTS_SCAN_DNS_DNSSEC_FINDINGS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "clients/scan/dns/finding.h"
#include "clients/scan/dns/resolver.h"

namespace supplyrisk::scan::dns {

// Judged from the domain's NS records (every zone apex has them; a NODATA answer is validated
// too). Returns no finding, and says why in `*not_judged`, when the resolver does not validate or
// the lookup failed without a bogus verdict: an outage never reads as "unsigned".
std::vector<Finding> DnssecFindings(Resolver& resolver, absl::string_view domain,
                                    std::string* not_judged);

}  // namespace supplyrisk::scan::dns

#endif  // SUPPLYRISK_CLIENTS_SCAN_DNS_DNSSEC_FINDINGS_H_
