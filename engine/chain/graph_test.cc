#include "engine/chain/graph.h"

#include "gtest/gtest.h"

namespace supplyrisk::chain {
namespace {

TEST(SupplyGraphTest, NodesInIdOrderEdgesMergedPerPair) {
  const Scope personal = Scope::Of({v1::DATA_CLASS_PERSONAL}, v1::ACCESS_LEVEL_NONE);
  const Scope remote = Scope::Of({}, v1::ACCESS_LEVEL_REMOTE);
  SupplyGraph g = SupplyGraph::Build(
      {"zeta"},
      {{"b", "c", personal, Bit(DependencyClass::kMail)},
       {"a", "c", remote},
       {"a", "b", personal, 0, RelationshipSource::kDiscovered, 0.5},
       {"a", "b", remote, Bit(DependencyClass::kCloud), RelationshipSource::kDeclared, 0.9, true}});
  ASSERT_EQ(g.size(), 4);
  EXPECT_EQ(g.id(0), "a");
  EXPECT_EQ(g.id(3), "zeta");
  EXPECT_EQ(g.edge_count(), 3u);
  const int a = *g.Find("a");
  ASSERT_EQ(g.out(a).size(), 2u);
  EXPECT_EQ(g.id(g.out(a)[0].node), "b");
  EXPECT_EQ(g.id(g.out(a)[1].node), "c");
  const Relationship& ab = g.relationships()[g.out(a)[0].relationship];
  EXPECT_TRUE(ab.scope.Covers(personal));
  EXPECT_TRUE(ab.scope.Covers(remote));
  EXPECT_EQ(ab.dependency_classes, Bit(DependencyClass::kCloud));
  EXPECT_EQ(ab.confidence, 0.9);
  EXPECT_TRUE(ab.verified);
  EXPECT_EQ(ab.source, RelationshipSource::kDeclared);
  const int c = *g.Find("c");
  ASSERT_EQ(g.in(c).size(), 2u);
  EXPECT_EQ(g.id(g.in(c)[0].node), "a");
  EXPECT_EQ(g.id(g.in(c)[1].node), "b");
  EXPECT_FALSE(g.Find("nobody").has_value());
  EXPECT_TRUE(g.out(*g.Find("zeta")).empty());
}

}  // namespace
}  // namespace supplyrisk::chain
