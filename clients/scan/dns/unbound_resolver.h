// A validating Resolver on libunbound: answers carry the DNSSEC state (secure, insecure, bogus
// with the validator's reason) when trust anchors are configured.
//
// Example (a supplier scan through a named resolver):
//   UnboundOptions options;
//   options.forwarder = "192.0.2.53@53";
//   options.trust_anchors = {". IN DS 20326 8 2 E06D..."};
//   absl::StatusOr<std::unique_ptr<UnboundResolver>> resolver = UnboundResolver::Create(options);
//
// Without a forwarder or stubs, libunbound resolves from the root servers; tests always set a
// loopback forwarder and answer from local data.
#ifndef SUPPLYRISK_CLIENTS_SCAN_DNS_UNBOUND_RESOLVER_H_
#define SUPPLYRISK_CLIENTS_SCAN_DNS_UNBOUND_RESOLVER_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "clients/scan/dns/resolver.h"

struct ub_ctx;

namespace supplyrisk::scan::dns {

struct UnboundOptions {
  // An unbound.conf file read first (e.g. auth-zone clauses serving zone files); "" for none.
  std::string config_file;
  std::string forwarder;  // "IP" or "IP@PORT": every query goes there; "" for none
  std::vector<std::pair<std::string, std::string>> stubs;  // zone -> "IP@PORT"
  std::vector<std::string> trust_anchors;  // DS or DNSKEY records in zone-file format
  // Local data answered without any server: zones (type "static") and their records in
  // zone-file format ("www.example.jp. 300 IN A 192.0.2.1").
  std::vector<std::string> local_zones;
  std::vector<std::string> local_data;
  absl::Duration timeout = absl::Seconds(5);  // per lookup
};

class UnboundResolver : public Resolver {
 public:
  // Configures a context in the order libunbound requires (options, forwarder, stubs and trust
  // anchors before any zone, since zone changes finalise the context) and removes unbound's
  // built-in "test." zone. InvalidArgument names the option libunbound refused.
  static absl::StatusOr<std::unique_ptr<UnboundResolver>> Create(const UnboundOptions& options);

  ~UnboundResolver() override;
  UnboundResolver(const UnboundResolver&) = delete;
  UnboundResolver& operator=(const UnboundResolver&) = delete;

  // A bogus answer has outcome kServFail (a validating resolver withholds it) and keeps its
  // records for reporting. Answers are bounded: names over 255 bytes or malformed rdata make
  // the answer kServFail.
  Answer Lookup(absl::string_view name, RecordType type) override;

 private:
  UnboundResolver(ub_ctx* context, bool validating, absl::Duration timeout)
      : context_(context), validating_(validating), timeout_(timeout) {}

  ub_ctx* context_;
  bool validating_;
  absl::Duration timeout_;
};

}  // namespace supplyrisk::scan::dns

#endif  // SUPPLYRISK_CLIENTS_SCAN_DNS_UNBOUND_RESOLVER_H_
