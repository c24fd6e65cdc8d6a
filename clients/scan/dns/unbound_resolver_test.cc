// libunbound answering from local data only: the forwarder is a loopback port where nothing
// listens, so no query leaves the machine.
#include "clients/scan/dns/unbound_resolver.h"

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan::dns {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

UnboundOptions LocalOptions() {
  UnboundOptions options;
  options.forwarder = "127.0.0.1@9";  // discard port: nothing answers
  options.timeout = absl::Milliseconds(500);
  options.local_zones = {"example.test."};
  options.local_data = {
      "example.test. 300 IN A 192.0.2.1",
      "example.test. 300 IN AAAA 2001:db8::1",
      "example.test. 300 IN TXT \"v=spf1 \" \"-all\"",
      "example.test. 300 IN MX 10 mail.example.test.",
      "example.test. 300 IN CAA 0 issue \"letsencrypt.org\"",
      "1.2.0.192.in-addr.arpa. 300 IN PTR Mail.Example.Test.",
  };
  options.local_zones.push_back("2.0.192.in-addr.arpa.");
  return options;
}

TEST(UnboundResolverTest, AnswersFromLocalData) {
  absl::StatusOr<std::unique_ptr<UnboundResolver>> resolver =
      UnboundResolver::Create(LocalOptions());
  ASSERT_TRUE(resolver.ok()) << resolver.status();
  Resolver& dns = **resolver;
  EXPECT_THAT(dns.Lookup("example.test", RecordType::kA).addresses, ElementsAre("192.0.2.1"));
  EXPECT_THAT(dns.Lookup("example.test.", RecordType::kAaaa).addresses, ElementsAre("2001:db8::1"));
  Answer txt = dns.Lookup("example.test", RecordType::kTxt);
  ASSERT_EQ(txt.txt.size(), 1u);
  EXPECT_THAT(txt.txt[0], ElementsAre("v=spf1 ", "-all"));
  Answer mx = dns.Lookup("example.test", RecordType::kMx);
  ASSERT_EQ(mx.mx.size(), 1u);
  EXPECT_EQ(mx.mx[0].preference, 10);
  EXPECT_EQ(mx.mx[0].exchange, "mail.example.test");
  Answer caa = dns.Lookup("example.test", RecordType::kCaa);
  ASSERT_EQ(caa.caa.size(), 1u);
  EXPECT_EQ(caa.caa[0].tag, "issue");
  EXPECT_EQ(caa.caa[0].value, "letsencrypt.org");
  EXPECT_THAT(dns.Lookup("1.2.0.192.in-addr.arpa", RecordType::kPtr).names,
              ElementsAre("mail.example.test"));
  EXPECT_EQ(dns.Lookup("example.test", RecordType::kA).dnssec, DnssecState::kUnvalidated);
}

TEST(UnboundResolverTest, NoDataNxDomainAndTimeout) {
  absl::StatusOr<std::unique_ptr<UnboundResolver>> resolver =
      UnboundResolver::Create(LocalOptions());
  ASSERT_TRUE(resolver.ok()) << resolver.status();
  EXPECT_EQ((*resolver)->Lookup("example.test", RecordType::kPtr).outcome, Outcome::kNoData);
  EXPECT_EQ((*resolver)->Lookup("nowhere.example.test", RecordType::kA).outcome,
            Outcome::kNxDomain);
  // Outside the local zones the query goes to the silent loopback forwarder.
  Answer outside = (*resolver)->Lookup("outside.supplyrisk-unbound-test.", RecordType::kA);
  EXPECT_TRUE(outside.IsError()) << OutcomeName(outside.outcome);
}

TEST(UnboundResolverTest, ValidatingResolverReportsInsecureForUnsignedLocalData) {
  UnboundOptions options = LocalOptions();
  // The root KSK-2017 DS: local data is not signed, so answers are insecure, never secure.
  options.trust_anchors = {
      ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"};
  absl::StatusOr<std::unique_ptr<UnboundResolver>> resolver = UnboundResolver::Create(options);
  ASSERT_TRUE(resolver.ok()) << resolver.status();
  Answer answer = (*resolver)->Lookup("example.test", RecordType::kA);
  EXPECT_EQ(answer.outcome, Outcome::kOk);
  EXPECT_NE(answer.dnssec, DnssecState::kSecure);
}

std::string Runfile(const std::string& path) {
  return absl::StrCat(std::getenv("TEST_SRCDIR"), "/", std::getenv("TEST_WORKSPACE"), "/", path);
}

// signed.example and bogus.example served from signed zone files as unbound auth-zones, each
// with its own trust anchor: answers are validated as they would be from a real server.
UnboundOptions SignedZoneOptions() {
  std::string tmp = std::getenv("TEST_TMPDIR");
  // Root hints naming a loopback address only, so that nothing could leave the machine.
  std::string hints = absl::StrCat(tmp, "/root.hints");
  std::ofstream(hints) << ". 3600 IN NS root.loopback.\nroot.loopback. 3600 IN A 127.0.0.1\n";
  std::string config = absl::StrCat(tmp, "/unbound.conf");
  std::ofstream out(config);
  out << "server:\n  root-hints: \"" << hints << "\"\n  do-not-query-localhost: no\n";
  for (const char* zone : {"signed.example", "bogus.example"}) {
    out << "auth-zone:\n  name: \"" << zone << ".\"\n  zonefile: \""
        << Runfile(absl::StrCat("testdata/dnssec/", zone, ".zone.signed"))
        << "\"\n  for-upstream: yes\n  for-downstream: no\n  fallback-enabled: no\n";
  }
  out.close();
  UnboundOptions options;
  options.config_file = config;
  options.timeout = absl::Seconds(3);
  options.trust_anchors = {
      "signed.example. IN DS 56674 13 2 "
      "fd8c8ae9aaa13a92fba0169ff51222d16d4a4ccdf731befa4b01d6f6bc41c649",
      "bogus.example. IN DS 61449 13 2 "
      "a3f9207a2bde6e9902f217b4be0fc7e9a74285fab355fcff03e946a833adbaff"};
  return options;
}

TEST(UnboundResolverTest, ReportsSecureAndBogusWithTheReason) {
  absl::StatusOr<std::unique_ptr<UnboundResolver>> resolver =
      UnboundResolver::Create(SignedZoneOptions());
  ASSERT_TRUE(resolver.ok()) << resolver.status();
  Answer secure = (*resolver)->Lookup("signed.example", RecordType::kA);
  EXPECT_EQ(secure.outcome, Outcome::kOk);
  EXPECT_EQ(secure.dnssec, DnssecState::kSecure);
  EXPECT_THAT(secure.addresses, ElementsAre("192.0.2.10"));
  Answer bogus = (*resolver)->Lookup("bogus.example", RecordType::kA);
  EXPECT_EQ(bogus.outcome, Outcome::kServFail);
  EXPECT_EQ(bogus.dnssec, DnssecState::kBogus);
  EXPECT_FALSE(bogus.why_bogus.empty());
  EXPECT_THAT(bogus.addresses, ElementsAre("192.0.2.66"));
  // The TXT record of the tampered zone is still correctly signed.
  EXPECT_EQ((*resolver)->Lookup("bogus.example", RecordType::kTxt).dnssec, DnssecState::kSecure);
}

TEST(UnboundResolverTest, RefusedOptionsNameTheField) {
  UnboundOptions options = LocalOptions();
  options.local_data.push_back("this is not a record");
  EXPECT_THAT(UnboundResolver::Create(options).status().message(), HasSubstr("local_data"));
  options = LocalOptions();
  options.trust_anchors = {"not an anchor"};
  EXPECT_THAT(UnboundResolver::Create(options).status().message(), HasSubstr("trust_anchors"));
  options = LocalOptions();
  options.timeout = absl::ZeroDuration();
  EXPECT_THAT(UnboundResolver::Create(options).status().message(), HasSubstr("timeout"));
}

}  // namespace
}  // namespace supplyrisk::scan::dns
