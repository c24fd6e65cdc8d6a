#include "clients/scan/web/set_cookie.h"

#include "gtest/gtest.h"

namespace supplyrisk::scan::web {
namespace {

TEST(ParseSetCookieTest, AttributesCaseInsensitive) {
  absl::StatusOr<SetCookie> cookie =
      ParseSetCookie(" sid = abc=def ; path=/; SECURE;httponly ; SameSite = lax");
  ASSERT_TRUE(cookie.ok()) << cookie.status();
  EXPECT_EQ(cookie->name, "sid");
  EXPECT_TRUE(cookie->secure);
  EXPECT_TRUE(cookie->http_only);
  EXPECT_EQ(cookie->same_site, "Lax");
}

TEST(ParseSetCookieTest, MissingAndInvalidAttributes) {
  absl::StatusOr<SetCookie> cookie = ParseSetCookie("id=1; Path=/secure; SameSite=Sometimes");
  ASSERT_TRUE(cookie.ok()) << cookie.status();
  EXPECT_FALSE(cookie->secure);  // "secure" inside a path value is not the attribute
  EXPECT_FALSE(cookie->http_only);
  EXPECT_EQ(cookie->same_site, "");
}

TEST(ParseSetCookieTest, LaterSameSiteOverridesAndEmptyValueAllowed) {
  absl::StatusOr<SetCookie> cookie = ParseSetCookie("x=; SameSite=Strict; samesite=None; Secure");
  ASSERT_TRUE(cookie.ok()) << cookie.status();
  EXPECT_EQ(cookie->name, "x");
  EXPECT_EQ(cookie->same_site, "None");
}

TEST(ParseSetCookieTest, RejectsWhatBrowsersIgnore) {
  EXPECT_FALSE(ParseSetCookie("novalue; Secure").ok());
  EXPECT_FALSE(ParseSetCookie(" =abc").ok());
  EXPECT_FALSE(ParseSetCookie(std::string(300, 'n') + "=1").ok());
  EXPECT_FALSE(ParseSetCookie("a\x01"
                              "b=1")
                   .ok());
}

}  // namespace
}  // namespace supplyrisk::scan::web
