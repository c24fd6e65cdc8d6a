#include "clients/scan/common/check_catalog.h"

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan {
namespace {

constexpr absl::string_view kOneCheck = R"pb(
  version: "test.1"
  checks {
    id: "dns.spf_missing"
    family: "dns"
    factor: FACTOR_DNS_HEALTH
    issue_type: "spf_record_missing"
    severity: SEVERITY_MEDIUM
    status: SCAN_CHECK_STATUS_SCORED
    title { ja: "SPF がない" en: "No SPF" }
    remediation { ja: "公開する" en: "Publish one" }
  }
)pb";

Observation Seen() {
  Observation seen;
  seen.asset = "example.jp";
  seen.observed_at = absl::FromUnixSeconds(1764547200);  // 2025-12-01T00:00:00Z
  seen.scanner = "dns/1.0";
  seen.supplier = "suppliers/acme";
  seen.detail = "no TXT record starts with v=spf1";
  return seen;
}

TEST(CheckCatalogTest, BuiltInIsValidAndCoversEveryFamily) {
  const CheckCatalog& checks = CheckCatalog::BuiltIn();
  EXPECT_FALSE(checks.version().empty());
  for (const char* id : {"dns.spf_missing", "dns.dmarc_missing", "tls.protocol_legacy", "ports.rdp",
                         "web.hsts_missing", "patching.unpatched_cve"}) {
    EXPECT_NE(checks.Find(id), nullptr) << id;
  }
  EXPECT_EQ(checks.Find("dns.no_such_check"), nullptr);
}

TEST(CheckCatalogTest, MakesTheSignalTheStoreExpects) {
  absl::StatusOr<CheckCatalog> checks = CheckCatalog::Parse(kOneCheck);
  ASSERT_TRUE(checks.ok()) << checks.status();
  absl::StatusOr<v1::Signal> signal = checks->MakeSignal("dns.spf_missing", Seen());
  ASSERT_TRUE(signal.ok()) << signal.status();
  EXPECT_EQ(signal->factor(), v1::FACTOR_DNS_HEALTH);
  EXPECT_EQ(signal->issue_type(), "spf_record_missing");
  EXPECT_EQ(signal->severity(), v1::SEVERITY_MEDIUM);
  EXPECT_EQ(signal->asset(), "example.jp");
  EXPECT_EQ(signal->supplier(), "suppliers/acme");
  EXPECT_EQ(signal->id(), "FACTOR_DNS_HEALTH/spf_record_missing/example.jp");
  EXPECT_EQ(signal->source(), "supplyrisk-scan/dns/1.0 checks/test.1");
  EXPECT_EQ(signal->observed_at().seconds(), 1764547200);
  EXPECT_EQ(signal->last_observed_at().seconds(), 1764547200);
  EXPECT_EQ(signal->detail(), "no TXT record starts with v=spf1");
}

TEST(CheckCatalogTest, InformationalChecksNeverCost) {
  std::string text = absl::StrReplaceAll(
      kOneCheck, {{"SCAN_CHECK_STATUS_SCORED", "SCAN_CHECK_STATUS_INFORMATIONAL"}});
  absl::StatusOr<CheckCatalog> checks = CheckCatalog::Parse(text);
  ASSERT_TRUE(checks.ok()) << checks.status();
  absl::StatusOr<v1::Signal> signal = checks->MakeSignal("dns.spf_missing", Seen());
  ASSERT_TRUE(signal.ok());
  EXPECT_EQ(signal->severity(), v1::SEVERITY_INFO);
}

TEST(CheckCatalogTest, RefusesIncompleteObservations) {
  absl::StatusOr<CheckCatalog> checks = CheckCatalog::Parse(kOneCheck);
  ASSERT_TRUE(checks.ok());
  EXPECT_TRUE(
      absl::StrContains(checks->MakeSignal("dns.nope", Seen()).status().message(), "check_id"));
  Observation no_asset = Seen();
  no_asset.asset.clear();
  EXPECT_TRUE(absl::StrContains(checks->MakeSignal("dns.spf_missing", no_asset).status().message(),
                                "asset"));
  Observation no_time = Seen();
  no_time.observed_at = absl::InfinitePast();
  EXPECT_TRUE(absl::StrContains(checks->MakeSignal("dns.spf_missing", no_time).status().message(),
                                "observed_at"));
  Observation no_scanner = Seen();
  no_scanner.scanner.clear();
  EXPECT_TRUE(absl::StrContains(
      checks->MakeSignal("dns.spf_missing", no_scanner).status().message(), "scanner"));
}

TEST(CheckCatalogTest, ValidationNamesEveryProblem) {
  constexpr absl::string_view kBad = R"pb(
    checks {
      id: "web.spf_missing"
      family: "dns"
      issue_type: "SPF Missing"
      deduction: 120
      title { en: "No SPF" }
      remediation { en: "Publish one" }
    }
    checks {
      id: "dns.x"
      family: "smtp"
      factor: FACTOR_DNS_HEALTH
      issue_type: "x"
      severity: SEVERITY_LOW
      status: SCAN_CHECK_STATUS_SCORED
      title { ja: "x" en: "x" }
    }
    checks {
      id: "dns.x"
      family: "dns"
      factor: FACTOR_DNS_HEALTH
      issue_type: "x"
      severity: SEVERITY_POSITIVE
      status: SCAN_CHECK_STATUS_SCORED
      title { ja: "x" en: "x" }
    }
  )pb";
  absl::StatusOr<CheckCatalog> checks = CheckCatalog::Parse(kBad);
  ASSERT_FALSE(checks.ok());
  const std::string message(checks.status().message());
  for (const char* expected :
       {"catalogue: version: missing", "check web.spf_missing: id: must start with its family",
        "check web.spf_missing: factor: missing", "check web.spf_missing: issue_type",
        "check web.spf_missing: severity: missing", "check web.spf_missing: status: missing",
        "check web.spf_missing: deduction: must be in 0..100",
        "check web.spf_missing: title.ja: missing",
        "check web.spf_missing: remediation.ja: missing", "check dns.x: family: must be one of",
        "check dns.x: remediation: missing", "check dns.x: id: repeated"}) {
    EXPECT_TRUE(absl::StrContains(message, expected)) << expected << "\n" << message;
  }
  EXPECT_FALSE(CheckCatalog::Parse("checks { nonsense: 1 }").ok());
}

}  // namespace
}  // namespace supplyrisk::scan
