// Bad targets and options are refused before any connection is attempted.
#include "clients/scan/web/web_scanner.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan::web {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const SiteTarget& site, const ScanOptions& options) {
  absl::StatusOr<WebReport> report = ScanSite(site, options, absl::FromUnixSeconds(1764547200));
  EXPECT_FALSE(report.ok());
  return std::string(report.status().message());
}

TEST(ScanSiteTest, RefusesBadTargetsNamingTheField) {
  SiteTarget site;
  EXPECT_THAT(ErrorOf(site, ScanOptions()), HasSubstr("host: missing"));
  site.host = "exa mple.jp";
  EXPECT_THAT(ErrorOf(site, ScanOptions()), HasSubstr("host:"));
  site.host = "file:///etc/passwd";
  EXPECT_THAT(ErrorOf(site, ScanOptions()), HasSubstr("host:"));
  site.host = std::string(254, 'a');
  EXPECT_THAT(ErrorOf(site, ScanOptions()), HasSubstr("host: longer than 253"));
  site.host = "127.0.0.1";
  site.http_port = 0;
  EXPECT_THAT(ErrorOf(site, ScanOptions()), HasSubstr("http_port"));
  site.http_port = 80;
  site.https_port = 70000;
  EXPECT_THAT(ErrorOf(site, ScanOptions()), HasSubstr("https_port"));
}

TEST(ScanSiteTest, RefusesUnboundedOptionsNamingTheField) {
  SiteTarget site;
  site.host = "127.0.0.1";
  ScanOptions options;
  options.fetch.total_timeout = absl::ZeroDuration();
  EXPECT_THAT(ErrorOf(site, options), HasSubstr("total_timeout"));
  options = ScanOptions();
  options.fetch.connect_timeout = absl::Minutes(5);
  EXPECT_THAT(ErrorOf(site, options), HasSubstr("connect_timeout"));
  options = ScanOptions();
  options.fetch.max_redirects = 6;
  EXPECT_THAT(ErrorOf(site, options), HasSubstr("max_redirects"));
  options = ScanOptions();
  options.fetch.max_body_bytes = 1u << 30;
  EXPECT_THAT(ErrorOf(site, options), HasSubstr("max_body_bytes"));
}

}  // namespace
}  // namespace supplyrisk::scan::web
