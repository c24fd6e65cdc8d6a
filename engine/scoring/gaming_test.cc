// One test per way a supplier might score better than it deserves, on a small hand-built
// questionnaire (over the test catalogue) with a gating question, a profile-gated section, asset-
// scoped links, a date, a multiple choice and evidence. Each pits the alternative against the
// honest answer and checks it never scores above it. The property tests (property_test.cc) try the
// same alternatives on every scored question of the shipped template.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/policy/policy.h"
#include "engine/questionnaire/test_catalog.h"
#include "engine/scoring/scorer.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace supplyrisk::scoring {
namespace {

constexpr char kTemplate[] = R"pb(
  id: "gaming"
  revision: 1
  kind: TEMPLATE_KIND_QUESTIONNAIRE
  sections {
    id: "s"
    questions {
      id: "remote"
      answer_type: ANSWER_TYPE_YES_NO
      weight: 1
      knockout: true
      allow_not_applicable: true
      measures { measure_id: "SR.AC-1" }
      signal_links {
        factor: FACTOR_NETWORK_SECURITY
        issue_type: "exposed_rdp"
        relation: SIGNAL_RELATION_CONTRADICTS
      }
      signal_links {
        factor: FACTOR_NETWORK_SECURITY
        issue_type: "tls_weak_protocol"
        relation: SIGNAL_RELATION_CONTRADICTS
        asset_patterns: "vpn*"
      }
    }
    questions {
      id: "remote_review"
      answer_type: ANSWER_TYPE_YES_NO
      weight: 1
      measures { measure_id: "SR.PT-1" }
      condition { answer { question_id: "remote" any_of: "yes" } }
    }
    questions {
      id: "patch"
      answer_type: ANSWER_TYPE_SINGLE_CHOICE
      weight: 1
      measures { measure_id: "CPS.MA-1" }
      options { id: "within_14_days" credit: 1 }
      options { id: "within_90_days" credit: 0.4 }
      options { id: "no_rule" credit: 0 }
      signal_links {
        factor: FACTOR_PATCHING_CADENCE
        issue_type: "unpatched_cve"
        relation: SIGNAL_RELATION_CONTRADICTS
      }
    }
    questions {
      id: "tools"
      answer_type: ANSWER_TYPE_MULTIPLE_CHOICE
      weight: 1
      measures { measure_id: "SR.SC-1" }
      options { id: "edr" credit: 0.5 }
      options { id: "siem" credit: 0.5 }
      options { id: "none" credit: 0 }
    }
    questions {
      id: "restore"
      answer_type: ANSWER_TYPE_DATE
      weight: 1
      measures { measure_id: "CPS.RP-1" }
      bands { min: 0 max: 365 credit: 1 }
      bands { min: 365 credit: 0 }
    }
    questions {
      id: "inventory"
      answer_type: ANSWER_TYPE_YES_NO
      weight: 1
      measures { measure_id: "CPS.AM-1" }
      evidence { required: true cap_without_evidence: 0.4 }
    }
  }
  sections {
    id: "web"
    condition { profile { flag: PROFILE_FLAG_HAS_WEBSITE value: true } }
    questions {
      id: "web_hardening"
      answer_type: ANSWER_TYPE_YES_NO
      weight: 1
      measures { measure_id: "SR.PT-1" }
    }
  }
)pb";

const absl::Time kAsOf = absl::FromUnixSeconds(1793491200);  // 2026-11-01

void SetTime(absl::Time t, google::protobuf::Timestamp* ts) {
  ts->set_seconds(absl::ToUnixSeconds(t));
}

class GamingTest : public ::testing::Test {
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
    profile_.set_has_website(true);
    Answer("remote")->set_yes_no(v1::YES_NO_YES);
    Answer("remote_review")->set_yes_no(v1::YES_NO_YES);
    Answer("patch")->set_option_id("within_14_days");
    Answer("tools")->mutable_options()->add_option_ids("edr");
    Answer("restore")->set_date("2026-09-01");
    v1::Answer* inv = Answer("inventory");
    inv->set_yes_no(v1::YES_NO_YES);
    auto* e = inv->add_evidence();
    e->set_kind(v1::EVIDENCE_KIND_RECORD);
    e->set_uri("records/inventory.xlsx");
    Answer("web_hardening")->set_yes_no(v1::YES_NO_YES);
  }

  v1::Answer* Answer(const std::string& q) {
    for (auto& a : *response_.mutable_answers()) {
      if (a.question_id() == q) return &a;
    }
    auto* a = response_.add_answers();
    a->set_question_id(q);
    SetTime(kAsOf - absl::Hours(24 * 10), a->mutable_answered_at());
    return a;
  }
  void Remove(const std::string& q) {
    auto* answers = response_.mutable_answers();
    for (int i = 0; i < answers->size(); ++i) {
      if (answers->Get(i).question_id() == q) {
        answers->DeleteSubrange(i, 1);
        return;
      }
    }
  }
  v1::Signal* AddSignal(const std::string& id, v1::Factor f, const std::string& type,
                        v1::Severity sev, int days_ago,
                        const std::string& asset = "host.example.jp") {
    v1::Signal& s = signals_.emplace_back();
    s.set_id(id);
    s.set_factor(f);
    s.set_issue_type(type);
    s.set_severity(sev);
    s.set_asset(asset);
    SetTime(kAsOf - absl::Hours(24 * days_ago), s.mutable_observed_at());
    return &s;
  }
  absl::StatusOr<v1::Assessment> Run() {
    SupplierInput in;
    in.profile = &profile_;
    in.response = &response_;
    in.signals = signals_;
    in.engagement = engagement_set_ ? &engagement_ : nullptr;
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
  static const v1::Discrepancy* Discrepancy(const v1::Assessment& a, const std::string& q) {
    for (const auto& d : a.discrepancies()) {
      if (d.question_id() == q) return &d;
    }
    return nullptr;
  }
  static bool Knocked(const v1::Assessment& a, const std::string& q) {
    for (const auto& k : a.knockouts()) {
      if (k == q) return true;
    }
    return false;
  }
  static bool HasFinding(const v1::Assessment& a, v1::FindingKind kind) {
    for (const auto& f : a.findings()) {
      if (f.kind() == kind) return true;
    }
    return false;
  }

  v1::Template tmpl_;
  std::unique_ptr<ScoringModel> model_;
  v1::SupplierProfile profile_;
  v1::Response response_;
  std::vector<v1::Signal> signals_;
  v1::Engagement engagement_;
  bool engagement_set_ = false;
};

// 1. Silence beats honesty no more.
TEST_F(GamingTest, AnUnansweredKnockoutFailsLikeNo) {
  Answer("remote")->set_yes_no(v1::YES_NO_NO);
  const v1::Assessment honest = MustRun();
  Remove("remote");
  const v1::Assessment silent = MustRun();
  EXPECT_TRUE(Knocked(honest, "remote"));
  EXPECT_TRUE(Knocked(silent, "remote"));
  EXPECT_LE(silent.overall_score(), honest.overall_score());
}

// 2. Not applicable is no escape: it earns nothing, fails a knockout, and a scan that sees the
// subject makes it a discrepancy.
TEST_F(GamingTest, NotApplicableIsNoEscape) {
  Answer("remote")->set_yes_no(v1::YES_NO_NO);
  const v1::Assessment honest = MustRun();
  Answer("remote")->set_yes_no(v1::YES_NO_NOT_APPLICABLE);
  v1::Assessment na = MustRun();
  EXPECT_TRUE(Knocked(na, "remote"));
  EXPECT_LE(na.overall_score(), honest.overall_score());
  AddSignal("rdp", v1::FACTOR_NETWORK_SECURITY, "exposed_rdp", v1::SEVERITY_MEDIUM, 3);
  na = MustRun();
  const auto* d = Discrepancy(na, "remote");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->claimed(), "not_applicable");
}

// 3. Dates the supplier controls: a future date answer and an answer given after as_of earn
// nothing; a signal's future last sighting counts only up to as_of.
TEST_F(GamingTest, DatesAfterAsOfEarnNothing) {
  Answer("restore")->set_date("2025-01-01");  // honest and old: the lowest band
  const v1::Assessment honest = MustRun();
  Answer("restore")->set_date("2027-01-01");
  const v1::Assessment future = MustRun();
  EXPECT_LE(future.overall_score(), honest.overall_score());
  EXPECT_TRUE(HasFinding(future, v1::FINDING_KIND_FUTURE_DATED));

  Answer("restore")->set_date("2026-09-01");
  SetTime(kAsOf + absl::Hours(48), Answer("restore")->mutable_answered_at());
  const v1::Assessment later = MustRun();
  Remove("restore");
  const v1::Assessment none = MustRun();
  EXPECT_DOUBLE_EQ(later.overall_score(), none.overall_score());
  EXPECT_TRUE(HasFinding(later, v1::FINDING_KIND_FUTURE_DATED));
}

// 4. A disproved parent takes its follow-ups with it.
TEST_F(GamingTest, ADisprovedYesVoidsItsFollowUps) {
  AddSignal("rdp", v1::FACTOR_NETWORK_SECURITY, "exposed_rdp", v1::SEVERITY_MEDIUM, 3);
  const v1::Assessment liar = MustRun();
  Answer("remote")->set_yes_no(v1::YES_NO_NO);
  const v1::Assessment honest = MustRun();
  const auto* d = Discrepancy(liar, "remote");
  ASSERT_NE(d, nullptr);
  ASSERT_EQ(d->voided_question_ids_size(), 1);
  EXPECT_EQ(d->voided_question_ids(0), "remote_review");
  EXPECT_LE(liar.overall_score(), honest.overall_score());
  EXPECT_LE(liar.questionnaire_score(), honest.questionnaire_score());
}

// 5. An option chosen twice is refused, not counted twice.
TEST_F(GamingTest, ARepeatedOptionIsRefused) {
  Answer("tools")->mutable_options()->add_option_ids("edr");
  auto a = Run();
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("chosen twice"), std::string::npos) << a.status();
}

// 6. A blank cell fails as an all-"no" one does.
TEST_F(GamingTest, ABlankCellFails) {
  Remove("restore");  // CPS.RP-1 is the only measure of its cell
  const v1::Assessment blank = MustRun();
  bool failing = false;
  for (const auto& c : blank.cells()) failing |= c.failing();
  EXPECT_TRUE(failing);
}

// 7. A profile flag hiding a section is checked against the scans.
TEST_F(GamingTest, AContradictedProfileFlagShowsWhatItHid) {
  AddSignal("waf", v1::FACTOR_APPLICATION_SECURITY, "waf_detected", v1::SEVERITY_POSITIVE, 3,
            "https://www.example.jp/");
  Remove("web_hardening");
  const v1::Assessment honest = MustRun();  // has a website, left its section blank
  profile_.set_has_website(false);
  Answer("web_hardening")->set_yes_no(v1::YES_NO_YES);  // answered anyway, hidden by the flag
  const v1::Assessment liar = MustRun();
  bool flagged = false;
  for (const auto& d : liar.discrepancies()) {
    flagged |= d.profile_flag() == v1::PROFILE_FLAG_HAS_WEBSITE;
  }
  EXPECT_TRUE(flagged);
  EXPECT_LE(liar.overall_score(), honest.overall_score());
}

// "No subcontractors" while a provider receives the supplier's mail (a scan's third-party
// observation) is a discrepancy.
TEST_F(GamingTest, NoSubcontractorsWhileAProviderHandlesTheMailIsADiscrepancy) {
  profile_.set_uses_subcontractors(false);
  EXPECT_TRUE(MustRun().discrepancies().empty());
  AddSignal("mx-party", v1::FACTOR_DNS_HEALTH, "third_party_mail_provider", v1::SEVERITY_INFO, 3,
            "mailhost.example");
  const v1::Assessment a = MustRun();
  bool flagged = false;
  for (const auto& d : a.discrepancies()) {
    flagged |=
        d.profile_flag() == v1::PROFILE_FLAG_USES_SUBCONTRACTORS && d.signal_id() == "mx-party";
  }
  EXPECT_TRUE(flagged);
}

// 8. An evidence entry naming nothing is no evidence.
TEST_F(GamingTest, EmptyEvidenceIsNoEvidence) {
  Answer("inventory")->clear_evidence();
  const v1::Assessment none = MustRun();
  Answer("inventory")->add_evidence()->set_kind(v1::EVIDENCE_KIND_RECORD);
  const v1::Assessment empty = MustRun();
  EXPECT_TRUE(HasFinding(empty, v1::FINDING_KIND_MISSING_EVIDENCE));
  EXPECT_DOUBLE_EQ(empty.overall_score(), none.overall_score());
}

// 9. A history of slow fixes contradicts "within 14 days" even with nothing open.
TEST_F(GamingTest, SlowFixHistoryContradictsTheClaim) {
  for (int i = 0; i < 3; ++i) {
    v1::Signal* s = AddSignal(absl::StrCat("cve-", i), v1::FACTOR_PATCHING_CADENCE, "unpatched_cve",
                              v1::SEVERITY_CRITICAL, 200 + 30 * i);
    // Seen open until a day before its resolution: 109 days and more.
    SetTime(kAsOf - absl::Hours(24 * (91 + 30 * i)), s->mutable_last_observed_at());
    SetTime(kAsOf - absl::Hours(24 * (90 + 30 * i)), s->mutable_resolved_at());
  }
  const v1::Assessment a = MustRun();
  const auto* d = Discrepancy(a, "patch");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->credit_after(), 0);
}

// 10. Seen again after its resolution, a signal is open.
TEST_F(GamingTest, ReopenedIsOpen) {
  v1::Signal* s =
      AddSignal("rdp", v1::FACTOR_NETWORK_SECURITY, "exposed_rdp", v1::SEVERITY_MEDIUM, 60);
  SetTime(kAsOf - absl::Hours(24 * 40), s->mutable_resolved_at());
  SetTime(kAsOf - absl::Hours(24 * 2), s->mutable_last_observed_at());
  const v1::Assessment a = MustRun();
  EXPECT_EQ(a.factors(v1::FACTOR_NETWORK_SECURITY - 1).open_issues(), 1);
  EXPECT_NE(Discrepancy(a, "remote"), nullptr);
}

// 11. A first observation of a factor never lifts the signals score.
TEST_F(GamingTest, AFirstObservationNeverLiftsTheSignalsScore) {
  AddSignal("dns", v1::FACTOR_DNS_HEALTH, "spf_record_missing", v1::SEVERITY_HIGH, 3);
  AddSignal("dns2", v1::FACTOR_DNS_HEALTH, "dmarc_record_missing", v1::SEVERITY_HIGH, 3);
  const v1::Assessment before = MustRun();
  AddSignal("leak", v1::FACTOR_LEAKED_CREDENTIALS, "leaked_credentials", v1::SEVERITY_HIGH, 3);
  const v1::Assessment after = MustRun();
  EXPECT_LT(after.signals_score(), before.signals_score());
}

// Asset-scoped links: a portal's weak TLS is not the VPN's.
TEST_F(GamingTest, LinksApplyOnlyToTheAssetsTheyName) {
  AddSignal("tls-portal", v1::FACTOR_NETWORK_SECURITY, "tls_weak_protocol", v1::SEVERITY_MEDIUM, 3,
            "portal.example.jp:443");
  const v1::Assessment portal = MustRun();
  EXPECT_EQ(Discrepancy(portal, "remote"), nullptr);
  AddSignal("tls-vpn", v1::FACTOR_NETWORK_SECURITY, "tls_weak_protocol", v1::SEVERITY_MEDIUM, 3,
            "vpn.example.jp:443");
  const v1::Assessment vpn = MustRun();
  const auto* d = Discrepancy(vpn, "remote");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->signal_id(), "tls-vpn");
}

// Observation that matters: an exposed remote-administration service puts its factor in the F
// band and caps the grade at D whatever the answers say.
TEST_F(GamingTest, ASevereObservationCapsTheGrade) {
  const v1::Assessment clean = MustRun();
  EXPECT_EQ(clean.grade(), "A");
  AddSignal("db", v1::FACTOR_NETWORK_SECURITY, "exposed_database", v1::SEVERITY_MEDIUM, 3);
  const v1::Assessment exposed = MustRun();
  EXPECT_LT(exposed.factors(v1::FACTOR_NETWORK_SECURITY - 1).score(), 60);
  EXPECT_LE(exposed.overall_score(), policy::DefaultPolicy().severe_observation_cap());
  EXPECT_TRUE(HasFinding(exposed, v1::FINDING_KIND_SEVERE_OBSERVATION));
}

// Age matters: a critical open 200 days weighs more than one open a day.
TEST_F(GamingTest, OlderOpenVulnerabilitiesWeighMore) {
  AddSignal("cve", v1::FACTOR_PATCHING_CADENCE, "unpatched_cve", v1::SEVERITY_CRITICAL, 1);
  const double fresh = MustRun().factors(v1::FACTOR_PATCHING_CADENCE - 1).score();
  SetTime(kAsOf - absl::Hours(24 * 200), signals_.back().mutable_observed_at());
  SetTime(kAsOf - absl::Hours(24), signals_.back().mutable_last_observed_at());  // still seen
  const double old = MustRun().factors(v1::FACTOR_PATCHING_CADENCE - 1).score();
  EXPECT_LT(old, fresh);
  EXPECT_LT(old, 60);  // past its SLA: severe, the factor in the F band
}

// Rankable failures: under the same knockout, more failings score lower.
TEST_F(GamingTest, KnockedOutSuppliersStayRanked) {
  Answer("remote")->set_yes_no(v1::YES_NO_NO);
  const v1::Assessment one = MustRun();
  Answer("patch")->set_option_id("no_rule");
  const v1::Assessment two = MustRun();
  ASSERT_TRUE(Knocked(one, "remote"));
  EXPECT_LT(two.overall_score(), one.overall_score());
}

}  // namespace
}  // namespace supplyrisk::scoring
