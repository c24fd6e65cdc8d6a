#include "clients/scan/dns/domain_scan.h"

#include "clients/scan/common/check_catalog.h"
#include "clients/scan/dns/in_memory_resolver.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan::dns {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Ids(const std::vector<Finding>& findings) {
  std::vector<std::string> ids;
  for (const Finding& finding : findings) ids.push_back(finding.check_id);
  return ids;
}

TEST(DomainScanTest, WellKeptDomainHasNoFindings) {
  InMemoryResolver zone;
  zone.AddTxt("good.example.jp", {"v=spf1 mx -all"});
  zone.AddMx("good.example.jp", 10, "mx.good.example.jp");
  zone.AddA("mx.good.example.jp", "192.0.2.25");
  zone.AddTxt("_dmarc.good.example.jp", {"v=DMARC1; p=reject; rua=mailto:d@good.example.jp"});
  zone.AddCaa("example.jp", 0, "issue", "ca.example.net");
  EXPECT_THAT(ScanDomain(zone, "good.example.jp"), IsEmpty());
}

TEST(DomainScanTest, NeglectedDomainHasEveryMissingFinding) {
  InMemoryResolver zone;
  zone.AddA("bare.example.jp", "192.0.2.1");
  std::vector<Finding> findings = ScanDomain(zone, "bare.example.jp");
  EXPECT_THAT(Ids(findings), ElementsAre("dns.spf_missing", "dns.dmarc_missing", "dns.mx_missing",
                                         "dns.caa_missing"));
  EXPECT_TRUE(ToSignals(findings, CheckCatalog::BuiltIn(), absl::Now()).ok());
}

TEST(DomainScanTest, ResolverOutageReportsNothingMissing) {
  InMemoryResolver zone;
  for (RecordType type : {RecordType::kTxt, RecordType::kMx, RecordType::kCaa}) {
    zone.SimulateTimeout("down.example.jp", type);
  }
  zone.SimulateTimeout("_dmarc.down.example.jp", RecordType::kTxt);
  EXPECT_THAT(ScanDomain(zone, "down.example.jp"), IsEmpty());
  // Nothing missing, but nothing silently skipped either.
  std::vector<std::string> not_judged;
  EXPECT_THAT(ScanDomain(zone, "down.example.jp", {}, &not_judged), IsEmpty());
  EXPECT_THAT(not_judged,
              ElementsAre(::testing::StartsWith("MX not judged: MX lookup of down.example.jp"),
                          ::testing::StartsWith("CAA not judged: CAA lookup of down.example.jp")));
}

}  // namespace
}  // namespace supplyrisk::scan::dns
