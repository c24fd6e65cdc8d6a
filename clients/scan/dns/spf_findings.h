// SPF findings for a domain without a client address: the domain's record and a walk of the
// policy it names (includes and redirects followed, DNS-querying terms and void lookups counted)
// judged against the dns.spf_* checks of the catalogue.
#ifndef SUPPLYRISK_CLIENTS_SCAN_DNS_SPF_FINDINGS_H_
#define SUPPLYRISK_CLIENTS_SCAN_DNS_SPF_FINDINGS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "clients/scan/dns/finding.h"
#include "clients/scan/dns/resolver.h"
#include "clients/scan/dns/spf.h"
#include "clients/scan/dns/spf_record.h"

namespace supplyrisk::scan::dns {

// What the walk saw.
struct SpfPolicy {
  int records = 0;        // SPF records at the domain itself
  std::string record;     // the record text when there is exactly one
  std::string permerror;  // the first permanent error met anywhere in the walk; "" when none
  std::string temperror;  // the first lookup failure; "" when none
  int dns_terms = 0;      // DNS-querying terms over the whole walk
  int void_lookups = 0;
  bool uses_ptr = false;  // ptr mechanism or %{p} macro anywhere
  // The "all" that ends the effective policy (the domain's, or its redirect target's).
  std::optional<SpfQualifier> all;
  bool parsed = false;    // the domain's own record parsed (its all / redirect are known)
  bool redirect = false;  // the domain's record has redirect=
  std::vector<std::string> includes;  // include targets in order (third parties for the chain)
};

// Walks `domain`'s policy. Terms with macros are counted but not followed (their targets depend
// on the sender). The walk stops after 4 * options.max_dns_terms terms, so loops end.
SpfPolicy WalkSpfPolicy(Resolver& resolver, absl::string_view domain,
                        const SpfOptions& options = {});

// The dns.spf_* findings for a walked policy. A policy that could not be read for a temporary
// failure gives no findings (absence must not be reported on a lookup that failed).
std::vector<Finding> SpfFindings(absl::string_view domain, const SpfPolicy& policy,
                                 const SpfOptions& options = {});

}  // namespace supplyrisk::scan::dns

#endif  // SUPPLYRISK_CLIENTS_SCAN_DNS_SPF_FINDINGS_H_
