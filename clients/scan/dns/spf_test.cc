#include "clients/scan/dns/spf.h"

#include "absl/strings/str_cat.h"
#include "clients/scan/dns/in_memory_resolver.h"
#include "clients/scan/dns/spf_macro.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan::dns {
namespace {

using ::testing::HasSubstr;

SpfResult Check(InMemoryResolver& zone, absl::string_view ip, const SpfOptions& options = {}) {
  absl::StatusOr<SpfCheck> check =
      CheckHost(zone, ip, "example.jp", "user@example.jp", "mail.example.jp", options);
  EXPECT_TRUE(check.ok()) << check.status();
  return check.ok() ? check->result : SpfResult::kNone;
}

TEST(SpfTest, MatchesMechanismsInOrderWithQualifiers) {
  InMemoryResolver zone;
  zone.AddTxt("example.jp", {"v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 mx ?a:other.example.jp "
                             "~include:partner.example.net -all"});
  zone.AddMx("example.jp", 10, "mx.example.jp");
  zone.AddA("mx.example.jp", "198.51.100.25");
  zone.AddA("other.example.jp", "198.51.100.30");
  zone.AddTxt("partner.example.net", {"v=spf1 ip4:203.0.113.0/28 -all"});
  EXPECT_EQ(Check(zone, "192.0.2.200"), SpfResult::kPass);
  EXPECT_EQ(Check(zone, "2001:db8::1"), SpfResult::kPass);
  EXPECT_EQ(Check(zone, "198.51.100.25"), SpfResult::kPass);
  EXPECT_EQ(Check(zone, "198.51.100.30"), SpfResult::kNeutral);
  EXPECT_EQ(Check(zone, "203.0.113.5"), SpfResult::kSoftFail);
  EXPECT_EQ(Check(zone, "::ffff:203.0.113.99"), SpfResult::kFail);
}

TEST(SpfTest, TraceListsEveryTermItsLookupsAndTheMatch) {
  InMemoryResolver zone;
  zone.AddTxt("example.jp", {"v=spf1 a:web.example.jp include:partner.example.net -all"});
  zone.AddA("web.example.jp", "192.0.2.80");
  zone.AddTxt("partner.example.net", {"v=spf1 ip4:203.0.113.5 -all"});
  absl::StatusOr<SpfCheck> check =
      CheckHost(zone, "203.0.113.5", "example.jp", "user@example.jp", "mail.example.jp");
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->result, SpfResult::kPass);
  ASSERT_EQ(check->trace.size(), 5u);
  EXPECT_EQ(check->trace[1].term, "a:web.example.jp");
  EXPECT_FALSE(check->trace[1].matched);
  EXPECT_THAT(check->trace[1].lookups[0], HasSubstr("A web.example.jp: ok 192.0.2.80"));
  EXPECT_EQ(check->trace[3].depth, 1);
  EXPECT_EQ(check->trace[4].term, "ip4:203.0.113.5");
  EXPECT_TRUE(check->trace[4].matched);
  EXPECT_EQ(check->dns_terms, 2);
}

TEST(SpfTest, FailCarriesTheExpandedExplanation) {
  InMemoryResolver zone;
  zone.AddTxt("example.jp", {"v=spf1 -all exp=why.%{d}"});
  zone.AddTxt("why.example.jp", {"%{i} may not send for %{o} (%{L})"});
  absl::StatusOr<SpfCheck> check =
      CheckHost(zone, "192.0.2.9", "example.jp", "a&b@example.jp", "mail.example.jp");
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->result, SpfResult::kFail);
  EXPECT_EQ(check->explanation, "192.0.2.9 may not send for example.jp (a%26b)");
}

TEST(SpfTest, LookupLimitsAreConfigurable) {
  InMemoryResolver zone;
  std::string record = "v=spf1";
  for (int i = 0; i < 4; ++i) absl::StrAppend(&record, " a:h", i, ".example.jp");
  zone.AddTxt("example.jp", {record + " -all"});
  for (int i = 0; i < 4; ++i) zone.AddA(absl::StrCat("h", i, ".example.jp"), "198.51.100.1");
  SpfOptions tight;
  tight.max_dns_terms = 3;
  EXPECT_EQ(Check(zone, "192.0.2.1"), SpfResult::kFail);
  EXPECT_EQ(Check(zone, "192.0.2.1", tight), SpfResult::kPermError);

  InMemoryResolver voids;
  voids.AddTxt("example.jp", {"v=spf1 a:n1.example.jp a:n2.example.jp a:n3.example.jp -all"});
  EXPECT_EQ(Check(voids, "192.0.2.1"), SpfResult::kPermError);
  SpfOptions lenient;
  lenient.max_void_lookups = 3;
  EXPECT_EQ(Check(voids, "192.0.2.1", lenient), SpfResult::kFail);
}

TEST(SpfTest, ErrorsAndRecordSelection) {
  InMemoryResolver zone;
  zone.SimulateTimeout("example.jp", RecordType::kTxt);
  EXPECT_EQ(Check(zone, "192.0.2.1"), SpfResult::kTempError);

  InMemoryResolver none;
  none.AddTxt("example.jp", {"google-site-verification=abc"});
  EXPECT_EQ(Check(none, "192.0.2.1"), SpfResult::kNone);

  InMemoryResolver two;
  two.AddTxt("example.jp", {"v=spf1 -all"});
  two.AddTxt("example.jp", {"v=spf1 +all"});
  EXPECT_EQ(Check(two, "192.0.2.1"), SpfResult::kPermError);

  InMemoryResolver syntax;
  syntax.AddTxt("example.jp", {"v=spf1 +all ip4:192.0.2.300"});
  EXPECT_EQ(Check(syntax, "192.0.2.1"), SpfResult::kPermError);

  InMemoryResolver unknown_modifier;
  unknown_modifier.AddTxt("example.jp", {"v=spf1 moo=%{d} -all"});
  EXPECT_EQ(Check(unknown_modifier, "192.0.2.1"), SpfResult::kFail);
}

TEST(SpfTest, RejectsBadArgumentsNamingTheField) {
  InMemoryResolver zone;
  absl::StatusOr<SpfCheck> check = CheckHost(zone, "300.1.1.1", "example.jp", "a@example.jp", "h");
  EXPECT_THAT(check.status().message(), HasSubstr("ip"));
  check = CheckHost(zone, "192.0.2.1", "example.jp", "user@", "h");
  EXPECT_THAT(check.status().message(), HasSubstr("sender"));
}

TEST(SpfMacroTest, TransformersDelimitersAndEscapes) {
  MacroContext context;
  context.sender = "strong-bad@email.example.com";
  context.local_part = "strong-bad";
  context.sender_domain = "email.example.com";
  context.domain = "email.example.com";
  context.ip = *IpAddress::Parse("192.0.2.3");
  // RFC 7208 7.4's examples.
  EXPECT_EQ(*ExpandMacros("%{d4}", context, false), "email.example.com");
  EXPECT_EQ(*ExpandMacros("%{d2}", context, false), "example.com");
  EXPECT_EQ(*ExpandMacros("%{ir}", context, false), "3.2.0.192");
  EXPECT_EQ(*ExpandMacros("%{l-}", context, false), "strong.bad");
  EXPECT_EQ(*ExpandMacros("%{lr-}", context, false), "bad.strong");
  EXPECT_EQ(*ExpandMacros("%{l1r-}", context, false), "strong");
  EXPECT_EQ(*ExpandMacros("%{ir}.%{v}._spf.%{d2}", context, false),
            "3.2.0.192.in-addr._spf.example.com");
  EXPECT_EQ(*ExpandMacros("%%%_%-", context, false), "% %20");
  EXPECT_FALSE(ExpandMacros("%{c}", context, false).ok());  // explanations only
  EXPECT_TRUE(ExpandMacros("%{c} %{r}", context, true).ok());
  EXPECT_FALSE(ExpandMacros("%{x}", context, false).ok());
  EXPECT_FALSE(ExpandMacros("%{d0}", context, false).ok());
  context.ip = *IpAddress::Parse("2001:db8::cb01");
  EXPECT_EQ(*ExpandMacros("%{ir}.%{v}", context, false),
            "1.0.B.C.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.ip6");
}

}  // namespace
}  // namespace supplyrisk::scan::dns
