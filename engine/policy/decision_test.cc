#include "engine/policy/decision.h"

#include <functional>
#include <string>
#include <vector>

#include "engine/policy/healthy_assessment_testing.h"
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

Assessment Healthy() { return HealthyAssessment(); }

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

// --- Discrepancies: one reason per observation ------------------------------------------------

void AddDiscrepancy(Assessment* a, const std::string& question, const std::string& signal,
                    const std::string& observed =
                        "unpatched_cve on host (CRITICAL, first seen "
                        "2026-08-01)") {
  auto* d = a->add_discrepancies();
  d->set_question_id(question);
  d->set_signal_id(signal);
  d->set_claimed("yes");
  d->set_observed(observed);
  d->set_issue_type(observed.substr(0, observed.find(' ')));
  d->add_measure_ids("M." + question);
}

std::vector<const v1::DecisionReason*> ReasonsWithCode(const v1::Decision& d,
                                                       const std::string& code) {
  std::vector<const v1::DecisionReason*> out;
  for (const auto& r : d.reasons()) {
    if (r.code() == code) out.push_back(&r);
  }
  return out;
}

TEST(DecisionDiscrepancyTest, OneReasonPerObservation) {
  Assessment a = Healthy();
  for (int i = 1; i <= 11; ++i) AddDiscrepancy(&a, "q" + std::to_string(100 + i), "cve-1");
  auto d = Decide(a, v1::Engagement(), DefaultPolicy(), {});
  const auto reasons = ReasonsWithCode(d, "discrepancy");
  ASSERT_EQ(reasons.size(), 1u);
  const auto& r = *reasons[0];
  EXPECT_EQ(r.question_ids_size(), 11);
  ASSERT_EQ(r.signal_ids_size(), 1);
  EXPECT_EQ(r.signal_ids(0), "cve-1");
  EXPECT_EQ(r.measure_ids_size(), 11);
  // Facts only: the text is rendered on read (engine/render).
  EXPECT_TRUE(r.text().en().empty());
  EXPECT_EQ(r.question_ids(0), "q101");
  EXPECT_EQ(r.question_ids(10), "q111");
  // One observation, one thing to fix.
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS);
  ASSERT_EQ(d.conditions_size(), 1);
  EXPECT_EQ(d.conditions(0).id(), "observation:cve-1");
  ASSERT_EQ(d.conditions(0).signal_ids_size(), 1);
  EXPECT_EQ(d.conditions(0).signal_ids(0), "cve-1");
  EXPECT_EQ(d.conditions(0).remediation().question_ids_size(), 11);

  // A second observation is a second reason.
  AddDiscrepancy(&a, "q101", "cve-2");
  d = Decide(a, v1::Engagement(), DefaultPolicy(), {});
  EXPECT_EQ(ReasonsWithCode(d, "discrepancy").size(), 2u);
  EXPECT_EQ(d.conditions_size(), 2);
}

// --- Conditions drawn from a discrepancy cite the contradicted question -------------------------

v1::RemediationStep Step(std::vector<std::string> questions, const std::string& advice,
                         int days = 30) {
  v1::RemediationStep s;
  for (auto& q : questions) s.add_question_ids(q);
  s.add_measure_ids("M." + s.question_ids(0));
  s.mutable_advice()->set_en(advice);
  s.set_deadline_days(days);
  return s;
}

TEST(DecisionDiscrepancyTest, ConditionComesFromTheContradictedQuestion) {
  Assessment a = Healthy();
  AddDiscrepancy(&a, "pt.tls", "net-tls-old-portal",
                 "tls_weak_protocol on portal.example.jp (MEDIUM, first seen 2026-09-01)");
  // A step that merely mentions pt.tls comes first; the gateway question is not contradicted.
  const std::vector<v1::RemediationStep> steps = {
      Step({"pt.remote_gateway", "pt.tls"}, "patch the remote-access gateways"),
      Step({"pt.remote_gateway"}, "patch the remote-access gateways"),
      Step({"pt.tls"}, "allow TLS 1.2 or later only"),
  };
  auto d = Decide(a, v1::Engagement(), DefaultPolicy(), steps);
  ASSERT_EQ(d.conditions_size(), 1);
  const auto& c = d.conditions(0);
  EXPECT_EQ(c.remediation().advice().en(), "allow TLS 1.2 or later only");
  ASSERT_EQ(c.remediation().question_ids_size(), 1);
  EXPECT_EQ(c.remediation().question_ids(0), "pt.tls");
  ASSERT_EQ(c.signal_ids_size(), 1);
  EXPECT_EQ(c.signal_ids(0), "net-tls-old-portal");
  EXPECT_EQ(c.reason_code(), "discrepancy");

  // Without a step of its own, the condition is to fix the observation and confirm exactly the
  // contradicted question, never another question's step.
  d = Decide(a, v1::Engagement(), DefaultPolicy(), {steps[0], steps[1]});
  ASSERT_EQ(d.conditions_size(), 1);
  EXPECT_EQ(d.conditions(0).remediation().advice().en().find("gateway"), std::string::npos)
      << d.conditions(0).remediation().advice().en();
  ASSERT_EQ(d.conditions(0).remediation().question_ids_size(), 1);
  EXPECT_EQ(d.conditions(0).remediation().question_ids(0), "pt.tls");
  for (const auto& cond : d.conditions()) {
    for (const auto& q : cond.remediation().question_ids()) EXPECT_NE(q, "pt.remote_gateway");
  }
}

// --- too_many_conditions lists what it counted ------------------------------------------------

TEST(DecisionTest, TooManyConditionsListsWhatItCounted) {
  Assessment a = Healthy();
  const int n = DefaultPolicy().max_conditions() + 1;
  for (int i = 0; i < n; ++i) AddDiscrepancy(&a, "q" + std::to_string(i), "s" + std::to_string(i));
  auto d = Decide(a, v1::Engagement(), DefaultPolicy(), {});
  ASSERT_EQ(d.outcome(), v1::DECISION_OUTCOME_REJECT);
  const auto reasons = ReasonsWithCode(d, "too_many_conditions");
  ASSERT_EQ(reasons.size(), 1u);
  const auto& r = *reasons[0];
  ASSERT_EQ(r.condition_ids_size(), n);
  for (int i = 0; i < n; ++i) {
    const std::string id = "observation:s" + std::to_string(i);
    EXPECT_EQ(r.condition_ids(i), id);
  }
  EXPECT_EQ(r.count(), n);
  EXPECT_EQ(r.maximum(), DefaultPolicy().max_conditions());
  EXPECT_EQ(r.folded_count(), 0);
  EXPECT_EQ(r.signal_ids_size(), n);
  EXPECT_EQ(r.question_ids_size(), n);
  EXPECT_EQ(d.conditions_size(), 0);
}

// --- Strong but stale -------------------------------------------------------------------------

constexpr int64_t kAsOf = 1793491200;  // 2026-11-01T00:00:00Z

// The same content answered long ago (freshness f < 1) or recently (f = 1): every score and the
// credit of the star-3 measures are scaled by f. `missing` star-3 measures; when `strong` they
// are met once fresh, else they stay missing.
Assessment Answers(double fresh_score, double f, int missing, bool strong) {
  Assessment a;
  a.mutable_as_of()->set_seconds(kAsOf);
  a.set_overall_score(fresh_score * f);
  a.set_confidence(0.9 * f);
  a.mutable_confidence_breakdown()->set_freshness(f);
  for (auto layer :
       {v1::LAYER_1_ORGANIZATIONS, v1::LAYER_2_PHYSICAL_CYBER, v1::LAYER_3_CYBERSPACE}) {
    auto* r = a.add_layers();
    r->set_layer(layer);
    r->set_score(fresh_score * f);
    r->set_coverage(1);
  }
  if (f < 1) {
    auto* stale = a.add_findings();
    stale->set_kind(v1::FINDING_KIND_STALE_ANSWER);
    stale->set_severity(v1::SEVERITY_LOW);
    for (int i = 0; i < 8; ++i) stale->add_question_ids("q" + std::to_string(i));
  }
  auto* s3 = a.add_stars();
  s3->set_star(3);
  auto* s4 = a.add_stars();
  s4->set_star(4);
  s4->set_met(false);
  for (int i = 0; i < missing; ++i) {
    const std::string m = "M" + std::to_string(i);
    auto* mc = a.add_measure_credits();
    mc->set_measure_id(m);
    mc->set_layer(v1::LAYER_1_ORGANIZATIONS);
    mc->add_question_ids("q" + std::to_string(i));
    mc->add_basis("answered");
    if (f < 1) mc->add_basis("decayed");
    mc->set_credit(strong ? 0.9 * f : 0.3 * f);
    if (!(strong && f == 1)) {  // strong content answered recently meets the star
      s3->add_missing_items("s3-item-" + std::to_string(i));
      s3->add_missing_measure_ids(m);
    }
  }
  s3->set_met(s3->missing_items_size() == 0);
  auto* plan = a.add_remediation_plan();
  plan->add_question_ids("q_plan");
  plan->add_measure_ids("M_plan");
  plan->set_deadline_days(60);
  plan->mutable_advice()->set_en("the best step");
  return a;
}

std::vector<v1::RemediationStep> StepsForMeasures(int missing) {
  std::vector<v1::RemediationStep> steps;
  for (int i = 0; i < missing; ++i) {
    v1::RemediationStep s;
    s.add_question_ids("q" + std::to_string(i));
    s.add_measure_ids("M" + std::to_string(i));
    s.mutable_advice()->set_en("improve measure M" + std::to_string(i));
    s.set_deadline_days(90);
    s.set_gain_per_effort_day(0.1);
    steps.push_back(s);
  }
  return steps;
}

TEST(DecisionStaleTest, StrongButStaleRejectionLeadsWithReassess) {
  // Fresh it would score 90; at freshness 0.5 it scores 45, below the star-3 minimum by more than
  // the margin: the rules reject, but the first thing said is to reassess, with a date.
  const Assessment a = Answers(90, 0.5, 25, true);
  auto d = Decide(a, v1::Engagement(), DefaultPolicy(), StepsForMeasures(25));
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_REJECT);
  ASSERT_GE(d.reasons_size(), 2);
  EXPECT_EQ(d.reasons(0).code(), "required_level");
  const auto& stale = d.reasons(1);
  EXPECT_EQ(stale.code(), "stale_answers");
  EXPECT_EQ(stale.due().seconds(), kAsOf + 86400 * DefaultPolicy().condition_days_low());
  EXPECT_EQ(stale.deadline_days(), DefaultPolicy().condition_days_low());
  EXPECT_EQ(stale.count(), 8);
  EXPECT_DOUBLE_EQ(stale.freshness(), 0.5);
  // The missing star items are named in the structured field, not as a wall of text.
  const auto star = ReasonsWithCode(d, "star_not_met");
  ASSERT_EQ(star.size(), 1u);
  EXPECT_EQ(star[0]->star_item_ids_size(), 25);
  EXPECT_TRUE(star[0]->folded());
}

TEST(DecisionStaleTest, StrongButStaleFirstConditionIsReassess) {
  // Fresh 90, freshness 0.6: 54, within the margin of the star-3 minimum 60; layers above 50.
  const Assessment a = Answers(90, 0.6, 2, true);
  auto d = Decide(a, v1::Engagement(), DefaultPolicy(), StepsForMeasures(2));
  ASSERT_EQ(d.outcome(), v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS);
  ASSERT_GE(d.conditions_size(), 1);
  const auto& c = d.conditions(0);
  EXPECT_EQ(c.id(), "reassess");
  EXPECT_EQ(c.deadline_days(), DefaultPolicy().condition_days_low());
  EXPECT_EQ(c.due().seconds(), kAsOf + 86400 * DefaultPolicy().condition_days_low());
  EXPECT_EQ(c.reason_code(), "stale_answers");
  EXPECT_EQ(c.remediation().question_ids_size(), 8);
  // The star items resting on stale answers are folded into the reassessment.
  for (const auto& cond : d.conditions()) EXPECT_NE(cond.reason_code(), "star_not_met");
  EXPECT_EQ(d.reasons(1).code(), "stale_answers");
}

int Rank(v1::DecisionOutcome o) { return static_cast<int>(o); }  // APPROVE < AWC < REJECT

// One case of StaleNeverBeatsFresh: answers of the given content, stale at freshness f and
// fresh, with and without discrepancies, for a star-3 and a star-4 engagement. A function of its
// own so that the test's loops stay within the nesting limit.
void ExpectStaleNeverBeatsFresh(double score, double f, int missing, bool strong) {
  for (int discrepancies : {0, 2}) {
    Assessment stale = Answers(score, f, missing, strong);
    Assessment fresh = Answers(score, 1.0, missing, strong);
    for (int i = 0; i < discrepancies; ++i) {
      AddDiscrepancy(&stale, "qd" + std::to_string(i), "sd" + std::to_string(i));
      AddDiscrepancy(&fresh, "qd" + std::to_string(i), "sd" + std::to_string(i));
    }
    const auto steps = StepsForMeasures(missing);
    for (const auto& e : {v1::Engagement(), [] {
                            v1::Engagement e;
                            e.set_access(v1::ACCESS_LEVEL_REMOTE);
                            return e;
                          }()}) {
      const auto ds = Decide(stale, e, DefaultPolicy(), steps);
      const auto df = Decide(fresh, e, DefaultPolicy(), steps);
      EXPECT_GE(Rank(ds.outcome()), Rank(df.outcome()))
          << "score " << score << " f " << f << " missing " << missing << " strong " << strong
          << " discrepancies " << discrepancies << " star " << ds.required_star();
    }
  }
}

// Adversarial: stale answers never get a better outcome than fresh answers of the same content,
// whether the content is strong (met once fresh) or weak (still missing once fresh).
TEST(DecisionStaleTest, StaleNeverBeatsFresh) {
  for (double score : {40.0, 55.0, 62.0, 70.0, 80.0, 95.0}) {
    for (double f : {0.5, 0.7, 0.9}) {
      for (int missing : {0, 1, 3, 5, 8}) {
        for (bool strong : {true, false}) ExpectStaleNeverBeatsFresh(score, f, missing, strong);
      }
    }
  }
}

// --- Monotonicity -----------------------------------------------------------------------------

TEST(DecisionMonotonicityTest, NewOpenFindingNeverMoreLenient) {
  std::vector<std::pair<std::string, Assessment>> bases;
  bases.emplace_back("healthy", Healthy());
  {
    Assessment a = Healthy();
    a.set_overall_score(55);
    auto* step = a.add_remediation_plan();
    step->add_question_ids("q_plan");
    bases.emplace_back("within_margin", a);
  }
  {
    Assessment a = Healthy();
    for (int i = 0; i < DefaultPolicy().max_conditions() - 1; ++i) {
      AddDiscrepancy(&a, "q" + std::to_string(i), "s" + std::to_string(i));
    }
    bases.emplace_back("near_max", a);
  }
  {
    Assessment a = Healthy();
    AddDiscrepancy(&a, "q_x", "s_x");
    bases.emplace_back("one_discrepancy", a);
  }
  bases.emplace_back("strong_but_stale", Answers(90, 0.6, 2, true));
  bases.emplace_back("rejected", Answers(30, 1.0, 0, true));

  std::vector<std::pair<std::string, std::function<void(Assessment*)>>> additions = {
      {"open_signal_high",
       [](Assessment* a) {
         auto* f = a->add_findings();
         f->set_kind(v1::FINDING_KIND_OPEN_SIGNAL);
         f->set_severity(v1::SEVERITY_HIGH);
         f->mutable_summary()->set_en("1 open exposed_rdp");
         f->add_signal_ids("new-rdp");
       }},
      {"open_signal_critical_same_advice",
       [](Assessment* a) {
         for (const char* id : {"new-a", "new-b"}) {
           auto* f = a->add_findings();
           f->set_kind(v1::FINDING_KIND_OPEN_SIGNAL);
           f->set_severity(v1::SEVERITY_CRITICAL);
           f->mutable_summary()->set_en(id);
           f->mutable_remediation()->set_en("close it");
           f->add_signal_ids(id);
         }
       }},
      {"patch_sla",
       [](Assessment* a) {
         auto* f = a->add_findings();
         f->set_kind(v1::FINDING_KIND_PATCH_SLA_BREACH);
         f->set_severity(v1::SEVERITY_CRITICAL);
         f->mutable_summary()->set_en("1 open CRITICAL past SLA");
         f->add_signal_ids("new-cve");
       }},
      {"discrepancy_new_signal", [](Assessment* a) { AddDiscrepancy(a, "q_new", "new-sig"); }},
      {"discrepancy_same_signal", [](Assessment* a) { AddDiscrepancy(a, "q_new", "s_x"); }},
      {"knockout", [](Assessment* a) { a->add_knockouts("q_knock"); }},
  };
  for (const auto& [base_name, base] : bases) {
    for (auto engagement : {v1::ACCESS_LEVEL_NONE, v1::ACCESS_LEVEL_REMOTE}) {
      v1::Engagement e;
      e.set_access(engagement);
      const auto before = Decide(base, e, DefaultPolicy(), StepsForMeasures(2));
      for (const auto& [name, add] : additions) {
        Assessment a = base;
        add(&a);
        const auto after = Decide(a, e, DefaultPolicy(), StepsForMeasures(2));
        EXPECT_GE(Rank(after.outcome()), Rank(before.outcome())) << base_name << " + " << name;
        if (after.outcome() == before.outcome() &&
            after.outcome() == v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS) {
          EXPECT_GE(after.conditions_size(), before.conditions_size())
              << base_name << " + " << name;
        }
      }
    }
  }
}

// Calls visit(mask, access, outage, ot, criticality) for every combination of engagement fields:
// each subset (bit mask) of `class_count` data classes, each access level, both flags and each
// criticality. A function of its own so that the test's loops stay within the nesting limit; it
// stops at the first fatal failure, as the loops written out in the test would.
void ForEachEngagementCombination(size_t class_count,
                                  const std::function<void(unsigned mask, int access, bool outage,
                                                           bool ot, int criticality)>& visit) {
  for (unsigned mask = 0; mask < (1u << class_count); ++mask) {
    for (int access = v1::ACCESS_LEVEL_UNSPECIFIED; access <= v1::ACCESS_LEVEL_ONSITE_OT;
         ++access) {
      for (bool outage : {false, true}) {
        for (bool ot : {false, true}) {
          for (int crit = v1::CRITICALITY_UNSPECIFIED; crit <= v1::CRITICALITY_CRITICAL; ++crit) {
            visit(mask, access, outage, ot, crit);
            if (::testing::Test::HasFatalFailure()) return;
          }
        }
      }
    }
  }
}

// Every engagement, and every way of making it more sensitive by one step (one more data class,
// the next access level, a flag set, a higher criticality): the required star never drops.
TEST(RequiredLevelTest, MoreSensitiveEngagementNeverLowersTheStar) {
  const std::vector<v1::DataClass> classes = {
      v1::DATA_CLASS_PUBLIC,        v1::DATA_CLASS_INTERNAL,
      v1::DATA_CLASS_CONFIDENTIAL,  v1::DATA_CLASS_IMPORTANT_CONFIDENTIAL,
      v1::DATA_CLASS_PERSONAL,      v1::DATA_CLASS_SPECIAL_CARE_PERSONAL,
      v1::DATA_CLASS_OT_OPERATIONAL};
  auto make = [&](unsigned mask, int access, bool outage, bool ot, int criticality) {
    v1::Engagement e;
    for (size_t i = 0; i < classes.size(); ++i) {
      if (mask & (1u << i)) e.add_data_classes(classes[i]);
    }
    e.set_access(static_cast<v1::AccessLevel>(access));
    e.set_outage_unacceptable(outage);
    e.set_physical_or_ot(ot);
    e.set_criticality(static_cast<v1::Criticality>(criticality));
    return e;
  };
  int checked = 0;
  auto check = [&](unsigned mask, int access, bool outage, bool ot, int crit) {
    const int star = RequiredStar(make(mask, access, outage, ot, crit)).star;
    ASSERT_TRUE(star == 3 || star == 4);
    std::vector<v1::Engagement> more;
    for (size_t i = 0; i < classes.size(); ++i) {
      if (!(mask & (1u << i))) more.push_back(make(mask | (1u << i), access, outage, ot, crit));
    }
    if (access < v1::ACCESS_LEVEL_ONSITE_OT) {
      more.push_back(make(mask, access + 1, outage, ot, crit));
    }
    if (!outage) more.push_back(make(mask, access, true, ot, crit));
    if (!ot) more.push_back(make(mask, access, outage, true, crit));
    if (crit < v1::CRITICALITY_CRITICAL) {
      more.push_back(make(mask, access, outage, ot, crit + 1));
    }
    for (const auto& m : more) {
      EXPECT_GE(RequiredStar(m).star, star) << m.DebugString();
      ++checked;
    }
  };
  // A failed ASSERT in `check` ends the test, as it did when the loops were written out here.
  ASSERT_NO_FATAL_FAILURE(ForEachEngagementCombination(classes.size(), check));
  EXPECT_GT(checked, 10000);
}

}  // namespace
}  // namespace supplyrisk::policy
