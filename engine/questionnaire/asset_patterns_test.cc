#include "engine/questionnaire/asset_patterns.h"

#include "gtest/gtest.h"

namespace supplyrisk::questionnaire {
namespace {

TEST(AssetPatternMatchesTest, WholeAssetCaseInsensitive) {
  EXPECT_TRUE(AssetPatternMatches("vpn*", "vpn.example.jp"));
  EXPECT_TRUE(AssetPatternMatches("vpn*", "VPN.Example.JP:443"));
  EXPECT_FALSE(AssetPatternMatches("vpn*", "www.vpn.example.jp"));
  EXPECT_TRUE(AssetPatternMatches("*vpn*", "sslvpn.example.jp:10443"));
  EXPECT_TRUE(AssetPatternMatches("*vpn*", "https://vpn.example.jp/"));
  EXPECT_FALSE(AssetPatternMatches("*vpn*", "tracking.example.jp:443"));
  EXPECT_TRUE(AssetPatternMatches("*:3389", "198.51.100.24:3389"));
  EXPECT_TRUE(AssetPatternMatches("*:3389", "[2001:db8::1]:3389"));
  EXPECT_FALSE(AssetPatternMatches("*:3389", "198.51.100.24:33890"));
  EXPECT_TRUE(AssetPatternMatches("mail.*", "mail.example.jp:587"));
  EXPECT_FALSE(AssetPatternMatches("mail.*", "webmail.example.jp"));
  // No wildcard: the whole asset, exactly.
  EXPECT_TRUE(AssetPatternMatches("example.jp", "EXAMPLE.jp"));
  EXPECT_FALSE(AssetPatternMatches("example.jp", "www.example.jp"));
  // '*' matches the empty run too; several stars backtrack.
  EXPECT_TRUE(AssetPatternMatches("a*b*c", "abc"));
  EXPECT_TRUE(AssetPatternMatches("a*b*c", "axxbyybzc"));
  EXPECT_FALSE(AssetPatternMatches("a*b*c", "axxbyy"));
  EXPECT_TRUE(AssetPatternMatches("**", ""));
  EXPECT_FALSE(AssetPatternMatches("a", ""));
}

TEST(AssetPatternProblemTest, RejectsUnusablePatterns) {
  EXPECT_EQ(AssetPatternProblem("vpn*"), "");
  EXPECT_EQ(AssetPatternProblem("*:443"), "");
  EXPECT_NE(AssetPatternProblem(""), "");
  EXPECT_NE(AssetPatternProblem("vpn *"), "");
  EXPECT_NE(AssetPatternProblem("vpn\t"), "");
  EXPECT_NE(AssetPatternProblem("*"), "");
  EXPECT_NE(AssetPatternProblem("**"), "");
}

TEST(LinkAppliesToAssetTest, EmptyMeansAnyAsset) {
  supplyrisk::v1::SignalLink link;
  EXPECT_TRUE(LinkAppliesToAsset(link, "anything"));
  link.add_asset_patterns("vpn*");
  link.add_asset_patterns("*:10443");
  EXPECT_TRUE(LinkAppliesToAsset(link, "vpn.example.jp"));
  EXPECT_TRUE(LinkAppliesToAsset(link, "203.0.113.5:10443"));
  EXPECT_FALSE(LinkAppliesToAsset(link, "portal.example.jp:443"));
}

}  // namespace
}  // namespace supplyrisk::questionnaire
