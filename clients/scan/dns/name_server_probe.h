// Probes of a domain's own name servers: does one hand the zone to anyone (AXFR over TCP), and
// does one recurse for anyone (an open resolver)? Only the servers the domain's NS records name
// are contacted, each with a connect / read timeout and a bounded reply.
#ifndef SUPPLYRISK_CLIENTS_SCAN_DNS_NAME_SERVER_PROBE_H_
#define SUPPLYRISK_CLIENTS_SCAN_DNS_NAME_SERVER_PROBE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "clients/scan/dns/finding.h"
#include "clients/scan/dns/resolver.h"

namespace supplyrisk::scan::dns {

struct ProbeOptions {
  uint16_t port = 53;  // the port every name server is probed on
  // NS name (canonical) -> address to probe instead of resolving it, e.g. "127.0.0.1" for a
  // server on loopback in tests.
  std::map<std::string, std::string> addresses;
  absl::Duration timeout = absl::Seconds(3);  // per connect and per read
  // A name outside every zone the servers are authoritative for; a server that answers it with
  // RA=1, NOERROR and answers recursed for us.
  std::string probe_name = "example.com";
  int max_servers = 8;  // name servers probed per domain, at most
};

// One name server address's reply to a single AXFR query of `zone` over TCP: true when its first
// response message has RCODE NOERROR and answer records (the zone's SOA), i.e. the transfer is
// allowed. Only that first message is read (at most 65535 octets). An error for a connection or
// read failure or timeout, or a malformed reply.
absl::StatusOr<bool> ZoneTransferOffered(absl::string_view address, uint16_t port,
                                         absl::string_view zone, absl::Duration timeout);

// One name server address's reply to a recursive (RD=1) UDP query of `probe_name` for A: true
// when it answers with RA=1, RCODE NOERROR and answer records.
absl::StatusOr<bool> AnswersRecursively(absl::string_view address, uint16_t port,
                                        absl::string_view probe_name, absl::Duration timeout);

// dns.zone_transfer_allowed findings (one per server address that allows it) for `domain`: its NS
// names, each resolved to its IPv4 / IPv6 addresses through `resolver` (or options.addresses),
// each asked for an AXFR. Servers that cannot be reached give no finding; each is named, with the
// reason, in *not_judged (when given), as is a domain whose name servers could not be found.
std::vector<Finding> ZoneTransferFindings(Resolver& resolver, absl::string_view domain,
                                          const ProbeOptions& options = {},
                                          std::vector<std::string>* not_judged = nullptr);

// dns.open_resolver findings (one per server address that recurses) for `domain`'s name servers;
// *not_judged as above.
std::vector<Finding> OpenResolverFindings(Resolver& resolver, absl::string_view domain,
                                          const ProbeOptions& options = {},
                                          std::vector<std::string>* not_judged = nullptr);

}  // namespace supplyrisk::scan::dns

#endif  // SUPPLYRISK_CLIENTS_SCAN_DNS_NAME_SERVER_PROBE_H_
