// Renders every golden case of testdata/suppliers, and a hand-built assessment holding every kind
// of finding, every decision reason code and every kind of condition, in Japanese and English, and
// compares the texts byte for byte with engine/render/testdata/<case>.<lang>.txt. To regenerate
// after a deliberate wording change:
//   UPDATE_GOLDEN=1 bazel run //engine/render:render_test
// then review the diff. Every text must be non-empty, and every Japanese text must differ from the
// English one and come from Japanese template and catalogue texts (no fallback).
#include "engine/render/render.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/catalog/catalog.h"
#include "engine/io/file_loaders.h"
#include "engine/io/supplier_case.h"
#include "engine/policy/policy.h"
#include "engine/render/phrases.h"
#include "engine/scoring/scorer.h"
#include "gtest/gtest.h"

namespace supplyrisk::render {
namespace {

namespace v1 = ::supplyrisk::v1;

constexpr char kCases[] = "testdata/suppliers";
constexpr char kGoldens[] = "engine/render/testdata";

v1::Template LoadTemplateOrDie(const std::string& id) {
  auto loaded = io::LoadTemplateFile(absl::StrCat("testdata/templates/", id, ".textproto"));
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  return loaded.ok() ? loaded->tmpl : v1::Template();
}

struct Models {
  Models() {
    star3 = LoadTemplateOrDie("scs-star3");
    star4 = LoadTemplateOrDie("scs-star4");
    for (const char* id : {"cpsf-supplier", "sme-basic"}) templates[id] = LoadTemplateOrDie(id);
    for (auto& [id, t] : templates) {
      scoring::ModelInput in;
      in.catalog = &catalog::BuiltinCatalog();
      in.questionnaire = &t;
      in.readiness = {&star3, &star4};
      in.policy = &policy::DefaultPolicy();
      auto m = scoring::ScoringModel::Create(in);
      EXPECT_TRUE(m.ok()) << m.status();
      if (m.ok()) models[id] = *std::move(m);
    }
  }
  v1::Template star3, star4;
  std::map<std::string, v1::Template> templates;
  std::map<std::string, std::unique_ptr<scoring::ScoringModel>> models;
};

const Models& GetModels() {
  static const Models* const m = new Models();
  return *m;
}

struct Case {
  std::string name;
  const scoring::ScoringModel* model = nullptr;
  v1::Assessment basic;
};

std::vector<Case> GoldenCases() {
  std::vector<std::string> dirs;
  for (const auto& entry : std::filesystem::directory_iterator(kCases)) {
    if (entry.is_directory()) dirs.push_back(entry.path().filename().string());
  }
  std::sort(dirs.begin(), dirs.end());
  std::vector<Case> out;
  for (const auto& d : dirs) {
    auto c = io::LoadSupplierCase(absl::StrCat(kCases, "/", d));
    EXPECT_TRUE(c.ok()) << d << ": " << c.status();
    if (!c.ok()) continue;
    const auto& model = *GetModels().models.at(c->template_id);
    scoring::SupplierInput in;
    in.profile = &c->profile;
    in.response = &c->response;
    in.signals = c->signals;
    in.engagement = c->has_engagement ? &c->engagement : nullptr;
    in.as_of = c->as_of;
    Case k{d, &model, {}};
    EXPECT_TRUE(scoring::ScoreSupplier(model, in, {}, &k.basic).ok()) << d;
    out.push_back(std::move(k));
  }
  return out;
}

// Real ids of the cpsf-supplier template, so the hand-built assessment renders from real texts.
struct Ids {
  std::string choice, choice_option, knockout, na, any, measure;
};

Ids PickIds(const scoring::ScoringModel& m) {
  Ids ids;
  for (const auto& info : m.questions()) {
    const auto& q = *info.question;
    if (!info.scored) continue;
    if (ids.any.empty()) ids.any = q.id();
    if (ids.choice.empty() && q.options_size() > 1) {
      ids.choice = q.id();
      ids.choice_option = q.options(0).id();
    }
    if (ids.knockout.empty() && q.knockout()) ids.knockout = q.id();
    if (ids.na.empty() && q.allow_not_applicable()) ids.na = q.id();
  }
  ids.measure = m.measures()[0].measure->id();
  return ids;
}

// One finding of every kind (and every variant of a kind's wording), one reason of every code and
// one condition of every id kind, as facts only.
v1::Assessment EveryKind(const scoring::ScoringModel& m, const v1::Assessment& base) {
  const Ids ids = PickIds(m);
  v1::Assessment a;
  a.set_name("suppliers/every-kind/assessments/1");
  a.set_template_id(base.template_id());
  a.set_template_revision(base.template_revision());
  a.set_model_version(base.model_version());
  *a.mutable_as_of() = base.as_of();
  auto finding = [&](v1::FindingKind kind, v1::Severity sev) {
    auto* f = a.add_findings();
    f->set_kind(kind);
    f->set_severity(sev);
    return f;
  };
  for (bool history : {false, true}) {
    auto* f = finding(v1::FINDING_KIND_DISCREPANCY, v1::SEVERITY_HIGH);
    f->add_question_ids(ids.choice);
    f->add_answers(ids.choice_option);
    f->add_question_ids(ids.any);
    f->add_answers("yes");
    f->add_signal_ids(history ? "sig-tls-old" : "sig-tls");
    f->set_issue_type("tls_weak_protocol");
    f->add_assets("portal.example.jp");
    f->set_history(history);
    f->set_voided_count(history ? 0 : 2);
  }
  {
    auto* f = finding(v1::FINDING_KIND_DISCREPANCY, v1::SEVERITY_HIGH);
    f->set_profile_flag(v1::PROFILE_FLAG_HAS_WEBSITE);
    f->set_profile_source("observation");
    f->add_signal_ids("sig-hsts");
  }
  for (int variant = 0; variant < 3; ++variant) {
    auto* f = finding(v1::FINDING_KIND_KNOCKOUT, v1::SEVERITY_CRITICAL);
    f->add_question_ids(ids.knockout);
    if (variant == 0) f->add_signal_ids("sig-mfa");
    if (variant == 2) f->add_answers("no");
  }
  finding(v1::FINDING_KIND_INVALID_NOT_APPLICABLE, v1::SEVERITY_MEDIUM)->add_question_ids(ids.na);
  {
    auto* f = finding(v1::FINDING_KIND_SEVERE_OBSERVATION, v1::SEVERITY_CRITICAL);
    for (const char* s : {"sev-1", "sev-2", "sev-3", "sev-4"}) f->add_signal_ids(s);
    for (int i = 0; i < 3; ++i) {
      auto* o = f->add_observations();
      o->set_issue_type(i == 0 ? "exposed_rdp" : "unpatched_cve");
      o->set_asset(absl::StrCat("host", i, ".example.jp"));
      if (i == 1) o->set_open_days(120);
    }
    f->set_cap(40);
  }
  {
    auto* f = finding(v1::FINDING_KIND_FAILING_CELL, v1::SEVERITY_HIGH);
    f->set_layer(v1::LAYER_2_PHYSICAL_CYBER);
    f->set_component(v1::COMPONENT_PROCEDURE);
    f->set_value(32.54);
    f->set_threshold(40);
    f->set_cap(60);
    f->add_measure_ids(ids.measure);
  }
  {
    auto* f = finding(v1::FINDING_KIND_FAILING_MEASURE, v1::SEVERITY_LOW);
    f->add_measure_ids(ids.measure);
    f->set_value(0.255);
    f->add_question_ids(ids.any);
  }
  finding(v1::FINDING_KIND_MISSING_EVIDENCE, v1::SEVERITY_LOW)->add_question_ids(ids.any);
  {
    auto* f = finding(v1::FINDING_KIND_STALE_ANSWER, v1::SEVERITY_LOW);
    f->add_question_ids(ids.any);
    f->add_question_ids(ids.choice);
    f->set_days(430);
  }
  finding(v1::FINDING_KIND_FUTURE_DATED, v1::SEVERITY_MEDIUM)->add_question_ids(ids.any);
  finding(v1::FINDING_KIND_UNANSWERED, v1::SEVERITY_MEDIUM)->add_question_ids(ids.na);
  {
    auto* f = finding(v1::FINDING_KIND_OPEN_SIGNAL, v1::SEVERITY_HIGH);
    f->set_factor(v1::FACTOR_NETWORK_SECURITY);
    f->set_issue_type("exposed_rdp");
    f->add_assets("a.example.jp");
    f->add_assets("b.example.jp");
    f->add_signal_ids("rdp-1");
    f->add_signal_ids("rdp-2");
  }
  {
    auto* f = finding(v1::FINDING_KIND_PATCH_SLA_BREACH, v1::SEVERITY_CRITICAL);
    f->set_vulnerability_severity(v1::SEVERITY_CRITICAL);
    f->set_days(15);
    f->add_signal_ids("cve-1");
    f = finding(v1::FINDING_KIND_PATCH_SLA_BREACH, v1::SEVERITY_MEDIUM);
    f->set_vulnerability_severity(v1::SEVERITY_HIGH);
    f->set_days(30);
    f->set_value(45.5);
  }
  {
    auto* d = a.add_discrepancies();
    d->set_question_id(ids.choice);
    d->set_claimed(ids.choice_option);
    d->set_observed(
        "tls_weak_protocol on portal.example.jp (SEVERITY_MEDIUM, first seen 2026-09-01)");
    d->set_signal_id("sig-tls");
    d->set_issue_type("tls_weak_protocol");
    d = a.add_discrepancies();
    d->set_profile_flag(v1::PROFILE_FLAG_HAS_WEBSITE);
    d->set_claimed("not having a website");
    d->set_observed("hsts_missing on shop.example.jp");
    d->set_signal_id("sig-hsts");
    d->set_issue_type("hsts_missing");
  }
  auto* step = a.add_remediation_plan();
  step->add_question_ids(ids.any);
  step->set_deadline_days(60);

  auto* d = a.mutable_decision();
  d->set_outcome(v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS);
  d->set_required_star(4);
  auto reason = [&](const char* code) {
    auto* r = d->add_reasons();
    r->set_code(code);
    return r;
  };
  reason("required_level");
  {
    auto* r = reason("required_level");
    r->add_required_causes("important_confidential_data");
    r->add_required_causes("outage_unacceptable");
    r->add_required_causes("access_to_internal_systems");
  }
  for (bool due : {true, false}) {
    auto* r = reason("stale_answers");
    r->set_count(3);
    r->set_freshness(0.6);
    r->set_score(72.44);
    r->set_minimum(70);
    r->set_deadline_days(30);
    if (due) r->mutable_due()->set_seconds(a.as_of().seconds() + 30 * 86400);
  }
  reason("knockout")->add_question_ids(ids.knockout);
  {
    auto* r = reason("overall_below_minimum");
    r->set_score(55.25);
    r->set_minimum(60);
    r->set_within_margin(true);
    r = reason("layer_minimum");
    r->set_layer(v1::LAYER_3_CYBERSPACE);
    r->set_score(41);
    r->set_minimum(50);
  }
  const auto& star3 = GetModels().star3.readiness();
  for (bool folded : {false, true}) {
    auto* r = reason("star_not_met");
    r->add_star_item_ids(star3.items(0).id());
    r->add_star_item_ids("security_action_two_star_declaration");
    r->set_folded(folded);
  }
  for (const char* s : {"sig-tls", "sig-hsts"}) {
    auto* r = reason("discrepancy");
    r->add_signal_ids(s);
  }
  reason("open_signal")->add_signal_ids("rdp-1");
  d->mutable_reasons()->rbegin()->add_signal_ids("rdp-2");
  reason("patch_sla_breach")->add_signal_ids("cve-1");
  {
    auto* r = reason("low_confidence");
    r->set_score(0.4125);
    r->set_minimum(0.5);
  }
  const std::vector<std::string> conditions = {"reassess",
                                               "observation:sig-tls",
                                               absl::StrCat("question:", ids.any),
                                               absl::StrCat("measure:", ids.measure),
                                               "open_signal:rdp-1,rdp-2",
                                               "patch_sla:cve-1",
                                               "refresh_questionnaire"};
  {
    auto* r = reason("too_many_conditions");
    for (const auto& id : conditions) r->add_condition_ids(id);
    r->add_condition_ids(absl::StrCat("question:", ids.choice));
    r->set_folded_count(1);
    r->set_count(static_cast<int>(conditions.size()) + 1);
    r->set_maximum(6);
  }
  reason("meets_requirements");
  for (const auto& id : conditions) {
    auto* c = d->add_conditions();
    c->set_id(id);
    c->set_deadline_days(30);
  }
  return a;
}

// Every text of a rendered assessment, labelled, one per line.
struct Text {
  std::string label;
  std::string text;
};

const std::string& In(Language lang, const v1::LocalizedText& t) {
  return lang == Language::kJa ? t.ja() : t.en();
}

std::vector<Text> Texts(const v1::Assessment& a, Language lang) {
  std::vector<Text> out;
  for (const auto& f : a.findings()) {
    const std::string kind = v1::FindingKind_Name(f.kind());
    out.push_back({kind, In(lang, f.summary())});
    const bool has_fix =
        f.kind() != v1::FINDING_KIND_INVALID_NOT_APPLICABLE &&
        f.kind() != v1::FINDING_KIND_FAILING_CELL &&
        !(f.kind() == v1::FINDING_KIND_FAILING_MEASURE && f.question_ids().empty());
    if (has_fix) out.push_back({absl::StrCat(kind, " ->"), In(lang, f.remediation())});
  }
  for (const auto& s : a.remediation_plan()) out.push_back({"plan", In(lang, s.advice())});
  for (const auto& r : a.decision().reasons()) out.push_back({r.code(), In(lang, r.text())});
  for (const auto& c : a.decision().conditions()) {
    out.push_back({absl::StrCat("condition ", c.id()), In(lang, c.remediation().advice())});
  }
  return out;
}

std::string Dump(const std::vector<Text>& texts) {
  std::string out;
  for (const auto& t : texts) absl::StrAppend(&out, t.label, ": ", t.text, "\n");
  return out;
}

std::string ReadOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Renders `c` in both languages, checks every text and compares with (or writes) its goldens.
// Records which finding kinds, reason codes and condition kinds it rendered.
void CheckCase(const Case& c, std::set<std::string>* covered) {
  const char* update = std::getenv("UPDATE_GOLDEN");
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  const bool updating = update != nullptr && std::string(update) == "1";
  std::map<Language, std::vector<Text>> by_lang;
  for (Language lang : {Language::kJa, Language::kEn}) {
    v1::Assessment a = c.basic;
    RenderStats stats;
    ASSERT_TRUE(RenderAssessment(*c.model, lang, &a, &stats).ok()) << c.name;
    // Shipped templates and the catalogue have every text in both languages.
    EXPECT_TRUE(stats.fallbacks.empty())
        << c.name << " " << LanguageCode(lang) << " fell back for " << stats.fallbacks.front();
    // Only the requested language is filled.
    v1::Assessment other = a;
    for (const auto& t : Texts(other, lang == Language::kJa ? Language::kEn : Language::kJa)) {
      EXPECT_TRUE(t.text.empty()) << c.name << " " << t.label << " filled in both languages";
    }
    // Rendering is deterministic.
    v1::Assessment again = c.basic;
    ASSERT_TRUE(RenderAssessment(*c.model, lang, &again).ok());
    EXPECT_EQ(again.SerializeAsString(), a.SerializeAsString()) << c.name;
    by_lang[lang] = Texts(a, lang);
    for (const auto& t : by_lang[lang]) {
      EXPECT_FALSE(t.text.empty()) << c.name << " " << LanguageCode(lang) << " " << t.label;
      EXPECT_FALSE(absl::StrContains(t.text, "{")) << c.name << " " << t.label << ": " << t.text;
      for (const auto& p : AllPhrases()) {
        EXPECT_NE(t.text, p.key) << c.name << ": phrase missing from the table";
      }
    }
    for (const auto& f : a.findings()) covered->insert(v1::FindingKind_Name(f.kind()));
    for (const auto& r : a.decision().reasons()) covered->insert(absl::StrCat("reason:", r.code()));
    for (const auto& r : a.decision().reasons()) {
      for (const auto& id : r.condition_ids()) {
        covered->insert(absl::StrCat("condition:", id.substr(0, id.find(':'))));
      }
    }
    for (const auto& cond : a.decision().conditions()) {
      covered->insert(absl::StrCat("condition:", cond.id().substr(0, cond.id().find(':'))));
    }
    const std::string text = Dump(by_lang[lang]);
    const std::string file = absl::StrCat(kGoldens, "/", c.name, ".", LanguageCode(lang), ".txt");
    if (updating) {
      ASSERT_NE(workspace, nullptr) << "run with `bazel run` to update goldens";
      std::ofstream(absl::StrCat(workspace, "/", file), std::ios::binary) << text;
    } else {
      EXPECT_EQ(text, ReadOrEmpty(file)) << file << " differs (UPDATE_GOLDEN=1 to regenerate)";
    }
  }
  const auto& ja = by_lang[Language::kJa];
  const auto& en = by_lang[Language::kEn];
  ASSERT_EQ(ja.size(), en.size());
  for (size_t i = 0; i < ja.size(); ++i) {
    EXPECT_NE(ja[i].text, en[i].text) << c.name << " " << ja[i].label << ": not translated";
  }
}

TEST(RenderTest, EveryCaseEveryKindInBothLanguages) {
  std::vector<Case> cases = GoldenCases();
  ASSERT_GE(cases.size(), 12u);
  const scoring::ScoringModel* cpsf = GetModels().models.at("cpsf-supplier").get();
  const v1::Assessment* base = nullptr;
  for (const auto& c : cases) {
    if (c.model == cpsf) base = &c.basic;
  }
  ASSERT_NE(base, nullptr);
  cases.push_back({"every-kind", cpsf, EveryKind(*cpsf, *base)});
  std::set<std::string> covered;
  for (const auto& c : cases) CheckCase(c, &covered);
  for (int k = 1; k <= v1::FindingKind_MAX; ++k) {
    EXPECT_TRUE(covered.count(v1::FindingKind_Name(static_cast<v1::FindingKind>(k))))
        << v1::FindingKind_Name(static_cast<v1::FindingKind>(k)) << " never rendered";
  }
  for (const char* code :
       {"required_level", "stale_answers", "knockout", "overall_below_minimum", "layer_minimum",
        "star_not_met", "discrepancy", "open_signal", "patch_sla_breach", "low_confidence",
        "too_many_conditions", "meets_requirements"}) {
    EXPECT_TRUE(covered.count(absl::StrCat("reason:", code))) << code << " never rendered";
  }
  for (const char* kind : {"reassess", "observation", "question", "measure", "open_signal",
                           "patch_sla", "refresh_questionnaire"}) {
    EXPECT_TRUE(covered.count(absl::StrCat("condition:", kind))) << kind << " never rendered";
  }
}

// A stored assessment's facts render only with the model it names.
TEST(RenderTest, RefusesAnotherModel) {
  const auto cases = GoldenCases();
  const auto& models = GetModels().models;
  for (const auto& c : cases) {
    const auto* other =
        models.at(c.basic.template_id() == "sme-basic" ? "cpsf-supplier" : "sme-basic").get();
    v1::Assessment a = c.basic;
    const absl::Status s = RenderAssessment(*other, Language::kJa, &a);
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << c.name;
    break;
  }
}

// Reasons and conditions from the engagement's subcontractor chain name the party by its display
// name, how the scope reaches it, and what it receives, in both languages.
TEST(RenderTest, ChainReasonsNameThePartyAndWhatItReceives) {
  const auto cases = GoldenCases();
  ASSERT_FALSE(cases.empty());
  const auto& c = cases.front();
  v1::Assessment a = c.basic;
  auto* er = a.mutable_effective_risk();
  v1::ChainNode* node = er->add_receivers();
  node->set_supplier("suppliers/weak");
  node->mutable_display_name()->set_en("Weak Sub KK");
  node->mutable_display_name()->set_ja("弱い下請株式会社");
  node->set_assessed(true);
  v1::ChainPath* path = er->add_receiver_paths();
  for (const auto& [from, to] :
       {std::pair<std::string, std::string>{"suppliers/me", "suppliers/mid"},
        {"suppliers/mid", "suppliers/weak"}}) {
    v1::ChainHop* hop = path->add_hops();
    hop->set_from(from);
    hop->set_to(to);
    hop->add_data_classes(v1::DATA_CLASS_PERSONAL);
  }
  v1::Decision* d = a.mutable_decision();
  for (const char* code :
       {"subcontractor_failing", "subcontractor_unassessed", "chain_lowered", "chain_beyond_cap"}) {
    v1::DecisionReason* r = d->add_reasons();
    r->set_code(code);
    r->set_party("suppliers/weak");
    *r->mutable_path() = *path;
    r->set_score(31);
    r->set_minimum(60);
    r->set_count(2);
  }
  d->add_conditions()->set_id("subcontractor:suppliers/weak");
  d->add_conditions()->set_id("assess_subcontractor:suppliers/weak");
  const int base = d->reasons_size() - 4;
  for (Language lang : {Language::kEn, Language::kJa}) {
    v1::Assessment rendered = a;
    ASSERT_TRUE(RenderAssessment(*c.model, lang, &rendered).ok());
    const v1::Decision& out = rendered.decision();
    for (int i = base; i < base + 3; ++i) {
      const std::string text =
          lang == Language::kEn ? out.reasons(i).text().en() : out.reasons(i).text().ja();
      EXPECT_NE(text.find(lang == Language::kEn ? "Weak Sub KK" : "弱い下請株式会社"),
                std::string::npos)
          << text;
      EXPECT_NE(text.find(lang == Language::kEn ? "personal data" : "個人情報"), std::string::npos)
          << text;
      EXPECT_NE(text.find(lang == Language::kEn ? "via mid" : "mid 経由で"), std::string::npos)
          << text;
      EXPECT_EQ(text.find("subcontractor_"), std::string::npos) << text;
    }
    const std::string cap = lang == Language::kEn ? out.reasons(base + 3).text().en()
                                                  : out.reasons(base + 3).text().ja();
    EXPECT_NE(cap.find("2"), std::string::npos) << cap;
    for (int i = out.conditions_size() - 2; i < out.conditions_size(); ++i) {
      const auto& advice = out.conditions(i).remediation().advice();
      const std::string text = lang == Language::kEn ? advice.en() : advice.ja();
      EXPECT_NE(text.find(lang == Language::kEn ? "Weak Sub KK" : "弱い下請株式会社"),
                std::string::npos)
          << text;
    }
  }
}

TEST(RenderTest, ClearRenderedTextGivesBackTheFacts) {
  for (const auto& c : GoldenCases()) {
    v1::Assessment a = c.basic;
    ASSERT_TRUE(RenderAssessment(*c.model, Language::kJa, &a).ok());
    ClearRenderedText(&a);
    EXPECT_EQ(a.SerializeAsString(), c.basic.SerializeAsString()) << c.name;
  }
}

TEST(LanguageTest, ParsesJaDefaultAndEn) {
  EXPECT_EQ(*ParseLanguage(""), Language::kJa);
  EXPECT_EQ(*ParseLanguage("ja"), Language::kJa);
  EXPECT_EQ(*ParseLanguage("en"), Language::kEn);
  const auto bad = ParseLanguage("fr");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(bad.status().message(), "language")) << bad.status();
}

}  // namespace
}  // namespace supplyrisk::render
