#include "clients/report/xlsx_sheet.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace supplyrisk::report {
namespace {

absl::Status Check(lxw_error err, absl::string_view what) {
  if (err == LXW_NO_ERROR) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("writing the workbook: ", what, ": ", lxw_strerror(err)));
}

}  // namespace

absl::Status WriteQuestionnaireXlsx(const QuestionnaireSheet& sheet, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) return absl::InternalError(absl::StrCat(path, ": cannot be created"));
  lxw_worksheet* questions = workbook_add_worksheet(wb, kQuestionsSheet);
  lxw_worksheet* options = workbook_add_worksheet(wb, kOptionsSheet);
  lxw_worksheet* meta = workbook_add_worksheet(wb, kMetaSheet);
  lxw_format* fixed = workbook_add_format(wb);
  format_set_text_wrap(fixed);
  format_set_align(fixed, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* heading = workbook_add_format(wb);
  format_set_bold(heading);
  format_set_text_wrap(heading);
  lxw_format* open = workbook_add_format(wb);
  format_set_unlocked(open);
  format_set_text_wrap(open);
  format_set_align(open, LXW_ALIGN_VERTICAL_TOP);
  format_set_bg_color(open, 0xFFF8DC);

  const std::vector<std::string> stamp = sheet.Stamp();
  for (size_t c = 0; c < stamp.size(); ++c) {
    worksheet_write_string(questions, kStampRow, static_cast<lxw_col_t>(c), stamp[c].c_str(),
                           fixed);
    worksheet_write_string(meta, kStampRow, static_cast<lxw_col_t>(c), stamp[c].c_str(), nullptr);
  }
  const std::vector<std::string> headings = ColumnHeadings(sheet.lang);
  for (int c = 0; c < kColumnCount; ++c) {
    worksheet_write_string(questions, kHeaderRow, c, headings[c].c_str(), heading);
  }
  const double widths[kColumnCount] = {18, 16, 40, 40, 30, 30, 14, 20, 24, 24, 36, 24};
  for (int c = 0; c < kColumnCount; ++c) {
    worksheet_set_column(questions, c, c, widths[c], nullptr);
  }
  // One options column per distinct drop-down list.
  std::map<std::vector<std::string>, std::string> lists;  // labels -> "=Options!$A$1:$A$5"
  int row = kFirstQuestionRow;
  for (const QuestionRow& r : sheet.rows) {
    const auto& q = *r.question;
    const std::string cells[] = {q.id(),        r.section,     q.text().ja(),
                                 q.text().en(), q.help().ja(), q.help().en(),
                                 r.kind,        r.choices,     r.condition};
    for (int c = 0; c <= kColCondition; ++c) {
      worksheet_write_string(questions, row, c, cells[c].c_str(), fixed);
    }
    // The cells to fill are written even when blank: an unwritten cell reads as locked.
    if (r.answer_is_number) {
      worksheet_write_number(questions, row, kColAnswer, r.number, open);
    } else if (r.answer.empty()) {
      worksheet_write_blank(questions, row, kColAnswer, open);
    } else {
      worksheet_write_string(questions, row, kColAnswer, r.answer.c_str(), open);
    }
    for (auto [col, text] : {std::pair<int, const std::string*>{kColEvidence, &r.evidence},
                             {kColComment, &r.comment}}) {
      if (text->empty()) {
        worksheet_write_blank(questions, row, col, open);
      } else {
        worksheet_write_string(questions, row, col, text->c_str(), open);
      }
    }
    if (!r.drop_down.empty()) {
      auto [it, added] = lists.try_emplace(r.drop_down, "");
      if (added) {
        const int col = static_cast<int>(lists.size()) - 1;
        for (size_t i = 0; i < r.drop_down.size(); ++i) {
          worksheet_write_string(options, static_cast<lxw_row_t>(i), col, r.drop_down[i].c_str(),
                                 nullptr);
        }
        const std::string letters = ColumnLetters(col);
        it->second = absl::StrCat("=", kOptionsSheet, "!$", letters, "$1:$", letters, "$",
                                  r.drop_down.size());
      }
      lxw_data_validation dv = {};
      dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
      dv.value_formula = const_cast<char*>(it->second.c_str());
      dv.ignore_blank = LXW_VALIDATION_ON;
      dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
      if (auto s =
              Check(worksheet_data_validation_cell(questions, row, kColAnswer, &dv), "drop-down");
          !s.ok()) {
        workbook_close(wb);
        return s;
      }
    }
    ++row;
  }
  worksheet_freeze_panes(questions, kFirstQuestionRow, kColTextJa);
  lxw_protection protection = {};
  protection.format_columns = 1;
  protection.format_rows = 1;
  worksheet_protect(questions, nullptr, &protection);
  worksheet_protect(options, nullptr, nullptr);
  worksheet_protect(meta, nullptr, nullptr);
  worksheet_hide(options);
  worksheet_hide(meta);
  return Check(workbook_close(wb), path);
}

namespace {

// An entry of the archive, or NOT_FOUND.
absl::StatusOr<std::string> ReadEntry(zip_t* zip, const std::string& name, size_t max_bytes) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(zip, name.c_str(), 0, &st) != 0) {
    return absl::NotFoundError(absl::StrCat("workbook: no ", name));
  }
  if ((st.valid & ZIP_STAT_SIZE) == 0 || st.size > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("workbook: ", name, " is larger than ", max_bytes, " bytes unpacked"));
  }
  zip_file_t* f = zip_fopen(zip, name.c_str(), 0);
  if (f == nullptr)
    return absl::InvalidArgumentError(absl::StrCat("workbook: ", name, ": unreadable"));
  std::string data(st.size, '\0');
  const zip_int64_t n = zip_fread(f, data.data(), st.size);
  zip_fclose(f);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) {
    return absl::InvalidArgumentError(absl::StrCat("workbook: ", name, ": truncated"));
  }
  return data;
}

struct XmlDoc {
  xmlDocPtr doc = nullptr;
  ~XmlDoc() { xmlFreeDoc(doc); }
};

absl::Status ParseXml(const std::string& data, const std::string& name, XmlDoc* out) {
  // No network, no entity substitution, no DTD loading: a workbook is data, not a program.
  out->doc = xmlReadMemory(data.data(), static_cast<int>(data.size()), name.c_str(), nullptr,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (out->doc == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("workbook: ", name, ": not well-formed XML"));
  }
  return absl::OkStatus();
}

bool Is(xmlNodePtr n, const char* local) {
  return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST local) == 0;
}

std::string Attr(xmlNodePtr n, const char* name) {
  xmlChar* v = xmlGetProp(n, BAD_CAST name);
  if (v == nullptr) return "";
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

// An attribute in the relationships namespace (r:id).
std::string RelId(xmlNodePtr n) {
  for (xmlAttrPtr a = n->properties; a != nullptr; a = a->next) {
    if (xmlStrcmp(a->name, BAD_CAST "id") == 0 && a->ns != nullptr) {
      xmlChar* v = xmlNodeGetContent(a->children);
      std::string s(reinterpret_cast<const char*>(v));
      xmlFree(v);
      return s;
    }
  }
  return "";
}

// The text of every <t> below n, in order (a rich text run's pieces joined).
void AppendTexts(xmlNodePtr n, std::string* out) {
  for (xmlNodePtr c = n->children; c != nullptr; c = c->next) {
    if (Is(c, "t")) {
      xmlChar* v = xmlNodeGetContent(c);
      out->append(reinterpret_cast<const char*>(v));
      xmlFree(v);
    } else if (Is(c, "r")) {
      AppendTexts(c, out);
    }
  }
}

std::string Content(xmlNodePtr n) {
  xmlChar* v = xmlNodeGetContent(n);
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

// "AB12" -> (11, 27).
bool ParseCellRef(absl::string_view ref, int* row, int* col) {
  size_t i = 0;
  int c = 0;
  while (i < ref.size() && absl::ascii_isupper(ref[i])) c = c * 26 + (ref[i++] - 'A' + 1);
  int r = 0;
  if (c == 0 || i == ref.size() || !absl::SimpleAtoi(ref.substr(i), &r) || r < 1) return false;
  *row = r - 1;
  *col = c - 1;
  return true;
}

// One <c> element: its shared or inline string, number, or other value.
absl::Status ReadCell(xmlNodePtr c, const std::string& name, const std::vector<std::string>& shared,
                      Cell* cell) {
  const std::string type = Attr(c, "t");
  for (xmlNodePtr v = c->children; v != nullptr; v = v->next) {
    if (Is(v, "is")) AppendTexts(v, &cell->text);
    if (!Is(v, "v")) continue;
    const std::string value = Content(v);
    if (type == "s") {
      size_t index = 0;
      if (!absl::SimpleAtoi(value, &index) || index >= shared.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat("workbook: ", name, ": cell ", Attr(c, "r"), ": bad shared string"));
      }
      cell->text = shared[index];
    } else if (type.empty() || type == "n") {
      cell->is_number = absl::SimpleAtod(value, &cell->number);
      cell->text = value;
    } else {
      cell->text = value;  // str (a formula's text), b (0/1), e (an error)
    }
  }
  return absl::OkStatus();
}

absl::Status ReadSheet(const std::string& data, const std::string& name,
                       const std::vector<std::string>& shared,
                       std::map<std::pair<int, int>, Cell>* cells) {
  XmlDoc doc;
  if (auto s = ParseXml(data, name, &doc); !s.ok()) return s;
  xmlNodePtr root = xmlDocGetRootElement(doc.doc);
  for (xmlNodePtr part = root->children; part != nullptr; part = part->next) {
    if (!Is(part, "sheetData")) continue;
    for (xmlNodePtr row = part->children; row != nullptr; row = row->next) {
      if (!Is(row, "row")) continue;
      for (xmlNodePtr c = row->children; c != nullptr; c = c->next) {
        if (!Is(c, "c")) continue;
        int r = 0, col = 0;
        if (!ParseCellRef(Attr(c, "r"), &r, &col)) {
          return absl::InvalidArgumentError(
              absl::StrCat("workbook: ", name, ": a cell without a reference"));
        }
        Cell cell;
        if (auto s = ReadCell(c, name, shared, &cell); !s.ok()) return s;
        if (!cell.text.empty() || cell.is_number) (*cells)[{r, col}] = std::move(cell);
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CellGrid> ReadXlsxCells(absl::string_view data, size_t max_bytes) {
  if (data.size() > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("workbook: ", data.size(), " bytes; at most ", max_bytes));
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(data.data(), data.size(), 0, &error);
  if (source == nullptr) return absl::InternalError("workbook: cannot read the buffer");
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (zip == nullptr) {
    zip_source_free(source);
    zip_error_fini(&error);
    return absl::InvalidArgumentError("workbook: not an XLSX file (not a zip archive)");
  }
  std::unique_ptr<zip_t, int (*)(zip_t*)> closer(zip, zip_close);
  auto workbook = ReadEntry(zip, "xl/workbook.xml", max_bytes);
  if (!workbook.ok()) return workbook.status();
  auto rels = ReadEntry(zip, "xl/_rels/workbook.xml.rels", max_bytes);
  if (!rels.ok()) return rels.status();
  std::vector<std::string> shared;
  if (auto sst = ReadEntry(zip, "xl/sharedStrings.xml", max_bytes); sst.ok()) {
    XmlDoc doc;
    if (auto s = ParseXml(*sst, "xl/sharedStrings.xml", &doc); !s.ok()) return s;
    for (xmlNodePtr si = xmlDocGetRootElement(doc.doc)->children; si != nullptr; si = si->next) {
      if (!Is(si, "si")) continue;
      std::string text;
      AppendTexts(si, &text);
      shared.push_back(std::move(text));
    }
  } else if (!absl::IsNotFound(sst.status())) {
    return sst.status();
  }
  std::map<std::string, std::string> targets;  // relationship id -> entry name
  {
    XmlDoc doc;
    if (auto s = ParseXml(*rels, "xl/_rels/workbook.xml.rels", &doc); !s.ok()) return s;
    for (xmlNodePtr r = xmlDocGetRootElement(doc.doc)->children; r != nullptr; r = r->next) {
      if (!Is(r, "Relationship")) continue;
      std::string target = Attr(r, "Target");
      target = absl::StartsWith(target, "/") ? target.substr(1) : absl::StrCat("xl/", target);
      targets[Attr(r, "Id")] = target;
    }
  }
  XmlDoc doc;
  if (auto s = ParseXml(*workbook, "xl/workbook.xml", &doc); !s.ok()) return s;
  CellGrid grid;
  for (xmlNodePtr part = xmlDocGetRootElement(doc.doc)->children; part != nullptr;
       part = part->next) {
    if (!Is(part, "sheets")) continue;
    for (xmlNodePtr s = part->children; s != nullptr; s = s->next) {
      if (!Is(s, "sheet")) continue;
      auto target = targets.find(RelId(s));
      if (target == targets.end()) continue;  // not a worksheet part we can name
      auto xml = ReadEntry(zip, target->second, max_bytes);
      if (!xml.ok()) return xml.status();
      auto& cells = grid.sheets[Attr(s, "name")];
      if (auto st = ReadSheet(*xml, target->second, shared, &cells); !st.ok()) return st;
    }
  }
  return grid;
}

}  // namespace supplyrisk::report
