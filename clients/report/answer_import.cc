#include "clients/report/answer_import.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/util/time_util.h"

namespace supplyrisk::report {
namespace {

namespace v1 = ::supplyrisk::v1;
using render::Language;

constexpr Language kBoth[] = {Language::kJa, Language::kEn};

std::string Trim(absl::string_view s) { return std::string(absl::StripAsciiWhitespace(s)); }

// Parts of a multi-valued cell: split on ';' and new lines, blanks dropped.
std::vector<std::string> Parts(absl::string_view text) {
  std::vector<std::string> out;
  for (absl::string_view p : absl::StrSplit(text, absl::ByAnyChar(";\n"))) {
    std::string t = Trim(p);
    if (!t.empty()) out.push_back(std::move(t));
  }
  return out;
}

bool ParseYesNo(absl::string_view text, v1::YesNo* out) {
  for (v1::YesNo v : {v1::YES_NO_YES, v1::YES_NO_PARTIAL, v1::YES_NO_NO, v1::YES_NO_UNKNOWN,
                      v1::YES_NO_NOT_APPLICABLE}) {
    std::string token = absl::AsciiStrToLower(absl::StripPrefix(v1::YesNo_Name(v), "YES_NO_"));
    if (absl::EqualsIgnoreCase(text, token)) return *out = v, true;
    for (Language lang : kBoth) {
      if (absl::EqualsIgnoreCase(text, YesNoLabel(v, lang))) return *out = v, true;
    }
  }
  return false;
}

// The option a cell part names: its id or its label in either language.
const v1::ChoiceOption* FindOption(const v1::Question& q, absl::string_view part) {
  for (const v1::ChoiceOption& o : q.options()) {
    if (o.id() == part || (!o.label().ja().empty() && o.label().ja() == part) ||
        (!o.label().en().empty() && absl::EqualsIgnoreCase(o.label().en(), part))) {
      return &o;
    }
  }
  return nullptr;
}

bool ParseEvidenceKind(absl::string_view text, v1::EvidenceKind* out) {
  for (int k = v1::EvidenceKind_MIN; k <= v1::EvidenceKind_MAX; ++k) {
    if (!v1::EvidenceKind_IsValid(k)) continue;
    const auto kind = static_cast<v1::EvidenceKind>(k);
    std::string token =
        absl::AsciiStrToLower(absl::StripPrefix(v1::EvidenceKind_Name(kind), "EVIDENCE_KIND_"));
    bool match = absl::EqualsIgnoreCase(text, token);
    for (Language lang : kBoth)
      match |= absl::EqualsIgnoreCase(text, EvidenceKindLabel(kind, lang));
    if (match) return *out = kind, true;
  }
  return false;
}

// A spreadsheet's date serial (days since 1899-12-30) as YYYY-MM-DD.
std::string SerialDate(double serial) {
  const absl::CivilDay day =
      absl::CivilDay(1899, 12, 30) + static_cast<int64_t>(std::floor(serial));
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

// Reads the answer, evidence and comment cells of one row into *a; false with *problem naming the
// cell otherwise.
bool ReadRow(const CellGrid& grid, int row, const v1::Question& q, v1::Answer* a,
             std::string* problem) {
  const Cell& answer = grid.At(kQuestionsSheet, row, kColAnswer);
  const std::string text = Trim(answer.text);
  const std::string at = CellName(kQuestionsSheet, row, kColAnswer);
  a->set_question_id(q.id());
  if (!text.empty() || answer.is_number) {
    switch (q.answer_type()) {
      case v1::ANSWER_TYPE_YES_NO: {
        v1::YesNo v;
        if (!ParseYesNo(text, &v)) {
          *problem = absl::StrCat(at, ": '", text, "' is not yes, partial, no, unknown",
                                  q.allow_not_applicable() ? " or not applicable" : "");
          return false;
        }
        a->set_yes_no(v);
        break;
      }
      case v1::ANSWER_TYPE_SINGLE_CHOICE:
      case v1::ANSWER_TYPE_MULTIPLE_CHOICE: {
        std::vector<std::string> parts = Parts(text);
        if (q.answer_type() == v1::ANSWER_TYPE_SINGLE_CHOICE && parts.size() > 1) {
          *problem = absl::StrCat(at, ": one choice only; found ", parts.size());
          return false;
        }
        for (const std::string& part : parts) {
          const v1::ChoiceOption* o = FindOption(q, part);
          if (o == nullptr) {
            std::vector<std::string> ids;
            for (const auto& x : q.options()) ids.push_back(x.id());
            *problem = absl::StrCat(at, ": '", part, "' is not an option of ", q.id(), " (",
                                    absl::StrJoin(ids, ", "), ", or their labels)");
            return false;
          }
          if (q.answer_type() == v1::ANSWER_TYPE_SINGLE_CHOICE) {
            a->set_option_id(o->id());
          } else {
            a->mutable_options()->add_option_ids(o->id());
          }
        }
        break;
      }
      case v1::ANSWER_TYPE_NUMBER: {
        double v = answer.number;
        if (!answer.is_number && !absl::SimpleAtod(text, &v)) {
          *problem = absl::StrCat(at, ": '", text, "' is not a number");
          return false;
        }
        if (!std::isfinite(v)) {
          *problem = absl::StrCat(at, ": not a finite number");
          return false;
        }
        a->set_number(v);
        break;
      }
      case v1::ANSWER_TYPE_DATE: {
        if (answer.is_number) {
          a->set_date(SerialDate(answer.number));
        } else {
          absl::CivilDay day;
          if (text.size() != 10 || !absl::ParseCivilTime(text, &day)) {
            *problem = absl::StrCat(at, ": '", text, "' is not a date as YYYY-MM-DD");
            return false;
          }
          a->set_date(text);
        }
        break;
      }
      case v1::ANSWER_TYPE_TEXT:
        a->set_text(answer.text);
        break;
      default:
        *problem = absl::StrCat(at, ": ", q.id(),
                                " is a subcontractor list: answer it through the API or a "
                                "response file, not in a sheet");
        return false;
    }
  }
  const Cell& evidence = grid.At(kQuestionsSheet, row, kColEvidence);
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(evidence.text, '\n')) {
    ++line_no;
    if (Trim(line).empty()) continue;
    std::vector<std::string> fields;
    for (absl::string_view f : absl::StrSplit(line, '|')) fields.push_back(Trim(f));
    v1::EvidenceKind kind;
    if (fields.size() < 2 || !ParseEvidenceKind(fields[0], &kind)) {
      *problem = absl::StrCat(CellName(kQuestionsSheet, row, kColEvidence), ": line ", line_no,
                              ": write 'kind | where', the kind one of document, screenshot, "
                              "report, certificate, record");
      return false;
    }
    v1::Evidence* e = a->add_evidence();
    e->set_kind(kind);
    e->set_uri(fields[1]);
    for (size_t i = 2; i < fields.size(); ++i) {
      if (absl::StartsWith(fields[i], "sha256:")) {
        e->set_sha256(fields[i].substr(7));
      } else if (e->description().empty()) {
        e->set_description(fields[i]);
      } else {
        absl::StrAppend(e->mutable_description(), " | ", fields[i]);
      }
    }
  }
  a->set_comment(grid.At(kQuestionsSheet, row, kColComment).text);
  if (a->value_case() == v1::Answer::VALUE_NOT_SET &&
      (a->evidence_size() > 0 || !a->comment().empty())) {
    *problem = absl::StrCat(at, ": empty, but the row has evidence or a comment: answer it too");
    return false;
  }
  return true;
}

// Equal as answers: value, evidence and comment; not when they were given.
bool SameAnswer(v1::Answer a, v1::Answer b) {
  a.clear_answered_at();
  b.clear_answered_at();
  if (a.has_options())
    std::sort(a.mutable_options()->mutable_option_ids()->begin(),
              a.mutable_options()->mutable_option_ids()->end());
  if (b.has_options())
    std::sort(b.mutable_options()->mutable_option_ids()->begin(),
              b.mutable_options()->mutable_option_ids()->end());
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

// The stamp row and the meta sheet against the template.
void CheckStamp(const CellGrid& grid, const v1::Template& tmpl, const ImportOptions& options,
                absl::Time* exported_at, Language* lang, std::vector<std::string>* problems) {
  const std::string digest = TemplateDigest(tmpl);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {kStamp, "a supplyrisk questionnaire sheet"},
      {tmpl.id(), "template"},
      {absl::StrCat(tmpl.revision()), "revision"},
      {digest, "template digest"}};
  std::vector<std::string> sheets = {kQuestionsSheet};
  if (options.workbook) sheets.push_back(kMetaSheet);
  for (const std::string& sheet : sheets) {
    if (grid.sheets.count(sheet) == 0) {
      problems->push_back(
          absl::StrCat(sheet, ": no such sheet; is this a questionnaire exported by supplyrisk?"));
      continue;
    }
    for (size_t i = 0; i < expected.size(); ++i) {
      const std::string got = Trim(grid.At(sheet, kStampRow, static_cast<int>(i)).text);
      if (got != expected[i].first) {
        problems->push_back(absl::StrCat(CellName(sheet, kStampRow, static_cast<int>(i)), ": ",
                                         expected[i].second, " '", got, "', expected '",
                                         expected[i].first, "': this file is not for ", tmpl.id(),
                                         " revision ", tmpl.revision(), " as given"));
        return;
      }
    }
  }
  if (!problems->empty()) return;
  // A workbook's two stamps agree on the language and the export time as well: the export time
  // decides what is a conflict. (Both are editable; this catches an edit by mistake, it is no
  // seal against a supplier who means to.)
  if (options.workbook) {
    for (int col : {4, 5}) {
      if (Trim(grid.At(kMetaSheet, kStampRow, col).text) !=
          Trim(grid.At(kQuestionsSheet, kStampRow, col).text)) {
        problems->push_back(absl::StrCat(CellName(kQuestionsSheet, kStampRow, col),
                                         ": differs from ", CellName(kMetaSheet, kStampRow, col),
                                         ": the stamp was edited"));
        return;
      }
    }
  }
  const std::string code = Trim(grid.At(kQuestionsSheet, kStampRow, 4).text);
  auto parsed = render::ParseLanguage(code, CellName(kQuestionsSheet, kStampRow, 4));
  if (!parsed.ok()) {
    problems->push_back(std::string(parsed.status().message()));
    return;
  }
  *lang = *parsed;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, Trim(grid.At(kQuestionsSheet, kStampRow, 5).text),
                       exported_at, &err)) {
    problems->push_back(
        absl::StrCat(CellName(kQuestionsSheet, kStampRow, 5), ": export time: ", err));
  }
}

}  // namespace

absl::string_view RowOutcomeName(RowOutcome outcome) {
  switch (outcome) {
    case RowOutcome::kMatched:
      return "matched";
    case RowOutcome::kChanged:
      return "changed";
    case RowOutcome::kConflict:
      return "conflict";
    case RowOutcome::kInvalid:
      return "invalid";
  }
  return "invalid";
}

bool AnswerImport::ok() const {
  if (!problems.empty()) return false;
  for (const RowResult& r : rows) {
    if (r.outcome == RowOutcome::kInvalid || r.outcome == RowOutcome::kConflict) return false;
  }
  return true;
}

AnswerImport ImportAnswers(const CellGrid& grid, const v1::Template& tmpl,
                           const ImportOptions& options) {
  AnswerImport out;
  if (options.base != nullptr && (options.base->template_id() != tmpl.id() ||
                                  options.base->template_revision() != tmpl.revision())) {
    out.problems.push_back(absl::StrCat("base response: is for ", options.base->template_id(),
                                        " revision ", options.base->template_revision(), ", not ",
                                        tmpl.id(), " revision ", tmpl.revision()));
    return out;
  }
  absl::Time exported_at;
  Language lang = Language::kJa;
  CheckStamp(grid, tmpl, options, &exported_at, &lang, &out.problems);
  if (!out.problems.empty()) return out;
  const std::vector<std::string> headings = ColumnHeadings(lang);
  for (int c = 0; c < kColumnCount; ++c) {
    const std::string got = Trim(grid.At(kQuestionsSheet, kHeaderRow, c).text);
    if (got != headings[c]) {
      out.problems.push_back(absl::StrCat(CellName(kQuestionsSheet, kHeaderRow, c), ": heading '",
                                          got, "', expected '", headings[c],
                                          "': columns were moved or renamed"));
    }
  }
  auto sheet = BuildQuestionnaireSheet(tmpl, lang, exported_at);
  if (!sheet.ok()) {
    out.problems.push_back(std::string(sheet.status().message()));
    return out;
  }
  std::map<std::string, const v1::Answer*> on_record;
  if (options.base != nullptr) {
    for (const v1::Answer& a : options.base->answers()) on_record[a.question_id()] = &a;
  }
  v1::Response& response = out.response;
  if (options.base != nullptr) response.set_name(options.base->name());
  response.set_template_id(tmpl.id());
  response.set_template_revision(tmpl.revision());
  response.set_state(v1::RESPONSE_STATE_IN_PROGRESS);
  std::vector<int> row_of_answer;  // response answer index -> out.rows index
  for (size_t i = 0; i < sheet->rows.size(); ++i) {
    const QuestionRow& expected = sheet->rows[i];
    const v1::Question& q = *expected.question;
    const int row = kFirstQuestionRow + static_cast<int>(i);
    RowResult result;
    result.question_id = q.id();
    result.cell = CellName(kQuestionsSheet, row, kColAnswer);
    // The question's own cells are the template's, as exported.
    const std::pair<int, std::string> fixed[] = {{kColId, q.id()},
                                                 {kColTextJa, q.text().ja()},
                                                 {kColTextEn, q.text().en()},
                                                 {kColHelpJa, q.help().ja()},
                                                 {kColHelpEn, q.help().en()},
                                                 {kColChoices, expected.choices}};
    for (const auto& [col, want] : fixed) {
      if (grid.At(kQuestionsSheet, row, col).text != want) {
        result.outcome = RowOutcome::kInvalid;
        result.cell = CellName(kQuestionsSheet, row, col);
        result.message = absl::StrCat(
            result.cell, ": ",
            col == kColId
                ? absl::StrCat("expected question ", q.id(), " here (rows moved, added or deleted)")
                : "edited: the question's cells must stay as exported");
        break;
      }
    }
    if (result.outcome != RowOutcome::kInvalid) {
      v1::Answer a;
      std::string problem;
      if (!ReadRow(grid, row, q, &a, &problem)) {
        result.outcome = RowOutcome::kInvalid;
        result.message = problem;
      } else {
        auto rec = on_record.find(q.id());
        const bool empty = a.value_case() == v1::Answer::VALUE_NOT_SET;
        if (rec == on_record.end() ? empty : (!empty && SameAnswer(a, *rec->second))) {
          result.outcome = RowOutcome::kMatched;
          if (!empty) *a.mutable_answered_at() = rec->second->answered_at();
        } else if (rec != on_record.end() && rec->second->has_answered_at() &&
                   google::protobuf::util::TimeUtil::TimestampToMicroseconds(
                       rec->second->answered_at()) > absl::ToUnixMicros(exported_at)) {
          result.outcome = RowOutcome::kConflict;
          result.message =
              absl::StrCat(result.cell, ": the answer on record was changed at ",
                           google::protobuf::util::TimeUtil::ToString(rec->second->answered_at()),
                           ", after this sheet was exported at ",
                           absl::FormatTime(absl::RFC3339_sec, exported_at, absl::UTCTimeZone()),
                           "; export again and re-enter the answer");
        } else {
          result.outcome = RowOutcome::kChanged;
          if (!empty) {
            *a.mutable_answered_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
                absl::ToUnixMicros(options.answered_at));
          }
        }
        if (!empty) {
          *response.add_answers() = std::move(a);
          row_of_answer.push_back(static_cast<int>(out.rows.size()));
        }
      }
    }
    out.rows.push_back(std::move(result));
  }
  // Anything written below the last question is refused, not dropped.
  const int last = kFirstQuestionRow + static_cast<int>(sheet->rows.size());
  for (const auto& [pos, cell] : grid.sheets.at(kQuestionsSheet)) {
    if (pos.first >= last && !Trim(cell.text).empty()) {
      out.problems.push_back(
          absl::StrCat(CellName(kQuestionsSheet, pos.first, pos.second),
                       ": below the last question; the template has no such row"));
      break;
    }
    if (pos.first >= kFirstQuestionRow && pos.second >= kColumnCount && !Trim(cell.text).empty()) {
      out.problems.push_back(absl::StrCat(CellName(kQuestionsSheet, pos.first, pos.second),
                                          ": right of the comment column; nothing is read there"));
      break;
    }
  }
  // The same validation as every response, its answers mapped back to their rows.
  validation::Violations v;
  validation::ValidateResponse("", response, tmpl, options.limits, &v);
  for (const validation::Violation& x : v.violations()) {
    int index = -1;
    if (absl::StartsWith(x.field, "answers[")) {
      absl::SimpleAtoi(x.field.substr(8, x.field.find(']') - 8), &index);
    }
    if (index >= 0 && index < static_cast<int>(row_of_answer.size())) {
      RowResult& r = out.rows[row_of_answer[index]];
      r.outcome = RowOutcome::kInvalid;
      const std::string field = x.field.substr(std::min(x.field.size(), x.field.find(']') + 1));
      if (!r.message.empty()) r.message += "; ";
      absl::StrAppend(&r.message, r.cell, ": ",
                      field.empty() ? "" : absl::StrCat(absl::StripPrefix(field, "."), ": "),
                      x.description);
    } else {
      out.problems.push_back(absl::StrCat(x.field, ": ", x.description));
    }
  }
  if (!out.ok()) out.response.Clear();
  return out;
}

}  // namespace supplyrisk::report
