#include "clients/scan/patching/version.h"

#include "gtest/gtest.h"

namespace supplyrisk::scan {
namespace {

TEST(CompareVersions, NumericSegmentsCompareAsNumbers) {
  EXPECT_GT(CompareVersions("1.2.10", "1.2.9"), 0);
  EXPECT_LT(CompareVersions("1.2.9", "1.2.10"), 0);
  EXPECT_EQ(CompareVersions("1.02", "1.2"), 0);
  EXPECT_EQ(CompareVersions("2.4.57", "2.4.57"), 0);
  EXPECT_GT(CompareVersions("10.0", "9.99"), 0);
}

TEST(CompareVersions, PortableSuffixIsNewer) {
  EXPECT_GT(CompareVersions("8.9p1", "8.9"), 0);
  EXPECT_LT(CompareVersions("8.9p1", "8.9p2"), 0);
  EXPECT_LT(CompareVersions("8.9p1", "9.0"), 0);
  EXPECT_GT(CompareVersions("9.8p1", "9.8"), 0);
  EXPECT_LT(CompareVersions("8.5p1", "9.8p1"), 0);
}

TEST(CompareVersions, PackageRevisionIsNewer) {
  EXPECT_GT(CompareVersions("2.4.57-1", "2.4.57"), 0);
  EXPECT_LT(CompareVersions("2.4.57-1", "2.4.58"), 0);
}

TEST(CompareVersions, PreReleaseIsOlder) {
  EXPECT_LT(CompareVersions("1.0rc1", "1.0"), 0);
  EXPECT_LT(CompareVersions("1.0-beta2", "1.0"), 0);
  EXPECT_GT(CompareVersions("1.0", "1.0alpha"), 0);
  EXPECT_LT(CompareVersions("1.0rc1", "1.0rc2"), 0);
}

TEST(CompareVersions, LettersAfterDigits) {
  EXPECT_GT(CompareVersions("1.0.2a", "1.0.2"), 0);
  EXPECT_LT(CompareVersions("1.0.2a", "1.0.2b"), 0);
  EXPECT_EQ(CompareVersions("1.0.2A", "1.0.2a"), 0);
  EXPECT_GT(CompareVersions("1.1", "1.a"), 0);
}

TEST(CompareVersions, EmptyIsOldest) {
  EXPECT_EQ(CompareVersions("", ""), 0);
  EXPECT_LT(CompareVersions("", "0"), 0);
}

}  // namespace
}  // namespace supplyrisk::scan
