// The decision's subcontractor-chain rules, on hand-built effective risks.
#include <string>

#include "engine/policy/decision.h"
#include "engine/policy/healthy_assessment_testing.h"
#include "engine/policy/policy.h"
#include "gtest/gtest.h"

namespace supplyrisk::policy {
namespace {

using v1::Assessment;

Assessment Healthy() { return HealthyAssessment(); }

// `party` reached from "suppliers/prime" via `via` (empty: directly), receiving `data`.
void AddReceiver(Assessment* a, const std::string& party, bool assessed, double score,
                 v1::DataClass data, v1::AccessLevel access = v1::ACCESS_LEVEL_NONE,
                 const std::string& via = "") {
  auto* er = a->mutable_effective_risk();
  er->set_own_assessed(true);
  er->set_own_score(a->overall_score());
  v1::ChainNode* n = er->add_receivers();
  if (party.rfind("party:", 0) != 0) n->set_supplier(party);
  n->set_assessed(assessed);
  n->set_overall_score(score);
  n->set_depth(via.empty() ? 1 : 2);
  v1::ChainPath* path = er->add_receiver_paths();
  std::string from = "suppliers/prime";
  if (!via.empty()) {
    v1::ChainHop* hop = path->add_hops();
    hop->set_from(from);
    hop->set_to(via);
    hop->add_data_classes(data);
    hop->set_access(access);
    from = via;
  }
  v1::ChainHop* hop = path->add_hops();
  hop->set_from(from);
  hop->set_to(party);
  hop->add_data_classes(data);
  hop->set_access(access);
}

const v1::DecisionReason* Find(const v1::Decision& d, const std::string& code) {
  for (const auto& r : d.reasons()) {
    if (r.code() == code) return &r;
  }
  return nullptr;
}

bool HasCondition(const v1::Decision& d, const std::string& id) {
  for (const auto& c : d.conditions()) {
    if (c.id() == id) return true;
  }
  return false;
}

TEST(ChainDecisionTest, NoChainNoChainReasons) {
  auto d = Decide(Healthy(), v1::Engagement(), DefaultPolicy(), {});
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_APPROVE);
  EXPECT_EQ(Find(d, "subcontractor_failing"), nullptr);
}

TEST(ChainDecisionTest, FailingReceiverOfConfidentialDataRejectsWithItsPath) {
  Assessment a = Healthy();
  AddReceiver(&a, "suppliers/c", true, 30, v1::DATA_CLASS_CONFIDENTIAL, v1::ACCESS_LEVEL_NONE,
              "suppliers/b");
  AddReceiver(&a, "suppliers/b", true, 90, v1::DATA_CLASS_CONFIDENTIAL);
  auto d = Decide(a, v1::Engagement(), DefaultPolicy(), {});
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_REJECT);
  const v1::DecisionReason* r = Find(d, "subcontractor_failing");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->party(), "suppliers/c");
  EXPECT_TRUE(r->rejecting());
  ASSERT_EQ(r->path().hops_size(), 2);
  EXPECT_EQ(r->path().hops(0).to(), "suppliers/b");
  EXPECT_EQ(r->score(), 30);
  EXPECT_GT(r->minimum(), 30);
}

TEST(ChainDecisionTest, FailingReceiverOfInternalDataIsACondition) {
  Assessment a = Healthy();
  AddReceiver(&a, "suppliers/c", true, 30, v1::DATA_CLASS_INTERNAL);
  auto d = Decide(a, v1::Engagement(), DefaultPolicy(), {});
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS);
  EXPECT_TRUE(HasCondition(d, "subcontractor:suppliers/c"));
  EXPECT_FALSE(Find(d, "subcontractor_failing")->rejecting());
}

TEST(ChainDecisionTest, PrivilegedAccessRejectsWithoutData) {
  Assessment a = Healthy();
  AddReceiver(&a, "suppliers/c", true, 30, v1::DATA_CLASS_PUBLIC, v1::ACCESS_LEVEL_PRIVILEGED);
  EXPECT_EQ(Decide(a, v1::Engagement(), DefaultPolicy(), {}).outcome(),
            v1::DECISION_OUTCOME_REJECT);
}

TEST(ChainDecisionTest, PolicyChoosesTheRejectingClasses) {
  Assessment a = Healthy();
  AddReceiver(&a, "suppliers/c", true, 30, v1::DATA_CLASS_CONFIDENTIAL);
  v1::ScoringPolicy policy = DefaultPolicy();
  policy.mutable_chain()->add_reject_when_receiving(v1::DATA_CLASS_SPECIAL_CARE_PERSONAL);
  EXPECT_EQ(Decide(a, v1::Engagement(), policy, {}).outcome(),
            v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS);
}

TEST(ChainDecisionTest, PassingReceiverChangesNothing) {
  Assessment a = Healthy();
  AddReceiver(&a, "suppliers/c", true, 95, v1::DATA_CLASS_CONFIDENTIAL);
  auto d = Decide(a, v1::Engagement(), DefaultPolicy(), {});
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_APPROVE);
}

TEST(ChainDecisionTest, UnknownReceiversAskForAssessmentAndIdentification) {
  Assessment a = Healthy();
  AddReceiver(&a, "suppliers/c", false, 0, v1::DATA_CLASS_PERSONAL);
  AddReceiver(&a, "party:shitauke", false, 0, v1::DATA_CLASS_PERSONAL);
  a.mutable_effective_risk()->set_beyond_cap(2);
  auto d = Decide(a, v1::Engagement(), DefaultPolicy(), {});
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS);
  EXPECT_TRUE(HasCondition(d, "assess_subcontractor:suppliers/c"));
  EXPECT_TRUE(HasCondition(d, "identify_subcontractor:party:shitauke"));
  ASSERT_NE(Find(d, "chain_beyond_cap"), nullptr);
  EXPECT_EQ(Find(d, "chain_beyond_cap")->count(), 2);
}

// Adding a failing receiver never makes the outcome more lenient, whatever else holds.
TEST(ChainDecisionTest, FailingReceiverNeverHelps) {
  for (double own : {40.0, 62.0, 70.0, 85.0}) {
    for (v1::DataClass data : {v1::DATA_CLASS_PUBLIC, v1::DATA_CLASS_PERSONAL}) {
      Assessment a = Healthy();
      a.set_overall_score(own);
      const auto without = Decide(a, v1::Engagement(), DefaultPolicy(), {}).outcome();
      AddReceiver(&a, "suppliers/c", true, 20, data);
      const auto with = Decide(a, v1::Engagement(), DefaultPolicy(), {}).outcome();
      EXPECT_GE(static_cast<int>(with), static_cast<int>(without)) << own << " " << data;
    }
  }
}

}  // namespace
}  // namespace supplyrisk::policy
