#include "service/assess/chain_loader.h"

#include <string>

#include "gtest/gtest.h"
#include "service/store/test_util.h"

namespace supplyrisk::assess {
namespace {

using store::testing::Actor;
using store::testing::kTenant;

class ChainLoaderTest : public store::testing::StoreTest {
 protected:
  void Supplier(const std::string& id) {
    ASSERT_TRUE(store_->CreateSupplier(kTenant, id, MakeSupplier(id), Actor("u")).ok());
  }
  void Assess(const std::string& id, int64_t as_of, double score, const std::string& grade) {
    auto a = MakeAssessment(as_of, score, grade, v1::DECISION_OUTCOME_APPROVE);
    ASSERT_TRUE(
        store_->CreateAssessment(kTenant, id, absl::StrCat(id, "-", as_of), a, Actor("u")).ok());
  }
  void Relate(const std::string& id, const std::string& from, const std::string& to,
              v1::DataClass data, int64_t start = 0, int64_t end = 0) {
    v1::Relationship r;
    r.set_from_supplier("suppliers/" + from);
    r.set_to_supplier("suppliers/" + to);
    r.add_data_classes(data);
    r.set_access(v1::ACCESS_LEVEL_NONE);
    if (start) r.mutable_start_time()->set_seconds(start);
    if (end) r.mutable_end_time()->set_seconds(end);
    ASSERT_TRUE(store_->CreateRelationship(kTenant, id, r, Actor("u")).ok());
  }
  static constexpr int64_t kNow = 1767225600;
};

TEST_F(ChainLoaderTest, ReadsToTheDepthAndOneHopPastGoingDown) {
  for (const char* s : {"a", "b", "c", "d", "e"}) Supplier(s);
  Relate("ab", "a", "b", v1::DATA_CLASS_PERSONAL);
  Relate("bc", "b", "c", v1::DATA_CLASS_PERSONAL);
  Relate("cd", "c", "d", v1::DATA_CLASS_PERSONAL);
  Relate("de", "d", "e", v1::DATA_CLASS_PERSONAL);
  auto chain = LoadChain(store_.get(), kTenant, "a", 2, absl::FromUnixSeconds(kNow),
                         ChainDirection::kSubcontractors, nullptr);
  ASSERT_TRUE(chain.ok()) << chain.status();
  // a->b, b->c within depth 2; c->d read for the coverage past it; d->e not.
  EXPECT_EQ((*chain)->relationships.size(), 3u);
  EXPECT_FALSE((*chain)->graph.Find("suppliers/e").has_value());
  EXPECT_EQ((*chain)->graph.id((*chain)->root), "suppliers/a");

  auto up = LoadChain(store_.get(), kTenant, "d", 2, absl::FromUnixSeconds(kNow),
                      ChainDirection::kContractors, nullptr);
  ASSERT_TRUE(up.ok()) << up.status();
  EXPECT_EQ((*up)->relationships.size(), 2u);  // c->d, b->c
  EXPECT_FALSE((*up)->graph.Find("suppliers/a").has_value());
}

TEST_F(ChainLoaderTest, OnlyRelationshipsInForceCount) {
  for (const char* s : {"a", "b", "c", "d"}) Supplier(s);
  Relate("ab", "a", "b", v1::DATA_CLASS_PERSONAL, kNow - 100, kNow - 10);  // ended
  Relate("ac", "a", "c", v1::DATA_CLASS_PERSONAL, kNow + 100);             // not started
  Relate("ad", "a", "d", v1::DATA_CLASS_PERSONAL, kNow - 100, kNow + 100);
  auto chain = LoadChain(store_.get(), kTenant, "a", 3, absl::FromUnixSeconds(kNow),
                         ChainDirection::kSubcontractors, nullptr);
  ASSERT_TRUE(chain.ok()) << chain.status();
  ASSERT_EQ((*chain)->relationships.size(), 1u);
  EXPECT_EQ((*chain)->relationships[0].to_supplier(), "suppliers/d");
}

TEST_F(ChainLoaderTest, StandingIsTheLatestAssessmentAtOrBeforeAsOf) {
  for (const char* s : {"a", "b"}) Supplier(s);
  Relate("ab", "a", "b", v1::DATA_CLASS_CONFIDENTIAL);
  Assess("b", kNow - 1000, 40, "D");
  Assess("b", kNow + 1000, 90, "A");  // made after the as_of below
  auto chain = LoadChain(store_.get(), kTenant, "a", 3, absl::FromUnixSeconds(kNow),
                         ChainDirection::kSubcontractors, nullptr);
  ASSERT_TRUE(chain.ok()) << chain.status();
  const int b = *(*chain)->graph.Find("suppliers/b");
  const auto& standing = (*chain)->parties->standings()[b];
  EXPECT_TRUE(standing.assessed);
  EXPECT_EQ(standing.score, 40);
  EXPECT_EQ(standing.grade, "D");
  // Before any assessment the party is unassessed.
  auto earlier = LoadChain(store_.get(), kTenant, "a", 3, absl::FromUnixSeconds(kNow - 2000),
                           ChainDirection::kSubcontractors, nullptr);
  ASSERT_TRUE(earlier.ok());
  EXPECT_FALSE((*earlier)->parties->standings()[*(*earlier)->graph.Find("suppliers/b")].assessed);
}

TEST_F(ChainLoaderTest, EngagementRiskLeavesTheOwnScoreToTheEngine) {
  for (const char* s : {"a", "b", "c"}) Supplier(s);
  Relate("ab", "a", "b", v1::DATA_CLASS_CONFIDENTIAL);
  Relate("ac", "a", "c", v1::DATA_CLASS_PUBLIC);
  Assess("a", kNow - 10, 95, "A");
  Assess("b", kNow - 10, 30, "E");
  Assess("c", kNow - 10, 10, "E");
  auto chain = LoadChain(store_.get(), kTenant, "a", 3, absl::FromUnixSeconds(kNow),
                         ChainDirection::kSubcontractors, nullptr);
  ASSERT_TRUE(chain.ok()) << chain.status();
  v1::Engagement engagement;
  engagement.set_name("engagements/e1");
  engagement.add_data_classes(v1::DATA_CLASS_CONFIDENTIAL);
  engagement.set_access(v1::ACCESS_LEVEL_NONE);
  v1::ScoringPolicy policy;
  policy.set_version("test-1");
  auto risk = EngagementChainRisk(**chain, engagement, policy);
  ASSERT_TRUE(risk.ok()) << risk.status();
  EXPECT_FALSE(risk->own_assessed());
  EXPECT_EQ(risk->engagement(), "engagements/e1");
  // c receives no confidential data: only b is a receiver, imposing 100 - 70 x 0.6 = 58.
  ASSERT_EQ(risk->receivers_size(), 1);
  EXPECT_EQ(risk->receivers(0).supplier(), "suppliers/b");
  EXPECT_NEAR(risk->inherited_score(), 58, 1e-9);
  EXPECT_EQ(risk->policy_version(), "test-1");
}

TEST_F(ChainLoaderTest, AbsentSupplierIsNotFound) {
  auto chain = LoadChain(store_.get(), kTenant, "nobody", 3, absl::FromUnixSeconds(kNow),
                         ChainDirection::kSubcontractors, nullptr);
  EXPECT_TRUE(absl::IsNotFound(chain.status())) << chain.status();
}

}  // namespace
}  // namespace supplyrisk::assess
