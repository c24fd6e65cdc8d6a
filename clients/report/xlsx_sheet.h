#ifndef SUPPLYRISK_CLIENTS_REPORT_XLSX_SHEET_H_
#define SUPPLYRISK_CLIENTS_REPORT_XLSX_SHEET_H_

// A questionnaire sheet as an XLSX workbook, and the cells of a workbook read back.
//
// Writing (libxlsxwriter): the questions sheet (questionnaire_sheet.h) with the question cells
// locked and the sheet protected (no password: protection keeps a supplier from editing a question
// by mistake, it is no security), the answer, evidence and comment cells unlocked; yes/no and
// single-choice answers as in-cell drop-downs bound to a hidden options sheet; a hidden meta sheet
// repeating the stamp (template id, revision, digest, language, export time).
//
// Reading (libzip + libxml2 over the sheet XML, as Debian 12 has no C/C++ XLSX reader): every
// sheet's cells, shared and inline strings and numbers. Bounded: the archive and each entry
// uncompressed at most `max_bytes`, so a zip bomb is refused; XML is parsed without network
// access or entity expansion.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/report/questionnaire_sheet.h"

namespace supplyrisk::report {

// Writes the workbook to `path`.
absl::Status WriteQuestionnaireXlsx(const QuestionnaireSheet& sheet, const std::string& path);

// The cells of every sheet of the workbook held in `data`.
absl::StatusOr<CellGrid> ReadXlsxCells(absl::string_view data, size_t max_bytes = 64 << 20);

}  // namespace supplyrisk::report

#endif  // SUPPLYRISK_CLIENTS_REPORT_XLSX_SHEET_H_
