#include "engine/questionnaire/diff.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/io/file_loaders.h"
#include "gtest/gtest.h"

namespace supplyrisk::questionnaire {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

supplyrisk::v1::Template Load(const std::string& path) {
  auto t = io::LoadTemplateFile(path);
  EXPECT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(t->ok());
  return t->tmpl;
}

TEST(DiffTest, MatchesGolden) {
  const auto old_t = Load("testdata/questionnaire/diff_old.textproto");
  const auto new_t = Load("testdata/questionnaire/diff_new.textproto");
  const std::string expected = ReadFile("testdata/questionnaire/diff_expected.txt");
  ASSERT_FALSE(expected.empty());
  const std::string actual = RenderDiff(DiffTemplates(old_t, new_t));
  EXPECT_EQ(actual, expected) << "actual:\n" << actual;
}

TEST(DiffTest, CountsByKind) {
  const auto old_t = Load("testdata/questionnaire/diff_old.textproto");
  const auto new_t = Load("testdata/questionnaire/diff_new.textproto");
  TemplateDiff d = DiffTemplates(old_t, new_t);
  EXPECT_EQ(d.Count(ChangeKind::kAdded), 1);
  EXPECT_EQ(d.Count(ChangeKind::kRemoved), 1);
  EXPECT_EQ(d.Count(ChangeKind::kReweighted), 2);
  EXPECT_EQ(d.Count(ChangeKind::kReworded), 2);
  EXPECT_EQ(d.Count(ChangeKind::kMoved), 1);
  EXPECT_EQ(d.Count(ChangeKind::kKnockout), 1);
}

TEST(DiffTest, IdenticalRevisionsHaveNoChanges) {
  const auto t = Load("testdata/questionnaire/diff_old.textproto");
  TemplateDiff d = DiffTemplates(t, t);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(RenderDiff(d),
            "template diff-demo revision 1 -> revision 1\n  no changes\n"
            "summary: no question changes; 0 template-level change(s)\n");
}

TEST(DiffTest, OptionOrderIsAChange) {
  auto a = Load("testdata/questionnaire/diff_old.textproto");
  auto b = a;
  b.mutable_sections(0)->mutable_questions(1)->mutable_options()->SwapElements(0, 2);
  TemplateDiff d = DiffTemplates(a, b);
  ASSERT_EQ(d.question_changes.size(), 1u);
  EXPECT_EQ(d.question_changes[0].kind, ChangeKind::kOptions);
  EXPECT_EQ(d.question_changes[0].details[0], "option order all,admins,none -> none,admins,all");
}

TEST(DiffTest, ReadinessItems) {
  supplyrisk::v1::Template a;
  a.set_id("p");
  a.set_revision(1);
  auto* r = a.mutable_readiness();
  r->set_star(3);
  auto* i1 = r->add_items();
  i1->set_id("keep");
  i1->add_measure_ids("CPS.AM-1");
  i1->set_min_credit(0.7);
  auto* i2 = r->add_items();
  i2->set_id("drop");
  i2->add_measure_ids("CPS.MA-1");
  supplyrisk::v1::Template b = a;
  b.set_revision(2);
  b.mutable_readiness()->set_star(4);
  b.mutable_readiness()->mutable_items()->RemoveLast();
  auto* k = b.mutable_readiness()->mutable_items(0);
  k->add_measure_ids("SR.AM-2");
  k->set_min_credit(0.8);
  auto* n = b.mutable_readiness()->add_items();
  n->set_id("new");
  n->add_measure_ids("SR.PT-5");
  EXPECT_EQ(RenderDiff(DiffTemplates(a, b)),
            "template p revision 1 -> revision 2\n"
            "  template: readiness star 3 -> 4\n"
            "  template: ~ item keep: measures CPS.AM-1 -> CPS.AM-1,SR.AM-2; "
            "min_credit 0.7 -> 0.8\n"
            "  template: + item new: SR.PT-5\n"
            "  template: - item drop\n"
            "summary: no question changes; 4 template-level change(s)\n");
}

TEST(DiffTest, CloseNumbersPrintApart) {
  // Six significant digits printed both weights as 0.333333: a change that read as no change.
  auto a = Load("testdata/questionnaire/diff_old.textproto");
  auto b = a;
  a.mutable_sections(0)->mutable_questions(0)->set_weight(0.3333333);
  b.mutable_sections(0)->mutable_questions(0)->set_weight(0.3333334);
  TemplateDiff d = DiffTemplates(a, b);
  ASSERT_EQ(d.question_changes.size(), 1u);
  EXPECT_EQ(d.question_changes[0].details,
            std::vector<std::string>{"weight 0.3333333 -> 0.3333334"});
}

TEST(DiffTest, OwnAndSectionConditionChangesAreBothReported) {
  auto a = Load("testdata/questionnaire/diff_old.textproto");
  auto b = a;
  auto* section = b.mutable_sections(0);
  section->mutable_condition()->mutable_profile()->set_flag(
      supplyrisk::v1::PROFILE_FLAG_OPERATES_OT);
  section->mutable_condition()->mutable_profile()->set_value(true);
  auto* q = section->mutable_questions(0);
  q->mutable_condition()->mutable_profile()->set_flag(supplyrisk::v1::PROFILE_FLAG_HAS_WEBSITE);
  q->mutable_condition()->mutable_profile()->set_value(true);
  TemplateDiff d = DiffTemplates(a, b);
  const QuestionChange* own = nullptr;
  for (const auto& c : d.question_changes) {
    if (c.question_id == q->id()) own = &c;
  }
  ASSERT_NE(own, nullptr);
  EXPECT_EQ(own->kind, ChangeKind::kCondition);
  ASSERT_EQ(own->details.size(), 2u);
  EXPECT_EQ(own->details[1], "section condition");
  // The other questions of the section only see their section's change.
  EXPECT_EQ(d.Count(ChangeKind::kCondition), section->questions_size());
}

}  // namespace
}  // namespace supplyrisk::questionnaire
