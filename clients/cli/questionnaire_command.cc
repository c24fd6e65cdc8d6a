// `supplyrisk questionnaire export|import`: a questionnaire template revision as the workbook
// (XLSX) or CSV suppliers fill in a spreadsheet program, and their answers read back into a
// response (clients/report/questionnaire_sheet.h, answer_import.h).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/cli/commands.h"
#include "clients/report/answer_import.h"
#include "clients/report/csv_sheet.h"
#include "clients/report/questionnaire_sheet.h"
#include "clients/report/xlsx_sheet.h"
#include "engine/catalog/catalog.h"
#include "engine/common/json_text.h"
#include "engine/io/file_loaders.h"
#include "engine/questionnaire/builtin_templates.h"
#include "engine/questionnaire/loader.h"
#include "engine/questionnaire/registry.h"
#include "engine/render/language.h"
#include "engine/scoring/input_text.h"
#include "google/protobuf/text_format.h"

namespace supplyrisk::cli {
namespace {

constexpr char kUsage[] =
    "usage: supplyrisk questionnaire export TEMPLATE --format xlsx|csv -o FILE [--lang ja|en]\n"
    "         [--response R.textproto]\n"
    "       supplyrisk questionnaire import FILE.xlsx|FILE.csv [--template T.textproto]\n"
    "         [--base R.textproto] [--answered_at TIME] [-o OUT.textproto] [--format text|json]\n"
    "  export: TEMPLATE is a template file or the id of a built-in template (its latest\n"
    "    published revision); --response prefills the answers of a response to it; --lang is\n"
    "    the language of the section titles, kinds and drop-down labels (default ja; question\n"
    "    texts and help are in both)\n"
    "  import: the template is the built-in revision the file's stamp names unless --template\n"
    "    gives it; --base is the response on record (rows matching it keep its answer times;\n"
    "    answers it got after the export are conflicts); --answered_at (YYYY-MM-DD or RFC 3339,\n"
    "    default now) dates the changed answers; the response is written to -o (or stdout) only\n"
    "    when every row is matched or changed\n"
    "  exit codes: 0 done, 1 the file or an input has problems (each named), 2 usage\n";

struct Flags {
  std::string verb, file, format, out, lang = "ja", response, template_path, base, answered_at;
};

int Usage(const std::string& problem) {
  std::fprintf(stderr, "supplyrisk questionnaire: %s\n%s", problem.c_str(), kUsage);
  return 2;
}

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "supplyrisk questionnaire: %s\n", std::string(s.message()).c_str());
  return 1;
}

std::optional<std::string> ParseFlags(const std::vector<std::string>& args, Flags* f) {
  if (args.empty()) return std::string("missing verb: export or import");
  f->verb = args[0];
  for (size_t i = 1; i < args.size(); ++i) {
    std::string name = args[i];
    if (!absl::StartsWith(name, "-")) {
      if (!f->file.empty()) return absl::StrCat("unexpected argument '", name, "'");
      f->file = name;
      continue;
    }
    std::string value;
    if (const size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::StrCat(name, " needs a value");
    }
    if (name == "--format")
      f->format = value;
    else if (name == "-o" || name == "--out")
      f->out = value;
    else if (name == "--lang")
      f->lang = value;
    else if (name == "--response")
      f->response = value;
    else if (name == "--template")
      f->template_path = value;
    else if (name == "--base")
      f->base = value;
    else if (name == "--answered_at")
      f->answered_at = value;
    else
      return absl::StrCat("unknown flag ", name);
  }
  if (f->verb != "export" && f->verb != "import") {
    return absl::StrCat("unknown verb '", f->verb, "': export or import");
  }
  if (f->file.empty()) {
    return f->verb == "export" ? "export needs a template" : "import needs a file";
  }
  if (f->verb == "export") {
    if (f->format != "xlsx" && f->format != "csv")
      return std::string("--format must be xlsx or csv");
    if (f->out.empty()) return std::string("-o FILE is required");
    if (!render::ParseLanguage(f->lang).ok()) return std::string("--lang must be ja or en");
    if (!f->base.empty() || !f->answered_at.empty() || !f->template_path.empty()) {
      return std::string("--base, --answered_at and --template are for import");
    }
  } else {
    if (f->format.empty()) f->format = "text";
    if (f->format != "text" && f->format != "json")
      return std::string("--format must be text or json");
    if (!f->response.empty()) return std::string("--response is for export; import takes --base");
  }
  return std::nullopt;
}

absl::StatusOr<v1::Template> LoadTemplate(const std::string& path) {
  auto loaded = io::LoadTemplateFile(path);
  if (!loaded.ok()) return loaded.status();
  if (!loaded->ok()) {
    return absl::InvalidArgumentError(questionnaire::FormatProblem(loaded->syntax_errors[0]));
  }
  return std::move(loaded->tmpl);
}

int Export(const Flags& f) {
  v1::Template tmpl;
  if (io::FileExists(f.file)) {
    auto t = LoadTemplate(f.file);
    if (!t.ok()) return Fail(t.status());
    tmpl = *std::move(t);
  } else {
    questionnaire::TemplateRegistry builtin(catalog::BuiltinCatalog());
    if (auto s = questionnaire::LoadBuiltinTemplates(&builtin); !s.ok()) return Fail(s);
    const v1::Template* t = builtin.LatestPublished(f.file);
    if (t == nullptr) {
      return Fail(absl::NotFoundError(
          absl::StrCat(f.file, ": neither a file nor the id of a built-in template")));
    }
    tmpl = *t;
  }
  v1::Response prefill;
  if (!f.response.empty()) {
    if (auto s = io::LoadTextProtoFile(f.response, &prefill); !s.ok()) return Fail(s);
  }
  auto sheet = report::BuildQuestionnaireSheet(tmpl, *render::ParseLanguage(f.lang), absl::Now(),
                                               f.response.empty() ? nullptr : &prefill);
  if (!sheet.ok()) return Fail(sheet.status());
  if (f.format == "xlsx") {
    if (auto s = report::WriteQuestionnaireXlsx(*sheet, f.out); !s.ok()) return Fail(s);
  } else {
    std::ofstream out(f.out, std::ios::binary);
    out << report::WriteQuestionnaireCsv(*sheet);
    if (!out) return Fail(absl::InternalError(absl::StrCat(f.out, ": cannot be written")));
  }
  std::fprintf(stderr, "supplyrisk questionnaire: %s revision %d, %zu questions -> %s\n",
               tmpl.id().c_str(), tmpl.revision(), sheet->rows.size(), f.out.c_str());
  return 0;
}

void PrintResults(const report::AnswerImport& result, const std::string& format) {
  int counts[4] = {0, 0, 0, 0};
  for (const auto& r : result.rows) ++counts[static_cast<int>(r.outcome)];
  if (format == "json") {
    std::string out = "{\"rows\":[";
    for (size_t i = 0; i < result.rows.size(); ++i) {
      const auto& r = result.rows[i];
      absl::StrAppend(&out, i ? "," : "", "{\"question_id\":", common::JsonQuote(r.question_id),
                      ",\"cell\":", common::JsonQuote(r.cell),
                      ",\"result\":", common::JsonQuote(report::RowOutcomeName(r.outcome)));
      if (!r.message.empty()) absl::StrAppend(&out, ",\"message\":", common::JsonQuote(r.message));
      out += "}";
    }
    out += "],\"problems\":[";
    for (size_t i = 0; i < result.problems.size(); ++i) {
      absl::StrAppend(&out, i ? "," : "", common::JsonQuote(result.problems[i]));
    }
    absl::StrAppend(&out, "],\"ok\":", result.ok() ? "true" : "false", "}\n");
    std::fputs(out.c_str(), stderr);
    return;
  }
  for (const auto& p : result.problems) std::fprintf(stderr, "%s\n", p.c_str());
  for (const auto& r : result.rows) {
    if (r.outcome == report::RowOutcome::kInvalid || r.outcome == report::RowOutcome::kConflict) {
      std::fprintf(stderr, "%s %s: %s\n", std::string(report::RowOutcomeName(r.outcome)).c_str(),
                   r.question_id.c_str(), r.message.c_str());
    }
  }
  std::fprintf(stderr, "%d matched, %d changed, %d conflict, %d invalid%s\n", counts[0], counts[1],
               counts[2], counts[3], result.problems.empty() ? "" : "; the file was refused");
}

int Import(const Flags& f) {
  auto data = io::ReadFile(f.file);
  if (!data.ok()) return Fail(data.status());
  const bool workbook = absl::StartsWith(*data, "PK");
  absl::StatusOr<report::CellGrid> grid =
      workbook ? report::ReadXlsxCells(*data) : report::ReadQuestionnaireCsv(*data);
  if (!grid.ok())
    return Fail(
        absl::Status(grid.status().code(), absl::StrCat(f.file, ": ", grid.status().message())));
  v1::Template tmpl;
  if (!f.template_path.empty()) {
    auto t = LoadTemplate(f.template_path);
    if (!t.ok()) return Fail(t.status());
    tmpl = *std::move(t);
  } else {
    const std::string id = grid->At(report::kQuestionsSheet, report::kStampRow, 1).text;
    int revision = 0;
    absl::SimpleAtoi(grid->At(report::kQuestionsSheet, report::kStampRow, 2).text, &revision);
    questionnaire::TemplateRegistry builtin(catalog::BuiltinCatalog());
    if (auto s = questionnaire::LoadBuiltinTemplates(&builtin); !s.ok()) return Fail(s);
    const v1::Template* t = builtin.Get(id, revision);
    if (t == nullptr) {
      return Fail(absl::NotFoundError(absl::StrCat(
          f.file, ": ", report::CellName(report::kQuestionsSheet, report::kStampRow, 1),
          ": no built-in template '", id, "' revision ", revision, "; give it with --template")));
    }
    tmpl = *t;
  }
  v1::Response base;
  report::ImportOptions options;
  if (!f.base.empty()) {
    if (auto s = io::LoadTextProtoFile(f.base, &base); !s.ok()) return Fail(s);
    options.base = &base;
  }
  options.answered_at = absl::Now();
  options.limits = validation::TimeLimits{absl::Now(), validation::kDefaultClockSkew};
  if (!f.answered_at.empty()) {
    auto t = scoring::ParseAsOf(f.answered_at);
    if (!t.ok()) return Usage(absl::StrCat("--answered_at: ", t.status().message()));
    if (*t > options.limits.latest()) return Usage("--answered_at is in the future");
    options.answered_at = *t;
  }
  options.workbook = workbook;
  const report::AnswerImport result = report::ImportAnswers(*grid, tmpl, options);
  PrintResults(result, f.format);
  if (!result.ok()) return 1;
  std::string text;
  google::protobuf::TextFormat::Printer printer;
  printer.SetUseUtf8StringEscaping(true);
  printer.PrintToString(result.response, &text);
  text = absl::StrCat("# proto-message: supplyrisk.v1.Response\n", text);
  if (f.out.empty()) {
    std::fputs(text.c_str(), stdout);
    return 0;
  }
  std::ofstream out(f.out, std::ios::binary);
  out << text;
  if (!out) return Fail(absl::InternalError(absl::StrCat(f.out, ": cannot be written")));
  return 0;
}

}  // namespace

int RunQuestionnaireCommand(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  Flags f;
  if (auto problem = ParseFlags(args, &f)) return Usage(*problem);
  return f.verb == "export" ? Export(f) : Import(f);
}

}  // namespace supplyrisk::cli
