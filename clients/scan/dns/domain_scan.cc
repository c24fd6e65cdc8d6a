#include "clients/scan/dns/domain_scan.h"

#include "clients/scan/dns/dmarc.h"
#include "clients/scan/dns/spf_findings.h"
#include "clients/scan/dns/zone_findings.h"

namespace supplyrisk::scan::dns {

std::vector<Finding> ScanDomain(Resolver& resolver, absl::string_view domain,
                                const SpfOptions& spf_options,
                                std::vector<std::string>* not_judged) {
  std::vector<Finding> findings =
      SpfFindings(domain, WalkSpfPolicy(resolver, domain, spf_options), spf_options);
  for (const std::vector<Finding>& more :
       {DmarcFindings(resolver, domain), MxFindings(resolver, domain, not_judged),
        CaaFindings(resolver, domain, not_judged)}) {
    findings.insert(findings.end(), more.begin(), more.end());
  }
  return findings;
}

}  // namespace supplyrisk::scan::dns
