#include "engine/questionnaire/diff.h"

#include <fstream>
#include <sstream>
#include <string>

#include "engine/questionnaire/loader.h"
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
  auto t = LoadTemplateFile(path);
  EXPECT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(t->ok());
  return t->tmpl;
}

TEST(DiffTest, MatchesGolden) {
  const auto old_t = Load("testdata/questionnaire/diff_old.textproto");
  const auto new_t = Load("testdata/questionnaire/diff_new.textproto");
  const std::string expected =
      ReadFile("testdata/questionnaire/diff_expected.txt");
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
  b.mutable_sections(0)->mutable_questions(1)->mutable_options()->SwapElements(
      0, 2);
  TemplateDiff d = DiffTemplates(a, b);
  ASSERT_EQ(d.question_changes.size(), 1u);
  EXPECT_EQ(d.question_changes[0].kind, ChangeKind::kOptions);
  EXPECT_EQ(d.question_changes[0].details[0],
            "option order all,admins,none -> none,admins,all");
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

}  // namespace
}  // namespace supplyrisk::questionnaire
