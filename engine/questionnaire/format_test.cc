#include "engine/questionnaire/format.h"

#include <limits>

#include "gtest/gtest.h"

namespace supplyrisk::questionnaire {
namespace {

TEST(FormatNumberTest, ShortFormsForEverydayValues) {
  EXPECT_EQ(FormatNumber(1), "1");
  EXPECT_EQ(FormatNumber(0.5), "0.5");
  EXPECT_EQ(FormatNumber(-1), "-1");
  EXPECT_EQ(FormatNumber(0.1), "0.1");
  EXPECT_EQ(FormatNumber(1e6), "1e+06");
}

TEST(FormatNumberTest, MoreDigitsOnlyWhenNeededToReadBack) {
  EXPECT_EQ(FormatNumber(0.3333334), "0.3333334");
  EXPECT_EQ(FormatNumber(1.0 / 3), "0.3333333333333333");
  EXPECT_NE(FormatNumber(0.1 + 0.2), FormatNumber(0.3));
}

TEST(FormatNumberTest, NonFinite) {
  EXPECT_EQ(FormatNumber(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(FormatNumber(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(FormatNumber(std::numeric_limits<double>::quiet_NaN()), "nan");
}

TEST(HasTextTest, WhiteSpaceIsNoText) {
  EXPECT_FALSE(HasText(""));
  EXPECT_FALSE(HasText(" \t\n"));
  EXPECT_TRUE(HasText(" x "));
}

TEST(WithoutPrefixTest, StripsOnlyALeadingPrefix) {
  EXPECT_EQ(WithoutPrefix("ANSWER_TYPE_YES_NO", "ANSWER_TYPE_"), "YES_NO");
  EXPECT_EQ(WithoutPrefix("YES_NO", "ANSWER_TYPE_"), "YES_NO");
}

}  // namespace
}  // namespace supplyrisk::questionnaire
