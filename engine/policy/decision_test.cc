#include "engine/policy/decision.h"

#include "engine/policy/policy.h"
#include "engine/policy/required_level.h"
#include "gtest/gtest.h"

namespace supplyrisk::policy {
namespace {

using v1::Assessment;

TEST(RequiredLevelTest, StarFourTriggers) {
  v1::Engagement e;
  e.add_data_classes(v1::DATA_CLASS_INTERNAL);
  e.set_access(v1::ACCESS_LEVEL_PORTAL);
  EXPECT_EQ(RequiredStar(e).star, 3);
  e.add_data_classes(v1::DATA_CLASS_IMPORTANT_CONFIDENTIAL);
  EXPECT_EQ(RequiredStar(e).star, 4);
  e.clear_data_classes();
  e.set_outage_unacceptable(true);
  EXPECT_EQ(RequiredStar(e).star, 4);
  e.set_outage_unacceptable(false);
  for (auto access :
       {v1::ACCESS_LEVEL_REMOTE, v1::ACCESS_LEVEL_PRIVILEGED, v1::ACCESS_LEVEL_ONSITE_OT}) {
    e.set_access(access);
    RequiredLevel r = RequiredStar(e);
    EXPECT_EQ(r.star, 4);
    ASSERT_EQ(r.reasons.size(), 1u);
    EXPECT_EQ(r.reasons[0], "access_to_internal_systems");
  }
}

Assessment Healthy() {
  Assessment a;
  a.set_overall_score(85);
  a.set_confidence(0.9);
  for (auto layer :
       {v1::LAYER_1_ORGANIZATIONS, v1::LAYER_2_PHYSICAL_CYBER, v1::LAYER_3_CYBERSPACE}) {
    auto* r = a.add_layers();
    r->set_layer(layer);
    r->set_score(85);
    r->set_coverage(1);
  }
  for (int star : {3, 4}) {
    auto* s = a.add_stars();
    s->set_star(star);
    s->set_met(true);
  }
  return a;
}

TEST(DecisionTest, ApproveWhenEverythingMet) {
  v1::Engagement e;
  auto d = Decide(Healthy(), e, DefaultPolicy(), {});
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_APPROVE);
  EXPECT_EQ(d.required_star(), 3);
}

TEST(DecisionTest, KnockoutRejectsHighScore) {
  Assessment a = Healthy();
  a.set_overall_score(95);
  a.add_knockouts("q_mfa");
  auto* mc = a.add_measure_credits();
  mc->set_measure_id("CPS.AC-1");
  mc->add_question_ids("q_mfa");
  auto d = Decide(a, v1::Engagement(), DefaultPolicy(), {});
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_REJECT);
  bool found = false;
  for (const auto& r : d.reasons()) {
    if (r.code() == "knockout") {
      found = true;
      ASSERT_EQ(r.measure_ids_size(), 1);
      EXPECT_EQ(r.measure_ids(0), "CPS.AC-1");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(d.conditions_size(), 0);
}

TEST(DecisionTest, StarFourMissingGivesConditionsWithDeadlines) {
  Assessment a = Healthy();
  a.mutable_stars(1)->set_met(false);
  a.mutable_stars(1)->add_missing_items("s4-detect");
  a.mutable_stars(1)->add_missing_measure_ids("CPS.CM-1");
  v1::RemediationStep step;
  step.add_measure_ids("CPS.CM-1");
  step.add_question_ids("q_monitoring");
  step.set_deadline_days(90);
  step.set_gain_per_effort_day(0.3);
  v1::Engagement e;
  e.set_access(v1::ACCESS_LEVEL_REMOTE);
  auto d = Decide(a, e, DefaultPolicy(), {step});
  EXPECT_EQ(d.required_star(), 4);
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS);
  ASSERT_EQ(d.conditions_size(), 1);
  EXPECT_EQ(d.conditions(0).deadline_days(), 90);
  EXPECT_EQ(d.conditions(0).remediation().question_ids(0), "q_monitoring");
}

TEST(DecisionTest, MarginSeparatesConditionsFromReject) {
  Assessment a = Healthy();
  a.set_overall_score(55);  // star 3 minimum 60, margin 10
  auto* step = a.add_remediation_plan();
  step->add_question_ids("q1");
  step->set_deadline_days(30);
  auto d = Decide(a, v1::Engagement(), DefaultPolicy(), {});
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS);
  a.set_overall_score(45);
  d = Decide(a, v1::Engagement(), DefaultPolicy(), {});
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_REJECT);
}

TEST(DecisionTest, LowConfidenceIsACondition) {
  Assessment a = Healthy();
  a.set_confidence(0.2);
  auto d = Decide(a, v1::Engagement(), DefaultPolicy(), {});
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS);
  EXPECT_EQ(d.conditions(0).deadline_days(), DefaultPolicy().condition_days_low());
}

TEST(DecisionTest, TooManyConditionsRejects) {
  Assessment a = Healthy();
  for (int i = 0; i < 10; ++i) {
    auto* disc = a.add_discrepancies();
    disc->set_question_id("q" + std::to_string(i));
    disc->set_signal_id("s" + std::to_string(i));
  }
  auto d = Decide(a, v1::Engagement(), DefaultPolicy(), {});
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_REJECT);
  EXPECT_EQ(d.reasons(d.reasons_size() - 1).code(), "too_many_conditions");
}

}  // namespace
}  // namespace supplyrisk::policy
