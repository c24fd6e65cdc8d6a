#include "service/api/identifiers.h"

#include <cstdlib>
#include <string>

#include "gtest/gtest.h"

namespace supplyrisk::api {
namespace {

TEST(DomainTest, CanonicalisesAsciiAndUnicode) {
  std::string canonical, problem;
  ASSERT_TRUE(CanonicalDomain("Example.CO.JP", &canonical, &problem)) << problem;
  EXPECT_EQ(canonical, "example.co.jp");
  ASSERT_TRUE(CanonicalDomain("例え.jp", &canonical, &problem)) << problem;
  EXPECT_EQ(canonical, "xn--r8jz45g.jp");
  ASSERT_TRUE(CanonicalDomain("xn--r8jz45g.jp", &canonical, &problem)) << problem;
  EXPECT_EQ(canonical, "xn--r8jz45g.jp");
  ASSERT_TRUE(CanonicalDomain("mail.example.com.", &canonical, &problem)) << problem;
  EXPECT_EQ(canonical, "mail.example.com");
}

TEST(DomainTest, RejectsInvalidNames) {
  std::string canonical, problem;
  for (const char* bad : {"", "localhost", "exa mple.com", "-example.com", "example-.com",
                          "a..b.com", "example.123", "under_score.com", "http://example.com",
                          "example.com/path", "xn--zz.com", "\xff\xfe.com"}) {
    problem.clear();
    EXPECT_FALSE(CanonicalDomain(bad, &canonical, &problem)) << bad;
    EXPECT_FALSE(problem.empty()) << bad;
  }
  std::string long_label(64, 'a');
  EXPECT_FALSE(CanonicalDomain(long_label + ".com", &canonical, &problem));
}

}  // namespace
}  // namespace supplyrisk::api
