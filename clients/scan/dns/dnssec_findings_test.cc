#include "clients/scan/dns/dnssec_findings.h"

#include "clients/scan/dns/in_memory_resolver.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan::dns {
namespace {

TEST(DnssecFindingsTest, SecureInsecureBogus) {
  InMemoryResolver resolver;
  for (const char* zone : {"signed.example", "plain.example", "broken.example", "nodns.example"}) {
    resolver.AddNs(zone, "ns1.example");
  }
  resolver.SetDnssec("signed.example", DnssecState::kSecure);
  resolver.SetDnssec("plain.example", DnssecState::kInsecure);
  resolver.SetDnssec("broken.example", DnssecState::kBogus, "signature expired");
  std::string why;
  std::vector<Finding> f = DnssecFindings(resolver, "Signed.Example.", &why);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].check_id, "dns.dnssec_secure");
  EXPECT_EQ(f[0].asset, "signed.example");
  f = DnssecFindings(resolver, "plain.example", &why);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].check_id, "dns.dnssec_unsigned");
  f = DnssecFindings(resolver, "broken.example", &why);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].check_id, "dns.dnssec_bogus");
  EXPECT_EQ(f[0].detail, "validation failed: signature expired");
  EXPECT_TRUE(why.empty());
}

TEST(DnssecFindingsTest, NoVerdictIsSaidNotGuessed) {
  InMemoryResolver resolver;
  resolver.AddNs("unvalidated.example", "ns1.example");
  std::string why;
  EXPECT_TRUE(DnssecFindings(resolver, "unvalidated.example", &why).empty());
  EXPECT_EQ(why, "the resolver does not validate DNSSEC");
}

}  // namespace
}  // namespace supplyrisk::scan::dns
