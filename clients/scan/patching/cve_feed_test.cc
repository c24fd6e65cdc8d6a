#include "clients/scan/patching/cve_feed.h"

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace supplyrisk::scan {
namespace {

TEST(ParseCveFeed, Sample) {
  std::ifstream in("testdata/scan/cve/nvd-sample.json");
  std::stringstream text;
  text << in.rdbuf();
  auto feed = ParseCveFeed(text.str());
  ASSERT_TRUE(feed.ok()) << feed.status();
  ASSERT_EQ(feed->size(), 5u);
  EXPECT_EQ((*feed)[0].id, "CVE-2024-6387");
  EXPECT_DOUBLE_EQ((*feed)[0].base_score, 8.1);
  ASSERT_EQ((*feed)[0].matches.size(), 2u);
  EXPECT_EQ((*feed)[0].matches[1].product, "openssh");
  EXPECT_EQ((*feed)[0].matches[1].start_including, "8.5p1");
  EXPECT_EQ((*feed)[0].matches[1].end_excluding, "9.8p1");
}

TEST(ParseCveFeed, Malformed) {
  EXPECT_FALSE(ParseCveFeed("{").ok());
  EXPECT_FALSE(ParseCveFeed("{}").ok());
  auto bad = ParseCveFeed(
      R"({"vulnerabilities":[{"cve":{"id":"CVE-1","configurations":[{"nodes":[{"cpeMatch":[)"
      R"({"vulnerable":true,"criteria":"cpe:nope"}]}]}]}}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("CVE-1"), std::string::npos);
  EXPECT_NE(bad.status().message().find("criteria"), std::string::npos);
}

TEST(ParseCveFeed, Oversized) {
  auto r = ParseCveFeed(R"({"vulnerabilities":[]})", 5);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("limit"), std::string::npos);
}

TEST(LoadCveFeedFile, FileAndMissing) {
  auto feed = LoadCveFeedFile("testdata/scan/cve/nvd-sample.json");
  ASSERT_TRUE(feed.ok()) << feed.status();
  EXPECT_EQ(feed->size(), 5u);
  auto small = LoadCveFeedFile("testdata/scan/cve/nvd-sample.json", 100);
  ASSERT_FALSE(small.ok());
  EXPECT_NE(small.status().message().find("nvd-sample.json"), std::string::npos);
  EXPECT_EQ(LoadCveFeedFile("testdata/scan/cve/none.json").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace supplyrisk::scan
