#include "service/api/page_token.h"

#include "gtest/gtest.h"

namespace supplyrisk::api {
namespace {

TEST(PageTokensTest, RoundTripsPositionForTheSameQuery) {
  PageTokens tokens("secret");
  std::string token = tokens.Encode("demo|ListSuppliers|grade=\"A\"", "suppliers/acme");
  auto position = tokens.Decode("demo|ListSuppliers|grade=\"A\"", token);
  ASSERT_TRUE(position.ok()) << position.status();
  EXPECT_EQ(*position, "suppliers/acme");
  EXPECT_EQ(token.find("acme"), std::string::npos) << "token must be opaque";
}

TEST(PageTokensTest, RejectsOtherQueryTenantSecretAndEdits) {
  PageTokens tokens("secret");
  std::string token = tokens.Encode("demo|ListSuppliers|", "suppliers/acme");
  EXPECT_FALSE(tokens.Decode("demo|ListSuppliers|grade=\"B\"", token).ok());
  EXPECT_FALSE(tokens.Decode("other|ListSuppliers|", token).ok());
  EXPECT_FALSE(PageTokens("other-secret").Decode("demo|ListSuppliers|", token).ok());
  std::string edited = token;
  edited[edited.size() - 2] = edited[edited.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(tokens.Decode("demo|ListSuppliers|", edited).ok());
  EXPECT_FALSE(tokens.Decode("demo|ListSuppliers|", "not base64 !!").ok());
  EXPECT_FALSE(tokens.Decode("demo|ListSuppliers|", "AAAA").ok());
}

TEST(PageTokensTest, EmptyTokenIsFirstPage) {
  auto position = PageTokens("s").Decode("q", "");
  ASSERT_TRUE(position.ok());
  EXPECT_EQ(*position, "");
}

TEST(PageSizeTest, DefaultsClampsAndRejectsNegative) {
  EXPECT_EQ(EffectivePageSize(0), 100);
  EXPECT_EQ(EffectivePageSize(5), 5);
  EXPECT_EQ(EffectivePageSize(5000), 1000);
  EXPECT_EQ(EffectivePageSize(-1), -1);
}

}  // namespace
}  // namespace supplyrisk::api
