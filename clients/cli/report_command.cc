// `supplyrisk report`: the HTML pages of clients/report/reports.h from assessment files (JSON as
// the API returns them with view FULL, or as `supplyrisk score --format json` prints them).
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/commands.h"
#include "clients/report/reports.h"
#include "engine/io/file_loaders.h"
#include "engine/render/language.h"
#include "google/protobuf/util/json_util.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/supplier.pb.h"

namespace supplyrisk::cli {
namespace {

constexpr char kUsage[] =
    "usage: supplyrisk report ASSESSMENT.json [--kind decision|full] [--supplier S.json]\n"
    "         [--history A.json]... [--validity_days N] [--lang ja|en] -o FILE.html\n"
    "       supplyrisk report --portfolio A.json... [--previous P.json]... [--supplier S.json]...\n"
    "         [--lang ja|en] -o FILE.html\n"
    "  ASSESSMENT.json: an assessment as the API returns it with view FULL in the page's\n"
    "    language, or as `supplyrisk score --format json --lang L` prints it\n"
    "  --kind decision (default): the one-page decision sheet; full: the supplier report\n"
    "  --supplier: the supplier (JSON, as GetSupplier returns it) for its name and corporate\n"
    "    number; --history: earlier assessments of the same supplier, for the trend\n"
    "  --portfolio: every listed file is a supplier's latest assessment; --previous the ones\n"
    "    before them (decision flips)\n"
    "  exit codes: 0 written, 1 an input has problems (named), 2 usage\n";

struct Flags {
  std::vector<std::string> assessments, history, previous, suppliers;
  std::string kind = "decision", lang = "ja", out;
  int validity_days = 365;
  bool portfolio = false;
};

int Usage(const std::string& problem) {
  std::fprintf(stderr, "supplyrisk report: %s\n%s", problem.c_str(), kUsage);
  return 2;
}

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "supplyrisk report: %s\n", std::string(s.message()).c_str());
  return 1;
}

std::string ParseFlags(const std::vector<std::string>& args, Flags* f) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--portfolio") {
      f->portfolio = true;
      continue;
    }
    if (!absl::StartsWith(a, "-")) {
      f->assessments.push_back(a);
      continue;
    }
    if (i + 1 >= args.size()) return absl::StrCat(a, " needs a value");
    const std::string& v = args[++i];
    if (a == "--kind")
      f->kind = v;
    else if (a == "--lang")
      f->lang = v;
    else if (a == "-o" || a == "--out")
      f->out = v;
    else if (a == "--supplier")
      f->suppliers.push_back(v);
    else if (a == "--history")
      f->history.push_back(v);
    else if (a == "--previous")
      f->previous.push_back(v);
    else if (a == "--validity_days") {
      if (!absl::SimpleAtoi(v, &f->validity_days) || f->validity_days < 1 ||
          f->validity_days > 3650) {
        return "--validity_days must be 1 to 3650";
      }
    } else {
      return absl::StrCat("unknown flag ", a);
    }
  }
  if (f->out.empty()) return "-o FILE.html is required";
  if (f->assessments.empty()) return "give an assessment file";
  if (!render::ParseLanguage(f->lang).ok()) return "--lang must be ja or en";
  if (f->kind != "decision" && f->kind != "full") return "--kind must be decision or full";
  if (!f->portfolio && f->assessments.size() > 1) return "one assessment, or --portfolio";
  if (!f->portfolio && f->suppliers.size() > 1) return "one --supplier for one assessment";
  if (f->portfolio && !f->history.empty()) return "--history is for one supplier's pages";
  if (!f->portfolio && !f->previous.empty()) return "--previous is for --portfolio";
  return "";
}

template <typename M>
absl::Status LoadJson(const std::string& path, M* m) {
  auto text = io::ReadFile(path);
  if (!text.ok()) return text.status();
  auto s = google::protobuf::util::JsonStringToMessage(*text, m);
  if (!s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a ", M::descriptor()->full_name(),
                                                   " in JSON: ", std::string(s.message())));
  }
  return absl::OkStatus();
}

template <typename M>
absl::Status LoadAll(const std::vector<std::string>& paths, std::vector<std::unique_ptr<M>>* out) {
  for (const std::string& p : paths) {
    auto m = std::make_unique<M>();
    if (auto s = LoadJson(p, m.get()); !s.ok()) return s;
    out->push_back(std::move(m));
  }
  return absl::OkStatus();
}

template <typename M>
std::vector<const M*> Pointers(const std::vector<std::unique_ptr<M>>& v) {
  std::vector<const M*> out;
  for (const auto& m : v) out.push_back(m.get());
  return out;
}

}  // namespace

int RunReportCommand(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  Flags f;
  if (std::string problem = ParseFlags(args, &f); !problem.empty()) return Usage(problem);
  const render::Language lang = *render::ParseLanguage(f.lang);
  std::vector<std::unique_ptr<v1::Assessment>> assessments, history, previous;
  std::vector<std::unique_ptr<v1::Supplier>> suppliers;
  for (auto [paths, out] : {std::pair{&f.assessments, &assessments},
                            {&f.history, &history},
                            {&f.previous, &previous}}) {
    if (auto s = LoadAll(*paths, out); !s.ok()) return Fail(s);
  }
  if (auto s = LoadAll(f.suppliers, &suppliers); !s.ok()) return Fail(s);
  for (size_t i = 0; i < assessments.size(); ++i) {
    if (!assessments[i]->has_as_of()) {
      return Fail(absl::InvalidArgumentError(absl::StrCat(f.assessments[i], ": as_of: not set")));
    }
  }
  std::string html;
  if (f.portfolio) {
    report::PortfolioInput in;
    in.latest = Pointers(assessments);
    in.previous = Pointers(previous);
    in.suppliers = Pointers(suppliers);
    in.lang = lang;
    html = report::PortfolioReportHtml(in);
  } else {
    const v1::Assessment& a = *assessments[0];
    for (size_t i = 0; i < history.size(); ++i) {
      if (history[i]->supplier() != a.supplier()) {
        return Fail(absl::InvalidArgumentError(absl::StrCat(
            f.history[i], ": supplier: ", history[i]->supplier(), ", not ", a.supplier())));
      }
    }
    if (!suppliers.empty() && !a.supplier().empty() && suppliers[0]->name() != a.supplier()) {
      return Fail(
          absl::InvalidArgumentError(absl::StrCat(f.suppliers[0], ": name: ", suppliers[0]->name(),
                                                  ", but the assessment is of ", a.supplier())));
    }
    report::SupplierReportInput in;
    in.assessment = &a;
    in.supplier = suppliers.empty() ? nullptr : suppliers[0].get();
    in.history = Pointers(history);
    in.validity_days = f.validity_days;
    in.lang = lang;
    html = f.kind == "full" ? report::SupplierReportHtml(in) : report::DecisionSheetHtml(in);
  }
  std::ofstream out(f.out, std::ios::binary);
  out << html;
  if (!out) return Fail(absl::InternalError(absl::StrCat(f.out, ": cannot be written")));
  return 0;
}

}  // namespace supplyrisk::cli
