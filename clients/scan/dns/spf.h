// RFC 7208 check_host(): whether `ip` may send mail for `domain`, with the full record syntax,
// every mechanism and modifier, macros, the DNS lookup limits and the explanation for a fail,
// plus a trace of every term evaluated and the lookups it made.
//
// Example:
//   InMemoryResolver zone;
//   zone.AddTxt("example.jp", {"v=spf1 ip4:192.0.2.0/24 -all"});
//   absl::StatusOr<SpfCheck> check =
//       CheckHost(zone, "192.0.2.10", "example.jp", "user@example.jp", "mail.example.jp");
//   // check->result == SpfResult::kPass
#ifndef SUPPLYRISK_CLIENTS_SCAN_DNS_SPF_H_
#define SUPPLYRISK_CLIENTS_SCAN_DNS_SPF_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/scan/dns/resolver.h"

namespace supplyrisk::scan::dns {

enum class SpfResult { kNone, kNeutral, kPass, kFail, kSoftFail, kTempError, kPermError };

// "none", "neutral", "pass", "fail", "softfail", "temperror", "permerror".
absl::string_view SpfResultName(SpfResult result);

struct SpfOptions {
  int max_dns_terms = 10;    // include, a, mx, ptr, exists, redirect (4.6.4)
  int max_void_lookups = 2;  // lookups answered NXDOMAIN or no data (4.6.4)
  int max_mx_names = 10;     // MX records one mx mechanism may look up; more is permerror
  int max_ptr_names = 10;    // PTR names one ptr / %{p} validates; the rest are ignored
  std::string receiving_host = "unknown";  // %{r}
  int64_t timestamp = 0;                   // %{t}, seconds since the epoch
  // The explanation of a fail when the record has no usable exp= (RFC 7208 6.2).
  std::string default_explanation = "Sender is not authorised by the domain's SPF record";
};

// One step of the evaluation: the record lookup, a term or a modifier.
struct SpfTraceEntry {
  int depth = 0;                     // 0 for the initial domain, +1 per include / redirect
  std::string domain;                // the domain whose record the term belongs to
  std::string term;                  // as written; "(record)" for the record lookup
  std::vector<std::string> lookups;  // "A mail.example.jp: ok 192.0.2.25"
  bool matched = false;
  std::string note;  // why it did not match or what error it raised
};

struct SpfCheck {
  SpfResult result = SpfResult::kNone;
  std::string explanation;  // set for kFail only
  std::string problem;      // the cause of a permerror / temperror
  std::vector<SpfTraceEntry> trace;
  int dns_terms = 0;     // DNS-querying terms evaluated
  int void_lookups = 0;  // void lookups seen
};

// check_host(ip, domain, sender) of RFC 7208 section 4. `sender` is the MAIL FROM address (or
// "postmaster@<helo>" when checking HELO); a sender without local part uses "postmaster".
// InvalidArgument names the parameter when `ip` is not an IP address or `sender` lacks a domain.
absl::StatusOr<SpfCheck> CheckHost(Resolver& resolver, absl::string_view ip,
                                   absl::string_view domain, absl::string_view sender,
                                   absl::string_view helo, const SpfOptions& options = {});

// The MAIL FROM check: the domain is the part of `mail_from` after the last "@", and an empty
// `mail_from` checks the HELO identity as "postmaster@<helo>" (RFC 7208 2.3, 2.4).
absl::StatusOr<SpfCheck> CheckMailFrom(Resolver& resolver, absl::string_view ip,
                                       absl::string_view mail_from, absl::string_view helo,
                                       const SpfOptions& options = {});

}  // namespace supplyrisk::scan::dns

#endif  // SUPPLYRISK_CLIENTS_SCAN_DNS_SPF_H_
