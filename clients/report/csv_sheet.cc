#include "clients/report/csv_sheet.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace supplyrisk::report {
namespace {

void AppendField(absl::string_view field, std::string* out) {
  const bool quote = field.find_first_of(",\"\r\n") != absl::string_view::npos;
  if (!quote) {
    out->append(field.data(), field.size());
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendRow(const std::vector<std::string>& fields, std::string* out) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendField(fields[i], out);
  }
  out->append("\r\n");
}

}  // namespace

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string out;
  AppendRow(fields, &out);
  return out;
}

std::string WriteQuestionnaireCsv(const QuestionnaireSheet& sheet) {
  std::string out = "\xEF\xBB\xBF";
  AppendRow(sheet.Stamp(), &out);
  AppendRow(ColumnHeadings(sheet.lang), &out);
  for (const QuestionRow& r : sheet.rows) {
    const auto& q = *r.question;
    AppendRow({q.id(), r.section, q.text().ja(), q.text().en(), q.help().ja(), q.help().en(),
               r.kind, r.choices, r.condition, r.answer, r.evidence, r.comment},
              &out);
  }
  return out;
}

absl::StatusOr<CellGrid> ReadQuestionnaireCsv(absl::string_view data, size_t max_bytes) {
  if (data.size() > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("CSV: ", data.size(), " bytes; at most ", max_bytes));
  }
  if (absl::StartsWith(data, "\xEF\xBB\xBF")) data.remove_prefix(3);
  CellGrid grid;
  auto& cells = grid.sheets[kQuestionsSheet];
  int row = 0, col = 0, line = 1, quote_line = 0;
  std::string field;
  bool quoted = false, was_quoted = false;
  auto end_field = [&] {
    if (!field.empty() || was_quoted) cells[{row, col}].text = field;
    field.clear();
    was_quoted = false;
    ++col;
  };
  for (size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < data.size() && data[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        // Excel writes line breaks inside a cell as CRLF too; a cell holds LF.
        if (!(c == '\r' && i + 1 < data.size() && data[i + 1] == '\n')) field.push_back(c);
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = was_quoted = true;
      quote_line = line;
    } else if (c == ',') {
      end_field();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') ++i;
      end_field();
      ++row;
      ++line;
      col = 0;
    } else if (c == '"') {
      return absl::InvalidArgumentError(
          absl::StrCat("CSV line ", line, ": a quote inside an unquoted field"));
    } else {
      field.push_back(c);
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError(
        absl::StrCat("CSV line ", quote_line, ": a quoted field is never closed"));
  }
  if (!field.empty() || col > 0) end_field();
  return grid;
}

}  // namespace supplyrisk::report
