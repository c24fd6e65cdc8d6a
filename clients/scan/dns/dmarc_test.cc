#include "clients/scan/dns/dmarc.h"

#include "clients/scan/dns/in_memory_resolver.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan::dns {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> Ids(InMemoryResolver& zone) {
  std::vector<std::string> ids;
  for (const Finding& finding : DmarcFindings(zone, "example.jp")) ids.push_back(finding.check_id);
  return ids;
}

std::vector<std::string> IdsFor(const std::string& record) {
  InMemoryResolver zone;
  zone.AddTxt("_dmarc.example.jp", {record});
  zone.AddTxt("example.jp._report._dmarc.reports.example.net", {"v=DMARC1"});
  return Ids(zone);
}

TEST(DmarcTest, ParsesTheTags) {
  absl::StatusOr<DmarcRecord> record = ParseDmarcRecord(
      "v=DMARC1; p=reject; sp=quarantine; pct=50; rua=mailto:d@example.jp!10m,mailto:x@y.example");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->policy, DmarcPolicy::kReject);
  EXPECT_EQ(record->subdomain_policy, DmarcPolicy::kQuarantine);
  EXPECT_EQ(record->pct, 50);
  EXPECT_THAT(record->rua, ElementsAre("d@example.jp", "x@y.example"));
}

TEST(DmarcTest, MalformedRecordsNameTheTag) {
  EXPECT_THAT(ParseDmarcRecord("v=DMARC1; sp=reject").status().message(), HasSubstr("p:"));
  EXPECT_THAT(ParseDmarcRecord("v=DMARC1; p=block").status().message(), HasSubstr("p:"));
  EXPECT_THAT(ParseDmarcRecord("v=DMARC1; p=none; pct=150").status().message(), HasSubstr("pct"));
  EXPECT_THAT(ParseDmarcRecord("v=DMARC1; p=none; rua=https://x").status().message(),
              HasSubstr("rua"));
  EXPECT_THAT(ParseDmarcRecord("v=DMARC1; p=none; junk").status().message(), HasSubstr("junk"));
  EXPECT_THAT(IdsFor("v=DMARC1; p=block"), ElementsAre("dns.dmarc_malformed"));
}

TEST(DmarcTest, StrictRecordHasNoFindings) {
  EXPECT_THAT(IdsFor("v=DMARC1; p=reject; rua=mailto:dmarc@example.jp"), IsEmpty());
  EXPECT_THAT(IdsFor("v=DMARC1; p=reject; rua=mailto:d@reports.example.net"), IsEmpty());
}

TEST(DmarcTest, EachWeakness) {
  EXPECT_THAT(IdsFor("v=DMARC1; p=none; rua=mailto:d@example.jp"),
              ElementsAre("dns.dmarc_policy_none"));
  EXPECT_THAT(IdsFor("v=DMARC1; p=reject; sp=none; rua=mailto:d@example.jp"),
              ElementsAre("dns.dmarc_subdomain_weaker"));
  EXPECT_THAT(IdsFor("v=DMARC1; p=quarantine; pct=20; rua=mailto:d@example.jp"),
              ElementsAre("dns.dmarc_partial_pct"));
  EXPECT_THAT(IdsFor("v=DMARC1; p=reject"), ElementsAre("dns.dmarc_no_rua"));
  EXPECT_THAT(IdsFor("v=DMARC1; p=reject; rua=mailto:d@elsewhere.example.org"),
              ElementsAre("dns.dmarc_rua_unauthorized"));
}

TEST(DmarcTest, MissingSeveralAndFailedLookups) {
  InMemoryResolver missing;
  missing.AddTxt("_dmarc.example.jp", {"v=spf1 -all"});
  EXPECT_THAT(Ids(missing), ElementsAre("dns.dmarc_missing"));

  InMemoryResolver two;
  two.AddTxt("_dmarc.example.jp", {"v=DMARC1; p=reject"});
  two.AddTxt("_dmarc.example.jp", {"v=DMARC1; p=none"});
  EXPECT_THAT(Ids(two), ElementsAre("dns.dmarc_malformed"));

  InMemoryResolver failing;
  failing.SimulateServFail("_dmarc.example.jp", RecordType::kTxt);
  EXPECT_THAT(Ids(failing), IsEmpty());
}

}  // namespace
}  // namespace supplyrisk::scan::dns
