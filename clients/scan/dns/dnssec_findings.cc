#include "clients/scan/dns/dnssec_findings.h"

#include "absl/strings/str_cat.h"

namespace supplyrisk::scan::dns {

std::vector<Finding> DnssecFindings(Resolver& resolver, absl::string_view domain,
                                    std::string* not_judged) {
  not_judged->clear();
  const std::string name = CanonicalName(domain);
  const Answer answer = resolver.Lookup(name, RecordType::kNs);
  switch (answer.dnssec) {
    case DnssecState::kSecure:
      return {{"dns.dnssec_secure", name, "signed and validated"}};
    case DnssecState::kBogus:
      return {{"dns.dnssec_bogus", name,
               answer.why_bogus.empty() ? "validation failed"
                                        : absl::StrCat("validation failed: ", answer.why_bogus)}};
    case DnssecState::kInsecure:
      if (answer.IsError()) break;
      return {{"dns.dnssec_unsigned", name, "no chain of trust from the resolver's anchors"}};
    case DnssecState::kUnvalidated:
      *not_judged = "the resolver does not validate DNSSEC";
      return {};
  }
  *not_judged = absl::StrCat("NS lookup: ", OutcomeName(answer.outcome));
  return {};
}

}  // namespace supplyrisk::scan::dns
