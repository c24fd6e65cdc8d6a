#include "engine/chain/engagement_risk.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace supplyrisk::chain {
namespace {

v1::Relationship Passes(const std::string& from, const std::string& to, v1::DataClass data) {
  v1::Relationship r;
  r.set_from_supplier(from);
  r.set_to_supplier(to);
  r.add_data_classes(data);
  r.set_source(v1::RELATIONSHIP_SOURCE_DECLARED);
  r.set_confidence(1);
  return r;
}

v1::ChainNode Rated(const std::string& supplier, double score) {
  v1::ChainNode n;
  n.set_supplier(supplier);
  n.set_assessed(true);
  n.set_overall_score(score);
  n.set_grade(score >= 80 ? "A" : "E");
  return n;
}

v1::Engagement PersonalData() {
  v1::Engagement e;
  e.set_name("engagements/payroll");
  e.set_supplier("suppliers/acme");
  e.add_data_classes(v1::DATA_CLASS_PERSONAL);
  return e;
}

struct Chain {
  std::vector<v1::Relationship> relationships;
  SupplyGraph graph;
  std::unique_ptr<PartyDirectory> parties;
  Chain(std::vector<v1::Relationship> rs, const std::vector<v1::ChainNode>& records)
      : relationships(std::move(rs)) {
    std::vector<Relationship> edges;
    for (const auto& r : relationships) edges.push_back(FromProto(r));
    graph = SupplyGraph::Build({"suppliers/acme"}, std::move(edges));
    parties = std::make_unique<PartyDirectory>(graph, records, relationships);
  }
  int root() const { return *graph.Find("suppliers/acme"); }
};

TEST(EngagementRiskTest, ASupplierWithoutSubcontractorsInheritsNothing) {
  Chain c({}, {});
  auto risk =
      EngagementEffectiveRisk(c.graph, *c.parties, c.root(), PersonalData(), v1::ScoringPolicy());
  ASSERT_TRUE(risk.ok()) << risk.status();
  EXPECT_EQ(risk->engagement(), "engagements/payroll");
  EXPECT_FALSE(risk->own_assessed());
  EXPECT_FALSE(risk->lowered());
  EXPECT_FALSE(risk->has_worst());
  EXPECT_EQ(risk->receivers_size(), 0);
  EXPECT_DOUBLE_EQ(risk->confidence_factor(), 1.0);
}

TEST(EngagementRiskTest, TheRootsPreviousAssessmentIsNotItsStanding) {
  // The supplier's old score of 10 must not cap the assessment being made of it.
  Chain c({Passes("suppliers/acme", "suppliers/payco", v1::DATA_CLASS_PERSONAL)},
          {Rated("suppliers/acme", 10), Rated("suppliers/payco", 95)});
  auto risk =
      EngagementEffectiveRisk(c.graph, *c.parties, c.root(), PersonalData(), v1::ScoringPolicy());
  ASSERT_TRUE(risk.ok()) << risk.status();
  EXPECT_FALSE(risk->own_assessed());
  ASSERT_EQ(risk->receivers_size(), 1);
  EXPECT_EQ(risk->receivers(0).supplier(), "suppliers/payco");
}

TEST(EngagementRiskTest, OnlySubcontractorsReceivingTheScopeCount) {
  Chain c({Passes("suppliers/acme", "suppliers/weak", v1::DATA_CLASS_PERSONAL),
           Passes("suppliers/acme", "suppliers/other", v1::DATA_CLASS_INTERNAL)},
          {Rated("suppliers/weak", 20), Rated("suppliers/other", 5)});
  auto risk =
      EngagementEffectiveRisk(c.graph, *c.parties, c.root(), PersonalData(), v1::ScoringPolicy());
  ASSERT_TRUE(risk.ok()) << risk.status();
  ASSERT_TRUE(risk->has_worst());
  EXPECT_EQ(risk->worst().supplier(), "suppliers/weak");
  ASSERT_EQ(risk->receivers_size(), 1);
  ASSERT_EQ(risk->receiver_paths_size(), 1);
  EXPECT_EQ(risk->receiver_paths(0).hops(0).to(), "suppliers/weak");
}

TEST(EngagementRiskTest, AnUnassessedReceiverLowersConfidence) {
  Chain c({Passes("suppliers/acme", "suppliers/payco", v1::DATA_CLASS_PERSONAL)}, {});
  auto risk =
      EngagementEffectiveRisk(c.graph, *c.parties, c.root(), PersonalData(), v1::ScoringPolicy());
  ASSERT_TRUE(risk.ok()) << risk.status();
  ASSERT_EQ(risk->unassessed_size(), 1);
  EXPECT_LT(risk->confidence_factor(), 1.0);
}

TEST(EngagementRiskTest, ChainRulesOutOfRangeAreRefused) {
  Chain c({}, {});
  v1::ScoringPolicy policy;
  policy.mutable_chain()->set_attenuation(1.5);
  auto risk = EngagementEffectiveRisk(c.graph, *c.parties, c.root(), PersonalData(), policy);
  ASSERT_EQ(risk.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(risk.status().message().find("attenuation"), std::string::npos) << risk.status();
}

TEST(EngagementRiskTest, InForceFromStartUntilBeforeEnd) {
  const absl::Time t = absl::FromUnixSeconds(1'800'000'000);
  v1::Relationship r;
  EXPECT_TRUE(InForce(r, t));
  r.mutable_start_time()->set_seconds(1'800'000'000);
  EXPECT_TRUE(InForce(r, t));
  EXPECT_FALSE(InForce(r, t - absl::Seconds(1)));
  r.mutable_end_time()->set_seconds(1'800'000'001);
  EXPECT_TRUE(InForce(r, t));
  EXPECT_FALSE(InForce(r, t + absl::Seconds(1)));
}

}  // namespace
}  // namespace supplyrisk::chain
