// Pins what the headers of aggregate.h, signal_factors.h, discrepancies.h and confidence.h state,
// number by number, on the default policy and hand-built inputs.
#include <vector>

#include "absl/time/time.h"
#include "engine/policy/policy.h"
#include "engine/questionnaire/test_catalog.h"
#include "engine/scoring/aggregate.h"
#include "engine/scoring/confidence.h"
#include "engine/scoring/discrepancies.h"
#include "engine/scoring/model.h"
#include "engine/scoring/signal_factors.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace supplyrisk::scoring {
namespace {

const v1::ScoringPolicy& P() { return policy::DefaultPolicy(); }
const absl::Time kAsOf = absl::FromUnixSeconds(1793491200);  // 2026-11-01

v1::Signal MakeSignal(const std::string& id, v1::Factor f, const std::string& type,
                      v1::Severity sev, int days_ago, const std::string& asset = "h.example.jp") {
  v1::Signal s;
  s.set_id(id);
  s.set_factor(f);
  s.set_issue_type(type);
  s.set_severity(sev);
  s.set_asset(asset);
  s.mutable_observed_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 86400 * days_ago);
  s.mutable_last_observed_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 3600);
  return s;
}

Factors Score(const std::vector<v1::Signal>& signals) {
  SignalSet set;
  EXPECT_TRUE(PrepareSignals(signals, P(), kAsOf, &set).ok());
  Factors f;
  ScoreFactors(set, P(), &f);
  return f;
}

// aggregate.h: the weakest-link rules scale the overall into [0, lowest ceiling].
TEST(AggregateFormula, CapsScaleIntoTheLowestCeiling) {
  EXPECT_DOUBLE_EQ(CapOverall(P(), 80, false, false, false), 80);
  EXPECT_DOUBLE_EQ(CapOverall(P(), 80, true, false, false), 80 * P().knockout_cap() / 100);
  EXPECT_DOUBLE_EQ(CapOverall(P(), 80, false, true, false), 80 * P().cell_fail_cap() / 100);
  EXPECT_DOUBLE_EQ(CapOverall(P(), 80, false, false, true),
                   80 * P().severe_observation_cap() / 100);
  // The lowest ceiling applies, once.
  EXPECT_DOUBLE_EQ(CapOverall(P(), 80, true, true, true), 80 * P().knockout_cap() / 100);
  // Monotone: a higher score before caps stays higher after them.
  EXPECT_LT(CapOverall(P(), 50, true, false, false), CapOverall(P(), 51, true, false, false));
}

TEST(AggregateFormula, ACellFailsOnItsScoreWhateverItsCoverage) {
  EXPECT_TRUE(CellFails(P(), 1, 0, 0));  // blank
  EXPECT_TRUE(CellFails(P(), 2, P().fail_cell_score() - 1, 1));
  EXPECT_FALSE(CellFails(P(), 2, P().fail_cell_score(), 0.1));
  EXPECT_FALSE(CellFails(P(), 0, 0, 0));  // no measure in scope
}

// signal_factors.h: severity points x exposure x age, diminishing returns, positives bounded,
// then the ceiling scales the factor.
TEST(SignalFactorsFormula, PointsGrowWithExposureAndAge) {
  auto net = [](const Factors& f) { return f.factor[v1::FACTOR_NETWORK_SECURITY]; };
  const double medium = policy::SeverityPoints(P(), v1::SEVERITY_MEDIUM);
  // No rule, within the grace period: severity points only.
  EXPECT_DOUBLE_EQ(net(Score({MakeSignal("a", v1::FACTOR_NETWORK_SECURITY, "tls_weak_cipher",
                                         v1::SEVERITY_MEDIUM, 3)}))
                       .score,
                   100 - medium);
  // Older than the grace period: one more time its points per age step, bounded.
  const int grace = P().issue_grace_days(), step = P().age_step_days();
  EXPECT_DOUBLE_EQ(net(Score({MakeSignal("a", v1::FACTOR_NETWORK_SECURITY, "tls_weak_cipher",
                                         v1::SEVERITY_MEDIUM, grace + step)}))
                       .score,
                   100 - 2 * medium);
  EXPECT_DOUBLE_EQ(net(Score({MakeSignal("a", v1::FACTOR_NETWORK_SECURITY, "tls_weak_cipher",
                                         v1::SEVERITY_MEDIUM, grace + 50 * step)}))
                       .score,
                   100 - P().max_age_multiplier() * medium);
  // An exposed remote-administration service: points x exposure, then scaled into the ceiling;
  // severe.
  const Factors rdp =
      Score({MakeSignal("a", v1::FACTOR_NETWORK_SECURITY, "exposed_rdp", v1::SEVERITY_MEDIUM, 3)});
  const auto* rule = policy::FindObservationRule(P(), "exposed_rdp");
  ASSERT_NE(rule, nullptr);
  EXPECT_DOUBLE_EQ(net(rdp).score,
                   (100 - medium * rule->exposure_multiplier()) * rule->factor_ceiling() / 100);
  EXPECT_EQ(rdp.severe.size(), 1u);
}

TEST(SignalFactorsFormula, DiminishingReturnsAndBoundedPositives) {
  const double high = policy::SeverityPoints(P(), v1::SEVERITY_HIGH);
  const Factors f = Score({
      MakeSignal("a", v1::FACTOR_DNS_HEALTH, "spf_record_missing", v1::SEVERITY_HIGH, 3),
      MakeSignal("b", v1::FACTOR_DNS_HEALTH, "dmarc_record_missing", v1::SEVERITY_HIGH, 3),
      MakeSignal("c", v1::FACTOR_DNS_HEALTH, "dnssec_detected", v1::SEVERITY_POSITIVE, 3),
      MakeSignal("d", v1::FACTOR_DNS_HEALTH, "dnssec_detected2", v1::SEVERITY_POSITIVE, 3),
  });
  const double positives = std::min(P().positive_credit_cap(), 2 * P().positive_credit_points());
  EXPECT_DOUBLE_EQ(f.factor[v1::FACTOR_DNS_HEALTH].score,
                   100 - high - high * P().diminishing_ratio() + positives);
  EXPECT_FALSE(f.factor[v1::FACTOR_IP_REPUTATION].observed);
}

TEST(SignalFactorsFormula, APastSlaCriticalIsSevereAndCeilinged) {
  const int sla = policy::PatchSlaDays(P(), v1::SEVERITY_CRITICAL);
  const Factors young = Score(
      {MakeSignal("a", v1::FACTOR_PATCHING_CADENCE, "unpatched_cve", v1::SEVERITY_CRITICAL, sla)});
  EXPECT_TRUE(young.severe.empty());
  const Factors late = Score({MakeSignal("a", v1::FACTOR_PATCHING_CADENCE, "unpatched_cve",
                                         v1::SEVERITY_CRITICAL, sla + 1)});
  ASSERT_EQ(late.severe.size(), 1u);
  EXPECT_LE(late.factor[v1::FACTOR_PATCHING_CADENCE].score, P().past_sla_factor_ceiling());
}

TEST(SignalFactorsFormula, ReopenedRecordsAreOpenAndResolvedOnesAreNot) {
  v1::Signal s =
      MakeSignal("a", v1::FACTOR_NETWORK_SECURITY, "tls_weak_cipher", v1::SEVERITY_MEDIUM, 20);
  s.mutable_resolved_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 86400 * 10);
  EXPECT_EQ(Score({s}).factor[v1::FACTOR_NETWORK_SECURITY].open_issues, 1);  // seen since
  s.mutable_last_observed_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 86400 * 11);
  EXPECT_EQ(Score({s}).factor[v1::FACTOR_NETWORK_SECURITY].open_issues, 0);
  // A resolution after as_of does not count yet.
  s.mutable_resolved_at()->set_seconds(absl::ToUnixSeconds(kAsOf) + 60);
  EXPECT_EQ(Score({s}).factor[v1::FACTOR_NETWORK_SECURITY].open_issues, 1);
}

// discrepancies.h and confidence.h on a one-question template.
constexpr char kTemplate[] = R"pb(
  id: "formulas"
  revision: 1
  kind: TEMPLATE_KIND_QUESTIONNAIRE
  sections {
    id: "s"
    questions {
      id: "q"
      answer_type: ANSWER_TYPE_YES_NO
      weight: 1
      measures { measure_id: "CPS.MA-1" }
      evidence { required: true cap_without_evidence: 0.4 }
      signal_links {
        factor: FACTOR_PATCHING_CADENCE
        issue_type: "unpatched_cve"
        relation: SIGNAL_RELATION_CONTRADICTS
      }
      signal_links {
        factor: FACTOR_PATCHING_CADENCE
        issue_type: "patched_within_deadline"
        relation: SIGNAL_RELATION_CONFIRMS
      }
    }
  }
)pb";

class LinkFormula : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kTemplate, &tmpl_));
    ModelInput in;
    in.catalog = &questionnaire::testing::TestCatalog();
    in.questionnaire = &tmpl_;
    in.policy = &P();
    auto m = ScoringModel::Create(in);
    ASSERT_TRUE(m.ok()) << m.status();
    model_ = *std::move(m);
  }
  // A "yes" without evidence (capped), after the links are applied.
  QuestionEval Apply(const std::vector<v1::Signal>& signals, double raw = 1) {
    SignalSet set;
    EXPECT_TRUE(PrepareSignals(signals, P(), kAsOf, &set).ok());
    std::vector<QuestionEval> q(1);
    q[0].answered = true;
    q[0].raw = raw;
    q[0].evidence_missing = raw > 0.4;
    q[0].capped = std::min(raw, 0.4);
    q[0].claimed = q[0].credit = q[0].effective = q[0].capped;
    ApplySignalLinks(*model_, set, &q);
    return q[0];
  }
  v1::Template tmpl_;
  std::unique_ptr<ScoringModel> model_;
};

TEST_F(LinkFormula, ConfirmingLiftsTheCapContradictingTakesTheCredit) {
  EXPECT_DOUBLE_EQ(Apply({}).credit, 0.4);
  const QuestionEval confirmed = Apply({MakeSignal(
      "ok", v1::FACTOR_PATCHING_CADENCE, "patched_within_deadline", v1::SEVERITY_POSITIVE, 3)});
  EXPECT_DOUBLE_EQ(confirmed.credit, 1);
  EXPECT_TRUE(confirmed.evidence_ok);
  const QuestionEval contradicted =
      Apply({MakeSignal("cve", v1::FACTOR_PATCHING_CADENCE, "unpatched_cve", v1::SEVERITY_LOW, 3)});
  EXPECT_DOUBLE_EQ(contradicted.credit, P().contradicted_credit());
  EXPECT_EQ(contradicted.contradicting_signal, 0);
  // An answer already negative is consistent with the signal: no discrepancy.
  EXPECT_EQ(
      Apply({MakeSignal("cve", v1::FACTOR_PATCHING_CADENCE, "unpatched_cve", v1::SEVERITY_LOW, 3)},
            0)
          .contradicting_signal,
      -1);
  // A positive observation of the contradicting type does not contradict.
  EXPECT_EQ(Apply({MakeSignal("cve", v1::FACTOR_PATCHING_CADENCE, "unpatched_cve",
                              v1::SEVERITY_POSITIVE, 3)})
                .contradicting_signal,
            -1);
}

TEST_F(LinkFormula, ConfidenceIsTheProductOfItsParts) {
  std::vector<QuestionEval> q(1);
  q[0].answered = true;
  q[0].raw = 1;
  q[0].decay = 0.8;
  q[0].claimed = 1;
  Factors f;
  v1::ConfidenceBreakdown b;
  const double c = ComputeConfidence(*model_, q, f, &b);
  EXPECT_DOUBLE_EQ(b.coverage(), 1);
  EXPECT_DOUBLE_EQ(b.freshness(), 0.8);
  EXPECT_DOUBLE_EQ(b.evidence(), 0);  // evidence required, none given
  EXPECT_DOUBLE_EQ(b.consistency(), 1);
  EXPECT_DOUBLE_EQ(b.signal_coverage(), 0);
  const auto& floors = P().confidence();
  EXPECT_DOUBLE_EQ(c, 1 * 0.8 * 1 * floors.evidence_floor() * floors.signal_floor());
  q[0].answered = false;
  EXPECT_DOUBLE_EQ(ComputeConfidence(*model_, q, f, &b), 0);  // nothing known
}

}  // namespace
}  // namespace supplyrisk::scoring
