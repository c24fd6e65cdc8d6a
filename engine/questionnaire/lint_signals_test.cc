// The signal-link rules: links checked against the catalogue's observed_by, a contradicting link
// required for every observed measure of a scored question, and asset patterns. The test
// catalogue has CPS.MA-1 observed by unpatched_cve and end_of_life_software (findings) and
// patched_within_deadline (a confirmation); CPS.AM-1 is not observed.
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "engine/questionnaire/lint.h"
#include "engine/questionnaire/loader.h"
#include "engine/questionnaire/test_catalog.h"
#include "gtest/gtest.h"

namespace supplyrisk::questionnaire {
namespace {

using ::supplyrisk::v1::SignalLink;
using ::supplyrisk::v1::Template;

// Passes every rule, shipped or not.
// clang-format off
constexpr char kLinked[] = R"txt(id: "t"
revision: 1
state: TEMPLATE_STATE_DRAFT
kind: TEMPLATE_KIND_QUESTIONNAIRE
title { ja: "テスト" en: "Test" }
sections {
  id: "base"
  title { ja: "基本" en: "Basics" }
  questions {
    id: "gateway_patched"
    text { ja: "VPN 装置を更新していますか。" en: "Is the VPN gateway patched?" }
    answer_type: ANSWER_TYPE_YES_NO
    weight: 1
    measures { measure_id: "CPS.MA-1" }
    remediation { advice { ja: "更新する" en: "Patch it" } effort: EFFORT_LOW }
    signal_links {
      factor: FACTOR_PATCHING_CADENCE
      issue_type: "unpatched_cve"
      relation: SIGNAL_RELATION_CONTRADICTS
      asset_patterns: [ "*vpn*", "*:10443" ]
    }
    signal_links {
      factor: FACTOR_PATCHING_CADENCE
      issue_type: "patched_within_deadline"
      relation: SIGNAL_RELATION_CONFIRMS
    }
  }
  questions {
    id: "inventory"
    text { ja: "資産台帳がありますか。" en: "Do you keep an asset inventory?" }
    answer_type: ANSWER_TYPE_YES_NO
    weight: 1
    measures { measure_id: "CPS.AM-1" }
    remediation { advice { ja: "台帳を作る" en: "Build one" } effort: EFFORT_LOW }
  }
}
)txt";
// clang-format on

const catalog::CatalogIndex& Cat() { return testing::TestCatalog(); }

Template Linked() {
  LoadedTemplate t = ParseTemplateText(kLinked, "t.textproto");
  EXPECT_TRUE(t.ok());
  return t.tmpl;
}

std::vector<std::string> Lint(const Template& t, bool shipped) {
  std::vector<std::string> out;
  LintOptions options;
  options.shipped = shipped;
  for (const Problem& p : LintTemplate(t, Cat(), nullptr, options)) {
    out.push_back(FormatProblem(p));
  }
  return out;
}

SignalLink* Link(Template* t, int i) {
  return t->mutable_sections(0)->mutable_questions(0)->mutable_signal_links(i);
}

// Lints Linked() after `mutate`, as a tenant template and as a shipped one; the signal-link rules
// are warnings in the first and errors in the second.
void Expect(const std::function<void(Template*)>& mutate, const std::vector<std::string>& tenant,
            const std::vector<std::string>& shipped) {
  Template t = Linked();
  mutate(&t);
  EXPECT_EQ(Lint(t, false), tenant) << absl::StrJoin(Lint(t, false), "\n");
  EXPECT_EQ(Lint(t, true), shipped) << absl::StrJoin(Lint(t, true), "\n");
}

constexpr char kMissing[] =
    "sections[0].questions[0].measures[0].measure_id: measure 'CPS.MA-1' is observed by scans "
    "(unpatched_cve, end_of_life_software): link at least one of its issue types as "
    "SIGNAL_RELATION_CONTRADICTS";

TEST(LintSignalsTest, LinkedTemplatePasses) {
  EXPECT_TRUE(Lint(Linked(), false).empty()) << absl::StrJoin(Lint(Linked(), false), "\n");
  EXPECT_TRUE(Lint(Linked(), true).empty()) << absl::StrJoin(Lint(Linked(), true), "\n");
}

TEST(LintSignalsTest, ObservedMeasureWithoutContradictingLinkFails) {
  Expect([](Template* t) { t->mutable_sections(0)->mutable_questions(0)->clear_signal_links(); },
         {std::string("warning: ") + kMissing}, {kMissing});
  // A confirmation alone does not let a scan contradict the answer.
  Expect(
      [](Template* t) {
        auto* links = t->mutable_sections(0)->mutable_questions(0)->mutable_signal_links();
        links->erase(links->begin());
      },
      {std::string("warning: ") + kMissing}, {kMissing});
  // The other finding of the measure is enough.
  Expect([](Template* t) { Link(t, 0)->set_issue_type("end_of_life_software"); }, {}, {});
}

TEST(LintSignalsTest, TenantTemplateWithWarningsStaysValid) {
  Template t = Linked();
  t.mutable_sections(0)->mutable_questions(0)->clear_signal_links();
  EXPECT_TRUE(ValidateTemplate(t, Cat()).ok());
  LintOptions shipped;
  shipped.shipped = true;
  EXPECT_FALSE(HasErrors(LintTemplate(t, Cat())));
  EXPECT_TRUE(HasErrors(LintTemplate(t, Cat(), nullptr, shipped)));
}

TEST(LintSignalsTest, UnknownIssueTypeIsATypo) {
  const std::string unknown =
      "sections[0].questions[0].signal_links[0].issue_type: issue type 'unpatched_cves' is not "
      "observed by any measure of catalogue test-1 (observed_by): a typo, or a type no scan emits";
  Expect([](Template* t) { Link(t, 0)->set_issue_type("unpatched_cves"); },
         {"warning: " + unknown, std::string("warning: ") + kMissing}, {unknown, kMissing});
}

TEST(LintSignalsTest, FactorAndRelationMustMatchTheCatalogue) {
  const std::string factor =
      "sections[0].questions[0].signal_links[0].factor: issue type 'unpatched_cve' has factor "
      "FACTOR_PATCHING_CADENCE, not FACTOR_NETWORK_SECURITY";
  Expect([](Template* t) { Link(t, 0)->set_factor(supplyrisk::v1::FACTOR_NETWORK_SECURITY); },
         {"warning: " + factor}, {factor});
  const std::string finding =
      "sections[0].questions[0].signal_links[0].relation: issue type 'unpatched_cve' is a "
      "finding: it can only contradict an answer (SIGNAL_RELATION_CONTRADICTS)";
  Expect([](Template* t) { Link(t, 0)->set_relation(supplyrisk::v1::SIGNAL_RELATION_CONFIRMS); },
         {"warning: " + finding, std::string("warning: ") + kMissing}, {finding, kMissing});
  const std::string positive =
      "sections[0].questions[0].signal_links[1].relation: issue type 'patched_within_deadline' "
      "is a positive observation: it can only confirm an answer (SIGNAL_RELATION_CONFIRMS)";
  Expect([](Template* t) { Link(t, 1)->set_relation(supplyrisk::v1::SIGNAL_RELATION_CONTRADICTS); },
         {"warning: " + positive}, {positive});
}

TEST(LintSignalsTest, AssetPatternsMustBeUsableGlobs) {
  // Errors for every template: the field is new, so no stored template is malformed by it.
  const std::vector<std::string> problems = {
      "sections[0].questions[0].signal_links[0].asset_patterns[2]: asset pattern is empty (got "
      "'')",
      "sections[0].questions[0].signal_links[0].asset_patterns[3]: asset pattern must not contain "
      "whitespace or control characters (got 'vpn gw')",
      "sections[0].questions[0].signal_links[0].asset_patterns[4]: asset pattern matches every "
      "asset: leave asset_patterns empty instead (got '*')",
      "sections[0].questions[0].signal_links[0].asset_patterns[5]: asset pattern '*VPN*' is "
      "listed twice"};
  Expect(
      [](Template* t) {
        for (const char* p : {"", "vpn gw", "*", "*VPN*"}) Link(t, 0)->add_asset_patterns(p);
      },
      problems, problems);
}

TEST(LintSignalsTest, WarningsCarryFileAndLine) {
  std::string text = kLinked;
  text.replace(text.find("\"unpatched_cve\""), std::string("\"unpatched_cve\"").size(),
               "\"unpatched_cves\"");
  LoadedTemplate t = ParseTemplateText(text, "t.textproto");
  ASSERT_TRUE(t.ok());
  std::vector<std::string> out;
  for (const Problem& p : LintTemplate(t, Cat())) out.push_back(FormatProblem(p));
  ASSERT_EQ(out.size(), 2u) << absl::StrJoin(out, "\n");
  EXPECT_EQ(out[0], std::string("t.textproto:14: warning: ") + kMissing);
  EXPECT_EQ(out[1].substr(0, 70),
            "t.textproto:18: warning: sections[0].questions[0].signal_links[0].issu");
}

}  // namespace
}  // namespace supplyrisk::questionnaire
