#include "clients/scan/patching/matcher.h"

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace supplyrisk::scan {
namespace {

BannerProduct Ssh(const std::string& v) { return {"openbsd", "", "openssh", v}; }

CpeMatch Range(const std::string& si, const std::string& se, const std::string& ei,
               const std::string& ee) {
  CpeMatch m;
  m.vulnerable = true;
  m.vendor = "openbsd";
  m.product = "openssh";
  m.version = "*";
  m.start_including = si;
  m.start_excluding = se;
  m.end_including = ei;
  m.end_excluding = ee;
  return m;
}

TEST(CpeMatchContains, AllFourBounds) {
  EXPECT_TRUE(CpeMatchContains(Range("8.5p1", "", "", ""), Ssh("8.5p1")));
  EXPECT_FALSE(CpeMatchContains(Range("8.5p1", "", "", ""), Ssh("8.4p1")));
  EXPECT_FALSE(CpeMatchContains(Range("", "8.5", "", ""), Ssh("8.5")));
  EXPECT_TRUE(CpeMatchContains(Range("", "8.5", "", ""), Ssh("8.5p1")));
  EXPECT_TRUE(CpeMatchContains(Range("", "", "9.8", ""), Ssh("9.8")));
  EXPECT_FALSE(CpeMatchContains(Range("", "", "9.8", ""), Ssh("9.8p1")));
  EXPECT_TRUE(CpeMatchContains(Range("", "", "", "9.8p1"), Ssh("9.7p1")));
  EXPECT_FALSE(CpeMatchContains(Range("", "", "", "9.8p1"), Ssh("9.8p1")));
  CpeMatch m = Range("", "", "", "9.8p1");
  m.vulnerable = false;
  EXPECT_FALSE(CpeMatchContains(m, Ssh("8.9p1")));
  m = Range("", "", "", "");
  m.version = "8.9";
  m.update = "p1";
  EXPECT_TRUE(CpeMatchContains(m, Ssh("8.9p1")));
  EXPECT_FALSE(CpeMatchContains(m, Ssh("8.9p2")));
}

std::vector<CveRecord> Sample() {
  std::ifstream in("testdata/scan/cve/nvd-sample.json");
  std::stringstream text;
  text << in.rdbuf();
  auto feed = ParseCveFeed(text.str());
  EXPECT_TRUE(feed.ok()) << feed.status();
  return feed.ok() ? *feed : std::vector<CveRecord>{};
}

TEST(BannerCveSignals, OpenSshFromBanner) {
  Observation seen;
  seen.observed_at = absl::FromUnixSeconds(1780000000);
  auto signals = BannerCveSignals("host.example.jp:22", "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3", Sample(),
                                  seen, CheckCatalog::BuiltIn());
  ASSERT_TRUE(signals.ok()) << signals.status();
  std::vector<std::string> cves;
  for (const v1::Signal& s : *signals) {
    cves.push_back(s.cve());
    EXPECT_EQ(s.asset(), "host.example.jp:22");
    EXPECT_NE(s.detail().find("confidence: low (banner)"), std::string::npos);
    if (s.cve() == "CVE-2023-38408") {
      EXPECT_EQ(s.severity(), v1::SEVERITY_CRITICAL);
    }
    if (s.cve() == "CVE-2023-51385") {
      EXPECT_EQ(s.severity(), v1::SEVERITY_MEDIUM);
    }
  }
  EXPECT_EQ(cves, (std::vector<std::string>{"CVE-2024-6387", "CVE-2023-38408", "CVE-2023-51385"}));
}

TEST(BannerCveSignals, NginxAndUnknown) {
  Observation seen;
  seen.observed_at = absl::FromUnixSeconds(1780000000);
  auto fixed = BannerCveSignals("w:443", "nginx/1.22.1", Sample(), seen, CheckCatalog::BuiltIn());
  ASSERT_TRUE(fixed.ok());
  EXPECT_TRUE(fixed->empty());
  auto old = BannerCveSignals("w:443", "nginx/1.18.0", Sample(), seen, CheckCatalog::BuiltIn());
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->size(), 2u);
  auto none = BannerCveSignals("w:443", "IIS", Sample(), seen, CheckCatalog::BuiltIn());
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace supplyrisk::scan
