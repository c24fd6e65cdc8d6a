#include "engine/chain/chain_proto.h"

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace supplyrisk::chain {
namespace {

v1::Relationship Parse(const char* text) {
  v1::Relationship r;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &r));
  return r;
}

TEST(ChainProtoTest, StoredRelationshipsToEffectiveRiskNamedByParty) {
  const std::vector<v1::Relationship> stored = {
      Parse(R"pb(from_supplier: "suppliers/acme"
                 to_supplier: "suppliers/b"
                 data_classes: DATA_CLASS_PERSONAL
                 access: ACCESS_LEVEL_NONE
                 dependency_classes: DEPENDENCY_CLASS_CLOUD)pb"),
      Parse(R"pb(from_supplier: "suppliers/b"
                 party_name: "株式会社 謎の清掃"
                 data_classes: DATA_CLASS_PERSONAL
                 source: RELATIONSHIP_SOURCE_QUESTIONNAIRE)pb"),
      Parse(R"pb(from_supplier: "suppliers/b"
                 to_supplier: "suppliers/c"
                 data_classes: DATA_CLASS_PERSONAL)pb"),
  };
  std::vector<Relationship> edges;
  for (const auto& r : stored) edges.push_back(FromProto(r));
  EXPECT_EQ(edges[0].dependency_classes, Bit(DependencyClass::kCloud));
  EXPECT_EQ(edges[1].to, "party:謎の清掃");
  EXPECT_EQ(edges[1].source, RelationshipSource::kQuestionnaire);
  const SupplyGraph graph = SupplyGraph::Build({"suppliers/acme"}, std::move(edges));

  v1::ChainNode acme, b, c;
  acme.set_supplier("suppliers/acme");
  acme.set_assessed(true);
  acme.set_overall_score(85);
  b.set_supplier("suppliers/b");
  b.set_assessed(true);
  b.set_overall_score(80);
  c.set_supplier("suppliers/c");
  c.set_assessed(true);
  c.set_overall_score(20);
  c.set_grade("F");
  c.mutable_display_name()->set_ja("シー社");
  const PartyDirectory parties(graph, {acme, b, c});
  EXPECT_FALSE(parties.standings()[*graph.Find("party:謎の清掃")].identified);

  const ChainRules rules;
  const EffectiveRisk risk =
      ComputeEffectiveRisk(graph, parties.standings(), *graph.Find("suppliers/acme"),
                           Scope::Of({v1::DATA_CLASS_PERSONAL}, v1::ACCESS_LEVEL_NONE), rules);
  const v1::EffectiveRisk m = EffectiveRiskToProto(graph, risk, parties, rules, "test-1");
  EXPECT_EQ(m.supplier(), "suppliers/acme");
  EXPECT_TRUE(m.lowered());
  EXPECT_EQ(m.worst().supplier(), "suppliers/c");
  EXPECT_EQ(m.worst().display_name().ja(), "シー社");
  EXPECT_EQ(m.worst().depth(), 2);
  ASSERT_EQ(m.worst_path().hops_size(), 2);
  EXPECT_EQ(m.worst_path().hops(1).from(), "suppliers/b");
  EXPECT_EQ(m.worst_path().hops(1).to(), "suppliers/c");
  EXPECT_EQ(m.worst_path().hops(1).data_classes(0), v1::DATA_CLASS_PERSONAL);
  EXPECT_NEAR(m.effective_score(), 100 - 80 * 0.36, 1e-9);
  ASSERT_EQ(m.unidentified_size(), 1);
  EXPECT_EQ(m.unidentified(0).party_name(), "謎の清掃");
  EXPECT_EQ(m.unidentified(0).depth(), 2);
  EXPECT_EQ(m.policy_version(), "test-1");
  EXPECT_EQ(m.max_depth(), 3);
}

}  // namespace
}  // namespace supplyrisk::chain
