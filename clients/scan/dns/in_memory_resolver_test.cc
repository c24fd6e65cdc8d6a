#include "clients/scan/dns/in_memory_resolver.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan::dns {
namespace {

using ::testing::ElementsAre;

TEST(InMemoryResolverTest, AnswersRecordsAndDistinguishesNxDomainFromNoData) {
  InMemoryResolver zone;
  zone.AddA("Mail.Example.JP.", "192.0.2.25");
  zone.AddTxt("example.jp", {"v=spf1 ", "-all"});
  zone.AddMx("example.jp", 10, "Mail.Example.JP.");

  Answer a = zone.Lookup("mail.example.jp", RecordType::kA);
  EXPECT_EQ(a.outcome, Outcome::kOk);
  EXPECT_THAT(a.addresses, ElementsAre("192.0.2.25"));
  Answer txt = zone.Lookup("EXAMPLE.jp.", RecordType::kTxt);
  ASSERT_EQ(txt.txt.size(), 1u);
  EXPECT_THAT(txt.txt[0], ElementsAre("v=spf1 ", "-all"));
  Answer mx = zone.Lookup("example.jp", RecordType::kMx);
  ASSERT_EQ(mx.mx.size(), 1u);
  EXPECT_EQ(mx.mx[0].exchange, "mail.example.jp");

  EXPECT_EQ(zone.Lookup("example.jp", RecordType::kAaaa).outcome, Outcome::kNoData);
  EXPECT_TRUE(zone.Lookup("example.jp", RecordType::kAaaa).IsVoid());
  EXPECT_EQ(zone.Lookup("nowhere.example.jp", RecordType::kA).outcome, Outcome::kNxDomain);
}

TEST(InMemoryResolverTest, SimulatesTimeoutsAndServFailPerType) {
  InMemoryResolver zone;
  zone.AddA("slow.example.jp", "192.0.2.1");
  zone.SimulateTimeout("slow.example.jp", RecordType::kTxt);
  zone.SimulateServFail("broken.example.jp", RecordType::kA);
  EXPECT_EQ(zone.Lookup("slow.example.jp", RecordType::kTxt).outcome, Outcome::kTimeout);
  EXPECT_EQ(zone.Lookup("slow.example.jp", RecordType::kA).outcome, Outcome::kOk);
  EXPECT_TRUE(zone.Lookup("broken.example.jp", RecordType::kA).IsError());
}

TEST(InMemoryResolverTest, FollowsCnamesAndReportsLoopsAsServFail) {
  InMemoryResolver zone;
  zone.AddCname("www.example.jp", "web.example.jp");
  zone.AddA("web.example.jp", "192.0.2.80");
  zone.AddCname("loop1.example.jp", "loop2.example.jp");
  zone.AddCname("loop2.example.jp", "loop1.example.jp");
  EXPECT_THAT(zone.Lookup("www.example.jp", RecordType::kA).addresses, ElementsAre("192.0.2.80"));
  EXPECT_THAT(zone.Lookup("www.example.jp", RecordType::kCname).names,
              ElementsAre("web.example.jp"));
  EXPECT_EQ(zone.Lookup("loop1.example.jp", RecordType::kA).outcome, Outcome::kServFail);
  EXPECT_THAT(zone.queries(), testing::Contains("A www.example.jp"));
}

TEST(InMemoryResolverTest, CarriesTheDnssecState) {
  InMemoryResolver zone;
  zone.AddA("signed.example.jp", "192.0.2.1");
  zone.SetDnssec("signed.example.jp", DnssecState::kBogus, "signature expired");
  Answer answer = zone.Lookup("signed.example.jp", RecordType::kA);
  EXPECT_EQ(answer.dnssec, DnssecState::kBogus);
  EXPECT_EQ(answer.why_bogus, "signature expired");
  EXPECT_EQ(zone.Lookup("other.example.jp", RecordType::kA).dnssec, DnssecState::kUnvalidated);
}

}  // namespace
}  // namespace supplyrisk::scan::dns
