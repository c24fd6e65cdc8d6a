#include "engine/questionnaire/registry.h"

#include <cstdint>
#include <limits>
#include <string>

#include "engine/questionnaire/test_catalog.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace supplyrisk::questionnaire {
namespace {

using ::supplyrisk::v1::Template;

Template Make(const std::string& id, int revision, bool published, double weight = 1) {
  Template t;
  // clang-format off
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(R"txt(
    kind: TEMPLATE_KIND_QUESTIONNAIRE
    title { ja: "テスト" en: "Test" }
    sections {
      id: "s"
      title { ja: "節" en: "Section" }
      questions {
        id: "q"
        text { ja: "台帳は？" en: "Inventory?" }
        answer_type: ANSWER_TYPE_YES_NO
        measures { measure_id: "CPS.AM-1" }
        remediation { advice { ja: "作る" en: "Make one" } effort: EFFORT_LOW }
      }
    })txt", &t));
  // clang-format on
  t.set_id(id);
  t.set_revision(revision);
  t.set_state(published ? supplyrisk::v1::TEMPLATE_STATE_PUBLISHED
                        : supplyrisk::v1::TEMPLATE_STATE_DRAFT);
  t.mutable_sections(0)->mutable_questions(0)->set_weight(weight);
  return t;
}

TEST(RegistryTest, AddsAndLooksUpRevisions) {
  TemplateRegistry r(testing::TestCatalog());
  ASSERT_TRUE(r.Add(Make("a", 1, true)).ok());
  ASSERT_TRUE(r.Add(Make("a", 2, true, 2)).ok());
  ASSERT_TRUE(r.Add(Make("a", 3, false, 3)).ok());
  ASSERT_TRUE(r.Add(Make("b", 1, false)).ok());
  EXPECT_EQ(r.LatestPublished("a")->revision(), 2);
  EXPECT_EQ(r.Latest("a")->revision(), 3);
  EXPECT_EQ(r.Get("a", 1)->sections(0).questions(0).weight(), 1);
  EXPECT_EQ(r.Get("a", 4), nullptr);
  EXPECT_EQ(r.LatestPublished("b"), nullptr);
  EXPECT_EQ(r.Latest("zzz"), nullptr);
  EXPECT_EQ(r.Revisions("a"), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(r.TemplateIds(), (std::vector<std::string>{"a", "b"}));
}

TEST(RegistryTest, PublishedRevisionIsImmutable) {
  TemplateRegistry r(testing::TestCatalog());
  ASSERT_TRUE(r.Add(Make("a", 1, true)).ok());
  absl::Status s = r.Add(Make("a", 1, true, 5));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "template 'a' revision 1 is published and immutable; changes need "
            "revision 2");
  // Unpublishing is a change too.
  EXPECT_EQ(r.Add(Make("a", 1, false)).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.Get("a", 1)->sections(0).questions(0).weight(), 1);
  // Re-adding the identical revision is accepted (idempotent reload).
  EXPECT_TRUE(r.Add(Make("a", 1, true)).ok());
}

TEST(RegistryTest, ImmutableAtTheHighestRevisionNumber) {
  // The message names the next revision; at INT32_MAX computing it in int was signed overflow.
  TemplateRegistry registry(testing::TestCatalog());
  const int top = std::numeric_limits<int32_t>::max();
  ASSERT_TRUE(registry.Add(Make("t", top, true)).ok());
  absl::Status s = registry.Add(Make("t", top, true, /*weight=*/2));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("changes need revision 2147483648"), std::string::npos) << s.message();
}

TEST(RegistryTest, DraftCanBeReplacedAndPublished) {
  TemplateRegistry r(testing::TestCatalog());
  ASSERT_TRUE(r.Add(Make("a", 1, false)).ok());
  ASSERT_TRUE(r.Add(Make("a", 1, false, 4)).ok());
  EXPECT_EQ(r.Get("a", 1)->sections(0).questions(0).weight(), 4);
  EXPECT_EQ(r.LatestPublished("a"), nullptr);
  ASSERT_TRUE(r.Add(Make("a", 1, true, 4)).ok());
  EXPECT_EQ(r.LatestPublished("a")->revision(), 1);
  EXPECT_FALSE(r.Add(Make("a", 1, false, 4)).ok());
}

TEST(RegistryTest, RevisionsOnlyIncrease) {
  TemplateRegistry r(testing::TestCatalog());
  ASSERT_TRUE(r.Add(Make("a", 3, true)).ok());
  absl::Status s = r.Add(Make("a", 2, false));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "template 'a' revision 2 is below the latest revision 3; revisions "
            "only increase");
  EXPECT_EQ(r.Revisions("a"), std::vector<int>{3});
}

TEST(RegistryTest, InvalidRevisionIsRejectedWithEveryProblem) {
  TemplateRegistry r(testing::TestCatalog());
  Template t = Make("a", 1, true, 0);
  t.mutable_sections(0)->mutable_questions(0)->mutable_measures(0)->set_measure_id("CPS.XX-1");
  absl::Status s = r.Add(t);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "template 'a' revision 1 is invalid: "
            "sections[0].questions[0].weight: weight must be a finite number > "
            "0 for a scored question (got 0); "
            "sections[0].questions[0].measures[0].measure_id: unknown measure "
            "'CPS.XX-1': not in the catalogue");
  EXPECT_TRUE(r.TemplateIds().empty());
}

TEST(RegistryTest, ReadinessIncludesCheckedAgainstRegisteredProfiles) {
  TemplateRegistry r(testing::TestCatalog());
  Template star3;
  // clang-format off
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"txt(
    id: "s3" revision: 1 state: TEMPLATE_STATE_PUBLISHED kind: TEMPLATE_KIND_READINESS_PROFILE
    title { ja: "星3" en: "Star 3" }
    readiness { star: 3 items { id: "i" title { ja: "台帳" en: "Inventory" } scs_category: SCS_IDENTIFY measure_ids: "CPS.AM-1" min_credit: 0.7 } })txt",
      &star3));
  // clang-format on
  ASSERT_TRUE(r.Add(star3).ok());
  Template bad = star3;
  bad.set_id("s3b");
  bad.mutable_readiness()->set_includes_template_id("s3");
  absl::Status s = r.Add(bad);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("'s3' is a star 3 profile, not lower than star 3"),
            absl::string_view::npos)
      << s.message();
  bad.mutable_readiness()->set_star(4);
  EXPECT_TRUE(r.Add(bad).ok());
}

}  // namespace
}  // namespace supplyrisk::questionnaire
