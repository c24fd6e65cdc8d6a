#include "clients/scan/web/report.h"

#include "gtest/gtest.h"

namespace supplyrisk::scan::web {
namespace {

TEST(ScoreTest, DeductsEachScoredCheckOnceFromTheCatalogue) {
  const CheckCatalog& catalog = CheckCatalog::BuiltIn();
  auto deduction = [&](const char* id) { return catalog.Find(id)->deduction(); };
  absl::StatusOr<int> none = Score({}, catalog);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 100);
  absl::StatusOr<int> two = Score({{"web.xcto_missing", "https://a/", ""},
                                   {"web.cookie_not_httponly", "https://a/#cookie=x", ""},
                                   {"web.cookie_not_httponly", "https://a/#cookie=y", ""}},
                                  catalog);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(*two, 100 - deduction("web.xcto_missing") - deduction("web.cookie_not_httponly"));
}

TEST(ScoreTest, InformationalChecksCostNothingAndFloorIsZero) {
  const CheckCatalog& catalog = CheckCatalog::BuiltIn();
  ASSERT_EQ(catalog.Find("web.csp_missing")->status(), v1::SCAN_CHECK_STATUS_INFORMATIONAL);
  EXPECT_EQ(*Score({{"web.csp_missing", "https://a/", ""}}, catalog), 100);
  std::vector<Finding> all;
  for (const char* id :
       {"web.no_https", "web.no_https_redirect", "web.hsts_missing", "web.framing_allowed",
        "web.cookie_not_secure", "web.cookie_not_httponly"}) {
    all.push_back({id, "https://a/", ""});
  }
  EXPECT_EQ(*Score(all, catalog), 0);
  EXPECT_FALSE(Score({{"web.no_such", "https://a/", ""}}, catalog).ok());
}

TEST(BuildReportTest, OneSignalPerFinding) {
  SiteObservation site;
  site.host = "a.example";
  site.site_url = "https://a.example/";
  site.http.start_url = "http://a.example/";
  site.http.connect_failed = true;
  site.https.start_url = site.site_url;
  site.https.error = "connection refused";
  absl::StatusOr<WebReport> report =
      BuildReport(site, CheckCatalog::BuiltIn(), absl::FromUnixSeconds(1764547200), "suppliers/a");
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->signals.size(), 1u);
  EXPECT_EQ(report->signals[0].issue_type(), "no_https");
  EXPECT_EQ(report->signals[0].supplier(), "suppliers/a");
  EXPECT_EQ(report->signals[0].asset(), "https://a.example/");
  EXPECT_EQ(report->score, 100 - CheckCatalog::BuiltIn().Find("web.no_https")->deduction());
}

TEST(BuildReportTest, ServerBannersAreCollectedOncePerValue) {
  SiteObservation site;
  site.host = "b.example";
  site.site_url = "https://b.example/";
  Hop redirect;
  redirect.url = "http://b.example/";
  redirect.head.status = 301;
  redirect.head.fields = {{"server", "nginx/1.18.0"}, {"location", "https://b.example/"}};
  redirect.location = "https://b.example/";
  site.http.hops = {redirect};
  Hop page;
  page.url = site.site_url;
  page.head.status = 200;
  page.head.fields = {{"server", "nginx/1.18.0"}, {"server", "Apache/2.4.57 (Debian)"}};
  site.https.hops = {page};
  absl::StatusOr<WebReport> report =
      BuildReport(site, CheckCatalog::BuiltIn(), absl::FromUnixSeconds(1764547200), "suppliers/b");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->server_banners,
            (std::vector<std::string>{"nginx/1.18.0", "Apache/2.4.57 (Debian)"}));
}

}  // namespace
}  // namespace supplyrisk::scan::web
