#include "engine/chain/impact.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace supplyrisk::chain {
namespace {

const Scope kPersonal = Scope::Of({v1::DATA_CLASS_PERSONAL}, v1::ACCESS_LEVEL_NONE);
const Scope kOt = Scope::Of({v1::DATA_CLASS_OT_OPERATIONAL}, v1::ACCESS_LEVEL_ONSITE_OT);

TEST(AnalyzeImpactTest, EngagementsReachingThePartyRankedByCriticalityAndDepth) {
  // hoster has an incident. a hands it personal data directly; b through b-sub; c gives it only
  // OT data, which none of c's engagements entrust; hoster is itself a direct supplier.
  const SupplyGraph g = SupplyGraph::Build({}, {{"a", "hoster", kPersonal},
                                                {"b", "b-sub", kPersonal},
                                                {"b-sub", "hoster", kPersonal},
                                                {"c", "hoster", kOt},
                                                {"far1", "far2", kPersonal},
                                                {"far2", "far3", kPersonal},
                                                {"far3", "far4", kPersonal},
                                                {"far4", "hoster", kPersonal}});
  auto n = [&](const char* id) { return *g.Find(id); };
  const std::vector<PortfolioEngagement> engagements = {
      {n("a"), kPersonal, 1},     // 0: depth 1, 1 x 0.6
      {n("b"), kPersonal, 4},     // 1: depth 2, 4 x 0.36
      {n("c"), kPersonal, 4},     // 2: c passes nothing personal to hoster
      {n("hoster"), kOt, 2},      // 3: the party's own engagement
      {n("far1"), kPersonal, 4},  // 4: four hops away, past the cap
  };
  const auto impacted = AnalyzeImpact(g, n("hoster"), engagements, ChainRules{});
  ASSERT_EQ(impacted.size(), 3u);
  EXPECT_EQ(impacted[0].engagement, 3);
  EXPECT_EQ(impacted[0].depth, 0);
  EXPECT_EQ(impacted[1].engagement, 1);
  EXPECT_EQ(impacted[1].depth, 2);
  EXPECT_NEAR(impacted[1].rank, 4 * 0.36, 1e-12);
  ASSERT_EQ(impacted[1].path.size(), 2u);
  EXPECT_EQ(g.id(impacted[1].path[0].to), "b-sub");
  EXPECT_EQ(g.id(impacted[1].path[1].to), "hoster");
  EXPECT_EQ(impacted[2].engagement, 0);
  EXPECT_NEAR(impacted[2].rank, 0.6, 1e-12);
}

}  // namespace
}  // namespace supplyrisk::chain
