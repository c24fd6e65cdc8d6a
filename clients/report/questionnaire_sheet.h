#ifndef SUPPLYRISK_CLIENTS_REPORT_QUESTIONNAIRE_SHEET_H_
#define SUPPLYRISK_CLIENTS_REPORT_QUESTIONNAIRE_SHEET_H_

// A questionnaire template revision laid out as the sheet suppliers answer in a spreadsheet
// program, whatever the file (XLSX workbook or CSV as Excel saves it), and the cell grid read back
// from such a file.
//
// The questions sheet holds, from the top:
//   row 1  the stamp: "supplyrisk-questionnaire", template id, revision, template digest, language,
//          export time (RFC 3339)
//   row 2  the column headings
//   row 3+ one row per question, in template order: id, section, text (ja, en), help (ja, en),
//          answer kind, choices, condition, then the three cells the supplier fills: answer,
//          evidence, comment.
// The stamp makes a CSV (one sheet) carry what the XLSX's hidden meta sheet also carries; an import
// refuses a file whose stamp names another template, revision or digest.
//
// Answer cells take, per kind: yes/no a label in either language or the token ("yes", "partial",
// "no", "unknown", "not_applicable"); a choice the option's label in either language or its id;
// several choices separated by ";" or new lines; a number; a date as YYYY-MM-DD (or the date a
// spreadsheet stores as a serial number). Evidence cells hold one item per line,
// "kind | where [| sha256:HEX] [| description]", the kind a word of either language
// (document, screenshot, report, certificate, record). Subcontractor lists are not answered in a
// sheet (their rows say so); they go through the API or a response file.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/render/language.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::report {

inline constexpr char kQuestionsSheet[] = "Questions";
inline constexpr char kOptionsSheet[] = "Options";
inline constexpr char kMetaSheet[] = "Meta";
inline constexpr char kStamp[] = "supplyrisk-questionnaire";

// Columns of the questions sheet, 0-based.
enum SheetColumn {
  kColId = 0,
  kColSection,
  kColTextJa,
  kColTextEn,
  kColHelpJa,
  kColHelpEn,
  kColKind,
  kColChoices,
  kColCondition,
  kColAnswer,
  kColEvidence,
  kColComment,
  kColumnCount,
};
inline constexpr int kStampRow = 0;
inline constexpr int kHeaderRow = 1;
inline constexpr int kFirstQuestionRow = 2;

// The column headings, in `lang`.
std::vector<std::string> ColumnHeadings(render::Language lang);

struct QuestionRow {
  const supplyrisk::v1::Question* question = nullptr;
  std::string section;    // the section's title in the sheet's language
  std::string kind;       // the answer kind as the sheet names it, in the sheet's language
  std::string choices;    // the option labels (sheet language), one per line; yes/no words too
  std::string condition;  // when the question is shown, or empty when always
  // What the supplier fills; prefilled from a response when the sheet is built from one.
  std::string answer, evidence, comment;
  bool answer_is_number = false;  // NUMBER answers prefilled as numbers, not text
  double number = 0;
  // The labels a drop-down offers, in the sheet's language (yes/no and single choice); empty for
  // kinds answered freely.
  std::vector<std::string> drop_down;
};

struct QuestionnaireSheet {
  std::string template_id;
  int revision = 0;
  std::string digest;  // TemplateDigest
  render::Language lang = render::Language::kJa;
  // When the sheet was made: an import calls an answer changed on record after it a conflict.
  absl::Time exported_at;
  std::vector<QuestionRow> rows;

  // The stamp row's cells, in order.
  std::vector<std::string> Stamp() const;
};

// Hex SHA-256 of the template's deterministic serialisation: any edit to the revision changes it.
std::string TemplateDigest(const supplyrisk::v1::Template& tmpl);

// The sheet of a questionnaire template (not a readiness profile: INVALID_ARGUMENT). With
// `prefill`, a response to that template, its answers fill the answer cells (for a supplier
// renewing last year's answers).
absl::StatusOr<QuestionnaireSheet> BuildQuestionnaireSheet(
    const supplyrisk::v1::Template& tmpl, render::Language lang, absl::Time exported_at,
    const supplyrisk::v1::Response* prefill = nullptr);

// A cell read back: its text, and for a numeric cell of a workbook its number.
struct Cell {
  std::string text;
  bool is_number = false;
  double number = 0;
};

// The cells of a file's sheets, by sheet name then (row, column), 0-based; empty cells absent.
struct CellGrid {
  std::map<std::string, std::map<std::pair<int, int>, Cell>> sheets;
  // Reads "" for an absent cell.
  const Cell& At(absl::string_view sheet, int row, int col) const;
};

// "Questions!J12": how errors name a cell (A1 notation, 1-based rows).
std::string CellName(absl::string_view sheet, int row, int col);
// The letters of a 0-based column: "A", ..., "Z", "AA", ...
std::string ColumnLetters(int col);

// Words of the sheet (yes/no labels, kinds, evidence kinds) in `lang`.
std::string YesNoLabel(supplyrisk::v1::YesNo value, render::Language lang);
std::string EvidenceKindLabel(supplyrisk::v1::EvidenceKind kind, render::Language lang);

}  // namespace supplyrisk::report

#endif  // SUPPLYRISK_CLIENTS_REPORT_QUESTIONNAIRE_SHEET_H_
