#ifndef SUPPLYRISK_CLIENTS_REPORT_ANSWER_IMPORT_H_
#define SUPPLYRISK_CLIENTS_REPORT_ANSWER_IMPORT_H_

// Answers read back from a questionnaire sheet (questionnaire_sheet.h), XLSX or CSV, into a
// response, with a result per question row naming its cell:
//   matched   the answer is the one on record (the base response), or both are empty;
//   changed   the answer is new or differs from the one on record;
//   conflict  it differs, and the answer on record was saved after the workbook was exported
//             (someone else changed it meanwhile: neither side may silently win);
//   invalid   the cell cannot be read as an answer of its question, or the question's own cells
//             (id, texts, help, choices) are not the template's: the sheet was edited.
// Conflicts are judged by the export time the file carries; an XLSX's two stamps must agree on it.
// That guards against overwriting by mistake, not against a supplier who edits both: answers on
// record change only through this import or the API, both audited.
// The file's stamp (and an XLSX's meta sheet) must name the template, revision and digest given;
// rows must be the template's questions, in order. The import is all or nothing: any invalid or
// conflicting row, or any problem with the file, and no response is produced. The response goes
// through engine/validation like any other, and its violations come back as invalid rows.
//
//   ImportOptions options;
//   options.base = &on_record;      // optional
//   options.answered_at = absl::Now();
//   AnswerImport result = ImportAnswers(grid, tmpl, options);
//   if (!result.ok()) { for (const auto& r : result.rows) ...; for (auto& p : result.problems) ...
//   }

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "clients/report/questionnaire_sheet.h"
#include "engine/validation/inputs.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::report {

enum class RowOutcome { kMatched, kChanged, kConflict, kInvalid };
// "matched", "changed", "conflict", "invalid".
absl::string_view RowOutcomeName(RowOutcome outcome);

struct RowResult {
  std::string question_id;
  std::string cell;  // "Questions!J12"
  RowOutcome outcome = RowOutcome::kMatched;
  std::string message;  // conflict and invalid: what is wrong, naming the cell
};

struct ImportOptions {
  // The response on record: rows are compared with it, its name and answer times carry over for
  // matched answers. Must be for the same template revision.
  const supplyrisk::v1::Response* base = nullptr;
  // When the changed answers were given.
  absl::Time answered_at;
  // Whether the file is a workbook (its meta sheet is then required) or a CSV (the stamp row only).
  bool workbook = true;
  validation::TimeLimits limits;
};

struct AnswerImport {
  // Set only when ok(): the base's name, the template's id and revision, state IN_PROGRESS, an
  // answer per non-empty row.
  supplyrisk::v1::Response response;
  // One per question row of the template, in order (rows the file lacks included).
  std::vector<RowResult> rows;
  // Problems of the file as a whole: "Questions!B1: ..." (stamp, meta sheet, headings, extra rows).
  std::vector<std::string> problems;
  bool ok() const;
};

AnswerImport ImportAnswers(const CellGrid& grid, const supplyrisk::v1::Template& tmpl,
                           const ImportOptions& options);

}  // namespace supplyrisk::report

#endif  // SUPPLYRISK_CLIENTS_REPORT_ANSWER_IMPORT_H_
