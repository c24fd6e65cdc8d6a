// Scores every case of testdata/suppliers and compares the assessment byte for byte with its golden
// expected.json and expected.txt. To regenerate after a deliberate model change:
//   UPDATE_GOLDEN=1 bazel run //engine/scoring:golden_test
// (bazel run sets BUILD_WORKSPACE_DIRECTORY, where the goldens are written), then review the diff.
// Named assertions below pin what each case is there to show, so the goldens cannot drift into
// nonsense unnoticed.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/catalog/catalog.h"
#include "engine/io/file_loaders.h"
#include "engine/io/supplier_case.h"
#include "engine/policy/policy.h"
#include "engine/render/render.h"
#include "engine/scoring/report.h"
#include "engine/scoring/scorer.h"
#include "gtest/gtest.h"

namespace supplyrisk::scoring {
namespace {

using ::supplyrisk::io::SupplierCase;

constexpr char kCases[] = "testdata/suppliers";

v1::Template LoadTemplateOrDie(const std::string& id) {
  auto loaded = io::LoadTemplateFile(absl::StrCat("testdata/templates/", id, ".textproto"));
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(loaded->ok()) << id;
  return loaded->tmpl;
}

struct Models {
  Models() {
    star3 = LoadTemplateOrDie("scs-star3");
    star4 = LoadTemplateOrDie("scs-star4");
    for (const char* id : {"cpsf-supplier", "sme-basic"}) {
      templates[id] = LoadTemplateOrDie(id);
    }
    for (auto& [id, t] : templates) {
      ModelInput in;
      in.catalog = &catalog::BuiltinCatalog();
      in.questionnaire = &t;
      in.readiness = {&star3, &star4};
      in.policy = &policy::DefaultPolicy();
      auto m = ScoringModel::Create(in);
      EXPECT_TRUE(m.ok()) << m.status();
      models[id] = *std::move(m);
    }
  }
  v1::Template star3, star4;
  std::map<std::string, v1::Template> templates;
  std::map<std::string, std::unique_ptr<ScoringModel>> models;
};

const Models& GetModels() {
  static const Models* const m = new Models();
  return *m;
}

struct Scored {
  SupplierCase c;
  v1::Assessment a;
};

v1::Assessment ScoreCase(const SupplierCase& c) {
  const auto& models = GetModels().models;
  auto it = models.find(c.template_id);
  EXPECT_NE(it, models.end()) << c.template_id;
  SupplierInput in;
  in.profile = &c.profile;
  in.response = &c.response;
  in.signals = c.signals;
  in.engagement = c.has_engagement ? &c.engagement : nullptr;
  in.as_of = c.as_of;
  v1::Assessment a;
  absl::Status s = ScoreSupplier(*it->second, in, {}, &a);
  EXPECT_TRUE(s.ok()) << c.name << ": " << s;
  return a;
}

const std::map<std::string, Scored>& AllCases() {
  static const auto* const cases = [] {
    auto* out = new std::map<std::string, Scored>();
    std::vector<std::string> dirs;
    for (const auto& entry : std::filesystem::directory_iterator(kCases)) {
      if (entry.is_directory()) dirs.push_back(entry.path().filename().string());
    }
    std::sort(dirs.begin(), dirs.end());
    for (const auto& d : dirs) {
      auto c = io::LoadSupplierCase(absl::StrCat(kCases, "/", d));
      EXPECT_TRUE(c.ok()) << d << ": " << c.status();
      if (!c.ok()) continue;
      Scored s;
      s.c = *std::move(c);
      s.a = ScoreCase(s.c);
      (*out)[d] = std::move(s);
    }
    return out;
  }();
  return *cases;
}

const v1::Assessment& Case(const std::string& name) {
  auto it = AllCases().find(name);
  EXPECT_NE(it, AllCases().end()) << "missing case " << name;
  static const v1::Assessment empty;
  return it == AllCases().end() ? empty : it->second.a;
}

std::string ReadOrEmpty(const std::string& path) {
  auto text = io::ReadFile(path);
  return text.ok() ? *text : std::string();
}

TEST(GoldenTest, EveryCaseMatchesItsGolden) {
  ASSERT_GE(AllCases().size(), 12u);
  const char* update = std::getenv("UPDATE_GOLDEN");
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  const bool updating = update != nullptr && std::string(update) == "1";
  for (const auto& [name, scored] : AllCases()) {
    // The stored (BASIC) assessment holds facts; the text report reads it rendered in English.
    auto json = FormatAssessmentJson(scored.a);
    ASSERT_TRUE(json.ok());
    v1::Assessment rendered = scored.a;
    ASSERT_TRUE(render::RenderAssessment(*GetModels().models.at(scored.c.template_id),
                                         render::Language::kEn, &rendered)
                    .ok());
    const std::string text = FormatAssessmentText(rendered);
    if (updating) {
      ASSERT_NE(workspace, nullptr) << "run with `bazel run` to update goldens";
      const std::string dir = absl::StrCat(workspace, "/", kCases, "/", name);
      std::ofstream(dir + "/expected.json", std::ios::binary) << *json;
      std::ofstream(dir + "/expected.txt", std::ios::binary) << text;
      continue;
    }
    const std::string dir = absl::StrCat(kCases, "/", name);
    EXPECT_EQ(*json, ReadOrEmpty(dir + "/expected.json"))
        << name
        << ": assessment differs from expected.json (UPDATE_GOLDEN=1 to "
           "regenerate)";
    EXPECT_EQ(text, ReadOrEmpty(dir + "/expected.txt")) << name << ": expected.txt differs";
  }
}

TEST(GoldenTest, InputOrderDoesNotMatter) {
  for (const auto& [name, scored] : AllCases()) {
    SupplierCase shuffled = scored.c;
    auto* answers = shuffled.response.mutable_answers();
    std::reverse(answers->begin(), answers->end());
    if (answers->size() > 2) std::rotate(answers->begin(), answers->begin() + 1, answers->end());
    std::reverse(shuffled.signals.begin(), shuffled.signals.end());
    EXPECT_EQ(ScoreCase(shuffled).SerializeAsString(), scored.a.SerializeAsString()) << name;
  }
}

bool HasReason(const v1::Assessment& a, const std::string& code) {
  for (const auto& r : a.decision().reasons()) {
    if (r.code() == code) return true;
  }
  return false;
}

const v1::Discrepancy* FindDiscrepancy(const v1::Assessment& a, const std::string& q) {
  for (const auto& d : a.discrepancies()) {
    if (d.question_id() == q) return &d;
  }
  return nullptr;
}

const v1::MeasureCredit* FindMeasure(const v1::Assessment& a, const std::string& id) {
  for (const auto& m : a.measure_credits()) {
    if (m.measure_id() == id) return &m;
  }
  return nullptr;
}

const v1::StarReadiness* Star(const v1::Assessment& a, int star) {
  for (const auto& s : a.stars()) {
    if (s.star() == star) return &s;
  }
  return nullptr;
}

bool HasBasis(const v1::MeasureCredit* m, const std::string& basis) {
  return m != nullptr && std::find(m->basis().begin(), m->basis().end(), basis) != m->basis().end();
}

TEST(CaseProperties, SmePartsMakerClaimsAreOverriddenByScans) {
  const auto& a = Case("sme-parts-maker");
  const auto* spf = FindDiscrepancy(a, "dns.spf");
  ASSERT_NE(spf, nullptr);
  EXPECT_EQ(spf->claimed(), "yes");
  EXPECT_EQ(spf->signal_id(), "dns-spf-missing-parts");
  EXPECT_EQ(spf->issue_type(), "spf_record_missing");
  EXPECT_GT(spf->credit_before(), 0.9);
  EXPECT_EQ(spf->credit_after(), 0);
  const auto* mfa = FindDiscrepancy(a, "ac.mfa_remote");
  ASSERT_NE(mfa, nullptr);
  EXPECT_EQ(mfa->signal_id(), "net-mfa-login-vpn");
  EXPECT_TRUE(HasBasis(FindMeasure(a, "SR.PT-5"), "contradicted"));
  EXPECT_TRUE(HasBasis(FindMeasure(a, "SR.AC-1"), "contradicted"));
  EXPECT_LT(FindMeasure(a, "SR.AC-1")->credit(), 0.5);
  // The contradicted MFA claim is a knockout: the observed state is a "no".
  ASSERT_EQ(a.knockouts_size(), 1);
  EXPECT_EQ(a.knockouts(0), "ac.mfa_remote");
  EXPECT_LT(a.confidence_breakdown().consistency(), 1.0);
  EXPECT_EQ(a.decision().outcome(), v1::DECISION_OUTCOME_REJECT);
}

TEST(CaseProperties, KnockoutRejectsHighAverage) {
  const auto& a = Case("knockout-no-backups");
  EXPECT_GE(a.questionnaire_score(), 85.0);
  ASSERT_EQ(a.knockouts_size(), 1);
  EXPECT_EQ(a.knockouts(0), "bk.backups");
  EXPECT_LE(a.overall_score(), policy::DefaultPolicy().knockout_cap());
  EXPECT_EQ(a.grade(), "F");
  EXPECT_EQ(a.decision().outcome(), v1::DECISION_OUTCOME_REJECT);
  EXPECT_TRUE(HasReason(a, "knockout"));
  ASSERT_GT(a.remediation_plan_size(), 0);
  EXPECT_EQ(a.remediation_plan(0).question_ids(0), "bk.backups");
}

TEST(CaseProperties, LogisticsOtEarnsBoundedCompensation) {
  const auto& a = Case("logistics-ot-isolated");
  const auto* m = FindMeasure(a, "SR.MA-2");
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(HasBasis(m, "compensated"));
  EXPECT_GT(m->compensation_credit(), 0.0);
  // ot.patching answered "no", compensated up to max_credit 0.6 through isolation, maintenance PCs
  // and remote maintenance control.
  EXPECT_GT(m->credit(), 0.0);
  EXPECT_LE(m->credit(), 0.6 + 1e-9);
  EXPECT_EQ(a.decision().required_star(), 4);
}

TEST(CaseProperties, StaleResponseLowersConfidenceNotScore) {
  const auto& scored = AllCases().at("stale-response");
  const auto& a = scored.a;
  EXPECT_LT(a.confidence_breakdown().freshness(), 0.6);
  bool stale_finding = false;
  for (const auto& f : a.findings()) {
    if (f.kind() == v1::FINDING_KIND_STALE_ANSWER) stale_finding = true;
  }
  EXPECT_TRUE(stale_finding);
  // The same answers given recently.
  SupplierCase fresh = scored.c;
  for (auto& ans : *fresh.response.mutable_answers()) {
    ans.mutable_answered_at()->set_seconds(absl::ToUnixSeconds(fresh.as_of) - 86400 * 20);
  }
  fresh.response.mutable_submitted_at()->set_seconds(absl::ToUnixSeconds(fresh.as_of) - 86400 * 20);
  const auto b = ScoreCase(fresh);
  EXPECT_LT(a.confidence(), b.confidence() * 0.7);
  EXPECT_LE(a.overall_score(), b.overall_score());
  EXPECT_LE(a.questionnaire_score(), b.questionnaire_score());
  for (int i = 0; i < a.cells_size(); ++i) EXPECT_LE(a.cells(i).score(), b.cells(i).score());
}

TEST(CaseProperties, Star3MetStar4Not) {
  const auto& a = Case("star3-not-star4");
  ASSERT_NE(Star(a, 3), nullptr);
  ASSERT_NE(Star(a, 4), nullptr);
  EXPECT_TRUE(Star(a, 3)->met());
  EXPECT_FALSE(Star(a, 4)->met());
  EXPECT_GT(Star(a, 4)->missing_items_size(), 0);
  EXPECT_EQ(a.decision().required_star(), 4);
  EXPECT_EQ(a.decision().outcome(), v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS);
  EXPECT_TRUE(HasReason(a, "star_not_met"));
  for (const auto& c : a.decision().conditions()) EXPECT_GT(c.deadline_days(), 0);
}

TEST(CaseProperties, EachDecisionOutcomeAppears) {
  EXPECT_EQ(Case("saas-vendor-strong").decision().outcome(), v1::DECISION_OUTCOME_APPROVE);
  EXPECT_EQ(Case("saas-vendor-strong").decision().required_star(), 4);
  EXPECT_EQ(Case("saas-vendor-strong").grade(), "A");
  EXPECT_EQ(Case("regional-printer").decision().outcome(), v1::DECISION_OUTCOME_APPROVE);
  EXPECT_EQ(Case("star3-not-star4").decision().outcome(),
            v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS);
  EXPECT_EQ(Case("knockout-no-backups").decision().outcome(), v1::DECISION_OUTCOME_REJECT);
}

TEST(CaseProperties, ItContractorExposedRdpAndLeakedPasswords) {
  const auto& a = Case("it-contractor-rdp");
  const auto* rdp = FindDiscrepancy(a, "pt.no_exposed_services");
  ASSERT_NE(rdp, nullptr);
  EXPECT_EQ(rdp->signal_id(), "net-rdp-3389");
  const auto* pw = FindDiscrepancy(a, "ac.password_rules");
  ASSERT_NE(pw, nullptr);
  EXPECT_EQ(pw->signal_id(), "leak-admin-combo");
  EXPECT_EQ(a.decision().outcome(), v1::DECISION_OUTCOME_REJECT);
}

TEST(CaseProperties, AlmostNothingAnswered) {
  const auto& a = Case("almost-nothing");
  EXPECT_LT(a.confidence_breakdown().coverage(), 0.1);
  EXPECT_LT(a.confidence(), 0.1);
  EXPECT_LT(a.questionnaire_score(), 10);
  EXPECT_EQ(a.decision().outcome(), v1::DECISION_OUTCOME_REJECT);
}

TEST(CaseProperties, PatchLaggardBreachesSla) {
  const auto& a = Case("patch-laggard");
  bool critical_row = false;
  for (const auto& p : a.patch_cadence()) {
    if (p.severity() != v1::SEVERITY_CRITICAL) continue;
    critical_row = true;
    EXPECT_FALSE(p.meets_sla());
    EXPECT_GT(p.median_days_to_resolve(), 14);
    ASSERT_EQ(p.open_past_sla_signal_ids_size(), 1);
    EXPECT_EQ(p.open_past_sla_signal_ids(0), "patch-cve-2026-0931");
  }
  EXPECT_TRUE(critical_row);
  EXPECT_TRUE(HasReason(a, "patch_sla_breach"));
}

TEST(CaseProperties, SmeSelfCheckGetsIpaPoints) {
  const auto& a = Case("sme-selfcheck-retailer");
  EXPECT_EQ(a.template_id(), "sme-basic");
  EXPECT_GT(a.template_points(), 50);
  EXPECT_LT(a.template_points(), 100);
  EXPECT_FALSE(a.template_band().empty());
}

TEST(CaseProperties, WebAgencyCmsClaimContradicted) {
  const auto& a = Case("web-agency-appsec");
  const auto* d = FindDiscrepancy(a, "web.cms_updated");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->signal_id(), "app-cms-vuln-www");
}

TEST(CaseProperties, DigestAndModelVersion) {
  std::map<std::string, std::string> seen;
  for (const auto& [name, scored] : AllCases()) {
    EXPECT_EQ(scored.a.input_digest().size(), 64u) << name;
    EXPECT_TRUE(seen.emplace(scored.a.input_digest(), name).second) << name;
    EXPECT_EQ(scored.a.model_version(), "engine-2/cpsf-1.0+sr.2/default-2026.2");
  }
}

bool HasFinding(const v1::Assessment& a, v1::FindingKind kind) {
  for (const auto& f : a.findings()) {
    if (f.kind() == kind) return true;
  }
  return false;
}

const v1::FactorScore& Factor(const v1::Assessment& a, v1::Factor f) { return a.factors(f - 1); }

// The cases below each close one way of scoring better than deserved (make_cases.py explains
// each); observed-clean is the honest twin of the observed-* cases.
TEST(GamingCases, SilenceFailsAKnockoutLikeNo) {
  const auto& a = Case("game-silent-knockout");
  ASSERT_EQ(a.knockouts_size(), 1);
  EXPECT_EQ(a.knockouts(0), "ac.mfa_remote");
  EXPECT_LE(a.overall_score(), policy::DefaultPolicy().knockout_cap());
  EXPECT_EQ(a.decision().outcome(), v1::DECISION_OUTCOME_REJECT);
}

TEST(GamingCases, NotApplicableContradictedByAScanIsADiscrepancy) {
  const auto& a = Case("game-na-remote-access");
  const auto* d = FindDiscrepancy(a, "ac.mfa_remote");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->claimed(), "not_applicable");
  EXPECT_EQ(d->issue_type(), "exposed_rdp");
  EXPECT_EQ(a.knockouts_size(), 1);
  EXPECT_EQ(a.decision().outcome(), v1::DECISION_OUTCOME_REJECT);
}

TEST(GamingCases, FutureDatesEarnNothing) {
  const auto& a = Case("game-future-dates");
  EXPECT_TRUE(HasFinding(a, v1::FINDING_KIND_FUTURE_DATED));
  const auto& clean = Case("observed-clean");
  EXPECT_LT(a.questionnaire_score(), clean.questionnaire_score());
  for (const auto& f : a.findings()) {
    if (f.kind() != v1::FINDING_KIND_FUTURE_DATED) continue;
    std::vector<std::string> ids(f.question_ids().begin(), f.question_ids().end());
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::string>{"bk.restore_test", "gv.policy", "ir.exercise_date"}));
  }
}

TEST(GamingCases, ADisprovedParentTakesItsFollowUps) {
  const auto& a = Case("game-disproved-parent");
  const auto* d = FindDiscrepancy(a, "web.vuln_scan");
  ASSERT_NE(d, nullptr);
  EXPECT_GT(d->voided_question_ids_size(), 0);
  for (const auto& id : d->voided_question_ids()) EXPECT_NE(id, "web.vuln_scan");
  // The follow-ups fall with the claim: below the same answers with a clean scan.
  EXPECT_LT(a.questionnaire_score(), Case("observed-clean").questionnaire_score());
}

TEST(GamingCases, ABlankCellFails) {
  const auto& a = Case("game-blank-cell");
  bool failing = false;
  for (const auto& c : a.cells()) {
    if (c.layer() == v1::LAYER_1_ORGANIZATIONS && c.component() == v1::COMPONENT_DATA) {
      EXPECT_EQ(c.coverage(), 0);
      failing = c.failing();
    }
  }
  EXPECT_TRUE(failing);
  EXPECT_LE(a.overall_score(), policy::DefaultPolicy().cell_fail_cap());
}

TEST(GamingCases, ProfileFlagsAreCheckedAgainstScansAndTheEngagement) {
  const auto& a = Case("game-profile-hides-web");
  std::vector<v1::ProfileFlag> flags;
  for (const auto& d : a.discrepancies()) {
    if (d.profile_flag() != v1::PROFILE_FLAG_UNSPECIFIED) flags.push_back(d.profile_flag());
  }
  std::sort(flags.begin(), flags.end());
  EXPECT_EQ(flags, (std::vector<v1::ProfileFlag>{v1::PROFILE_FLAG_HANDLES_PERSONAL_DATA,
                                                 v1::PROFILE_FLAG_HAS_WEBSITE}));
  // The sections the flags hid are asked, and count unanswered.
  EXPECT_TRUE(HasFinding(a, v1::FINDING_KIND_UNANSWERED));
  EXPECT_LT(a.confidence_breakdown().coverage(), 1.0);
}

TEST(GamingCases, EmptyEvidenceIsNoEvidence) {
  const auto& a = Case("game-empty-evidence");
  EXPECT_TRUE(HasFinding(a, v1::FINDING_KIND_MISSING_EVIDENCE));
  EXPECT_LT(a.overall_score(), Case("observed-clean").overall_score());
}

TEST(GamingCases, SlowFixHistoryContradictsTheClaimedPatchDays) {
  const auto& a = Case("game-slow-fix-history");
  const auto* d = FindDiscrepancy(a, "pm.critical_days");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->issue_type(), "unpatched_cve");
  EXPECT_EQ(d->credit_after(), 0);
}

TEST(GamingCases, ReopenedIsOpen) {
  const auto& a = Case("game-reopened-rdp");
  EXPECT_EQ(Factor(a, v1::FACTOR_NETWORK_SECURITY).open_issues(), 1);
  EXPECT_TRUE(HasFinding(a, v1::FINDING_KIND_SEVERE_OBSERVATION));
}

TEST(GamingCases, AFirstObservationNeverRaisesTheSignalsScore) {
  const auto& a = Case("game-first-observation");
  const auto& net = Factor(a, v1::FACTOR_NETWORK_SECURITY);
  ASSERT_TRUE(net.observed());
  // The network factor alone would give 100 - w x (100 - F) / W; the leak only takes more off.
  double all = 0;
  for (const auto& fw : policy::DefaultPolicy().factor_weights()) all += fw.weight();
  const double network_only =
      100 - policy::FactorWeight(policy::DefaultPolicy(), v1::FACTOR_NETWORK_SECURITY) *
                (100 - net.score()) / all;
  EXPECT_LT(a.signals_score(), network_only);
  EXPECT_EQ(a.grade(), "D");  // leaked administrator credentials cap the grade
}

TEST(GamingCases, TheSmeTemplateIsLinked) {
  const auto& a = Case("game-sme-contradicted");
  const auto* d = FindDiscrepancy(a, "q01_os_updates");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->issue_type(), "endpoint_outdated_os");
}

TEST(ObservedCases, ObservationsMoveTheGradeBandsAnswersCannot) {
  const auto& clean = Case("observed-clean");
  EXPECT_EQ(clean.grade(), "A");
  for (const char* name : {"observed-rdp-exposed", "observed-critical-200-days"}) {
    const auto& a = Case(name);
    EXPECT_EQ(a.questionnaire_score() <= clean.questionnaire_score(), true) << name;
    EXPECT_TRUE(HasFinding(a, v1::FINDING_KIND_SEVERE_OBSERVATION)) << name;
    EXPECT_LE(a.overall_score(), policy::DefaultPolicy().severe_observation_cap()) << name;
    EXPECT_NE(a.grade(), "A") << name;
    EXPECT_NE(a.grade(), "B") << name;
    EXPECT_NE(a.grade(), "C") << name;
  }
  // The exposed service puts its factor in the F band, the 200-day critical its factor too.
  EXPECT_LT(Factor(Case("observed-rdp-exposed"), v1::FACTOR_NETWORK_SECURITY).score(), 60);
  EXPECT_LT(Factor(Case("observed-critical-200-days"), v1::FACTOR_PATCHING_CADENCE).score(), 60);
}

// Rankable failures: no two rejected cases share an overall score.
TEST(CaseProperties, RejectedSuppliersAreRanked) {
  std::map<double, std::string> seen;
  for (const auto& [name, scored] : AllCases()) {
    if (scored.a.decision().outcome() != v1::DECISION_OUTCOME_REJECT) continue;
    auto [it, fresh] = seen.emplace(scored.a.overall_score(), name);
    EXPECT_TRUE(fresh) << name << " and " << it->second << " share " << it->first;
  }
  EXPECT_GE(seen.size(), 10u);
}

}  // namespace
}  // namespace supplyrisk::scoring
