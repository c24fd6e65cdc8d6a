#include "clients/scan/web/assess.h"

#include <set>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan::web {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

constexpr char kGoodHead[] =
    "HTTP/1.1 200 OK\r\n"
    "Server: nginx\r\n"
    "Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n"
    "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Set-Cookie: sid=1; Secure; HttpOnly; SameSite=Strict\r\n\r\n";

Hop MakeHop(const std::string& url, const std::string& raw, const std::string& location = "") {
  Hop hop;
  hop.url = url;
  hop.head = *ParseResponseHead(raw);
  hop.location = location;
  return hop;
}

SiteObservation GoodSite() {
  SiteObservation site;
  site.host = "example.jp";
  site.site_url = "https://example.jp/";
  site.http.start_url = "http://example.jp/";
  site.http.hops = {
      MakeHop("http://example.jp/", "HTTP/1.1 301 Moved\r\n\r\n", "https://example.jp/"),
      MakeHop("https://example.jp/", kGoodHead)};
  site.https.start_url = "https://example.jp/";
  site.https.hops = {MakeHop("https://example.jp/", kGoodHead)};
  return site;
}

std::set<std::string> Ids(const std::vector<Finding>& findings) {
  std::set<std::string> ids;
  for (const Finding& f : findings) ids.insert(f.check_id);
  return ids;
}

std::string DetailOf(const std::vector<Finding>& findings, const std::string& id) {
  for (const Finding& f : findings) {
    if (f.check_id == id) return f.detail;
  }
  return "";
}

TEST(AssessTest, GoodSiteHasNoFinding) { EXPECT_TRUE(Assess(GoodSite()).empty()); }

TEST(AssessTest, MissingHeadersAndInsecureCookies) {
  SiteObservation site = GoodSite();
  site.https.hops = {MakeHop("https://example.jp/",
                             "HTTP/1.1 200 OK\r\nServer: Apache/2.4.57 (Debian)\r\n"
                             "X-Powered-By: PHP/8.2.7\r\nSet-Cookie: a=1\r\n"
                             "Set-Cookie: a=2; Secure\r\nSet-Cookie: b=1; Secure; HttpOnly\r\n")};
  std::vector<Finding> findings = Assess(site);
  EXPECT_EQ(
      Ids(findings),
      (std::set<std::string>{"web.hsts_missing", "web.csp_missing", "web.framing_allowed",
                             "web.xcto_missing", "web.cookie_not_secure", "web.cookie_not_httponly",
                             "web.cookie_no_samesite", "web.version_disclosure"}));
  int no_samesite = 0;
  for (const Finding& f : findings) {
    if (f.check_id == "web.cookie_not_secure") {
      EXPECT_EQ(f.asset, "https://example.jp/#cookie=a");
    }
    if (f.check_id == "web.cookie_no_samesite") ++no_samesite;
  }
  EXPECT_EQ(no_samesite, 2);  // one per cookie name: a and b
  EXPECT_EQ(DetailOf(findings, "web.version_disclosure"),
            "Server: Apache/2.4.57; X-Powered-By: PHP/8.2.7");
}

TEST(AssessTest, ShortHstsCountsAsMissingAndSaysSo) {
  SiteObservation site = GoodSite();
  site.https.hops = {
      MakeHop("https://example.jp/",
              absl::StrReplaceAll(kGoodHead, {{"max-age=31536000", "max-age=\"300\""}}))};
  std::vector<Finding> findings = Assess(site);
  EXPECT_EQ(Ids(findings), std::set<std::string>{"web.hsts_missing"});
  EXPECT_THAT(DetailOf(findings, "web.hsts_missing"), HasSubstr("max-age=300 is below 15552000"));
}

TEST(AssessTest, HstsMaxAgeParsing) {
  std::string why;
  EXPECT_EQ(HstsMaxAge("max-age=15552000", &why), 15552000);
  EXPECT_EQ(HstsMaxAge(" includeSubDomains ;MAX-AGE = \"42\" ; preload", &why), 42);
  EXPECT_EQ(HstsMaxAge("includeSubDomains", &why), -1);
  EXPECT_EQ(why, "no max-age directive");
  EXPECT_EQ(HstsMaxAge("max-age=1; max-age=2", &why), -1);
  EXPECT_EQ(HstsMaxAge("max-age=-5", &why), -1);
  EXPECT_EQ(HstsMaxAge("max-age=", &why), -1);
}

TEST(AssessTest, FramingRules) {
  std::string why;
  auto head = [](const std::string& fields) {
    return *ParseResponseHead("HTTP/1.1 200 OK\r\n" + fields);
  };
  EXPECT_TRUE(FramingProtected(head("X-Frame-Options: sameorigin\r\n"), &why));
  EXPECT_TRUE(FramingProtected(head("x-frame-options: DENY\r\nX-Frame-Options: deny\r\n"), &why));
  EXPECT_FALSE(FramingProtected(head("X-Frame-Options: ALLOW-FROM https://a/\r\n"), &why));
  EXPECT_FALSE(FramingProtected(head(""), &why));
  EXPECT_TRUE(FramingProtected(head("Content-Security-Policy: FRAME-ANCESTORS 'self'\r\n"), &why));
  // frame-ancestors present makes browsers ignore X-Frame-Options.
  EXPECT_FALSE(FramingProtected(
      head("Content-Security-Policy: frame-ancestors *\r\nX-Frame-Options: DENY\r\n"), &why));
  EXPECT_FALSE(FramingProtected(head("Content-Security-Policy: frame-ancestors https:\r\n"), &why));
  EXPECT_TRUE(FramingProtected(head("Content-Security-Policy: default-src 'self'\r\n"
                                    "X-Frame-Options: DENY\r\n"),
                               &why));
}

TEST(AssessTest, VersionTokensNeedADigitAfterTheSlash) {
  EXPECT_THAT(VersionTokens("nginx/1.22.1"), UnorderedElementsAre("nginx/1.22.1"));
  EXPECT_TRUE(VersionTokens("nginx").empty());
  EXPECT_TRUE(VersionTokens("cloudflare").empty());
  EXPECT_TRUE(VersionTokens("Express").empty());
  EXPECT_TRUE(VersionTokens("gws/beta").empty());
  EXPECT_THAT(VersionTokens("Apache/2.4 OpenSSL/3.0.11 mod_x/y"),
              UnorderedElementsAre("Apache/2.4", "OpenSSL/3.0.11"));
}

TEST(AssessTest, RedirectProblems) {
  SiteObservation site = GoodSite();
  site.http.hops = {MakeHop("http://example.jp/", "HTTP/1.1 200 OK\r\n")};
  EXPECT_THAT(DetailOf(Assess(site), "web.no_https_redirect"),
              HasSubstr("answers 200 without redirecting"));

  site.http.hops = {MakeHop("http://example.jp/", "HTTP/1.1 301 M\r\n", "https://www.example.jp/"),
                    MakeHop("https://www.example.jp/", kGoodHead)};
  EXPECT_THAT(DetailOf(Assess(site), "web.no_https_redirect"), HasSubstr("another host"));

  site.http.hops = {MakeHop("http://example.jp/", "HTTP/1.1 301 M\r\n", "https://EXAMPLE.jp./a"),
                    MakeHop("https://example.jp/a", "HTTP/1.1 302 F\r\n", "http://example.jp/b"),
                    MakeHop("http://example.jp/b", "HTTP/1.1 200 OK\r\n")};
  EXPECT_THAT(DetailOf(Assess(site), "web.no_https_redirect"),
              HasSubstr("passes through http://example.jp/b"));

  site = GoodSite();
  site.https.hops = {MakeHop("https://example.jp/", "HTTP/1.1 302 F\r\n", "http://example.jp/")};
  EXPECT_THAT(DetailOf(Assess(site), "web.no_https_redirect"),
              HasSubstr("https://example.jp/ redirects to http://example.jp/"));

  site = GoodSite();  // No plain HTTP service at all: nothing to redirect.
  site.http.hops.clear();
  site.http.connect_failed = true;
  site.http.error = "refused";
  EXPECT_TRUE(Assess(site).empty());
}

TEST(AssessTest, NoHttpsJudgesHttpHeadersAndHsts) {
  SiteObservation site = GoodSite();
  site.https.hops.clear();
  site.https.error = "https://example.jp/: SSL certificate problem";
  site.http.hops = {MakeHop("http://example.jp/", kGoodHead)};
  std::vector<Finding> findings = Assess(site);
  EXPECT_EQ(Ids(findings),
            (std::set<std::string>{"web.no_https", "web.no_https_redirect", "web.hsts_missing"}));
  EXPECT_THAT(DetailOf(findings, "web.no_https"), HasSubstr("SSL certificate problem"));
}

TEST(AssessTest, SplitUrl) {
  EXPECT_EQ(SplitUrl("HTTPS://User@Example.JP.:8443/x?y").host, "example.jp");
  EXPECT_EQ(SplitUrl("HTTPS://User@Example.JP.:8443/x?y").scheme, "https");
  EXPECT_EQ(SplitUrl("http://[::1]:80/").host, "::1");
  EXPECT_EQ(SplitUrl("/relative").scheme, "");
}

}  // namespace
}  // namespace supplyrisk::scan::web
