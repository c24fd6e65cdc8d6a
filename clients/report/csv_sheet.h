#ifndef SUPPLYRISK_CLIENTS_REPORT_CSV_SHEET_H_
#define SUPPLYRISK_CLIENTS_REPORT_CSV_SHEET_H_

// A questionnaire sheet as CSV the way Excel saves "CSV UTF-8": a byte order mark, CRLF line ends,
// fields quoted when they hold a comma, a quote or a line break (quotes doubled, RFC 4180). Reading
// takes that form and plain RFC 4180 (no BOM, LF) alike, and fails naming the line of a quote
// left open.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/report/questionnaire_sheet.h"

namespace supplyrisk::report {

// One CSV record: the fields quoted where needed, CRLF at the end.
std::string CsvLine(const std::vector<std::string>& fields);

// The questions sheet (stamp, headings, question rows) as CSV.
std::string WriteQuestionnaireCsv(const QuestionnaireSheet& sheet);

// A CSV file's cells, as the questions sheet of a grid. At most `max_bytes` of input.
absl::StatusOr<CellGrid> ReadQuestionnaireCsv(absl::string_view data, size_t max_bytes = 16 << 20);

}  // namespace supplyrisk::report

#endif  // SUPPLYRISK_CLIENTS_REPORT_CSV_SHEET_H_
