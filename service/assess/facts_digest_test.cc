#include "service/assess/facts_digest.h"

#include <string>

#include "gtest/gtest.h"

namespace supplyrisk::assess {
namespace {

v1::Assessment Sample() {
  v1::Assessment a;
  a.set_name("suppliers/acme/assessments/a1");
  a.set_supplier("suppliers/acme");
  a.set_model_version("engine-1/cpsf-1/policy-1");
  a.set_input_digest(std::string(64, 'a'));
  a.mutable_as_of()->set_seconds(1798761600);
  a.set_overall_score(61.5);
  a.set_grade("C");
  a.mutable_decision()->set_engagement("engagements/payroll");
  a.mutable_decision()->set_outcome(v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS);
  v1::DecisionCondition* c = a.mutable_decision()->add_conditions();
  c->set_id("reassess");
  c->set_deadline_days(30);
  c->mutable_due()->set_seconds(1798761600 + 30 * 86400);
  return a;
}

TEST(FactsDigestTest, NameAsOfAndInputDigestDoNotCount) {
  v1::Assessment a = Sample();
  v1::Assessment b = Sample();
  b.set_name("suppliers/acme/assessments/a2");
  b.mutable_as_of()->set_seconds(1798761600 + 86400);
  b.set_input_digest(std::string(64, 'b'));  // it covers as_of
  b.mutable_confirm_time()->set_seconds(5);
  EXPECT_EQ(FactsDigest(a, "inputs"), FactsDigest(b, "inputs"));
  EXPECT_EQ(FactsDigest(a, "inputs").size(), 64u);
}

TEST(FactsDigestTest, EveryFactCounts) {
  const std::string base = FactsDigest(Sample(), "inputs");
  v1::Assessment score = Sample();
  score.set_overall_score(61.6);
  EXPECT_NE(FactsDigest(score, "inputs"), base);
  v1::Assessment model = Sample();
  model.set_model_version("engine-2/cpsf-1/policy-1");
  EXPECT_NE(FactsDigest(model, "inputs"), base);
  v1::Assessment engagement = Sample();
  engagement.mutable_decision()->set_engagement("engagements/other");
  EXPECT_NE(FactsDigest(engagement, "inputs"), base);
  v1::Assessment outcome = Sample();
  outcome.mutable_decision()->set_outcome(v1::DECISION_OUTCOME_REJECT);
  EXPECT_NE(FactsDigest(outcome, "inputs"), base);
  // A due date follows as_of: a later rescoring with conditions is a change, by design.
  v1::Assessment due = Sample();
  due.mutable_decision()->mutable_conditions(0)->mutable_due()->set_seconds(1);
  EXPECT_NE(FactsDigest(due, "inputs"), base);
}

TEST(FactsDigestTest, InputsKeyCountsKindNameAndDigestNotRevision) {
  google::protobuf::RepeatedPtrField<v1::AssessmentInput> inputs;
  v1::AssessmentInput* in = inputs.Add();
  in->set_kind(v1::ASSESSMENT_INPUT_KIND_SIGNAL);
  in->set_name("rdp");
  in->set_digest(std::string(32, 'x'));
  in->set_revision("etag-1");
  const std::string base = InputsKey("model", inputs);
  in->set_revision("etag-2");
  EXPECT_EQ(InputsKey("model", inputs), base);
  in->set_digest(std::string(32, 'y'));
  EXPECT_NE(InputsKey("model", inputs), base);
  in->set_digest(std::string(32, 'x'));
  in->set_name("smb");
  EXPECT_NE(InputsKey("model", inputs), base);
  in->set_name("rdp");
  EXPECT_NE(InputsKey("model-2", inputs), base);
  in->set_kind(v1::ASSESSMENT_INPUT_KIND_RESPONSE);
  EXPECT_NE(InputsKey("model", inputs), base);
}

TEST(FactsDigestTest, InputsCountAndCannotBeResplit) {
  v1::Assessment a = Sample();
  EXPECT_NE(FactsDigest(a, "inputs-1"), FactsDigest(a, "inputs-2"));
  EXPECT_NE(FactsDigest(a, "ab"), FactsDigest(a, "a"));
}

}  // namespace
}  // namespace supplyrisk::assess
