#include "engine/common/json_text.h"

#include "gtest/gtest.h"

namespace supplyrisk::common {
namespace {

TEST(JsonTextTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(JsonEscape("a\"b\\c\n\r\t\b\f\x01\x1f"), "a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f");
  EXPECT_EQ(JsonQuote("a\"b\\c\n\t\x01"), "\"a\\\"b\\\\c\\n\\t\\u0001\"");
}

TEST(JsonTextTest, Utf8AndPrintableBytesPassAsIs) {
  EXPECT_EQ(JsonQuote("日本 / ok"), "\"日本 / ok\"");
  EXPECT_EQ(JsonQuote(""), "\"\"");
  EXPECT_EQ(JsonEscape(absl::string_view("a\0b", 3)), "a\\u0000b");
}

}  // namespace
}  // namespace supplyrisk::common
