#include "engine/chain/policy_rules.h"

#include "gtest/gtest.h"

namespace supplyrisk::chain {
namespace {

TEST(PolicyRulesTest, DefaultsWhereUnsetValuesWhereSet) {
  v1::ScoringPolicy policy;
  absl::StatusOr<ChainRules> rules = ChainRulesFromPolicy(policy);
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ(rules->max_depth, 3);
  EXPECT_EQ(rules->attenuation, 0.6);
  EXPECT_EQ(rules->rule, CombinationRule::kWeakestLink);
  policy.mutable_chain()->set_max_depth(5);
  policy.mutable_chain()->set_attenuation(0.5);
  policy.mutable_chain()->set_rule(
      v1::ScoringPolicy::ChainPolicy::COMBINATION_RULE_COMPROMISE_PROBABILITY);
  policy.mutable_chain()->set_spof_share(0.25);
  rules = ChainRulesFromPolicy(policy);
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ(rules->max_depth, 5);
  EXPECT_EQ(rules->attenuation, 0.5);
  EXPECT_EQ(rules->rule, CombinationRule::kCompromiseProbability);
  EXPECT_EQ(ConcentrationRulesFromPolicy(policy)->spof_share, 0.25);
}

TEST(PolicyRulesTest, OutOfRangeNamesTheField) {
  v1::ScoringPolicy policy;
  policy.mutable_chain()->set_max_depth(11);
  EXPECT_EQ(ChainRulesFromPolicy(policy).status().message(), "chain.max_depth: 1 to 10");
  policy.mutable_chain()->set_max_depth(2);
  policy.mutable_chain()->set_attenuation(1.5);
  EXPECT_EQ(ChainRulesFromPolicy(policy).status().message(), "chain.attenuation: in (0, 1]");
  policy.mutable_chain()->set_attenuation(-0.1);
  EXPECT_FALSE(ChainRulesFromPolicy(policy).ok());
  policy.mutable_chain()->set_attenuation(0.6);
  policy.mutable_chain()->set_spof_share(2);
  EXPECT_EQ(ConcentrationRulesFromPolicy(policy).status().message(), "chain.spof_share: in (0, 1]");
}

}  // namespace
}  // namespace supplyrisk::chain
