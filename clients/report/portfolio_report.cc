#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "clients/report/html_page.h"
#include "clients/report/report_common.h"
#include "clients/report/reports.h"
#include "clients/report/words.h"

namespace supplyrisk::report {
namespace {

namespace v1 = ::supplyrisk::v1;

std::string None(render::Language lang) {
  return absl::StrCat("<p>", Escape(Words(lang, "report.none")), "</p>\n");
}

std::string Outcome(const v1::Assessment& a, render::Language lang) {
  return Words(lang, absl::StrCat("outcome.", v1::DecisionOutcome_Name(a.decision().outcome())));
}

}  // namespace

std::string PortfolioReportHtml(const PortfolioInput& in) {
  const render::Language lang = in.lang;
  std::map<std::string, const v1::Supplier*> suppliers;
  for (const v1::Supplier* s : in.suppliers) suppliers[s->name()] = s;
  const auto name_of = [&](const std::string& resource) {
    auto it = suppliers.find(resource);
    return SupplierName(it == suppliers.end() ? nullptr : it->second, resource, lang);
  };
  const std::string title =
      Words(lang, "report.portfolio.title", {{"count", absl::StrCat(in.latest.size())}});
  std::string body = absl::StrCat("<header id=\"header\">\n<h1>", Escape(title), "</h1>\n");
  if (in.unassessed > 0) {
    absl::StrAppend(
        &body, "<p class=\"meta\">",
        Escape(Words(lang, "report.unassessed", {{"count", absl::StrCat(in.unassessed)}})),
        "</p>\n");
  }
  body += "</header>\n";

  // Grade distribution, best grade first.
  std::map<std::string, int> grades;
  for (const v1::Assessment* a : in.latest) ++grades[a->grade().empty() ? "-" : a->grade()];
  std::vector<std::pair<std::string, double>> bars;
  for (const auto& [grade, n] : grades) {
    bars.emplace_back(absl::StrCat(grade, " (", n, ")"),
                      in.latest.empty() ? 0 : 100.0 * n / in.latest.size());
  }
  std::vector<std::vector<std::string>> grade_rows;
  for (const auto& [grade, n] : grades) {
    grade_rows.push_back(
        {grade, absl::StrCat(n), absl::StrFormat("%.0f%%", 100.0 * n / in.latest.size())});
  }
  body += Section(
      "grades", Words(lang, "report.section.grades"),
      BarsSvg(bars, "", false) +
          Table({Words(lang, "report.grade"), Words(lang, "report.suppliers"), "%"}, grade_rows));

  // Weakest cells: mean score over suppliers whose cell has measures, and how many fail it.
  struct CellStat {
    double sum = 0;
    int n = 0, failing = 0;
    v1::Layer layer;
    v1::Component component;
  };
  std::map<std::pair<int, int>, CellStat> cells;
  for (const v1::Assessment* a : in.latest) {
    for (const v1::CellScore& c : a->cells()) {
      if (c.measure_count() == 0) continue;
      CellStat& s = cells[{c.layer(), c.component()}];
      s.sum += c.score();
      ++s.n;
      s.failing += c.failing();
      s.layer = c.layer();
      s.component = c.component();
    }
  }
  std::vector<CellStat> weakest;
  for (const auto& [key, s] : cells) weakest.push_back(s);
  std::sort(weakest.begin(), weakest.end(),
            [](const CellStat& x, const CellStat& y) { return x.sum / x.n < y.sum / y.n; });
  std::vector<std::vector<std::string>> cell_rows;
  for (size_t i = 0; i < weakest.size() && i < 6; ++i) {
    const CellStat& s = weakest[i];
    cell_rows.push_back({CpsfCellName(s.layer, s.component, lang),
                         absl::StrFormat("%.1f", s.sum / s.n),
                         absl::StrCat(s.failing, " / ", s.n)});
  }
  body += Section("weak-cells", Words(lang, "report.section.weak_cells"),
                  cell_rows.empty() ? None(lang)
                                    : Table({Words(lang, "report.cell"), Words(lang, "report.mean"),
                                             Words(lang, "report.failing")},
                                            cell_rows));

  // Open issue types: how many suppliers have each open.
  std::map<std::string, std::set<std::string>> issues;
  for (const v1::Assessment* a : in.latest) {
    for (const v1::Finding& f : a->findings()) {
      if (f.kind() == v1::FINDING_KIND_OPEN_SIGNAL && !f.issue_type().empty()) {
        issues[f.issue_type()].insert(a->supplier());
      }
    }
  }
  std::vector<std::pair<std::string, size_t>> common;
  for (const auto& [type, who] : issues) common.emplace_back(type, who.size());
  std::stable_sort(common.begin(), common.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  std::vector<std::vector<std::string>> issue_rows;
  for (size_t i = 0; i < common.size() && i < static_cast<size_t>(in.top_n); ++i) {
    issue_rows.push_back({common[i].first, absl::StrCat(common[i].second)});
  }
  body += Section(
      "issues", Words(lang, "report.section.issues"),
      issue_rows.empty()
          ? None(lang)
          : Table({Words(lang, "report.issue"), Words(lang, "report.suppliers")}, issue_rows));

  // Subcontractors receiving data or access from several suppliers, each shared party once.
  std::map<std::string, std::set<std::string>> shared;
  std::map<std::string, std::string> party_names;
  for (const v1::Assessment* a : in.latest) {
    for (const v1::ChainNode& n : a->effective_risk().receivers()) {
      const std::string id =
          n.supplier().empty() ? absl::StrCat("party:", n.party_name()) : n.supplier();
      shared[id].insert(a->supplier());
      party_names[id] = NodeName(n, lang);
    }
  }
  std::vector<std::pair<std::string, size_t>> top;
  for (const auto& [id, who] : shared) {
    if (who.size() >= 2) top.emplace_back(id, who.size());
  }
  std::stable_sort(top.begin(), top.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  std::vector<std::vector<std::string>> shared_rows;
  for (size_t i = 0; i < top.size() && i < static_cast<size_t>(in.top_n); ++i) {
    const bool spof =
        !in.latest.empty() && static_cast<double>(top[i].second) / in.latest.size() > in.spof_share;
    shared_rows.push_back({party_names[top[i].first], absl::StrCat(top[i].second),
                           spof ? Words(lang, "report.spof") : ""});
  }
  body += Section(
      "concentration", Words(lang, "report.section.concentration"),
      shared_rows.empty()
          ? None(lang)
          : Table({Words(lang, "report.party"), Words(lang, "report.shared_by"), ""}, shared_rows));

  // Decision flips against each supplier's previous assessment.
  std::map<std::string, const v1::Assessment*> previous;
  for (const v1::Assessment* a : in.previous) previous[a->supplier()] = a;
  std::vector<std::vector<std::string>> flips;
  for (const v1::Assessment* a : in.latest) {
    auto it = previous.find(a->supplier());
    if (it == previous.end() || it->second->decision().outcome() == a->decision().outcome())
      continue;
    flips.push_back({name_of(a->supplier()), Outcome(*it->second, lang), Outcome(*a, lang)});
  }
  // Without earlier assessments nothing can be said about flips: say so, not "none changed".
  const char* no_flips = in.previous.empty() ? "report.flips.unknown" : "report.flips.none";
  body += Section("flips", Words(lang, "report.section.flips"),
                  flips.empty() ? absl::StrCat("<p>", Escape(Words(lang, no_flips)), "</p>\n")
                                : Table({Words(lang, "report.supplier"),
                                         Words(lang, "report.before"), Words(lang, "report.after")},
                                        flips));
  return Page(lang, title, body);
}

}  // namespace supplyrisk::report
