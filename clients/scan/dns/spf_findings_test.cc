#include "clients/scan/dns/spf_findings.h"

#include "absl/strings/str_cat.h"
#include "clients/scan/common/check_catalog.h"
#include "clients/scan/dns/in_memory_resolver.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan::dns {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Ids(InMemoryResolver& zone) {
  std::vector<std::string> ids;
  for (const Finding& finding : SpfFindings("example.jp", WalkSpfPolicy(zone, "example.jp"))) {
    ids.push_back(finding.check_id);
  }
  return ids;
}

std::vector<std::string> IdsFor(const std::string& record) {
  InMemoryResolver zone;
  zone.AddTxt("example.jp", {record});
  zone.AddA("example.jp", "192.0.2.1");
  return Ids(zone);
}

TEST(SpfFindingsTest, GoodRecordHasNoFindings) {
  EXPECT_THAT(IdsFor("v=spf1 a ip4:192.0.2.0/24 -all"), IsEmpty());
}

TEST(SpfFindingsTest, MissingMultipleAndTemporaryFailure) {
  InMemoryResolver missing;
  missing.AddTxt("example.jp", {"some verification token"});
  EXPECT_THAT(Ids(missing), ElementsAre("dns.spf_missing"));

  InMemoryResolver two;
  two.AddTxt("example.jp", {"v=spf1 -all"});
  two.AddTxt("example.jp", {"v=spf1 ~all"});
  EXPECT_THAT(Ids(two), ElementsAre("dns.spf_multiple"));

  InMemoryResolver failing;
  failing.SimulateTimeout("example.jp", RecordType::kTxt);
  EXPECT_THAT(Ids(failing), IsEmpty());
}

TEST(SpfFindingsTest, AllQualifiers) {
  EXPECT_THAT(IdsFor("v=spf1 +all"), ElementsAre("dns.spf_pass_all"));
  EXPECT_THAT(IdsFor("v=spf1 a ?all"), ElementsAre("dns.spf_neutral_all"));
  EXPECT_THAT(IdsFor("v=spf1 a ~all"), ElementsAre("dns.spf_softfail_only"));
  EXPECT_THAT(IdsFor("v=spf1 a"), ElementsAre("dns.spf_no_all"));
}

TEST(SpfFindingsTest, RedirectSuppliesTheAll) {
  InMemoryResolver zone;
  zone.AddTxt("example.jp", {"v=spf1 redirect=_spf.example.jp"});
  zone.AddTxt("_spf.example.jp", {"v=spf1 +all"});
  EXPECT_THAT(Ids(zone), ElementsAre("dns.spf_pass_all"));

  InMemoryResolver dangling;
  dangling.AddTxt("example.jp", {"v=spf1 redirect=_spf.example.jp"});
  EXPECT_THAT(Ids(dangling), ElementsAre("dns.spf_permerror"));
}

TEST(SpfFindingsTest, PermerrorPtrAndLimits) {
  EXPECT_THAT(IdsFor("v=spf1 ip4:192.0.2.1/33 -all"), ElementsAre("dns.spf_permerror"));
  EXPECT_THAT(IdsFor("v=spf1 ptr -all"), ElementsAre("dns.spf_ptr"));
  EXPECT_THAT(IdsFor("v=spf1 a:x.example.jp a:y.example.jp a:z.example.jp -all"),
              ElementsAre("dns.spf_too_many_void_lookups"));

  InMemoryResolver zone;
  std::string record = "v=spf1";
  for (int i = 0; i < 6; ++i) {
    std::string name = absl::StrCat("i", i, ".example.net");
    absl::StrAppend(&record, " include:", name);
    zone.AddTxt(name, {"v=spf1 a mx -all"});
    zone.AddA(name, "198.51.100.1");
    zone.AddMx(name, 10, name);
  }
  zone.AddTxt("example.jp", {record + " -all"});
  SpfPolicy policy = WalkSpfPolicy(zone, "example.jp");
  EXPECT_EQ(policy.dns_terms, 18);
  EXPECT_EQ(policy.includes.size(), 6u);
  EXPECT_THAT(Ids(zone), ElementsAre("dns.spf_too_many_lookups"));
}

TEST(SpfFindingsTest, IncludeOfADomainWithoutRecordIsPermerror) {
  EXPECT_THAT(IdsFor("v=spf1 include:gone.example.net -all"), ElementsAre("dns.spf_permerror"));
}

TEST(SpfFindingsTest, FindingsBecomeCatalogueSignals) {
  InMemoryResolver zone;
  zone.AddTxt("example.jp", {"v=spf1 +all"});
  std::vector<Finding> findings = SpfFindings("example.jp", WalkSpfPolicy(zone, "example.jp"));
  absl::StatusOr<std::vector<v1::Signal>> signals = ToSignals(
      findings, CheckCatalog::BuiltIn(), absl::FromUnixSeconds(1800000000), "suppliers/acme");
  ASSERT_TRUE(signals.ok()) << signals.status();
  ASSERT_EQ(signals->size(), 1u);
  EXPECT_EQ((*signals)[0].asset(), "example.jp");
  EXPECT_EQ((*signals)[0].factor(), CheckCatalog::BuiltIn().Find("dns.spf_pass_all")->factor());
  EXPECT_THAT((*signals)[0].source(), testing::HasSubstr("dns/1.0"));

  EXPECT_FALSE(
      ToSignals({Finding{"dns.nope", "example.jp", ""}}, CheckCatalog::BuiltIn(), absl::Now())
          .ok());
}

}  // namespace
}  // namespace supplyrisk::scan::dns
