#include "engine/questionnaire/lint.h"

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "engine/questionnaire/loader.h"
#include "engine/questionnaire/test_catalog.h"
#include "gtest/gtest.h"

namespace supplyrisk::questionnaire {
namespace {

using ::supplyrisk::v1::Question;
using ::supplyrisk::v1::Template;

// A valid questionnaire exercising every feature the lint checks.
// clang-format off
constexpr char kValid[] = R"txt(id: "t"
revision: 1
state: TEMPLATE_STATE_DRAFT
kind: TEMPLATE_KIND_QUESTIONNAIRE
title { ja: "テスト" en: "Test" }
sections {
  id: "base"
  title { ja: "基本" en: "Basics" }
  questions {
    id: "inventory"
    text { ja: "資産台帳がありますか。" en: "Do you keep an asset inventory?" }
    answer_type: ANSWER_TYPE_YES_NO
    weight: 1
    measures { measure_id: "CPS.AM-1" }
    knockout: true
    allow_not_applicable: true
    evidence { required: true kinds: EVIDENCE_KIND_RECORD cap_without_evidence: 0.5 }
    validity_days: 365
    remediation { advice { ja: "台帳を作る" en: "Build one" } effort: EFFORT_LOW effort_days: 2 }
  }
  questions {
    id: "patch_days"
    text { ja: "何日で適用しますか。" en: "Days to patch?" }
    answer_type: ANSWER_TYPE_NUMBER
    bands { max: 14 credit: 1 }
    bands { min: 14 max: 30 credit: 0.5 }
    bands { min: 30 credit: 0 }
    weight: 2
    measures { measure_id: "CPS.MA-1" share: 0.8 }
    measures { measure_id: "CPS.AM-1" share: 0.2 }
    compensable: true
    compensation { compensating_measure_ids: "SR.PT-1" max_credit: 0.6 rationale { ja: "分離" en: "Isolation" } }
    remediation { advice { ja: "早く" en: "Faster" } effort: EFFORT_MEDIUM }
    signal_links { factor: FACTOR_PATCHING_CADENCE issue_type: "unpatched_cve" relation: SIGNAL_RELATION_CONTRADICTS }
  }
  questions {
    id: "mfa"
    text { ja: "多要素認証は？" en: "MFA?" }
    answer_type: ANSWER_TYPE_SINGLE_CHOICE
    options { id: "all" label { ja: "全員" en: "Everyone" } credit: 1 }
    options { id: "admins" label { ja: "管理者" en: "Admins" } credit: 0.5 }
    options { id: "none" label { ja: "なし" en: "None" } credit: 0 knockout: true }
    knockout: true
    weight: 1
    measures { measure_id: "SR.AC-1" }
    remediation { advice { ja: "導入" en: "Deploy" } effort: EFFORT_MEDIUM }
    condition { answer { question_id: "inventory" any_of: ["yes", "partial", "not_applicable"] } }
  }
  questions {
    id: "mfa_tool"
    text { ja: "製品名" en: "Product" }
    answer_type: ANSWER_TYPE_TEXT
    condition { answer { question_id: "mfa" any_of: ["all", "admins"] } }
  }
}
sections {
  id: "chain"
  title { ja: "委託先" en: "Subcontractors" }
  condition { profile { flag: PROFILE_FLAG_USES_SUBCONTRACTORS value: true } }
  questions {
    id: "subs"
    text { ja: "委託先" en: "Subcontractors" }
    answer_type: ANSWER_TYPE_SUBCONTRACTORS
  }
  questions {
    id: "last_test"
    text { ja: "最後の試験日" en: "Last test" }
    answer_type: ANSWER_TYPE_DATE
    bands { min: 0 max: 365 credit: 1 }
    bands { min: 365 credit: 0 }
    weight: 1
    measures { measure_id: "SR.SC-1" }
    remediation { advice { ja: "試験" en: "Test" } effort: EFFORT_HIGH }
    condition { all { conditions { profile { flag: PROFILE_FLAG_HAS_WEBSITE value: true } } conditions { not { answer { question_id: "mfa" any_of: "none" } } } } }
  }
}
)txt";
// clang-format on

const catalog::CatalogIndex& Cat() { return testing::TestCatalog(); }

Template Valid() {
  LoadedTemplate t = ParseTemplateText(kValid, "t.textproto");
  EXPECT_TRUE(t.ok());
  return t.tmpl;
}

std::vector<std::string> Lint(const Template& t) {
  std::vector<std::string> out;
  for (const Problem& p : LintTemplate(t, Cat())) out.push_back(FormatProblem(p));
  return out;
}

// Lints Valid() after `mutate` and expects exactly `expected`.
void ExpectProblems(const std::function<void(Template*)>& mutate,
                    const std::vector<std::string>& expected) {
  Template t = Valid();
  mutate(&t);
  EXPECT_EQ(Lint(t), expected) << absl::StrJoin(Lint(t), "\n");
}

Question* Q(Template* t, int s, int q) { return t->mutable_sections(s)->mutable_questions(q); }

TEST(LintTest, ValidTemplateHasNoProblems) {
  EXPECT_TRUE(Lint(Valid()).empty()) << absl::StrJoin(Lint(Valid()), "\n");
  EXPECT_TRUE(ValidateTemplate(Valid(), Cat()).ok());
}

TEST(LintTest, LinesAndFileFromLoadedTemplate) {
  std::string text = kValid;
  // Drop the English text of "inventory" (line 11).
  text.replace(text.find(" en: \"Do you keep an asset inventory?\""),
               std::string(" en: \"Do you keep an asset inventory?\"").size(), "");
  LoadedTemplate t = ParseTemplateText(text, "t.textproto");
  auto problems = LintTemplate(t, Cat());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(FormatProblem(problems[0]),
            "t.textproto:11: sections[0].questions[0].text.en: English text is "
            "missing");
}

TEST(LintTest, HeaderRules) {
  ExpectProblems(
      [](Template* t) {
        t->clear_id();
        t->set_revision(0);
        t->clear_state();
        t->clear_kind();
        t->mutable_title()->clear_ja();
      },
      {"id: template id is missing", "revision: revision must be >= 1 (got 0)",
       "state: state is not set: use TEMPLATE_STATE_DRAFT or "
       "TEMPLATE_STATE_PUBLISHED",
       "title.ja: Japanese text is missing",
       "kind: kind is not set: use TEMPLATE_KIND_QUESTIONNAIRE or "
       "TEMPLATE_KIND_READINESS_PROFILE"});
  ExpectProblems([](Template* t) { t->set_id("has space"); },
                 {"id: template id 'has space' may contain only letters, "
                  "digits, '_', '-' and '.'"});
}

TEST(LintTest, DuplicateIds) {
  ExpectProblems([](Template* t) { Q(t, 1, 0)->set_id("mfa"); },
                 {"sections[1].questions[0].id: duplicate question id 'mfa' (first at "
                  "sections[0].questions[2])"});
  ExpectProblems([](Template* t) { t->mutable_sections(1)->set_id("base"); },
                 {"sections[1].id: duplicate section id 'base' (first at "
                  "sections[0])"});
  ExpectProblems([](Template* t) { Q(t, 0, 2)->mutable_options(1)->set_id("all"); },
                 {"sections[0].questions[2].options[1].id: duplicate option id 'all' "
                  "(first at sections[0].questions[2].options[0])",
                  "sections[0].questions[3].condition.answer.any_of[1]: 'admins' is not "
                  "an option of question 'mfa' (options: all, all, none)"});
}

TEST(LintTest, QuestionWithoutIdKeepsItsConditionAQuestionCondition) {
  // mfa_tool's condition tests mfa, a question of the same section. With the id gone the condition
  // was taken for a section condition and wrongly reported as referring to its own section.
  ExpectProblems([](Template* t) { Q(t, 0, 3)->clear_id(); },
                 {"sections[0].questions[3].id: question id is missing"});
}

TEST(LintTest, SignalIssueLinkedOnce) {
  ExpectProblems(
      [](Template* t) {
        auto* link = Q(t, 0, 1)->add_signal_links();
        *link = Q(t, 0, 1)->signal_links(0);
        link->set_relation(supplyrisk::v1::SIGNAL_RELATION_CONFIRMS);
      },
      {"sections[0].questions[1].signal_links[1].issue_type: issue type "
       "'unpatched_cve' is already linked at "
       "sections[0].questions[1].signal_links[0]"});
  // The same issue type under another factor is another signal.
  ExpectProblems(
      [](Template* t) {
        auto* link = Q(t, 0, 1)->add_signal_links();
        *link = Q(t, 0, 1)->signal_links(0);
        link->set_factor(supplyrisk::v1::FACTOR_APPLICATION_SECURITY);
      },
      // ... though the catalogue knows the factor unpatched_cve signals carry.
      {"warning: sections[0].questions[1].signal_links[1].factor: issue type 'unpatched_cve' "
       "has factor FACTOR_PATCHING_CADENCE, not FACTOR_APPLICATION_SECURITY"});
}

TEST(LintTest, EnumValuesUnknownToThisBuild) {
  // Only binary templates (from the API) can carry them; each used to pass.
  ExpectProblems(
      [](Template* t) { Q(t, 1, 0)->set_answer_type(static_cast<supplyrisk::v1::AnswerType>(42)); },
      {"sections[1].questions[0].answer_type: answer type 42 is not a known "
       "type"});
  ExpectProblems(
      [](Template* t) {
        Q(t, 0, 1)->mutable_signal_links(0)->set_factor(static_cast<supplyrisk::v1::Factor>(99));
      },
      {"sections[0].questions[1].signal_links[0].factor: factor 99 is not a "
       "known factor"});
  ExpectProblems(
      [](Template* t) {
        t->mutable_sections(1)->mutable_condition()->mutable_profile()->set_flag(
            static_cast<supplyrisk::v1::ProfileFlag>(99));
      },
      {"sections[1].condition.profile.flag: profile flag 99 is not a known "
       "flag"});
}

TEST(LintTest, TextRules) {
  ExpectProblems(
      [](Template* t) {
        Q(t, 0, 0)->mutable_text()->clear_ja();
        Q(t, 0, 1)->mutable_text()->set_en("  ");
        Q(t, 0, 2)->mutable_help()->set_ja("補足");
      },
      {"sections[0].questions[0].text.ja: Japanese text is missing",
       "sections[0].questions[1].text.en: English text is missing",
       "sections[0].questions[2].help.en: English text is missing"});
}

TEST(LintTest, WeightAndAnswerType) {
  ExpectProblems([](Template* t) { Q(t, 0, 0)->set_weight(0); },
                 {"sections[0].questions[0].weight: weight must be a finite "
                  "number > 0 for a scored question (got 0)"});
  ExpectProblems([](Template* t) { Q(t, 0, 0)->set_weight(-1); },
                 {"sections[0].questions[0].weight: weight must be a finite "
                  "number > 0 for a scored question (got -1)"});
  ExpectProblems([](Template* t) { Q(t, 0, 3)->set_weight(1); },
                 {"sections[0].questions[3].weight: a TEXT question scores "
                  "nothing: weight must be 0 (got 1)"});
  ExpectProblems([](Template* t) { Q(t, 1, 0)->add_measures()->set_measure_id("SR.SC-1"); },
                 {"sections[1].questions[0].measures[0]: a SUBCONTRACTORS question scores "
                  "nothing: it must not link measures"});
  ExpectProblems(
      [](Template* t) {
        Q(t, 0, 3)->clear_answer_type();
        Q(t, 0, 3)->clear_condition();
      },
      {"sections[0].questions[3].answer_type: answer type is not set"});
  ExpectProblems([](Template* t) { Q(t, 0, 0)->clear_measures(); },
                 {"sections[0].questions[0].measures: a scored question must "
                  "link at least one measure"});
}

TEST(LintTest, MeasureLinks) {
  ExpectProblems(
      [](Template* t) {
        Q(t, 0, 1)->mutable_measures(0)->set_measure_id("CPS.XX-9");
        Q(t, 0, 1)->mutable_measures(1)->set_share(0);
        Q(t, 0, 0)->add_measures()->set_measure_id("CPS.AM-1");
      },
      {"sections[0].questions[0].measures[1].measure_id: measure 'CPS.AM-1' "
       "is linked twice",
       "sections[0].questions[1].measures[0].measure_id: unknown measure "
       "'CPS.XX-9': not in the catalogue",
       "sections[0].questions[1].measures[1].share: share must be in (0, 1] "
       "(got 0)"});
}

TEST(LintTest, Options) {
  ExpectProblems([](Template* t) { Q(t, 0, 2)->mutable_options(1)->clear_credit(); },
                 {"sections[0].questions[2].options[1].credit: option has no "
                  "credit: every option states one, 0 included"});
  ExpectProblems([](Template* t) { Q(t, 0, 2)->mutable_options(0)->set_credit(1.5); },
                 {"sections[0].questions[2].options[0].credit: credit must be in [0, 1] "
                  "(got 1.5)"});
  ExpectProblems(
      [](Template* t) {
        Q(t, 0, 2)->mutable_options()->DeleteSubrange(0, 2);
        Q(t, 0, 3)->clear_condition();
      },
      {"sections[0].questions[2].options[0]: a SINGLE_CHOICE question needs at "
       "least 2 options (got 1)"});
  ExpectProblems([](Template* t) { *Q(t, 0, 0)->add_options() = Q(t, 0, 2)->options(0); },
                 {"sections[0].questions[0].options[0]: options are only allowed on "
                  "SINGLE_CHOICE and MULTIPLE_CHOICE questions (this one is YES_NO)"});
  ExpectProblems([](Template* t) { Q(t, 0, 2)->mutable_options(1)->mutable_label()->clear_en(); },
                 {"sections[0].questions[2].options[1].label.en: English text is "
                  "missing"});
}

TEST(LintTest, Bands) {
  ExpectProblems([](Template* t) { Q(t, 0, 1)->mutable_bands(1)->set_min(10); },
                 {"sections[0].questions[1].bands[1]: band [10, 30) overlaps "
                  "sections[0].questions[1].bands[0] [-inf, 14)"});
  ExpectProblems([](Template* t) { Q(t, 0, 1)->mutable_bands(1)->set_max(14); },
                 {"sections[0].questions[1].bands[1].max: min must be below max "
                  "(got min 14, max 14)"});
  ExpectProblems([](Template* t) { Q(t, 0, 1)->mutable_bands(2)->set_credit(-0.1); },
                 {"sections[0].questions[1].bands[2].credit: credit must be in [0, 1] "
                  "(got -0.1)"});
  ExpectProblems([](Template* t) { Q(t, 0, 1)->clear_bands(); },
                 {"sections[0].questions[1].bands: a NUMBER question needs at "
                  "least one band"});
  ExpectProblems([](Template* t) { *Q(t, 0, 0)->add_bands() = Q(t, 0, 1)->bands(0); },
                 {"sections[0].questions[0].bands[0]: bands are only allowed on "
                  "NUMBER and DATE questions (this one is YES_NO)"});
  ExpectProblems([](Template* t) { Q(t, 1, 1)->mutable_bands(0)->set_min(-5); },
                 {"sections[1].questions[1].bands[0].min: a DATE band is an age "
                  "in days and cannot start below 0 (got -5)"});
}

TEST(LintTest, EvidenceValidityRemediation) {
  ExpectProblems(
      [](Template* t) {
        Q(t, 0, 0)->mutable_evidence()->set_cap_without_evidence(1.2);
        Q(t, 0, 0)->set_validity_days(-1);
      },
      {"sections[0].questions[0].evidence.cap_without_evidence: "
       "cap_without_evidence must be in [0, 1] (got 1.2)",
       "sections[0].questions[0].validity_days: validity_days must be >= 0 "
       "(got -1)"});
  ExpectProblems(
      [](Template* t) {
        Q(t, 0, 1)->mutable_remediation()->mutable_advice()->clear_ja();
        Q(t, 0, 1)->mutable_remediation()->clear_effort();
      },
      {"sections[0].questions[1].remediation.advice.ja: Japanese text is "
       "missing",
       "sections[0].questions[1].remediation.effort: effort is not set"});
  ExpectProblems([](Template* t) { Q(t, 0, 2)->clear_remediation(); },
                 {"sections[0].questions[2].remediation: a scored question "
                  "needs remediation advice (ja and en) and an effort"});
}

TEST(LintTest, Compensation) {
  ExpectProblems([](Template* t) { Q(t, 0, 1)->set_compensable(false); },
                 {"sections[0].questions[1].compensation: compensation is only "
                  "allowed on compensable questions (set compensable: true or "
                  "remove it)"});
  ExpectProblems(
      [](Template* t) {
        auto* c = Q(t, 0, 1)->mutable_compensation();
        c->add_compensating_measure_ids("CPS.MA-1");
        c->add_compensating_measure_ids("SR.ZZ-1");
        c->set_max_credit(1);
      },
      {"sections[0].questions[1].compensation.compensating_measure_ids[1]: "
       "compensating measure 'CPS.MA-1' is one of the question's own measures",
       "sections[0].questions[1].compensation.compensating_measure_ids[2]: "
       "unknown compensating measure 'SR.ZZ-1': not in the catalogue",
       "sections[0].questions[1].compensation.max_credit: max_credit must be "
       "in (0, 1) (got 1)"});
  ExpectProblems([](Template* t) { Q(t, 0, 1)->clear_compensation(); },
                 {"sections[0].questions[1].compensation.compensating_measure_"
                  "ids: a compensable question needs compensating measures",
                  "sections[0].questions[1].compensation.max_credit: "
                  "max_credit must be in (0, 1) (got 0)",
                  "sections[0].questions[1].compensation.rationale.ja: "
                  "Japanese text is missing",
                  "sections[0].questions[1].compensation.rationale.en: "
                  "English text is missing"});
}

TEST(LintTest, SignalLinks) {
  ExpectProblems(
      [](Template* t) {
        auto* s = Q(t, 0, 1)->mutable_signal_links(0);
        s->clear_factor();
        s->set_issue_type("Unpatched-CVE");
        s->clear_relation();
      },
      {"sections[0].questions[1].signal_links[0].factor: factor is not set",
       "sections[0].questions[1].signal_links[0].issue_type: issue type "
       "'Unpatched-CVE' must be snake_case (lowercase letters, digits and '_')",
       "sections[0].questions[1].signal_links[0].relation: relation is not "
       "set: use SIGNAL_RELATION_CONTRADICTS or SIGNAL_RELATION_CONFIRMS",
       // With its only link broken, nothing a scan sees can contradict the patching answer.
       "warning: sections[0].questions[1].measures[0].measure_id: measure 'CPS.MA-1' is observed "
       "by scans (unpatched_cve, end_of_life_software): link at least one of its issue types as "
       "SIGNAL_RELATION_CONTRADICTS"});
}

TEST(LintTest, Knockout) {
  ExpectProblems([](Template* t) { Q(t, 0, 3)->set_knockout(true); },
                 {"sections[0].questions[3].knockout: knockout is only allowed "
                  "on YES_NO and choice questions (this one is TEXT)"});
  ExpectProblems([](Template* t) { Q(t, 0, 2)->mutable_options(2)->set_knockout(false); },
                 {"sections[0].questions[2].knockout: a knockout choice question needs an "
                  "option marked knockout"});
  ExpectProblems([](Template* t) { Q(t, 0, 2)->set_knockout(false); },
                 {"sections[0].questions[2].options[2].knockout: option is "
                  "marked knockout but the question is not a knockout question"});
}

TEST(LintTest, ConditionReferencesAndTokens) {
  ExpectProblems(
      [](Template* t) {
        Q(t, 0, 3)->mutable_condition()->mutable_answer()->set_question_id("ghost");
      },
      {"sections[0].questions[3].condition.answer.question_id: condition "
       "refers to unknown question 'ghost'"});
  ExpectProblems(
      [](Template* t) { Q(t, 0, 3)->mutable_condition()->mutable_answer()->set_any_of(1, "some"); },
      {"sections[0].questions[3].condition.answer.any_of[1]: 'some' is not an "
       "option of question 'mfa' (options: all, admins, none)"});
  ExpectProblems(
      [](Template* t) { Q(t, 0, 2)->mutable_condition()->mutable_answer()->set_any_of(0, "true"); },
      {"sections[0].questions[2].condition.answer.any_of[0]: 'true' is not a "
       "yes/no answer of question 'inventory' (use yes, partial, no, unknown "
       "or not_applicable)"});
  ExpectProblems([](Template* t) { Q(t, 0, 0)->set_allow_not_applicable(false); },
                 {"sections[0].questions[2].condition.answer.any_of[2]: 'not_applicable' "
                  "never matches: question 'inventory' does not allow not applicable"});
  ExpectProblems(
      [](Template* t) {
        Q(t, 0, 3)->mutable_condition()->mutable_answer()->set_question_id("patch_days");
      },
      {"sections[0].questions[3].condition.answer: a condition cannot test the "
       "answer of NUMBER question 'patch_days'"});
  ExpectProblems(
      [](Template* t) { Q(t, 0, 3)->mutable_condition()->mutable_answer()->clear_any_of(); },
      {"sections[0].questions[3].condition.answer.any_of: any_of is empty, so "
       "the condition never holds"});
  ExpectProblems(
      [](Template* t) {
        auto* c = t->mutable_sections(1)->mutable_condition();
        c->mutable_profile()->clear_flag();
        Q(t, 0, 0)->mutable_condition()->mutable_any();
        Q(t, 0, 1)->mutable_condition()->mutable_not_();
      },
      {"sections[0].questions[0].condition.any: 'any' has no conditions, so it "
       "never holds",
       "sections[0].questions[1].condition.not: condition has no test",
       "sections[1].condition.profile.flag: profile flag is not set"});
}

TEST(LintTest, SelfReferenceAndCycles) {
  ExpectProblems(
      [](Template* t) {
        Q(t, 0, 3)->mutable_condition()->mutable_answer()->set_question_id("mfa_tool");
      },
      {"sections[0].questions[3].condition.answer.question_id: condition "
       "refers to the question itself ('mfa_tool')",
       "sections[0].questions[3].condition.answer: a condition cannot test the "
       "answer of TEXT question 'mfa_tool'"});
  // inventory -> mfa -> inventory.
  ExpectProblems(
      [](Template* t) {
        auto* a = Q(t, 0, 0)->mutable_condition()->mutable_answer();
        a->set_question_id("mfa");
        a->add_any_of("all");
      },
      {"sections[0].questions[0].condition: condition cycle: inventory -> mfa "
       "-> inventory"});
  // Through a section: section "chain" depends on last_test's answer... via mfa, and mfa now
  // depends on last_test.
  ExpectProblems(
      [](Template* t) {
        auto* sc = t->mutable_sections(1)->mutable_condition()->mutable_answer();
        sc->set_question_id("mfa");
        sc->add_any_of("all");
        auto* a = Q(t, 0, 2)->mutable_condition()->mutable_answer();
        a->set_question_id("subs");
        a->clear_any_of();
        a->add_any_of("yes");
        Q(t, 1, 1)->clear_condition();
      },
      {"sections[0].questions[2].condition.answer: a condition cannot test the "
       "answer of SUBCONTRACTORS question 'subs'",
       "sections[0].questions[2].condition: condition cycle: mfa -> subs -> "
       "mfa"});
  ExpectProblems(
      [](Template* t) {
        auto* sc = t->mutable_sections(1)->mutable_condition()->mutable_answer();
        sc->set_question_id("last_test");
        sc->add_any_of("yes");
      },
      {"sections[1].condition.answer.question_id: section condition refers to "
       "question 'last_test' of its own section",
       "sections[1].condition.answer: a condition cannot test the answer of "
       "DATE question 'last_test'"});
}

TEST(LintTest, IpaPoints) {
  ExpectProblems(
      [](Template* t) {
        t->mutable_scoring()->set_method(supplyrisk::v1::SCORING_METHOD_IPA_POINTS);
      },
      {"scoring.bands: SCORING_METHOD_IPA_POINTS needs score bands",
       "sections[0].questions[0].answer_type: a SCORING_METHOD_IPA_POINTS "
       "question "
       "must be SINGLE_CHOICE with the options done, partly, not_done, "
       "dont_know in this order",
       "sections[0].questions[0].ipa_part: ipa_part must be 1, 2 or 3 (got 0)",
       "sections[0].questions[1].answer_type: a SCORING_METHOD_IPA_POINTS "
       "question "
       "must be SINGLE_CHOICE with the options done, partly, not_done, "
       "dont_know in this order",
       "sections[0].questions[1].ipa_part: ipa_part must be 1, 2 or 3 (got 0)",
       "sections[0].questions[2].options[0].id: a SCORING_METHOD_IPA_POINTS "
       "question "
       "must be SINGLE_CHOICE with the options done, partly, not_done, "
       "dont_know in this order",
       "sections[0].questions[2].ipa_part: ipa_part must be 1, 2 or 3 (got 0)",
       "sections[0].questions[3].ipa_part: ipa_part must be 1, 2 or 3 (got 0)",
       "sections[1].questions[0].ipa_part: ipa_part must be 1, 2 or 3 (got 0)",
       "sections[1].questions[1].answer_type: a SCORING_METHOD_IPA_POINTS "
       "question "
       "must be SINGLE_CHOICE with the options done, partly, not_done, "
       "dont_know in this order",
       "sections[1].questions[1].ipa_part: ipa_part must be 1, 2 or 3 (got "
       "0)"});
  ExpectProblems([](Template* t) { Q(t, 0, 0)->set_ipa_part(1); },
                 {"sections[0].questions[0].ipa_part: ipa_part is only used by "
                  "SCORING_METHOD_IPA_POINTS templates"});
}

// clang-format off
constexpr char kReadiness[] = R"txt(id: "star4"
revision: 1
state: TEMPLATE_STATE_PUBLISHED
kind: TEMPLATE_KIND_READINESS_PROFILE
title { ja: "星4" en: "Star 4" }
readiness {
  star: 4
  includes_template_id: "star3"
  items { id: "r1" title { ja: "分離" en: "Isolation" } scs_category: SCS_PROTECT measure_ids: "SR.PT-1" min_credit: 0.7 }
  items { id: "r2" title { ja: "対応" en: "Response" } scs_category: SCS_RESPOND measure_ids: ["CPS.RP-1", "CPS.AM-1"] min_credit: 1 }
}
)txt";
// clang-format on

TEST(LintTest, ReadinessProfile) {
  LoadedTemplate loaded = ParseTemplateText(kReadiness, "r.textproto");
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(LintTemplate(loaded, Cat()).empty());
  Template t = loaded.tmpl;
  auto* r = t.mutable_readiness();
  r->set_star(5);
  r->mutable_items(0)->set_measure_ids(0, "SR.NO-1");
  r->mutable_items(1)->set_min_credit(0);
  r->mutable_items(1)->set_id("r1");
  r->mutable_items(1)->clear_scs_category();
  EXPECT_EQ(Lint(t), (std::vector<std::string>{
                         "readiness.star: star must be 3 or 4 (got 5)",
                         "readiness.items[0].measure_ids[0]: unknown measure 'SR.NO-1': "
                         "not in the catalogue",
                         "readiness.items[1].id: duplicate item id 'r1' (first at "
                         "readiness.items[0])",
                         "readiness.items[1].scs_category: SCS category is not set",
                         "readiness.items[1].min_credit: min_credit must be in (0, 1] "
                         "(got 0)"}));
}

TEST(LintTest, ReadinessMeasureMustBeNeededForTheStar) {
  LoadedTemplate loaded = ParseTemplateText(kReadiness, "r.textproto");
  ASSERT_TRUE(loaded.ok());
  Template t = loaded.tmpl;
  t.mutable_readiness()->mutable_items(1)->add_measure_ids("SR.AC-1");
  t.mutable_readiness()->set_star(3);
  t.mutable_readiness()->clear_includes_template_id();
  EXPECT_EQ(Lint(t), (std::vector<std::string>{
                         "readiness.items[0].measure_ids[0]: measure 'SR.PT-1' is not "
                         "needed for star 3 in the catalogue (its SCS stars: 4)",
                         "readiness.items[1].measure_ids[0]: measure 'CPS.RP-1' is not "
                         "needed for star 3 in the catalogue (its SCS stars: 4)",
                         "readiness.items[1].measure_ids[2]: measure 'SR.AC-1' is not "
                         "needed for star 3 in the catalogue (its SCS stars: none)"}));
}

TEST(LintTest, ReadinessItemCategoryMustMatchAMeasure) {
  LoadedTemplate loaded = ParseTemplateText(kReadiness, "r.textproto");
  ASSERT_TRUE(loaded.ok());
  Template t = loaded.tmpl;
  t.mutable_readiness()->mutable_items(0)->set_scs_category(supplyrisk::v1::SCS_DETECT);
  t.mutable_readiness()->mutable_items(1)->set_scs_category(
      supplyrisk::v1::SCS_IDENTIFY);  // CPS.AM-1 serves identify: fine
  EXPECT_EQ(Lint(t),
            std::vector<std::string>{"readiness.items[0].scs_category: SCS_DETECT is not the "
                                     "SCS category of any of the item's measures (SR.PT-1 "
                                     "SCS_PROTECT)"});
}

TEST(LintTest, ReadinessIncludesLowerStar) {
  LoadedTemplate loaded = ParseTemplateText(kReadiness, "r.textproto");
  ASSERT_TRUE(loaded.ok());
  Template lower = loaded.tmpl;
  lower.set_id("star3");
  lower.mutable_readiness()->set_star(3);
  lower.mutable_readiness()->clear_includes_template_id();
  KnownTemplates known{{"star3", &lower}};
  EXPECT_TRUE(LintTemplate(loaded, Cat(), &known).empty());
  lower.mutable_readiness()->set_star(4);
  auto problems = LintTemplate(loaded, Cat(), &known);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(FormatProblem(problems[0]),
            "r.textproto:8: readiness.includes_template_id: 'star3' is a star 4 "
            "profile, not lower than star 4");
  Template self = loaded.tmpl;
  self.mutable_readiness()->set_includes_template_id("star4");
  EXPECT_EQ(Lint(self), std::vector<std::string>{"readiness.includes_template_id: a readiness "
                                                 "profile cannot include itself"});
}

TEST(LintTest, KindMismatch) {
  Template t = Valid();
  t.set_kind(supplyrisk::v1::TEMPLATE_KIND_READINESS_PROFILE);
  EXPECT_EQ(Lint(t), (std::vector<std::string>{"sections[0]: a readiness profile has no sections",
                                               "readiness: a readiness profile needs readiness "
                                               "criteria"}));
}

TEST(LintTest, ValidateTemplateListsEveryProblem) {
  Template t = Valid();
  t.set_revision(0);
  Q(&t, 0, 0)->set_weight(0);
  absl::Status s = ValidateTemplate(t, Cat());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "template 't' revision 0 is invalid: revision: revision must be >= 1 "
            "(got 0); sections[0].questions[0].weight: weight must be a finite "
            "number > 0 for a scored question (got 0)");
}

}  // namespace
}  // namespace supplyrisk::questionnaire
