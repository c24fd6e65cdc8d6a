// Questionnaire sheets round trip: every supplier case's answers, written into a sheet (CSV and
// XLSX), read back and imported, give the response that scores exactly as the same answers given
// directly; and a sheet that was tampered with is refused, cell by cell.
#include "clients/report/answer_import.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "clients/report/csv_sheet.h"
#include "clients/report/scored_case.h"
#include "clients/report/xlsx_sheet.h"
#include "engine/common/sha256.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"

namespace supplyrisk::report {
namespace {

namespace v1 = ::supplyrisk::v1;
using render::Language;

constexpr char kCases[] = "testdata/suppliers";

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The cells of a sheet after a trip through a file of `format`.
CellGrid Trip(const QuestionnaireSheet& sheet, const std::string& format) {
  if (format == "csv") {
    auto grid = ReadQuestionnaireCsv(WriteQuestionnaireCsv(sheet));
    EXPECT_TRUE(grid.ok()) << grid.status();
    return *std::move(grid);
  }
  const std::string path = TempPath(absl::StrCat(sheet.template_id, ".xlsx"));
  EXPECT_TRUE(WriteQuestionnaireXlsx(sheet, path).ok());
  auto grid = ReadXlsxCells(ReadAll(path));
  EXPECT_TRUE(grid.ok()) << grid.status();
  return *std::move(grid);
}

ImportOptions Options(absl::Time answered_at, bool workbook, const v1::Response* base = nullptr) {
  ImportOptions o;
  o.answered_at = answered_at;
  o.workbook = workbook;
  o.base = base;
  o.limits = validation::TimeLimits{absl::Now(), validation::kDefaultClockSkew};
  return o;
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(kCases)) {
    if (e.is_directory()) names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string Problems(const AnswerImport& r) {
  std::string out;
  for (const auto& p : r.problems) absl::StrAppend(&out, p, "\n");
  for (const auto& row : r.rows) {
    if (!row.message.empty())
      absl::StrAppend(&out, RowOutcomeName(row.outcome), " ", row.message, "\n");
  }
  return out;
}

class RoundTripTest : public ::testing::TestWithParam<std::string> {};

TEST_P(RoundTripTest, EveryCaseScoresAsIfAnsweredDirectly) {
  const std::string format = GetParam();
  int compared = 0, refused = 0;
  for (const std::string& name : CaseNames()) {
    SCOPED_TRACE(name);
    auto direct = ScoreCase(kCases, name, Language::kEn);
    ASSERT_TRUE(direct.ok()) << direct.status();
    ScoredCase& d = **direct;
    const absl::Time answered_at = d.c.as_of - absl::Hours(24);
    auto sheet = BuildQuestionnaireSheet(d.tmpl, name.size() % 2 ? Language::kJa : Language::kEn,
                                         answered_at, &d.c.response);
    ASSERT_TRUE(sheet.ok()) << sheet.status();
    const AnswerImport imported =
        ImportAnswers(Trip(*sheet, format), d.tmpl, Options(answered_at, format == "xlsx"));
    // The same answers given directly: every answer a sheet carries (a subcontractor list is not
    // one), dated when the import dates them.
    v1::Response expected;
    expected.set_template_id(d.tmpl.id());
    expected.set_template_revision(d.tmpl.revision());
    expected.set_state(v1::RESPONSE_STATE_IN_PROGRESS);
    for (const v1::Answer& a : d.c.response.answers()) {
      if (a.has_subcontractors()) continue;
      v1::Answer* copy = expected.add_answers();
      *copy = a;
      *copy->mutable_answered_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
          absl::ToUnixMicros(answered_at));
    }
    validation::Violations v;
    validation::ValidateResponse("", expected, d.tmpl, Options(answered_at, true).limits, &v);
    if (!v.empty()) {
      // A case built to be refused (empty evidence, future dates): the import refuses it too, and
      // names the cells.
      EXPECT_FALSE(imported.ok());
      bool named = false;
      for (const auto& r : imported.rows) named |= absl::StartsWith(r.message, "Questions!J");
      EXPECT_TRUE(named) << Problems(imported);
      ++refused;
      continue;
    }
    ASSERT_TRUE(imported.ok()) << Problems(imported);
    // The response keeps the template's question order; the case file may not.
    auto order = [&](v1::Response r) {
      std::sort(r.mutable_answers()->begin(), r.mutable_answers()->end(),
                [](const v1::Answer& a, const v1::Answer& b) {
                  return a.question_id() < b.question_id();
                });
      return r;
    };
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(order(imported.response),
                                                                   order(expected)))
        << imported.response.DebugString().substr(0, 2000);
    for (const RowResult& r : imported.rows) {
      EXPECT_TRUE(r.outcome == RowOutcome::kMatched || r.outcome == RowOutcome::kChanged);
    }
    // Scored both ways: the same assessment, byte for byte.
    d.c.response = imported.response;
    ASSERT_TRUE(d.Rescore(Language::kEn).ok());
    const std::string via_sheet = SerializeDeterministic(d.a);
    d.c.response = expected;
    ASSERT_TRUE(d.Rescore(Language::kEn).ok());
    EXPECT_EQ(via_sheet, SerializeDeterministic(d.a));
    ++compared;
  }
  EXPECT_GE(compared, 20);
  EXPECT_GE(refused, 1);
}

INSTANTIATE_TEST_SUITE_P(Formats, RoundTripTest, ::testing::Values("csv", "xlsx"));

// A small sheet of the cpsf-supplier case sme-parts-maker, to tamper with.
struct Fixture {
  std::unique_ptr<ScoredCase> c;
  QuestionnaireSheet sheet;
  CellGrid grid;
  absl::Time exported_at;
  bool workbook = true;
  int Row(const std::string& question_id) const {
    for (size_t i = 0; i < sheet.rows.size(); ++i) {
      if (sheet.rows[i].question->id() == question_id)
        return kFirstQuestionRow + static_cast<int>(i);
    }
    return -1;
  }
  Cell& At(const std::string& sheet_name, int row, int col) {
    return grid.sheets[sheet_name][{row, col}];
  }
  AnswerImport Import(const v1::Response* base = nullptr) const {
    return ImportAnswers(grid, c->tmpl, Options(exported_at + absl::Hours(1), workbook, base));
  }
};

Fixture MakeFixture(const std::string& format = "xlsx") {
  Fixture f;
  auto c = ScoreCase(kCases, "sme-parts-maker", Language::kEn);
  EXPECT_TRUE(c.ok());
  f.c = *std::move(c);
  f.exported_at = f.c->c.as_of - absl::Hours(48);
  f.sheet = *BuildQuestionnaireSheet(f.c->tmpl, Language::kEn, f.exported_at, &f.c->c.response);
  f.grid = Trip(f.sheet, format);
  f.workbook = format == "xlsx";
  return f;
}

const RowResult* ResultFor(const AnswerImport& r, const std::string& question_id) {
  for (const auto& row : r.rows) {
    if (row.question_id == question_id) return &row;
  }
  return nullptr;
}

TEST(AnswerImport, AnotherRevisionIsRefusedNamingTheCell) {
  Fixture f = MakeFixture();
  f.At(kQuestionsSheet, kStampRow, 2).text = "2";
  const AnswerImport r = f.Import();
  EXPECT_FALSE(r.ok());
  ASSERT_FALSE(r.problems.empty());
  EXPECT_TRUE(absl::StartsWith(r.problems[0], "Questions!C1: revision '2'")) << r.problems[0];
  EXPECT_EQ(r.response.answers_size(), 0);
}

TEST(AnswerImport, AChangedDigestInTheHiddenMetaSheetIsRefused) {
  Fixture f = MakeFixture();
  f.At(kMetaSheet, kStampRow, 3).text = std::string(64, '0');
  const AnswerImport r = f.Import();
  ASSERT_FALSE(r.problems.empty());
  EXPECT_TRUE(absl::StartsWith(r.problems[0], "Meta!D1: template digest")) << r.problems[0];
}

TEST(AnswerImport, ALaterExportTimeWrittenIntoTheSheetIsRefused) {
  Fixture f = MakeFixture();
  f.At(kQuestionsSheet, kStampRow, 5).text = "2099-01-01T00:00:00+00:00";
  const AnswerImport r = f.Import();
  ASSERT_FALSE(r.problems.empty());
  EXPECT_EQ(r.problems[0], "Questions!F1: differs from Meta!F1: the stamp was edited");
}

TEST(AnswerImport, AWorkbookWithoutItsMetaSheetIsRefused) {
  Fixture f = MakeFixture();
  f.grid.sheets.erase(kMetaSheet);
  const AnswerImport r = f.Import();
  ASSERT_FALSE(r.problems.empty());
  EXPECT_TRUE(absl::StartsWith(r.problems[0], "Meta: no such sheet")) << r.problems[0];
}

TEST(AnswerImport, AnEditedQuestionTextIsRefusedOnItsRow) {
  Fixture f = MakeFixture();
  const int row = f.Row("gv.policy");
  f.At(kQuestionsSheet, row, kColTextEn).text = "Do you have anything at all?";
  const AnswerImport r = f.Import();
  EXPECT_FALSE(r.ok());
  const RowResult* gv = ResultFor(r, "gv.policy");
  ASSERT_NE(gv, nullptr);
  EXPECT_EQ(gv->outcome, RowOutcome::kInvalid);
  EXPECT_EQ(gv->cell, CellName(kQuestionsSheet, row, kColTextEn));
  EXPECT_EQ(gv->cell, absl::StrCat("Questions!D", row + 1));
}

TEST(AnswerImport, AnOptionTheQuestionDoesNotHaveIsInvalid) {
  Fixture f = MakeFixture("csv");
  std::string id;
  for (const QuestionRow& q : f.sheet.rows) {
    if (q.question->answer_type() == v1::ANSWER_TYPE_SINGLE_CHOICE) id = q.question->id();
  }
  ASSERT_FALSE(id.empty());
  f.At(kQuestionsSheet, f.Row(id), kColAnswer).text = "whatever suits";
  const AnswerImport r = f.Import();
  const RowResult* row = ResultFor(r, id);
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->outcome, RowOutcome::kInvalid);
  EXPECT_TRUE(absl::StrContains(row->message, "'whatever suits' is not an option of"))
      << row->message;
  EXPECT_TRUE(absl::StartsWith(row->message, "Questions!J")) << row->message;
}

TEST(AnswerImport, NotApplicableWhereTheQuestionRefusesItIsInvalid) {
  Fixture f = MakeFixture();
  std::string id;
  for (const QuestionRow& q : f.sheet.rows) {
    if (q.question->answer_type() == v1::ANSWER_TYPE_YES_NO &&
        !q.question->allow_not_applicable()) {
      id = q.question->id();
      break;
    }
  }
  f.At(kQuestionsSheet, f.Row(id), kColAnswer).text = "not applicable";
  const AnswerImport r = f.Import();
  const RowResult* row = ResultFor(r, id);
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->outcome, RowOutcome::kInvalid) << row->message;
  EXPECT_FALSE(r.ok());
}

TEST(AnswerImport, ADeletedRowShiftsTheRestAndIsRefused) {
  Fixture f = MakeFixture("csv");
  auto& cells = f.grid.sheets[kQuestionsSheet];
  std::map<std::pair<int, int>, Cell> shifted;
  for (auto& [pos, cell] : cells) {
    if (pos.first == kFirstQuestionRow + 3) continue;
    shifted[{pos.first > kFirstQuestionRow + 3 ? pos.first - 1 : pos.first, pos.second}] = cell;
  }
  cells = shifted;
  const AnswerImport r = f.Import();
  EXPECT_FALSE(r.ok());
  ASSERT_GT(r.rows.size(), 3u) << Problems(r);
  EXPECT_EQ(r.rows[3].outcome, RowOutcome::kInvalid);
  EXPECT_TRUE(absl::StrContains(r.rows[3].message, "rows moved, added or deleted"))
      << r.rows[3].message;
}

TEST(AnswerImport, AnythingBelowTheLastQuestionIsRefused) {
  Fixture f = MakeFixture();
  f.At(kQuestionsSheet, kFirstQuestionRow + static_cast<int>(f.sheet.rows.size()) + 2, kColAnswer)
      .text = "yes";
  const AnswerImport r = f.Import();
  ASSERT_FALSE(r.problems.empty());
  EXPECT_TRUE(absl::StrContains(r.problems[0], "below the last question")) << r.problems[0];
}

TEST(AnswerImport, RowsAreMatchedChangedOrInConflictWithTheResponseOnRecord) {
  Fixture f = MakeFixture();
  v1::Response base = f.c->c.response;
  // Two yes/no answers on record: one changed in the sheet, one changed on record after the export.
  std::vector<std::string> yes_no;
  for (const v1::Answer& a : base.answers()) {
    if (a.has_yes_no() && a.yes_no() == v1::YES_NO_YES) yes_no.push_back(a.question_id());
  }
  ASSERT_GE(yes_no.size(), 2u);
  f.At(kQuestionsSheet, f.Row(yes_no[0]), kColAnswer).text = "no";
  f.At(kQuestionsSheet, f.Row(yes_no[1]), kColAnswer).text = "partial";
  for (v1::Answer& a : *base.mutable_answers()) {
    if (a.question_id() == yes_no[1]) {
      *a.mutable_answered_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
          absl::ToUnixMicros(f.exported_at + absl::Minutes(5)));
    }
  }
  AnswerImport r = f.Import(&base);
  EXPECT_EQ(ResultFor(r, yes_no[0])->outcome, RowOutcome::kChanged);
  EXPECT_EQ(ResultFor(r, yes_no[1])->outcome, RowOutcome::kConflict);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.response.answers_size(), 0);  // nothing half-imported
  // Without the conflicting edit: the changed answer is dated by the import, the rest keep theirs.
  f.At(kQuestionsSheet, f.Row(yes_no[1]), kColAnswer).text = "yes";
  r = f.Import(&base);
  ASSERT_TRUE(r.ok()) << Problems(r);
  int matched = 0;
  for (const auto& row : r.rows) matched += row.outcome == RowOutcome::kMatched;
  EXPECT_EQ(matched, static_cast<int>(r.rows.size()) - 1);
  for (const v1::Answer& a : r.response.answers()) {
    const absl::Time at = absl::FromUnixMicros(
        google::protobuf::util::TimeUtil::TimestampToMicroseconds(a.answered_at()));
    if (a.question_id() == yes_no[0]) {
      EXPECT_EQ(a.yes_no(), v1::YES_NO_NO);
      EXPECT_EQ(at, f.exported_at + absl::Hours(1));
    } else {
      EXPECT_LT(at, f.exported_at + absl::Hours(1)) << a.question_id();
    }
  }
  EXPECT_EQ(r.response.name(), base.name());
}

TEST(AnswerImport, DatesAndNumbersStoredAsSpreadsheetNumbersAreRead) {
  Fixture f = MakeFixture();
  std::string date_q, number_q;
  for (const QuestionRow& q : f.sheet.rows) {
    if (q.question->answer_type() == v1::ANSWER_TYPE_DATE) date_q = q.question->id();
    if (q.question->answer_type() == v1::ANSWER_TYPE_NUMBER) number_q = q.question->id();
  }
  Cell& date = f.At(kQuestionsSheet, f.Row(date_q), kColAnswer);
  date = Cell{"46235", true, 46235};  // 2026-08-01 as Excel stores it
  const AnswerImport r = f.Import();
  bool seen = false;
  for (const v1::Answer& a : r.response.answers()) {
    if (a.question_id() != date_q) continue;
    seen = true;
    EXPECT_EQ(a.date(), "2026-08-01");
  }
  EXPECT_TRUE(seen) << Problems(r);
  Cell& number = f.At(kQuestionsSheet, f.Row(number_q), kColAnswer);
  number = Cell{"many", false, 0};
  const RowResult* row = ResultFor(f.Import(), number_q);
  EXPECT_EQ(row->outcome, RowOutcome::kInvalid);
  EXPECT_TRUE(absl::StrContains(row->message, "'many' is not a number"));
}

TEST(CsvSheet, QuotesLineBreaksAndTheByteOrderMarkSurvive) {
  auto grid = ReadQuestionnaireCsv(
      "\xEF\xBB\xBF"
      "a,\"b, \"\"c\"\"\",\"line 1\r\nline 2\"\r\n,x\r\n");
  ASSERT_TRUE(grid.ok()) << grid.status();
  EXPECT_EQ(grid->At(kQuestionsSheet, 0, 0).text, "a");
  EXPECT_EQ(grid->At(kQuestionsSheet, 0, 1).text, "b, \"c\"");
  EXPECT_EQ(grid->At(kQuestionsSheet, 0, 2).text, "line 1\nline 2");
  EXPECT_EQ(grid->At(kQuestionsSheet, 1, 0).text, "");
  EXPECT_EQ(grid->At(kQuestionsSheet, 1, 1).text, "x");
  auto open = ReadQuestionnaireCsv("a,b\nc,\"never closed\nd\n");
  EXPECT_EQ(open.status().message(), "CSV line 2: a quoted field is never closed");
  auto stray = ReadQuestionnaireCsv("a,b\"c\n");
  EXPECT_FALSE(stray.ok());
}

TEST(XlsxSheet, WhatIsNotAWorkbookIsRefused) {
  EXPECT_EQ(ReadXlsxCells("plain text").status().message(),
            "workbook: not an XLSX file (not a zip archive)");
  Fixture f = MakeFixture();
  const std::string path = TempPath("bounded.xlsx");
  ASSERT_TRUE(WriteQuestionnaireXlsx(f.sheet, path).ok());
  const std::string data = ReadAll(path);
  auto small = ReadXlsxCells(data, data.size() + 1000);  // the sheet XML unpacks larger
  EXPECT_FALSE(small.ok());
  EXPECT_TRUE(absl::StrContains(small.status().message(), "bytes unpacked")) << small.status();
}

}  // namespace
}  // namespace supplyrisk::report
