// Unit tests of the scoring concepts on a small hand-built questionnaire over the test catalogue
// (engine/questionnaire/test_catalog.h), so they do not move with the shipped data.
#include <cmath>
#include <numeric>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/policy/policy.h"
#include "engine/questionnaire/test_catalog.h"
#include "engine/scoring/input_text.h"
#include "engine/scoring/scorer.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace supplyrisk::scoring {
namespace {

constexpr char kTemplate[] = R"pb(
  id: "unit"
  revision: 1
  kind: TEMPLATE_KIND_QUESTIONNAIRE
  sections {
    id: "s"
    questions {
      id: "q_inv"
      answer_type: ANSWER_TYPE_YES_NO
      weight: 1
      measures { measure_id: "CPS.AM-1" }
      evidence { required: true kinds: EVIDENCE_KIND_RECORD cap_without_evidence: 0.4 }
      validity_days: 365
      remediation {
        effort: EFFORT_LOW
        effort_days: 2
        advice { en: "keep an inventory" }
      }
    }
    questions {
      id: "q_patch"
      answer_type: ANSWER_TYPE_YES_NO
      weight: 2
      knockout: true
      measures { measure_id: "CPS.MA-1" }
      signal_links {
        factor: FACTOR_PATCHING_CADENCE
        issue_type: "unpatched_cve"
        relation: SIGNAL_RELATION_CONTRADICTS
      }
    }
    questions {
      id: "q_ot_patch"
      answer_type: ANSWER_TYPE_YES_NO
      weight: 1
      measures { measure_id: "SR.PT-1" }
      compensable: true
      compensation {
        compensating_measure_ids: "CPS.AM-1"
        compensating_measure_ids: "SR.SC-1"
        max_credit: 0.6
      }
    }
    questions {
      id: "q_mfa"
      answer_type: ANSWER_TYPE_YES_NO
      weight: 1
      allow_not_applicable: true
      measures { measure_id: "SR.AC-1" }
      evidence { required: true }
      signal_links {
        factor: FACTOR_NETWORK_SECURITY
        issue_type: "mfa_enforced"
        relation: SIGNAL_RELATION_CONFIRMS
      }
    }
    questions {
      id: "q_ir"
      answer_type: ANSWER_TYPE_SINGLE_CHOICE
      weight: 1
      measures { measure_id: "CPS.RP-1" }
      options { id: "good" credit: 1 }
      options { id: "some" credit: 0.5 }
      options { id: "none" credit: 0 }
      options { id: "dont_know" credit: 0 }
    }
    questions {
      id: "q_sc"
      answer_type: ANSWER_TYPE_NUMBER
      weight: 1
      measures { measure_id: "SR.SC-1" }
      bands { min: 0 max: 10 credit: 1 }
      bands { min: 10 credit: 0.2 }
    }
    questions {
      id: "q_date"
      answer_type: ANSWER_TYPE_DATE
      weight: 1
      measures { measure_id: "CPS.RP-1" }
      bands { min: 0 max: 365 credit: 1 }
      bands { min: 365 credit: 0 }
    }
  }
)pb";

const absl::Time kAsOf = absl::FromUnixSeconds(1793491200);  // 2026-11-01

class ScoringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kTemplate, &tmpl_));
    ModelInput in;
    in.catalog = &questionnaire::testing::TestCatalog();
    in.questionnaire = &tmpl_;
    in.policy = &policy::DefaultPolicy();
    auto m = ScoringModel::Create(in);
    ASSERT_TRUE(m.ok()) << m.status();
    model_ = *std::move(m);
    // A good baseline: everything yes / best, evidenced, fresh.
    Yes("q_inv", true);
    Yes("q_patch");
    Yes("q_ot_patch");
    Yes("q_mfa", true);
    Answer("q_ir")->set_option_id("good");
    Answer("q_sc")->set_number(3);
    Answer("q_date")->set_date("2026-10-01");
  }

  v1::Answer* Answer(const std::string& q) {
    for (auto& a : *response_.mutable_answers()) {
      if (a.question_id() == q) return &a;
    }
    auto* a = response_.add_answers();
    a->set_question_id(q);
    a->mutable_answered_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 86400 * 10);
    return a;
  }
  void Yes(const std::string& q, bool evidence = false) {
    v1::Answer* a = Answer(q);
    a->set_yes_no(v1::YES_NO_YES);
    if (evidence) {
      auto* e = a->add_evidence();
      e->set_kind(v1::EVIDENCE_KIND_RECORD);
      e->set_uri(absl::StrCat("records/", q, ".pdf"));
    }
  }
  v1::Signal* AddSignal(const std::string& id, v1::Factor f, const std::string& type,
                        v1::Severity sev, int days_ago) {
    v1::Signal& s = signals_.emplace_back();
    s.set_id(id);
    s.set_factor(f);
    s.set_issue_type(type);
    s.set_severity(sev);
    s.mutable_observed_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 86400 * days_ago);
    return &s;
  }

  absl::StatusOr<v1::Assessment> Run() {
    SupplierInput in;
    in.response = &response_;
    in.signals = signals_;
    in.as_of = kAsOf;
    v1::Assessment a;
    absl::Status s = ScoreSupplier(*model_, in, {}, &a);
    if (!s.ok()) return s;
    return a;
  }
  v1::Assessment MustRun() {
    auto a = Run();
    EXPECT_TRUE(a.ok()) << a.status();
    return a.ok() ? *a : v1::Assessment();
  }
  static const v1::MeasureCredit* Measure(const v1::Assessment& a, const std::string& id) {
    for (const auto& m : a.measure_credits()) {
      if (m.measure_id() == id) return &m;
    }
    return nullptr;
  }
  static bool Basis(const v1::Assessment& a, const std::string& m, const std::string& b) {
    const auto* mc = Measure(a, m);
    return mc != nullptr &&
           std::find(mc->basis().begin(), mc->basis().end(), b) != mc->basis().end();
  }
  static bool HasFinding(const v1::Assessment& a, v1::FindingKind kind) {
    for (const auto& f : a.findings()) {
      if (f.kind() == kind) return true;
    }
    return false;
  }

  v1::Template tmpl_;
  std::unique_ptr<ScoringModel> model_;
  v1::Response response_;
  std::vector<v1::Signal> signals_;
};

TEST_F(ScoringTest, GoodAnswersScoreFull) {
  auto a = MustRun();
  EXPECT_DOUBLE_EQ(a.questionnaire_score(), 100);
  EXPECT_DOUBLE_EQ(a.overall_score(), 100);
  EXPECT_EQ(a.grade(), "A");
  EXPECT_TRUE(a.knockouts().empty());
  EXPECT_EQ(a.cells_size(), 18);
  EXPECT_EQ(a.model_version(), "engine-2/test-1/default-2026.2");
}

TEST_F(ScoringTest, AnswerTypesGiveTheirCredit) {
  Answer("q_patch")->set_yes_no(v1::YES_NO_PARTIAL);
  Answer("q_ir")->set_option_id("some");
  Answer("q_sc")->set_number(12);
  Answer("q_date")->set_date("2025-01-01");
  auto a = MustRun();
  EXPECT_DOUBLE_EQ(Measure(a, "CPS.MA-1")->credit(), 0.5);
  EXPECT_DOUBLE_EQ(Measure(a, "SR.SC-1")->credit(), 0.2);
  EXPECT_DOUBLE_EQ(Measure(a, "CPS.RP-1")->credit(), 0.25);  // (0.5 + 0) / 2
}

TEST_F(ScoringTest, UnknownIsNeverGood) {
  Answer("q_patch")->set_yes_no(v1::YES_NO_UNKNOWN);
  Answer("q_ir")->set_option_id("dont_know");
  auto a = MustRun();
  EXPECT_EQ(Measure(a, "CPS.MA-1")->credit(), 0);
  EXPECT_TRUE(Basis(a, "CPS.MA-1", "unknown"));
  EXPECT_LT(a.confidence_breakdown().coverage(), 1.0);
  // Unknown on a knockout question is a knockout.
  ASSERT_EQ(a.knockouts_size(), 1);
  EXPECT_EQ(a.knockouts(0), "q_patch");
}

TEST_F(ScoringTest, MissingEvidenceIsCapped) {
  Answer("q_inv")->clear_evidence();
  auto a = MustRun();
  EXPECT_DOUBLE_EQ(Measure(a, "CPS.AM-1")->credit(), 0.4);
  EXPECT_TRUE(Basis(a, "CPS.AM-1", "capped_no_evidence"));
  EXPECT_TRUE(HasFinding(a, v1::FINDING_KIND_MISSING_EVIDENCE));
  EXPECT_LT(a.confidence_breakdown().evidence(), 1.0);
  // Evidence of a kind the question does not accept does not count.
  Answer("q_inv")->add_evidence()->set_kind(v1::EVIDENCE_KIND_SCREENSHOT);
  EXPECT_DOUBLE_EQ(Measure(MustRun(), "CPS.AM-1")->credit(), 0.4);
}

TEST_F(ScoringTest, ConfirmingSignalStandsInForEvidence) {
  Answer("q_mfa")->clear_evidence();
  EXPECT_DOUBLE_EQ(Measure(MustRun(), "SR.AC-1")->credit(),
                   0.5);  // policy default cap
  AddSignal("mfa-seen", v1::FACTOR_NETWORK_SECURITY, "mfa_enforced", v1::SEVERITY_POSITIVE, 5);
  auto a = MustRun();
  EXPECT_DOUBLE_EQ(Measure(a, "SR.AC-1")->credit(), 1.0);
  EXPECT_TRUE(Basis(a, "SR.AC-1", "confirmed"));
}

TEST_F(ScoringTest, StaleAnswersDecayLinearlyToTheFloor) {
  auto at = [&](int days) {
    Answer("q_inv")->mutable_answered_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 86400 * days);
    return Measure(MustRun(), "CPS.AM-1")->credit();
  };
  EXPECT_DOUBLE_EQ(at(365), 1.0);
  EXPECT_NEAR(at(365 + 182), 0.75, 0.01);
  EXPECT_DOUBLE_EQ(at(730), 0.5);
  EXPECT_DOUBLE_EQ(at(2000), 0.5);
  auto a = MustRun();
  EXPECT_TRUE(HasFinding(a, v1::FINDING_KIND_STALE_ANSWER));
  EXPECT_LT(a.confidence_breakdown().freshness(), 1.0);
}

TEST_F(ScoringTest, NotApplicableOnlyWhereAllowed) {
  Answer("q_mfa")->set_yes_no(v1::YES_NO_NOT_APPLICABLE);
  auto a = MustRun();
  EXPECT_TRUE(Basis(a, "SR.AC-1", "not_applicable"));
  // Accepted, but never above "no": scope is declared by the profile, which scans can check.
  EXPECT_EQ(Measure(a, "SR.AC-1")->credit(), 0);
  EXPECT_FALSE(HasFinding(a, v1::FINDING_KIND_INVALID_NOT_APPLICABLE));
  Answer("q_mfa")->set_yes_no(v1::YES_NO_NO);
  EXPECT_DOUBLE_EQ(MustRun().questionnaire_score(), a.questionnaire_score());
  Answer("q_mfa")->set_yes_no(v1::YES_NO_YES);
  Answer("q_inv")->set_yes_no(v1::YES_NO_NOT_APPLICABLE);
  a = MustRun();
  EXPECT_EQ(Measure(a, "CPS.AM-1")->credit(), 0);
  EXPECT_TRUE(HasFinding(a, v1::FINDING_KIND_INVALID_NOT_APPLICABLE));
}

TEST_F(ScoringTest, ContradictingSignalOverridesClaim) {
  AddSignal("cve-1", v1::FACTOR_PATCHING_CADENCE, "unpatched_cve", v1::SEVERITY_HIGH, 20);
  auto a = MustRun();
  ASSERT_EQ(a.discrepancies_size(), 1);
  const auto& d = a.discrepancies(0);
  EXPECT_EQ(d.question_id(), "q_patch");
  EXPECT_EQ(d.claimed(), "yes");
  EXPECT_TRUE(absl::StrContains(d.observed(), "unpatched_cve"));
  EXPECT_EQ(d.signal_id(), "cve-1");
  EXPECT_DOUBLE_EQ(d.credit_before(), 1.0);
  EXPECT_DOUBLE_EQ(d.credit_after(), 0.0);
  EXPECT_EQ(Measure(a, "CPS.MA-1")->credit(), 0);
  // q_patch is a knockout: a contradicted claim is a "no".
  ASSERT_EQ(a.knockouts_size(), 1);
  EXPECT_LE(a.overall_score(), policy::DefaultPolicy().knockout_cap());
  EXPECT_LT(a.confidence_breakdown().consistency(), 1.0);
}

TEST_F(ScoringTest, ResolvedFadedAndFutureSignalsDoNotContradict) {
  v1::Signal* s =
      AddSignal("cve-1", v1::FACTOR_PATCHING_CADENCE, "unpatched_cve", v1::SEVERITY_HIGH, 20);
  s->mutable_resolved_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 86400 * 5);
  EXPECT_EQ(MustRun().discrepancies_size(), 0);  // fixed in 15 days, within the 30-day SLA
  s->clear_resolved_at();
  s->mutable_observed_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 86400 * 100);
  EXPECT_EQ(MustRun().discrepancies_size(),
            0);  // not seen for 100 > 60 fade days
  s->mutable_last_observed_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 86400 * 3);
  EXPECT_EQ(MustRun().discrepancies_size(), 1);  // re-observed: open again
  s->mutable_observed_at()->set_seconds(absl::ToUnixSeconds(kAsOf) + 86400);
  s->clear_last_observed_at();
  EXPECT_EQ(MustRun().discrepancies_size(), 0);  // observed after as_of
}

TEST_F(ScoringTest, CompensationIsBoundedAndExplicit) {
  Answer("q_ot_patch")->set_yes_no(v1::YES_NO_NO);
  auto a = MustRun();
  EXPECT_DOUBLE_EQ(Measure(a, "SR.PT-1")->credit(), 0.6);
  EXPECT_DOUBLE_EQ(Measure(a, "SR.PT-1")->compensation_credit(), 0.6);
  EXPECT_TRUE(Basis(a, "SR.PT-1", "compensated"));
  // The weakest compensating measure bounds it.
  Answer("q_sc")->set_number(50);
  a = MustRun();
  EXPECT_NEAR(Measure(a, "SR.PT-1")->credit(), 0.12, 1e-9);
  // A better own answer is never lowered by compensation.
  Answer("q_ot_patch")->set_yes_no(v1::YES_NO_PARTIAL);
  EXPECT_DOUBLE_EQ(Measure(MustRun(), "SR.PT-1")->credit(), 0.5);
}

TEST_F(ScoringTest, FactorScoresHaveDiminishingReturnsAndBoundedPositives) {
  // Issue types without an observation rule: severity points only.
  AddSignal("n1", v1::FACTOR_NETWORK_SECURITY, "certificate_revoked", v1::SEVERITY_HIGH, 3);
  AddSignal("n2", v1::FACTOR_NETWORK_SECURITY, "ssh_weak_protocol", v1::SEVERITY_HIGH, 3);
  AddSignal("n3", v1::FACTOR_NETWORK_SECURITY, "tls_weak_cipher", v1::SEVERITY_INFO, 3);
  for (int i = 0; i < 6; ++i) {
    AddSignal(absl::StrCat("d", i), v1::FACTOR_DNS_HEALTH, "dnssec_detected", v1::SEVERITY_POSITIVE,
              3);
  }
  AddSignal("d-low", v1::FACTOR_DNS_HEALTH, "spf_softfail", v1::SEVERITY_LOW, 3);
  auto a = MustRun();
  const auto& net = a.factors(v1::FACTOR_NETWORK_SECURITY - 1);
  EXPECT_TRUE(net.observed());
  EXPECT_EQ(net.open_issues(), 2);
  EXPECT_DOUBLE_EQ(net.score(), 100 - 25 - 25 * 0.6);
  const auto& dns = a.factors(v1::FACTOR_DNS_HEALTH - 1);
  EXPECT_DOUBLE_EQ(dns.score(), 100);  // 100 - 4 + min(10, 6 x 3)
  EXPECT_FALSE(a.factors(v1::FACTOR_IP_REPUTATION - 1).observed());
  EXPECT_LT(a.confidence_breakdown().signal_coverage(), 1.0);
  // A factor below the questionnaire score pulls the overall down; a clean one cannot lift it.
  EXPECT_LT(a.overall_score(), a.questionnaire_score());
}

TEST_F(ScoringTest, FailingCellCapsTheOverall) {
  Answer("q_ir")->set_option_id("none");
  Answer("q_date")->set_date("2020-01-01");
  auto a = MustRun();
  // CPS.RP-1 (L1 x Procedure) at 0: the other cells are perfect.
  EXPECT_GT(a.questionnaire_score(), 80);
  // No signal: the overall before caps is the questionnaire score, scaled into [0, cap].
  EXPECT_NEAR(a.overall_score(),
              a.questionnaire_score() * policy::DefaultPolicy().cell_fail_cap() / 100, 1e-5);
  bool failing = false;
  for (const auto& c : a.cells()) failing |= c.failing();
  EXPECT_TRUE(failing);
  EXPECT_TRUE(HasFinding(a, v1::FINDING_KIND_FAILING_CELL));
}

TEST_F(ScoringTest, ExplanationsAddUpToTheScore) {
  Answer("q_inv")->clear_evidence();
  Answer("q_ot_patch")->set_yes_no(v1::YES_NO_NO);
  AddSignal("n1", v1::FACTOR_NETWORK_SECURITY, "exposed_smb", v1::SEVERITY_HIGH, 3);
  AddSignal("cve-1", v1::FACTOR_PATCHING_CADENCE, "unpatched_cve", v1::SEVERITY_MEDIUM, 3);
  SupplierInput in;
  in.response = &response_;
  in.signals = signals_;
  in.as_of = kAsOf;
  for (const char* target : {"overall", "cell:L1/ORGANIZATION", "cell:L2/SYSTEM",
                             "factor:NETWORK_SECURITY", "factor:PATCHING_CADENCE"}) {
    auto x = Explain(*model_, in, target);
    ASSERT_TRUE(x.ok()) << x.status();
    double sum = 0;
    for (const auto& c : x->contributions()) sum += c.delta();
    EXPECT_NEAR(sum, x->score(), 1e-4) << target;
  }
  auto x = Explain(*model_, in, "cell:L2/SYSTEM");
  bool comp = false;
  for (const auto& c : x->contributions()) comp |= c.source() == "compensation:q_ot_patch";
  EXPECT_TRUE(comp);
  EXPECT_FALSE(Explain(*model_, in, "cell:L9/NOTHING").ok());
  EXPECT_FALSE(Explain(*model_, in, "bogus").ok());
}

TEST_F(ScoringTest, BadInputNamesTheField) {
  auto expect_error = [&](const std::string& needle) {
    auto a = Run();
    ASSERT_FALSE(a.ok()) << needle;
    EXPECT_TRUE(absl::StrContains(a.status().message(), needle)) << a.status();
  };
  v1::Response saved = response_;
  Answer("q_ir")->set_option_id("excellent");
  expect_error("option_id 'excellent'");
  response_ = saved;
  Answer("q_sc")->set_yes_no(v1::YES_NO_YES);
  expect_error("'q_sc': expected number");
  response_ = saved;
  Answer("q_date")->set_date("1st of May");
  expect_error("not YYYY-MM-DD");
  response_ = saved;
  response_.add_answers()->set_question_id("q_nope");
  expect_error("answers[7].question_id: 'q_nope'");
  response_ = saved;
  *response_.add_answers() = response_.answers(0);
  expect_error("answered twice");
  response_ = saved;
  response_.set_template_id("other");
  expect_error("response.template_id");
  response_ = saved;
  AddSignal("", v1::FACTOR_DNS_HEALTH, "x", v1::SEVERITY_LOW, 1);
  expect_error("signals[0].id");
}

TEST_F(ScoringTest, DigestCoversInputsButNotTheirOrder) {
  AddSignal("a", v1::FACTOR_DNS_HEALTH, "spf_softfail", v1::SEVERITY_LOW, 3);
  AddSignal("b", v1::FACTOR_NETWORK_SECURITY, "exposed_smb", v1::SEVERITY_HIGH, 3);
  const auto a = MustRun();
  std::reverse(response_.mutable_answers()->begin(), response_.mutable_answers()->end());
  std::reverse(signals_.begin(), signals_.end());
  const auto b = MustRun();
  EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString());
  Answer("q_sc")->set_number(4);  // same band, same scores, different input
  const auto c = MustRun();
  EXPECT_NE(c.input_digest(), a.input_digest());
  EXPECT_EQ(c.overall_score(), a.overall_score());
}

TEST_F(ScoringTest, RemediationRanksByGainPerEffortDay) {
  Answer("q_inv")->set_yes_no(v1::YES_NO_NO);
  Answer("q_ir")->set_option_id("none");
  auto a = MustRun();
  ASSERT_GE(a.remediation_plan_size(), 2);
  for (int i = 1; i < a.remediation_plan_size(); ++i) {
    EXPECT_GE(a.remediation_plan(i - 1).gain_per_effort_day(),
              a.remediation_plan(i).gain_per_effort_day());
  }
  for (const auto& step : a.remediation_plan()) {
    EXPECT_GT(step.overall_gain(), 0);
    EXPECT_GT(step.deadline_days(), 0);
  }
}

TEST(InputFilesTest, SignalsJsonlErrorsNameTheLine) {
  auto ok = ParseSignalsJsonl(
      "# "
      "comment\n{\"id\":\"s1\",\"factor\":\"FACTOR_DNS_HEALTH\",\"issue_type\":"
      "\"x\"}\n\n",
      "s.jsonl");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->size(), 1u);
  auto bad = ParseSignalsJsonl("{\"id\":\"s1\"}\n{\"id\": 3, \"nope\": 1}\n", "s.jsonl");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(absl::StrContains(bad.status().message(), "s.jsonl:2:")) << bad.status();
  v1::Response r;
  auto s = ParseTextProto("answers { question_id: \"a\" }\nbogus: 1\n", "r.textproto", &r);
  EXPECT_TRUE(absl::StrContains(s.message(), "r.textproto:2:")) << s;
  // Found by //fuzz:response_textproto_fuzz_test: an escape spells a string the wire format
  // refuses; the error names the field.
  v1::Response bytes;
  auto utf8 =
      ParseTextProto("answers { question_id: \"a\" evidence { uri: \"https://x/\\xff\" } }\n",
                     "r.textproto", &bytes);
  EXPECT_EQ(utf8.message(), "r.textproto: answers[0].evidence[0].uri: not valid UTF-8") << utf8;
  EXPECT_TRUE(ParseAsOf("2026-11-01").ok());
  EXPECT_FALSE(ParseAsOf("yesterday").ok());
}

}  // namespace
}  // namespace supplyrisk::scoring
