#include "clients/scan/dns/zone_findings.h"

#include "clients/scan/dns/in_memory_resolver.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan::dns {
namespace {

using ::testing::IsEmpty;
using ::testing::SizeIs;

TEST(MxFindingsTest, MxOrNullMxIsPresent) {
  InMemoryResolver zone;
  zone.AddMx("mail.example.jp", 10, "mx.example.jp");
  zone.AddMx("nomail.example.jp", 0, ".");
  zone.AddA("bare.example.jp", "192.0.2.1");
  zone.SimulateTimeout("slow.example.jp", RecordType::kMx);
  EXPECT_THAT(MxFindings(zone, "mail.example.jp"), IsEmpty());
  EXPECT_THAT(MxFindings(zone, "nomail.example.jp"), IsEmpty());
  EXPECT_THAT(MxFindings(zone, "slow.example.jp"), IsEmpty());
  std::vector<Finding> findings = MxFindings(zone, "bare.example.jp");
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].check_id, "dns.mx_missing");
  EXPECT_EQ(findings[0].asset, "bare.example.jp");
}

TEST(CaaFindingsTest, ClimbsTheTree) {
  InMemoryResolver zone;
  zone.AddCaa("example.jp", 0, "issue", "letsencrypt.org");
  zone.AddA("www.shop.example.jp", "192.0.2.1");
  zone.AddA("other.example", "192.0.2.2");
  EXPECT_THAT(CaaFindings(zone, "www.shop.example.jp"), IsEmpty());
  EXPECT_THAT(zone.queries(), testing::ElementsAre("CAA www.shop.example.jp", "CAA shop.example.jp",
                                                   "CAA example.jp"));
  std::vector<Finding> findings = CaaFindings(zone, "other.example");
  ASSERT_THAT(findings, SizeIs(1));
  EXPECT_EQ(findings[0].check_id, "dns.caa_missing");

  InMemoryResolver failing;
  failing.SimulateServFail("example.jp", RecordType::kCaa);
  EXPECT_THAT(CaaFindings(failing, "www.example.jp"), IsEmpty());
}

}  // namespace
}  // namespace supplyrisk::scan::dns
