#include "engine/chain/scope.h"

#include "gtest/gtest.h"

namespace supplyrisk::chain {
namespace {

TEST(ScopeTest, AccessNestsAndDataIntersects) {
  const Scope engagement =
      Scope::Of({v1::DATA_CLASS_PERSONAL, v1::DATA_CLASS_INTERNAL}, v1::ACCESS_LEVEL_REMOTE);
  const Scope passes_portal = Scope::Of({v1::DATA_CLASS_PERSONAL}, v1::ACCESS_LEVEL_PRIVILEGED);
  const Scope got = engagement.Intersect(passes_portal);
  EXPECT_EQ(got.data_classes(), std::vector<v1::DataClass>{v1::DATA_CLASS_PERSONAL});
  // Privileged passed on, but only remote access was entrusted: remote reaches the next party.
  EXPECT_EQ(got.access(), v1::ACCESS_LEVEL_REMOTE);
  EXPECT_EQ(got.ToString(), "personal; remote access");
  EXPECT_TRUE(engagement.Covers(got));
  EXPECT_FALSE(got.Covers(engagement));
}

TEST(ScopeTest, OtMaintenanceIsItsOwnKindAndNothingIsEmpty) {
  const Scope ot = Scope::Of({}, v1::ACCESS_LEVEL_ONSITE_OT);
  EXPECT_TRUE(ot.Intersect(Scope::Of({}, v1::ACCESS_LEVEL_PRIVILEGED)).empty());
  EXPECT_EQ(ot.access(), v1::ACCESS_LEVEL_ONSITE_OT);
  EXPECT_TRUE(Scope::Of({v1::DATA_CLASS_UNSPECIFIED}, v1::ACCESS_LEVEL_NONE).empty());
  EXPECT_TRUE(Scope::Of({}, v1::ACCESS_LEVEL_UNSPECIFIED).empty());
  EXPECT_EQ(Scope().ToString(), "no data");
}

}  // namespace
}  // namespace supplyrisk::chain
