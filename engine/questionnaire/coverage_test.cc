#include "engine/questionnaire/coverage.h"

#include <map>
#include <string>

#include "engine/questionnaire/test_catalog.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace supplyrisk::questionnaire {
namespace {

using ::supplyrisk::v1::Template;
using ::supplyrisk::v1::TemplateCoverage;

// clang-format off
constexpr char kTemplate[] = R"txt(
id: "cov" revision: 3 kind: TEMPLATE_KIND_QUESTIONNAIRE
sections {
  id: "a"
  questions {
    id: "q1" text { ja: "一" en: "One" } answer_type: ANSWER_TYPE_YES_NO weight: 1
    measures { measure_id: "CPS.AM-1" } knockout: true evidence { required: true }
  }
  questions {
    id: "q2" text { ja: "二" en: "Two" } answer_type: ANSWER_TYPE_NUMBER weight: 1
    measures { measure_id: "CPS.MA-1" share: 0.5 } measures { measure_id: "CPS.AM-1" share: 0.5 }
    compensable: true compensation { compensating_measure_ids: "SR.PT-1" max_credit: 0.5 }
    signal_links { factor: FACTOR_PATCHING_CADENCE issue_type: "unpatched_cve" }
    signal_links { factor: FACTOR_PATCHING_CADENCE issue_type: "end_of_life_software" }
    signal_links { factor: FACTOR_NETWORK_SECURITY issue_type: "exposed_rdp" }
  }
  questions {
    id: "q3" text { ja: "三" } answer_type: ANSWER_TYPE_SINGLE_CHOICE weight: 1
    measures { measure_id: "SR.AC-1" } measures { measure_id: "SR.NOPE-1" }
    condition { answer { question_id: "q1" any_of: "yes" } }
  }
}
sections {
  id: "b"
  condition { profile { flag: PROFILE_FLAG_USES_SUBCONTRACTORS value: true } }
  questions { id: "q4" text { ja: "四" en: "Four" } answer_type: ANSWER_TYPE_TEXT }
  questions {
    id: "q5" text { ja: "五" en: "Five" } answer_type: ANSWER_TYPE_YES_NO weight: 2
    measures { measure_id: "SR.SC-1" }
  }
}
)txt";
// clang-format on

TemplateCoverage Compute(const char* text) {
  Template t;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &t));
  return ComputeCoverage(t, testing::TestCatalog());
}

std::map<std::pair<int, int>, int> Cells(const TemplateCoverage& c) {
  std::map<std::pair<int, int>, int> out;
  for (const auto& cell : c.cells()) {
    if (cell.questions() > 0) out[{cell.layer(), cell.component()}] = cell.questions();
  }
  return out;
}

TEST(CoverageTest, CountsOfSmallTemplate) {
  const TemplateCoverage c = Compute(kTemplate);
  EXPECT_EQ(c.template_id(), "cov");
  EXPECT_EQ(c.revision(), 3);
  EXPECT_EQ(c.catalog_version(), "test-1");
  EXPECT_EQ(c.sections(), 2);
  EXPECT_EQ(c.questions(), 5);
  EXPECT_EQ(c.scored_questions(), 4);
  ASSERT_EQ(c.cells_size(), 18);
  EXPECT_EQ(c.cells(0).layer(), supplyrisk::v1::LAYER_1_ORGANIZATIONS);
  EXPECT_EQ(c.cells(0).component(), supplyrisk::v1::COMPONENT_ORGANIZATION);
  EXPECT_EQ(c.cells(17).layer(), supplyrisk::v1::LAYER_3_CYBERSPACE);
  EXPECT_EQ(c.cells(17).component(), supplyrisk::v1::COMPONENT_SYSTEM);
  // q1, q2 (through CPS.AM-1) and q5 in L1 x Organization; q2 in L3 x Component; q3 in L3 x People.
  // The compensating SR.PT-1 does not count.
  EXPECT_EQ(Cells(c), (std::map<std::pair<int, int>, int>{{{1, 1}, 3}, {{3, 3}, 1}, {{3, 2}, 1}}));
  EXPECT_EQ(c.cells_covered(), 3);
  EXPECT_EQ(c.cells_populated(), 5);
  EXPECT_TRUE(c.cells(1).empty_in_catalog());   // L1 x People
  EXPECT_FALSE(c.cells(0).empty_in_catalog());  // L1 x Organization

  ASSERT_EQ(c.categories_size(), 6);
  std::map<std::string, int> cats;
  for (const auto& cc : c.categories()) cats[cc.code()] = cc.questions();
  EXPECT_EQ(cats, (std::map<std::string, int>{
                      {"AM", 2}, {"MA", 1}, {"PT", 0}, {"AC", 1}, {"RP", 0}, {"SC", 1}}));
  EXPECT_EQ(c.categories_covered(), 4);
  EXPECT_EQ(c.categories_total(), 6);
  EXPECT_EQ(std::vector<std::string>(c.categories_missing().begin(), c.categories_missing().end()),
            (std::vector<std::string>{"PT", "RP"}));

  ASSERT_EQ(c.directives_size(), 10);
  EXPECT_EQ(c.directives(3).directive(), 4);
  EXPECT_EQ(c.directives(3).questions(), 2);  // q1, q2
  EXPECT_EQ(c.directives(4).questions(), 2);  // q2, q3
  EXPECT_EQ(c.directives(8).questions(), 1);  // q5
  EXPECT_EQ(c.directives_covered(), 3);

  ASSERT_EQ(c.scs_categories_size(), 7);
  EXPECT_EQ(c.scs_categories(1).category(), supplyrisk::v1::SCS_IDENTIFY);
  EXPECT_EQ(c.scs_categories(1).questions(), 2);
  EXPECT_EQ(c.scs_categories(2).questions(), 2);  // protect: q2, q3
  EXPECT_EQ(c.scs_categories(6).questions(), 1);  // supplier management: q5
  EXPECT_EQ(c.scs_categories_covered(), 3);

  ASSERT_EQ(c.factors_size(), 7);
  EXPECT_EQ(c.factors(0).factor(), supplyrisk::v1::FACTOR_PATCHING_CADENCE);
  EXPECT_EQ(c.factors(0).questions(), 1);  // two links, one question
  EXPECT_EQ(c.factors(1).questions(), 1);
  for (int i = 2; i < 7; ++i) EXPECT_EQ(c.factors(i).questions(), 0);

  EXPECT_EQ(c.languages().total(), 5);
  EXPECT_EQ(c.languages().with_ja(), 5);
  EXPECT_EQ(c.languages().with_en(), 4);
  EXPECT_EQ(c.languages().with_both(), 4);

  std::map<int, int> types;
  for (const auto& t : c.answer_types()) types[t.answer_type()] = t.questions();
  EXPECT_EQ(types, (std::map<int, int>{{supplyrisk::v1::ANSWER_TYPE_YES_NO, 2},
                                       {supplyrisk::v1::ANSWER_TYPE_SINGLE_CHOICE, 1},
                                       {supplyrisk::v1::ANSWER_TYPE_NUMBER, 1},
                                       {supplyrisk::v1::ANSWER_TYPE_TEXT, 1}}));
  EXPECT_EQ(c.knockouts(), 1);
  EXPECT_EQ(c.conditional_questions(), 3);  // q3 own; q4, q5 by section
  EXPECT_EQ(c.compensable_questions(), 1);
  EXPECT_EQ(c.evidence_required(), 1);
  EXPECT_EQ(c.measures_linked(), 4);
  EXPECT_EQ(c.measures_total(), 6);
}

TEST(CoverageTest, ReadinessProfileCountsItems) {
  // clang-format off
  const TemplateCoverage c = Compute(R"txt(
    id: "p" kind: TEMPLATE_KIND_READINESS_PROFILE
    readiness {
      star: 4
      items { id: "r1" title { ja: "分離" en: "Isolation" } scs_category: SCS_PROTECT measure_ids: "SR.PT-1" min_credit: 0.7 }
      items { id: "r2" title { ja: "対応" } scs_category: SCS_RESPOND measure_ids: ["CPS.RP-1", "CPS.AM-1"] min_credit: 1 }
    })txt");
  // clang-format on
  EXPECT_EQ(c.questions(), 2);
  EXPECT_EQ(Cells(c), (std::map<std::pair<int, int>, int>{{{2, 6}, 1}, {{1, 5}, 1}, {{1, 1}, 1}}));
  EXPECT_EQ(c.scs_categories(1).questions(), 1);  // identify through CPS.AM-1
  EXPECT_EQ(c.scs_categories(2).questions(), 1);  // protect
  EXPECT_EQ(c.scs_categories(4).questions(),
            1);  // respond: item and CPS.RP-1, once
  EXPECT_EQ(c.scs_categories_covered(), 3);
  EXPECT_EQ(c.languages().with_en(), 1);
}

TEST(CoverageTest, TextAndJsonRendering) {
  const TemplateCoverage c = Compute(kTemplate);
  const std::string text = RenderCoverageText(c, testing::TestCatalog());
  EXPECT_NE(text.find("questions: 5 in 2 sections, 4 scored"), std::string::npos) << text;
  EXPECT_NE(text.find("categories: 4/6"), std::string::npos) << text;
  EXPECT_NE(text.find("  missing: PT RP\n"), std::string::npos) << text;
  EXPECT_NE(text.find("guideline directives: 3/10"), std::string::npos) << text;
  EXPECT_NE(text.find("SCS categories: 3/7"), std::string::npos) << text;
  // Row L1: Organization 3, People empty in the catalogue, ..., Procedure 0.
  EXPECT_NE(text.find("L1 organizations              3            .            "
                      ".            "
                      ".            0            ."),
            std::string::npos)
      << text;
  auto json = RenderCoverageJson(c);
  ASSERT_TRUE(json.ok());
  EXPECT_NE(json->find("\"categories_missing\": [\n  \"PT\",\n  \"RP\"\n ]"), std::string::npos)
      << *json;
  EXPECT_NE(json->find("\"factor\": \"FACTOR_DNS_HEALTH\",\n   \"questions\": 0"),
            std::string::npos)
      << *json;
}

}  // namespace
}  // namespace supplyrisk::questionnaire
