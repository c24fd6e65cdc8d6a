// `supplyrisk report`: the HTML pages of clients/report/reports.h from assessment files (JSON as
// the API returns them with view FULL, or as `supplyrisk score --format json` prints them).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/api_reads.h"
#include "clients/cli/commands.h"
#include "clients/cli/progress.h"
#include "clients/report/reports.h"
#include "engine/io/file_loaders.h"
#include "engine/render/language.h"
#include "google/protobuf/util/json_util.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/supplier.pb.h"

namespace supplyrisk::cli {
namespace {

constexpr char kUsage[] =
    "usage: supplyrisk report SUPPLIER --server HOST:PORT --token_file FILE [--server_ca FILE]\n"
    "         [--engagement E] [--kind decision|full] [--lang ja|en] -o FILE.html\n"
    "       supplyrisk report --portfolio --server HOST:PORT --token_file FILE [--lang ja|en]\n"
    "         -o FILE.html\n"
    "       supplyrisk report ASSESSMENT.json [--kind decision|full] [--supplier S.json]\n"
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
    "  --server: read from supplyriskd (the token from --token_file, never the command line):\n"
    "    the supplier, its newest assessment (the newest deciding --engagement E when given) and\n"
    "    the ones before it for the trend; with --portfolio every supplier's newest assessment "
    "and\n"
    "    the one before it\n"
    "  exit codes: 0 written, 1 an input has problems (named), 2 usage\n";

struct Flags {
  std::vector<std::string> assessments, history, previous, suppliers;
  std::string kind = "decision", lang = "ja", out;
  std::string server, token_file, server_ca, engagement;
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
    else if (a == "--server")
      f->server = v;
    else if (a == "--token_file")
      f->token_file = v;
    else if (a == "--server_ca")
      f->server_ca = v;
    else if (a == "--engagement")
      f->engagement = v;
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
  if (!f->server.empty()) {
    if (f->token_file.empty()) return "--token_file is required with --server";
    if (!f->history.empty() || !f->previous.empty() || !f->suppliers.empty()) {
      return "--history, --previous and --supplier are for files; --server reads them";
    }
    if (f->portfolio ? !f->assessments.empty() : f->assessments.size() != 1) {
      return f->portfolio ? "--portfolio --server takes no file" : "give one SUPPLIER";
    }
    if (!f->portfolio && !absl::StartsWith(f->assessments[0], "suppliers/")) {
      return "SUPPLIER is a name such as suppliers/acme";
    }
    if (!render::ParseLanguage(f->lang).ok()) return "--lang must be ja or en";
    if (f->kind != "decision" && f->kind != "full") return "--kind must be decision or full";
    return "";
  }
  if (!f->engagement.empty()) return "--engagement is for --server";
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

absl::Status Write(const std::string& path, const std::string& html) {
  std::ofstream out(path, std::ios::binary);
  out << html;
  if (!out) return absl::InternalError(absl::StrCat(path, ": cannot be written"));
  return absl::OkStatus();
}

// The pages from supplyriskd.
int FromServer(const Flags& f, render::Language lang) {
  scan::PushOptions options;
  options.target = f.server;
  options.token_file = f.token_file;
  options.ca_file = f.server_ca;
  auto server = scan::Connect(options);
  if (!server.ok()) return Fail(server.status());
  ApiReader api(*std::move(server));
  if (f.portfolio) {
    std::vector<v1::Supplier> suppliers;
    std::vector<v1::SupplierStanding> standings;
    if (auto s = api.AllSuppliers(&suppliers, &standings); !s.ok()) return Fail(s);
    std::vector<v1::Assessment> latest, previous;
    report::PortfolioInput in;
    Progress progress("reading assessments", suppliers.size());
    for (const v1::Supplier& s : suppliers) {
      progress.Step();
      auto list = api.Assessments(s.name(), true, f.lang, 2);
      if (!list.ok()) return Fail(list.status());
      if (list->empty()) {
        ++in.unassessed;
        continue;
      }
      latest.push_back((*list)[0]);
      if (list->size() > 1) previous.push_back((*list)[1]);
    }
    progress.Done();
    for (const auto& a : latest) in.latest.push_back(&a);
    for (const auto& a : previous) in.previous.push_back(&a);
    for (const auto& s : suppliers) in.suppliers.push_back(&s);
    in.lang = lang;
    if (auto s = Write(f.out, report::PortfolioReportHtml(in)); !s.ok()) return Fail(s);
    return 0;
  }
  const std::string& name = f.assessments[0];
  auto supplier = api.GetSupplier(name);
  if (!supplier.ok()) return Fail(supplier.status());
  auto list = api.Assessments(name, true, f.lang, 20);
  if (!list.ok()) return Fail(list.status());
  size_t shown = list->size();
  for (size_t i = 0; i < list->size() && shown == list->size(); ++i) {
    if (f.engagement.empty() || (*list)[i].decision().engagement() == f.engagement) shown = i;
  }
  if (shown == list->size()) {
    return Fail(absl::NotFoundError(
        f.engagement.empty()
            ? absl::StrCat(name,
                           " has no assessment yet: AssessSupplier or EvaluateEngagement first")
            : absl::StrCat("no recent assessment of ", name, " decides ", f.engagement,
                           ": EvaluateEngagement first")));
  }
  // A caller whose role may not read the tenant's concentrations still gets the page, told so.
  auto concentrations = api.Concentrations();
  if (absl::IsPermissionDenied(concentrations.status())) {
    std::fprintf(stderr, "supplyrisk report: concentration flags left out: %s\n",
                 std::string(concentrations.status().message()).c_str());
    concentrations = v1::ListConcentrationsResponse();
  } else if (!concentrations.ok()) {
    return Fail(concentrations.status());
  }
  report::SupplierReportInput in;
  in.assessment = &(*list)[shown];
  in.supplier = &*supplier;
  for (const v1::ClassConcentration& c : concentrations->classes()) {
    for (const v1::SharedParty& p : c.parties()) {
      const auto& deps = p.dependent_suppliers();
      if (std::find(deps.begin(), deps.end(), name) != deps.end()) in.concentrations.push_back(&p);
    }
  }
  for (size_t i = shown + 1; i < list->size(); ++i) in.history.push_back(&(*list)[i]);
  in.validity_days = f.validity_days;
  in.lang = lang;
  const std::string html =
      f.kind == "full" ? report::SupplierReportHtml(in) : report::DecisionSheetHtml(in);
  if (auto s = Write(f.out, html); !s.ok()) return Fail(s);
  return 0;
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
  if (!f.server.empty()) return FromServer(f, lang);
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
  if (auto s = Write(f.out, html); !s.ok()) return Fail(s);
  return 0;
}

}  // namespace supplyrisk::cli
