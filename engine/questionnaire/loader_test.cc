#include "engine/questionnaire/loader.h"

#include <string>

#include "gtest/gtest.h"

namespace supplyrisk::questionnaire {
namespace {

// clang-format off
constexpr char kText[] = R"txt(id: "t"
revision: 1
sections {
  id: "s1"
  questions {
    id: "q1"
    text { ja: "質問" en: "Question" }
    options { id: "a" credit: 1 }
    options {
      id: "b"
      credit: 0
    }
  }
}
)txt";
// clang-format on

TEST(LoaderTest, RecordsLineOfEveryField) {
  LoadedTemplate t = ParseTemplateText(kText, "x.textproto");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.tmpl.sections(0).questions(0).options_size(), 2);
  EXPECT_EQ(t.lines.LineOf("id"), 1);
  EXPECT_EQ(t.lines.LineOf("revision"), 2);
  EXPECT_EQ(t.lines.LineOf("sections[0]"), 3);
  EXPECT_EQ(t.lines.LineOf("sections[0].id"), 4);
  EXPECT_EQ(t.lines.LineOf("sections[0].questions[0]"), 5);
  EXPECT_EQ(t.lines.LineOf("sections[0].questions[0].text.en"), 7);
  EXPECT_EQ(t.lines.LineOf("sections[0].questions[0].options[0].credit"), 8);
  EXPECT_EQ(t.lines.LineOf("sections[0].questions[0].options[1]"), 9);
  EXPECT_EQ(t.lines.LineOf("sections[0].questions[0].options[1].credit"), 11);
}

TEST(LoaderTest, MissingFieldFallsBackToEnclosingField) {
  LoadedTemplate t = ParseTemplateText(kText, "x.textproto");
  ASSERT_TRUE(t.ok());
  // No help and no weight in the text: the question's own line.
  EXPECT_EQ(t.lines.LineOf("sections[0].questions[0].help.ja"), 5);
  EXPECT_EQ(t.lines.LineOf("sections[0].questions[0].weight"), 5);
  // Nothing encloses a missing top-level field: line 1.
  EXPECT_EQ(t.lines.LineOf("title.ja"), 1);
}

TEST(LoaderTest, ListSyntaxDoesNotShiftElementLines) {
  // The parser records one location per "any_of:" it reads, not one per
  // value, so after a list the locations no longer line up with the values:
  // "partial" (value 1) must not be given the line of "no" (value 2).
  // clang-format off
  constexpr char kLists[] = R"txt(sections {
  questions {
    id: "q1"
    condition {
      answer {
        question_id: "q0"
        any_of: ["yes",
                 "partial"]
        any_of: "no"
      }
    }
  }
}
)txt";
  // clang-format on
  LoadedTemplate t = ParseTemplateText(kLists, "l.textproto");
  ASSERT_TRUE(t.ok());
  const std::string answer = "sections[0].questions[0].condition.answer";
  EXPECT_EQ(t.lines.LineOf(answer), 5);
  EXPECT_EQ(t.lines.LineOf(answer + ".any_of[0]"), 7);
  // Unknown exactly: the enclosing answer, never another value's line.
  EXPECT_EQ(t.lines.LineOf(answer + ".any_of[1]"), 5);
  EXPECT_EQ(t.lines.LineOf(answer + ".any_of[2]"), 5);
}

TEST(LoaderTest, TextWithoutFieldsPointsAtLineOne) {
  // An empty template still gets FILE:LINE problems ("id is missing" on line 1), not a line 0 that
  // FormatProblem would drop.
  LoadedTemplate t = ParseTemplateText("# nothing but a comment\n", "e.textproto");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.lines.LineOf("id"), 1);
  EXPECT_EQ(t.lines.LineOf("sections[0].questions[0].text.ja"), 1);
}

TEST(LoaderTest, SyntaxErrorHasLineAndMessage) {
  LoadedTemplate t =
      ParseTemplateText("id: \"t\"\nrevision: 1\nsections {\n  id: \"s\"\n", "bad.textproto");
  ASSERT_FALSE(t.ok());
  ASSERT_EQ(t.syntax_errors.size(), 1u);
  EXPECT_EQ(t.syntax_errors[0].file, "bad.textproto");
  EXPECT_EQ(t.syntax_errors[0].field, "syntax");
  EXPECT_GE(t.syntax_errors[0].line, 4);
  EXPECT_FALSE(t.syntax_errors[0].message.empty());
}

// Found by //fuzz:template_textproto_fuzz_test: the text format accepted a title the API's wire
// format refuses.
TEST(LoaderTest, StringThatIsNotUtf8IsRejectedWithItsFieldAndLine) {
  LoadedTemplate t = ParseTemplateText(
      "id: \"t\"\nrevision: 1\nsections {\n  id: \"s\"\n  title { en: \"a\\xffb\" }\n}\n",
      "u8.textproto");
  ASSERT_FALSE(t.ok());
  ASSERT_EQ(t.syntax_errors.size(), 1u);
  EXPECT_EQ(t.syntax_errors[0].field, "sections[0].title.en");
  EXPECT_EQ(t.syntax_errors[0].line, 5);
  EXPECT_EQ(t.syntax_errors[0].message, "not valid UTF-8");
}

TEST(LoaderTest, UnknownFieldIsRejectedWithItsLine) {
  LoadedTemplate t = ParseTemplateText("id: \"t\"\nrevision: 1\nwieght: 2\n", "u.textproto");
  ASSERT_FALSE(t.ok());
  ASSERT_EQ(t.syntax_errors.size(), 1u);
  EXPECT_EQ(t.syntax_errors[0].line, 3);
  EXPECT_NE(t.syntax_errors[0].message.find("wieght"), std::string::npos)
      << t.syntax_errors[0].message;
}

TEST(FormatProblemTest, Format) {
  EXPECT_EQ(FormatProblem({"f.textproto", 12, "sections[0].id", "missing"}),
            "f.textproto:12: sections[0].id: missing");
  EXPECT_EQ(FormatProblem({"", 0, "id", "missing"}), "id: missing");
  EXPECT_EQ(FormatProblem({"f", 0, "", "cannot read"}), "f: cannot read");
}

TEST(FieldPathTest, Paths) {
  EXPECT_EQ(FieldPath("", "sections", 2), "sections[2]");
  EXPECT_EQ(FieldPath("sections[2]", "questions", 5), "sections[2].questions[5]");
  EXPECT_EQ(FieldPath("a", "b"), "a.b");
  EXPECT_EQ(FieldPath("", "b"), "b");
}

}  // namespace
}  // namespace supplyrisk::questionnaire
