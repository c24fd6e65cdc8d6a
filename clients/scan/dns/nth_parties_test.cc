#include "clients/scan/dns/nth_parties.h"

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "clients/scan/dns/in_memory_resolver.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan::dns {
namespace {

TEST(RegistrableDomainTest, TwoLabelsOrThreeUnderKnownSuffixes) {
  EXPECT_EQ(RegistrableDomain("aspmx.l.google.com."), "google.com");
  EXPECT_EQ(RegistrableDomain("MX01.Mail.Example.CO.JP"), "example.co.jp");
  EXPECT_EQ(RegistrableDomain("ns1.dns.example.com.au"), "example.com.au");
  EXPECT_EQ(RegistrableDomain("a.b.example.jp"), "example.jp");
  EXPECT_EQ(RegistrableDomain("example.jp"), "example.jp");
  EXPECT_EQ(RegistrableDomain(""), "");
}

TEST(DiscoverPartiesTest, MxNsAndSpfIncludesOutsideTheOwnDomain) {
  InMemoryResolver zone;
  zone.AddMx("supplier.co.jp", 20, "alt1.aspmx.l.google.com");
  zone.AddMx("supplier.co.jp", 10, "aspmx.l.google.com");
  zone.AddMx("supplier.co.jp", 30, "mx.supplier.co.jp");
  zone.AddNs("supplier.co.jp", "ns1.dnsprovider.ne.jp");
  zone.AddNs("supplier.co.jp", "ns2.dnsprovider.ne.jp");
  zone.AddTxt("supplier.co.jp", {"v=spf1 include:_spf.google.com include:spf.mailer.example -all"});
  zone.AddTxt("_spf.google.com", {"v=spf1 ip4:192.0.2.0/24 ~all"});
  zone.AddTxt("spf.mailer.example", {"v=spf1 ip4:198.51.100.0/24 ~all"});
  const absl::Time now = absl::FromUnixSeconds(1764547200);  // 2025-12-01T00:00:00Z

  std::vector<DiscoveredParty> parties = DiscoverParties(zone, "Supplier.co.jp.", now);
  ASSERT_EQ(parties.size(), 4u);
  EXPECT_EQ(parties[0].supplier_domain, "supplier.co.jp");
  EXPECT_EQ(parties[0].provider_domain, "google.com");
  EXPECT_EQ(parties[0].dependency_class, DependencyClass::kMail);
  EXPECT_EQ(parties[0].evidence, "MX 10 aspmx.l.google.com");
  EXPECT_EQ(parties[0].observed_at, now);
  EXPECT_EQ(parties[1].provider_domain, "dnsprovider.ne.jp");
  EXPECT_EQ(parties[1].dependency_class, DependencyClass::kDns);
  EXPECT_EQ(parties[1].evidence, "NS ns1.dnsprovider.ne.jp");
  EXPECT_EQ(parties[2].provider_domain, "google.com");
  EXPECT_EQ(parties[2].dependency_class, DependencyClass::kMailSender);
  EXPECT_EQ(parties[2].evidence, "SPF include:_spf.google.com");
  EXPECT_EQ(parties[3].provider_domain, "mailer.example");
}

TEST(DiscoverPartiesTest, SelfHostedAndNullMxGiveNoParties) {
  InMemoryResolver zone;
  zone.AddMx("self.example", 0, "");
  zone.AddNs("self.example", "ns.self.example");
  zone.AddTxt("self.example", {"v=spf1 -all"});
  EXPECT_TRUE(DiscoverParties(zone, "self.example", absl::UnixEpoch()).empty());
}

TEST(DiscoverPartiesTest, FailedLookupsGiveNoParties) {
  InMemoryResolver zone;
  zone.SimulateTimeout("slow.example", RecordType::kMx);
  zone.SimulateServFail("slow.example", RecordType::kNs);
  zone.SimulateTimeout("slow.example", RecordType::kTxt);
  EXPECT_TRUE(DiscoverParties(zone, "slow.example", absl::UnixEpoch()).empty());
}

TEST(PartiesToJsonLinesTest, OneObjectPerLine) {
  DiscoveredParty party{"supplier.example", "google.com", DependencyClass::kMailSender,
                        "SPF include:\"odd\"", absl::FromUnixSeconds(1764547200)};
  EXPECT_EQ(PartiesToJsonLines({party, party}),
            std::string("{\"supplier_domain\":\"supplier.example\",\"provider_domain\":"
                        "\"google.com\",\"dependency_class\":\"mail-sender\",\"evidence\":"
                        "\"SPF include:\\\"odd\\\"\",\"observed_at\":\"2025-12-01T00:00:00Z\"}\n") +
                "{\"supplier_domain\":\"supplier.example\",\"provider_domain\":"
                "\"google.com\",\"dependency_class\":\"mail-sender\",\"evidence\":"
                "\"SPF include:\\\"odd\\\"\",\"observed_at\":\"2025-12-01T00:00:00Z\"}\n");
}

TEST(PartiesAsRelationshipsTest, OnePerProviderClassesUnitedNoScopeClaimed) {
  const absl::Time t1 = absl::FromUnixSeconds(1764547200), t2 = t1 + absl::Hours(1);
  const std::vector<DiscoveredParty> parties = {
      {"supplier.example", "google.com", DependencyClass::kMail, "MX 10 aspmx.l.google.com", t1},
      {"supplier.example", "cloudflare.com", DependencyClass::kDns, "NS a.ns.cloudflare.com", t1},
      {"supplier.example", "google.com", DependencyClass::kMailSender,
       "SPF include:_spf.google.com", t2},
      {"supplier.example", "sendgrid.net", DependencyClass::kMailSender, "SPF include:sendgrid.net",
       t1},
  };
  const auto r = PartiesAsRelationships(parties, "suppliers/acme");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].party_name(), "cloudflare.com");
  EXPECT_EQ(r[0].dependency_classes_size(), 1);
  EXPECT_EQ(r[0].dependency_classes(0), v1::DEPENDENCY_CLASS_DNS);
  EXPECT_EQ(r[1].party_name(), "google.com");
  // MX and the SPF include are both mail: one class, two services, the MX's confidence.
  EXPECT_EQ(r[1].dependency_classes_size(), 1);
  EXPECT_EQ(r[1].dependency_classes(0), v1::DEPENDENCY_CLASS_MAIL);
  EXPECT_EQ(r[1].services_size(), 2);
  EXPECT_DOUBLE_EQ(r[1].confidence(), 0.9);
  EXPECT_EQ(r[1].last_evidence_time().seconds(), absl::ToUnixSeconds(t2));
  EXPECT_DOUBLE_EQ(r[2].confidence(), 0.7);
  for (const auto& rel : r) {
    EXPECT_EQ(rel.from_supplier(), "suppliers/acme");
    EXPECT_TRUE(rel.to_supplier().empty());
    EXPECT_EQ(rel.source(), v1::RELATIONSHIP_SOURCE_DISCOVERED);
    EXPECT_EQ(rel.data_classes_size(), 0);
    EXPECT_EQ(rel.access(), v1::ACCESS_LEVEL_NONE);
  }
}

}  // namespace
}  // namespace supplyrisk::scan::dns
