// The DNS lookups the scanners' checks make, behind an interface so that tests can answer from
// zone data written in code (InMemoryResolver) and production can use a validating resolver.
//
// Every lookup returns an Answer rather than a Status: for SPF and DMARC "no such name", "no
// data", "server failure" and "timeout" are ordinary outcomes that change the result, not errors
// of the caller.
#ifndef SUPPLYRISK_CLIENTS_SCAN_DNS_RESOLVER_H_
#define SUPPLYRISK_CLIENTS_SCAN_DNS_RESOLVER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace supplyrisk::scan::dns {

enum class RecordType { kA, kAaaa, kMx, kTxt, kPtr, kCname, kNs, kCaa };

// "A", "AAAA", "MX", ... for traces and messages.
absl::string_view RecordTypeName(RecordType type);

enum class Outcome {
  kOk,        // at least one record of the type
  kNxDomain,  // the name does not exist (RCODE 3)
  kNoData,    // the name exists but has no record of the type
  kServFail,  // the server failed (RCODE 2) or the answer was unusable
  kTimeout,   // no answer in time
};

absl::string_view OutcomeName(Outcome outcome);

// What a validating resolver concluded about the answer; kUnvalidated for resolvers that do not
// validate (InMemoryResolver unless told otherwise).
enum class DnssecState { kUnvalidated, kSecure, kInsecure, kBogus };

absl::string_view DnssecStateName(DnssecState state);

struct MxRecord {
  uint16_t preference = 0;
  std::string exchange;  // lower case, no trailing dot; "" is the root (null MX, RFC 7505)
};

struct CaaRecord {
  uint8_t flags = 0;
  std::string tag;  // "issue", "issuewild", "iodef", ...
  std::string value;
};

// One lookup's answer. Only the vector for the queried type is filled. Names (PTR, NS, CNAME
// targets, MX exchanges) are lower case without the trailing dot.
struct Answer {
  Outcome outcome = Outcome::kNoData;
  std::vector<std::string> addresses;         // A / AAAA in text form ("192.0.2.1", "2001:db8::1")
  std::vector<std::vector<std::string>> txt;  // each TXT record's character-strings, in order
  std::vector<MxRecord> mx;
  std::vector<std::string> names;  // PTR, NS or CNAME targets
  std::vector<CaaRecord> caa;
  DnssecState dnssec = DnssecState::kUnvalidated;
  std::string why_bogus;  // the validator's reason when dnssec == kBogus

  // True for kNxDomain and kNoData: RFC 7208's "void lookup".
  bool IsVoid() const { return outcome == Outcome::kNxDomain || outcome == Outcome::kNoData; }
  // True for kServFail and kTimeout: a temporary failure.
  bool IsError() const { return outcome == Outcome::kServFail || outcome == Outcome::kTimeout; }
};

class Resolver {
 public:
  virtual ~Resolver() = default;

  // Looks up `name` (with or without the trailing dot, any case) for records of `type`.
  // CNAMEs are followed for every type but kCname. Must be safe to call from one thread at a
  // time; implementations bound their own time per query.
  virtual Answer Lookup(absl::string_view name, RecordType type) = 0;
};

// Lower case, without one trailing dot: the form names are compared in.
std::string CanonicalName(absl::string_view name);

}  // namespace supplyrisk::scan::dns

#endif  // SUPPLYRISK_CLIENTS_SCAN_DNS_RESOLVER_H_
