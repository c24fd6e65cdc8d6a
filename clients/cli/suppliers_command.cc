// `supplyrisk suppliers`: every supplier of the caller's tenant with its standing, one row per
// engagement (grade, score, confidence, the decision of the newest assessment deciding that
// engagement), as CSV for spreadsheets (UTF-8 with BOM, CRLF, as Excel reads it) or as text.
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "clients/cli/api_reads.h"
#include "clients/cli/commands.h"
#include "clients/cli/progress.h"
#include "clients/report/csv_sheet.h"
#include "engine/common/json_text.h"

namespace supplyrisk::cli {
namespace {

constexpr char kUsage[] =
    "usage: supplyrisk suppliers --server HOST:PORT --token_file FILE [--server_ca FILE]\n"
    "         [--format csv|text|json] [-o FILE]\n"
    "  one row per supplier and engagement (a supplier without engagements: one row): names,\n"
    "  corporate number, grade, score, confidence and as_of of its newest assessment, and per\n"
    "  engagement the outcome and required star of the newest assessment deciding it (of the\n"
    "  supplier's 50 newest; \"undecided\" when none does). CSV is UTF-8 with BOM and CRLF.\n"
    "  exit codes: 0 written, 1 the server refused (named), 2 usage\n";

int Usage(const std::string& problem) {
  std::fprintf(stderr, "supplyrisk suppliers: %s\n%s", problem.c_str(), kUsage);
  return 2;
}

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "supplyrisk suppliers: %s\n", std::string(s.message()).c_str());
  return 1;
}

std::string Day(const google::protobuf::Timestamp& t) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(t.seconds()), absl::UTCTimeZone());
}

}  // namespace

int RunSuppliersCommand(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  scan::PushOptions options;
  std::string format = "csv", out_path;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i + 1 >= args.size()) return Usage(absl::StrCat(args[i], " needs a value"));
    const std::string& a = args[i];
    const std::string& v = args[++i];
    if (a == "--server")
      options.target = v;
    else if (a == "--token_file")
      options.token_file = v;
    else if (a == "--server_ca")
      options.ca_file = v;
    else if (a == "--format")
      format = v;
    else if (a == "-o" || a == "--out")
      out_path = v;
    else
      return Usage(absl::StrCat("unknown flag ", a));
  }
  if (options.target.empty()) return Usage("--server is required");
  if (options.token_file.empty()) return Usage("--token_file is required");
  if (format != "csv" && format != "text" && format != "json") {
    return Usage("--format must be csv, text or json");
  }
  auto server = scan::Connect(options);
  if (!server.ok()) return Fail(server.status());
  ApiReader api(*std::move(server));
  std::vector<v1::Supplier> suppliers;
  std::vector<v1::SupplierStanding> standings;
  if (auto s = api.AllSuppliers(&suppliers, &standings); !s.ok()) return Fail(s);
  auto engagements = api.AllEngagements();
  if (!engagements.ok()) return Fail(engagements.status());
  std::map<std::string, std::vector<const v1::Engagement*>> by_supplier;
  for (const v1::Engagement& e : *engagements) by_supplier[e.supplier()].push_back(&e);

  std::vector<std::vector<std::string>> rows;
  rows.push_back({"supplier", "name_ja", "name_en", "corporate_number", "grade", "overall_score",
                  "confidence", "as_of", "engagement", "engagement_title", "decision",
                  "required_star"});
  Progress progress("reading assessments", suppliers.size());
  for (const v1::Supplier& s : suppliers) {
    progress.Step();
    auto list = api.Assessments(s.name(), false, "", 50);
    if (!list.ok()) return Fail(list.status());
    std::vector<std::string> base = {s.name(), s.display_name().ja(), s.display_name().en(),
                                     s.corporate_number()};
    if (list->empty()) {
      base.insert(base.end(), {"", "", "", ""});
    } else {
      const v1::Assessment& a = (*list)[0];
      base.insert(base.end(), {a.grade(), absl::StrFormat("%.1f", a.overall_score()),
                               absl::StrFormat("%.2f", a.confidence()), Day(a.as_of())});
    }
    const auto& mine = by_supplier[s.name()];
    if (mine.empty()) {
      std::vector<std::string> row = base;
      row.insert(row.end(), {"", "", "", ""});
      rows.push_back(std::move(row));
      continue;
    }
    for (const v1::Engagement* e : mine) {
      std::vector<std::string> row = base;
      std::string decision = "undecided", star;
      for (const v1::Assessment& a : *list) {
        if (a.decision().engagement() != e->name()) continue;
        decision = absl::AsciiStrToLower(absl::StripPrefix(
            v1::DecisionOutcome_Name(a.decision().outcome()), "DECISION_OUTCOME_"));
        star = absl::StrCat(a.decision().required_star());
        break;
      }
      row.insert(row.end(), {e->name(), e->title(), decision, star});
      rows.push_back(std::move(row));
    }
  }
  progress.Done();
  std::string text;
  if (format == "json") {
    // One object per row, keyed by the CSV's column names.
    text = "[";
    for (size_t i = 1; i < rows.size(); ++i) {
      absl::StrAppend(&text, i > 1 ? ",\n " : "\n ", "{");
      for (size_t c = 0; c < rows[0].size(); ++c) {
        absl::StrAppend(&text, c ? ", " : "", common::JsonQuote(rows[0][c]), ": ",
                        common::JsonQuote(rows[i][c]));
      }
      text += "}";
    }
    text += "\n]\n";
  } else if (format == "csv") {
    text = "\xEF\xBB\xBF";
    for (const auto& r : rows) text += report::CsvLine(r);
  } else {
    for (size_t i = 1; i < rows.size(); ++i) {
      const auto& r = rows[i];
      absl::StrAppend(&text, r[0], "  ", r[2].empty() ? r[1] : r[2], "  grade ",
                      r[4].empty() ? "-" : r[4], "  ", r[5].empty() ? "-" : r[5],
                      r[8].empty() ? "" : absl::StrCat("  ", r[8], ": ", r[10]), "\n");
    }
  }
  if (out_path.empty()) {
    std::fputs(text.c_str(), stdout);
    return 0;
  }
  std::ofstream out(out_path, std::ios::binary);
  out << text;
  if (!out) return Fail(absl::InternalError(absl::StrCat(out_path, ": cannot be written")));
  return 0;
}

}  // namespace supplyrisk::cli
