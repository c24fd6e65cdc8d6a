#include "engine/validation/identifiers.h"

#include <cstdlib>
#include <string>

#include "gtest/gtest.h"

namespace supplyrisk::validation {
namespace {

// Published corporate numbers (National Tax Agency's register).
TEST(CorporateNumberTest, AcceptsPublishedNumbers) {
  EXPECT_EQ(CorporateNumberProblem("7000012050002"), "");  // 国税庁
  EXPECT_EQ(CorporateNumberProblem("1180301018771"), "");  // トヨタ自動車
  EXPECT_EQ(CorporateNumberProblem("5010401067252"), "");  // ソニーグループ
  EXPECT_EQ(CorporateNumberProblem("4000012010017"), "");  // デジタル庁
}

TEST(CorporateNumberTest, ComputesCheckDigit) {
  EXPECT_EQ(CorporateNumberCheckDigit("000012050002"), 7);
  EXPECT_EQ(CorporateNumberCheckDigit("180301018771"), 1);
  // Sum 0 gives 9: the check digit is never 0.
  EXPECT_EQ(CorporateNumberCheckDigit("000000000000"), 9);
}

TEST(CorporateNumberTest, RejectsWrongCheckDigitLengthAndCharacters) {
  EXPECT_NE(CorporateNumberProblem("8000012050002"), "");
  EXPECT_NE(CorporateNumberProblem("7000012050003"), "");  // base digit changed
  EXPECT_NE(CorporateNumberProblem("700001205000"), "");
  EXPECT_NE(CorporateNumberProblem("70000120500021"), "");
  EXPECT_NE(CorporateNumberProblem("70000120500O2"), "");
  EXPECT_NE(CorporateNumberProblem(""), "");
  EXPECT_NE(CorporateNumberProblem("７000012050002"), "");  // full-width digit
  // Every single-digit change of a valid number is detected, except 0 <-> 9: the scheme works
  // modulo 9, so a change of 9 in any position leaves the sum's residue as it was.
  std::string valid = "1180301018771";
  for (size_t i = 0; i < valid.size(); ++i) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == valid[i] || std::abs(d - valid[i]) == 9) continue;
      std::string changed = valid;
      changed[i] = d;
      EXPECT_NE(CorporateNumberProblem(changed), "") << changed;
    }
  }
}

TEST(LeiTest, AcceptsPublishedLeis) {
  EXPECT_EQ(LeiProblem("HWUPKR0MPOU8FGXBT394"), "");  // Apple Inc.
  EXPECT_EQ(LeiProblem("7LTWFZYICNSX8D621K86"), "");  // Deutsche Bank AG
  EXPECT_EQ(LeiProblem("5493001KJTIIGC8Y1R12"), "");  // Bloomberg Finance L.P.
}

TEST(LeiTest, RejectsBadLeis) {
  EXPECT_NE(LeiProblem("HWUPKR0MPOU8FGXBT395"), "");
  EXPECT_NE(LeiProblem("HWUPKR0MPOU8FGXBT39"), "");
  EXPECT_NE(LeiProblem("hwupkr0mpou8fgxbt394"), "");
  EXPECT_NE(LeiProblem("HWUPKR0MPOU8FGXBT3A4"), "");
  EXPECT_NE(LeiProblem("HWUPKR0MPOU8FGXBT3-4"), "");
  EXPECT_NE(LeiProblem(""), "");
  // Swapping two adjacent characters is detected.
  EXPECT_NE(LeiProblem("WHUPKR0MPOU8FGXBT394"), "");
}

}  // namespace
}  // namespace supplyrisk::validation
