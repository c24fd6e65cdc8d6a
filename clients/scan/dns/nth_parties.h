// Nth parties seen from DNS: the providers a supplier's mail (MX), DNS (NS) and outbound mail
// (SPF include) depend on, as discovered relationships for the chain view.
#ifndef SUPPLYRISK_CLIENTS_SCAN_DNS_NTH_PARTIES_H_
#define SUPPLYRISK_CLIENTS_SCAN_DNS_NTH_PARTIES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "clients/scan/dns/resolver.h"
#include "supplyrisk/v1/relationship.pb.h"

namespace supplyrisk::scan::dns {

enum class DependencyClass { kMail, kDns, kMailSender };

// "mail", "dns", "mail-sender".
absl::string_view DependencyClassName(DependencyClass dependency);

struct DiscoveredParty {
  std::string supplier_domain;  // the domain scanned
  std::string provider_domain;  // the provider's registrable domain
  DependencyClass dependency_class = DependencyClass::kMail;
  std::string evidence;  // the record seen: "MX 10 aspmx.l.google.com", "NS ns1.example.net"
  absl::Time observed_at;
};

// The registrable domain of `host`: its last two labels, or three when the last two are one of a
// small built-in list of second-level public suffixes (co.jp, ne.jp, or.jp, ac.jp, go.jp, co.uk,
// com.au, ...). This is NOT the full Public Suffix List: a provider under a suffix missing from
// the list is reported one label too short, which still groups its hosts together.
std::string RegistrableDomain(absl::string_view host);

// The parties behind `domain`'s MX hosts, NS hosts and SPF include targets (the policy walk of
// spf_findings, includes at every depth) whose registrable domain differs from the domain's own.
// One entry per (provider, class), with the first record seen as evidence; order: MX (by
// preference), NS, SPF. Lookups that fail give no parties (nothing is inferred from absence).
std::vector<DiscoveredParty> DiscoverParties(Resolver& resolver, absl::string_view domain,
                                             absl::Time observed_at);

// One JSON object per line:
// {"supplier_domain":"...","provider_domain":"...","dependency_class":"mail",
//  "evidence":"...","observed_at":"2026-12-01T00:00:00Z"}
std::string PartiesToJsonLines(const std::vector<DiscoveredParty>& parties);

// The parties as DISCOVERED relationships of `supplier_name` ("suppliers/{id}") for the chain view
// (`supplyrisk chain --relationships`): one per provider, its classes united (mail for MX and SPF
// includes, dns for NS), the first record seen as the service, named by its registrable domain as
// an unidentified party until the buyer matches it to a supplier. What flows to a provider cannot
// be seen from DNS, so no data class or access is claimed: such a relationship counts for
// concentration and incident impact, never for an engagement's inherited risk. Confidence 0.9 for
// MX and NS (they route the domain's mail and name service now), 0.7 for an SPF include alone
// (it authorises a sender, which may no longer be used). Sorted by provider.
std::vector<v1::Relationship> PartiesAsRelationships(const std::vector<DiscoveredParty>& parties,
                                                     absl::string_view supplier_name);

}  // namespace supplyrisk::scan::dns

#endif  // SUPPLYRISK_CLIENTS_SCAN_DNS_NTH_PARTIES_H_
