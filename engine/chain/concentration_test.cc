#include "engine/chain/concentration.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace supplyrisk::chain {
namespace {

const uint32_t kCloud = Bit(DependencyClass::kCloud);
const uint32_t kMail = Bit(DependencyClass::kMail);

TEST(ConcentrationTest, SharedPartiesRankedWithSharesHhiAndSpof) {
  // Five direct suppliers; bigcloud hosts four of them (both critical ones), smallcloud one.
  // mailer serves two for mail; s5 uses mailer for mail and bigcloud for cloud in one relationship.
  std::vector<Relationship> edges = {
      {"s1", "bigcloud", Scope(), kCloud},  {"s2", "bigcloud", Scope(), kCloud},
      {"s3", "bigcloud", Scope(), kCloud},  {"s4", "smallcloud", Scope(), kCloud},
      {"s5", "bigcloud", Scope(), kCloud},  {"s1", "mailer", Scope(), kMail},
      {"s5", "mailer", Scope(), kMail},     {"s2", "s3", Scope(), 0},  // not a dependency class
      {"sub", "bigcloud", Scope(), kCloud},  // not a direct supplier: not counted
  };
  const SupplyGraph g = SupplyGraph::Build({}, edges);
  auto n = [&](const char* id) { return *g.Find(id); };
  const std::vector<PortfolioSupplier> suppliers = {{n("s1"), 4, true},
                                                    {n("s2"), 1, false},
                                                    {n("s3"), 1, false},
                                                    {n("s4"), 4, true},
                                                    {n("s5"), 2, false}};
  const auto result = ComputeConcentration(g, suppliers, ConcentrationRules{});
  const ClassConcentration& cloud = result[static_cast<int>(DependencyClass::kCloud)];
  EXPECT_EQ(cloud.links, 5);
  // Shares of the five cloud links: 80% and 20%: 6400 + 400.
  EXPECT_NEAR(cloud.hhi, 6800, 1e-9);
  // smallcloud has one dependent but serves one of the two critical suppliers (50% >= 40%).
  ASSERT_EQ(cloud.parties.size(), 2u);
  EXPECT_EQ(g.id(cloud.parties[0].node), "bigcloud");
  EXPECT_EQ(cloud.parties[0].dependents, 4);
  EXPECT_NEAR(cloud.parties[0].supplier_share, 0.8, 1e-12);
  EXPECT_NEAR(cloud.parties[0].engagement_share, 8.0 / 12, 1e-12);
  EXPECT_NEAR(cloud.parties[0].critical_share, 0.5, 1e-12);
  EXPECT_TRUE(cloud.parties[0].single_point_of_failure);
  EXPECT_EQ(g.id(cloud.parties[1].node), "smallcloud");
  EXPECT_TRUE(cloud.parties[1].single_point_of_failure);

  const ClassConcentration& mail = result[static_cast<int>(DependencyClass::kMail)];
  ASSERT_EQ(mail.parties.size(), 1u);
  EXPECT_EQ(mail.parties[0].dependents, 2);
  EXPECT_NEAR(mail.hhi, 10000, 1e-9);
  EXPECT_EQ(mail.parties[0].dependent_nodes, (std::vector<int>{n("s1"), n("s5")}));

  ConcentrationRules strict;
  strict.spof_share = 0.75;
  const auto stricter = ComputeConcentration(g, suppliers, strict);
  const ClassConcentration& cloud2 = stricter[static_cast<int>(DependencyClass::kCloud)];
  ASSERT_EQ(cloud2.parties.size(), 1u);  // smallcloud is neither shared nor a SPOF any more
  EXPECT_FALSE(cloud2.parties[0].single_point_of_failure);
}

TEST(ConcentrationTest, NoSuppliersNoShares) {
  const SupplyGraph g = SupplyGraph::Build({"a"}, {});
  for (const ClassConcentration& c : ComputeConcentration(g, {}, ConcentrationRules{})) {
    EXPECT_EQ(c.links, 0);
    EXPECT_EQ(c.hhi, 0);
    EXPECT_TRUE(c.parties.empty());
  }
}

}  // namespace
}  // namespace supplyrisk::chain
