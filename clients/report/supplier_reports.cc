#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "clients/report/html_page.h"
#include "clients/report/report_common.h"
#include "clients/report/reports.h"
#include "clients/report/words.h"

namespace supplyrisk::report {
namespace {

namespace v1 = ::supplyrisk::v1;

std::string Para(const std::string& text) { return absl::StrCat("<p>", Escape(text), "</p>\n"); }

std::string Header(const SupplierReportInput& in, absl::string_view title_key) {
  const v1::Assessment& a = *in.assessment;
  const std::string name = SupplierName(in.supplier, a.supplier(), in.lang);
  std::string out =
      absl::StrCat("<header id=\"header\">\n<h1>",
                   Escape(Words(in.lang, title_key, {{"supplier", name}})), "</h1>\n");
  std::vector<std::string> meta;
  if (in.supplier != nullptr && !in.supplier->corporate_number().empty()) {
    meta.push_back(absl::StrCat(Words(in.lang, "report.corporate_number"), " ",
                                in.supplier->corporate_number()));
  }
  if (!a.decision().engagement().empty()) {
    meta.push_back(
        absl::StrCat(Words(in.lang, "report.engagement"), " ", a.decision().engagement()));
  }
  meta.push_back(absl::StrCat(Words(in.lang, "report.as_of"), " ", Day(in.lang, AsOf(a))));
  absl::StrAppend(&out, "<p class=\"meta\">", Escape(absl::StrJoin(meta, " / ")),
                  "</p>\n</header>\n");
  return out;
}

std::string Outcome(const SupplierReportInput& in) {
  const v1::Assessment& a = *in.assessment;
  const v1::Decision& d = a.decision();
  const std::string code(
      absl::StripPrefix(v1::DecisionOutcome_Name(d.outcome()), "DECISION_OUTCOME_"));
  absl::Time until = AsOf(a) + absl::Hours(24) * in.validity_days;
  for (const v1::DecisionCondition& c : d.conditions()) {
    if (c.has_due()) until = std::min(until, absl::FromUnixSeconds(c.due().seconds()));
  }
  std::string out = absl::StrCat(
      "<p><span class=\"outcome ", code, "\">",
      Escape(Words(in.lang, absl::StrCat("outcome.", v1::DecisionOutcome_Name(d.outcome())))),
      "</span></p>\n<p>");
  if (d.required_star() > 0) {
    absl::StrAppend(
        &out,
        Escape(Words(in.lang, "report.required_star", {{"star", absl::StrCat(d.required_star())}})),
        " / ");
  }
  absl::StrAppend(&out,
                  Escape(Words(in.lang, "report.valid_until", {{"day", Day(in.lang, until)}})),
                  "</p>\n<ul>\n");
  // One page: the first reasons (the rules that fired, most decisive first), then a count.
  int shown = 0;
  for (const v1::DecisionReason& r : d.reasons()) {
    if (shown++ == in.max_reasons) {
      absl::StrAppend(&out, "<li>",
                      Escape(Words(in.lang, "report.more",
                                   {{"count", absl::StrCat(d.reasons_size() - in.max_reasons)}})),
                      "</li>\n");
      break;
    }
    absl::StrAppend(&out, "<li>", Escape(Shorten(Text(r.text(), in.lang, r.code()), in.max_text)),
                    "</li>\n");
  }
  return Section("outcome", Words(in.lang, "report.section.outcome"), out + "</ul>\n");
}

std::string Conditions(const SupplierReportInput& in) {
  const v1::Decision& d = in.assessment->decision();
  if (d.conditions().empty()) {
    return Section("conditions", Words(in.lang, "report.section.conditions"),
                   absl::StrCat("<p>", Escape(Words(in.lang, "report.conditions.none")), "</p>\n"));
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::DecisionCondition& c : d.conditions()) {
    rows.push_back({Text(c.remediation().advice(), in.lang, c.id()),
                    c.has_due() ? Day(in.lang, absl::FromUnixSeconds(c.due().seconds())) : "-"});
  }
  return Section("conditions", Words(in.lang, "report.section.conditions"),
                 Table({Words(in.lang, "report.remediation"), Words(in.lang, "report.due")}, rows));
}

std::string Figures(const SupplierReportInput& in) {
  const v1::Assessment& a = *in.assessment;
  const auto figure = [&](absl::string_view key, const std::string& value) {
    return absl::StrCat("<span>", Escape(Words(in.lang, key)), " <b>", Escape(value),
                        "</b></span>");
  };
  return Section(
      "figures", Words(in.lang, "report.section.figures"),
      absl::StrCat("<p class=\"figures\">", figure("report.grade", a.grade()),
                   figure("report.score", absl::StrFormat("%.1f", a.overall_score())),
                   figure("report.confidence", absl::StrFormat("%.2f", a.confidence())),
                   figure("report.coverage",
                          absl::StrFormat("%.0f%%", 100 * a.confidence_breakdown().coverage())),
                   "</p>\n"));
}

std::string Findings(const SupplierReportInput& in, size_t limit, bool with_remediation) {
  const v1::Assessment& a = *in.assessment;
  std::vector<const v1::Finding*> findings;
  for (const v1::Finding& f : a.findings()) {
    if (f.severity() != v1::SEVERITY_POSITIVE) findings.push_back(&f);
  }
  std::stable_sort(
      findings.begin(), findings.end(),
      [](const v1::Finding* x, const v1::Finding* y) { return x->severity() > y->severity(); });
  std::vector<std::vector<std::string>> rows;
  for (const v1::Finding* f : findings) {
    if (rows.size() == limit) break;
    std::string summary = Text(f->summary(), in.lang, v1::FindingKind_Name(f->kind()));
    if (!with_remediation) summary = Shorten(summary, in.max_text);
    std::vector<std::string> row = {FindingSource(*f, in.lang),
                                    SeverityName(f->severity(), in.lang), summary};
    const absl::Time due = FindingDue(a, *f);
    row.push_back(due == absl::InfiniteFuture() ? "-" : Day(in.lang, due));
    if (with_remediation) {
      row.push_back(Text(f->remediation(), in.lang, "-"));
      const double effort = FindingEffort(a, *f);
      row.push_back(effort > 0 ? absl::StrFormat("%.0f", effort) : "-");
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::string> head = {Words(in.lang, "report.source"),
                                   Words(in.lang, "report.severity"),
                                   Words(in.lang, "report.finding"), Words(in.lang, "report.due")};
  if (with_remediation) {
    head.push_back(Words(in.lang, "report.remediation"));
    head.push_back(Words(in.lang, "report.effort"));
  }
  const std::string id = with_remediation ? "all-findings" : "findings";
  const std::string title =
      Words(in.lang, with_remediation ? "report.section.all_findings" : "report.section.findings");
  if (rows.empty())
    return Section(id, title, absl::StrCat("<p>", Escape(Words(in.lang, "report.none")), "</p>\n"));
  return Section(id, title, Table(head, rows));
}

std::string Discrepancies(const SupplierReportInput& in, size_t limit) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::Discrepancy& d : in.assessment->discrepancies()) {
    if (rows.size() == limit) {
      rows.push_back(
          {"", "",
           Words(in.lang, "report.more",
                 {{"count", absl::StrCat(in.assessment->discrepancies_size() - limit)}})});
      break;
    }
    rows.push_back({d.question_id(), d.claimed(), d.observed()});
  }
  const std::string title = Words(in.lang, "report.section.discrepancies");
  if (rows.empty())
    return Section("discrepancies", title,
                   absl::StrCat("<p>", Escape(Words(in.lang, "report.none")), "</p>\n"));
  return Section("discrepancies", title,
                 Table({Words(in.lang, "report.question"), Words(in.lang, "report.claimed"),
                        Words(in.lang, "report.observed")},
                       rows));
}

// The shared parties this supplier depends on, single points of failure first.
std::string Concentrations(const SupplierReportInput& in) {
  std::string out;
  std::vector<const v1::SharedParty*> shared = in.concentrations;
  std::stable_sort(shared.begin(), shared.end(),
                   [](const v1::SharedParty* x, const v1::SharedParty* y) {
                     return x->single_point_of_failure() > y->single_point_of_failure();
                   });
  for (const v1::SharedParty* p : shared) {
    out += Para(
        Words(in.lang, "report.chain.concentration",
              {{"party", NodeName(p->party(), in.lang)},
               {"count", absl::StrCat(p->dependents())},
               {"share", absl::StrFormat("%.0f%%", 100 * p->critical_share())},
               {"spof", p->single_point_of_failure() ? Words(in.lang, "report.chain.spof") : ""}}));
  }
  return out;
}

std::string ChainSummary(const SupplierReportInput& in, bool graph) {
  const v1::Assessment& a = *in.assessment;
  const std::string title = Words(in.lang, "report.section.chain");
  const auto para = Para;
  if (!a.has_effective_risk()) {
    return Section(
        "chain", title,
        para(Words(in.lang, a.decision().engagement().empty() ? "report.chain.no_engagement"
                                                              : "report.chain.none")) +
            Concentrations(in));
  }
  const v1::EffectiveRisk& e = a.effective_risk();
  std::string out = para(Words(in.lang, "report.chain.effective",
                               {{"score", absl::StrFormat("%.1f", e.effective_score())},
                                {"grade", e.effective_grade()},
                                {"own", absl::StrFormat("%.1f", e.own_score())}}));
  if (e.receivers().empty()) out += para(Words(in.lang, "report.chain.none"));
  if (e.has_worst()) {
    std::vector<std::string> hops;
    for (const v1::ChainHop& h : e.worst_path().hops()) {
      if (hops.empty()) hops.push_back(h.from());
      hops.push_back(h.to());
    }
    out += para(Words(in.lang, "report.chain.worst",
                      {{"party", NodeName(e.worst(), in.lang)},
                       {"grade", e.worst().assessed() ? e.worst().grade() : "?"},
                       {"path", absl::StrJoin(hops, " → ")}}));
  }
  out += Concentrations(in);
  out += para(Words(in.lang, "report.chain.unknown",
                    {{"unassessed", absl::StrCat(e.unassessed_size())},
                     {"unidentified", absl::StrCat(e.unidentified_size())},
                     {"beyond", absl::StrCat(e.beyond_cap())}}));
  if (graph && !e.receivers().empty()) out += ChainGraph(a, in.lang);
  return Section("chain", title, out);
}

std::string Factors(const SupplierReportInput& in) {
  std::vector<std::pair<std::string, double>> bars;
  for (v1::Factor f : {v1::FACTOR_PATCHING_CADENCE, v1::FACTOR_NETWORK_SECURITY,
                       v1::FACTOR_DNS_HEALTH, v1::FACTOR_APPLICATION_SECURITY}) {
    double score = -1;
    for (const v1::FactorScore& s : in.assessment->factors()) {
      if (s.factor() == f && s.observed()) score = s.score();
    }
    bars.emplace_back(FactorName(f, in.lang), score);
  }
  return Section("factors", Words(in.lang, "report.section.factors"),
                 BarsSvg(bars, Words(in.lang, "report.unobserved")));
}

std::string Trend(const SupplierReportInput& in) {
  std::vector<const v1::Assessment*> all = in.history;
  all.push_back(in.assessment);
  std::sort(all.begin(), all.end(),
            [](const v1::Assessment* x, const v1::Assessment* y) { return AsOf(*x) < AsOf(*y); });
  std::vector<std::pair<std::string, double>> points;
  for (const v1::Assessment* a : all)
    points.emplace_back(Day(in.lang, AsOf(*a)), a->overall_score());
  std::string out = TrendSvg(points);
  if (all.size() < 2) {
    absl::StrAppend(&out, "<p>", Escape(Words(in.lang, "report.trend.single")), "</p>\n");
  } else {
    const v1::Assessment& before = *all[all.size() - 2];
    const v1::Assessment& after = *all.back();
    absl::StrAppend(
        &out, "<p>",
        Escape(Words(in.lang, "report.trend.change",
                     {{"from", absl::StrFormat("%s %.1f", before.grade(), before.overall_score())},
                      {"to", absl::StrFormat("%s %.1f", after.grade(), after.overall_score())},
                      {"what", ChangeReason(before, after, in.lang)}})),
        "</p>\n");
  }
  return Section("trend", Words(in.lang, "report.section.trend"), out);
}

std::string Audit(const SupplierReportInput& in, bool compact) {
  const v1::Assessment& a = *in.assessment;
  std::string policy = a.effective_risk().policy_version();
  if (policy.empty()) {
    const size_t slash = a.model_version().rfind('/');
    policy = slash == std::string::npos ? "-" : a.model_version().substr(slash + 1);
  }
  if (compact) {
    return Section(
        "audit", Words(in.lang, "report.section.audit"),
        absl::StrCat("<p class=\"meta\">", Escape(Words(in.lang, "report.model_version")), " ",
                     Escape(a.model_version()), " / ",
                     Escape(Words(in.lang, "report.policy_version")), " ", Escape(policy), " / ",
                     Escape(Words(in.lang, "report.input_digest")), " ", Escape(a.input_digest()),
                     "</p>\n"));
  }
  return Section(
      "audit", Words(in.lang, "report.section.audit"),
      Table({Words(in.lang, "report.model_version"), Words(in.lang, "report.policy_version"),
             Words(in.lang, "report.input_digest")},
            {{a.model_version(), policy, a.input_digest()}}));
}

std::string HeatMap(const SupplierReportInput& in) {
  std::vector<std::vector<double>> scores(3, std::vector<double>(6, -1)),
      coverage(3, std::vector<double>(6, 0));
  for (const v1::CellScore& c : in.assessment->cells()) {
    const int l = static_cast<int>(c.layer()) - 1, k = static_cast<int>(c.component()) - 1;
    if (l < 0 || l > 2 || k < 0 || k > 5) continue;
    scores[l][k] = c.measure_count() == 0 ? -1 : c.score();
    coverage[l][k] = c.coverage();
  }
  return Section("heatmap", Words(in.lang, "report.section.heatmap"),
                 HeatMapSvg(LayerNames(in.lang), ComponentNames(in.lang), scores, coverage));
}

std::string FactorDetail(const SupplierReportInput& in) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::FactorScore& f : in.assessment->factors()) {
    rows.push_back({FactorName(f.factor(), in.lang),
                    f.observed() ? absl::StrFormat("%c %.1f", FactorLetter(f.score()), f.score())
                                 : Words(in.lang, "report.unobserved"),
                    absl::StrCat(f.open_issues()), absl::StrCat(f.positive_observations())});
  }
  return Section("factor-detail", Words(in.lang, "report.section.factor_detail"),
                 Table({Words(in.lang, "report.factor"), Words(in.lang, "report.score"),
                        Words(in.lang, "report.open_issues"), Words(in.lang, "report.positive")},
                       rows));
}

std::string Stars(const SupplierReportInput& in) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::StarReadiness& s : in.assessment->stars()) {
    rows.push_back({absl::StrCat("★", s.star()),
                    Words(in.lang, s.met() ? "report.met" : "report.not_met"),
                    absl::StrJoin(s.missing_items(), "\n")});
  }
  return Section("stars", Words(in.lang, "report.section.stars"),
                 Table({Words(in.lang, "report.star"), Words(in.lang, "report.met"),
                        Words(in.lang, "report.missing")},
                       rows));
}

std::string Patching(const SupplierReportInput& in) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::PatchCadence& p : in.assessment->patch_cadence()) {
    rows.push_back(
        {SeverityName(p.severity(), in.lang), absl::StrCat(p.sla_days()),
         p.resolved_count() > 0 ? absl::StrFormat("%.1f", p.median_days_to_resolve()) : "-",
         absl::StrCat(p.resolved_count()), absl::StrCat(p.open_count()),
         Words(in.lang, p.meets_sla() ? "report.yes" : "report.no")});
  }
  return Section("patching", Words(in.lang, "report.section.patching"),
                 Table({Words(in.lang, "report.severity"), Words(in.lang, "report.sla"),
                        Words(in.lang, "report.median"), Words(in.lang, "report.resolved"),
                        Words(in.lang, "report.open"), Words(in.lang, "report.meets")},
                       rows));
}

}  // namespace

std::string DecisionSheetHtml(const SupplierReportInput& in) {
  const std::string name = SupplierName(in.supplier, in.assessment->supplier(), in.lang);
  const std::string body =
      absl::StrCat(Header(in, "report.decision.title"), Outcome(in), Conditions(in), Figures(in),
                   Findings(in, 3, false), Discrepancies(in, 2), ChainSummary(in, false),
                   "<div class=\"pair\">", Factors(in), Trend(in), "</div>\n", Audit(in, true));
  return Page(in.lang, Words(in.lang, "report.decision.title", {{"supplier", name}}),
              absl::StrCat("<div class=\"sheet\">\n", body, "</div>\n"));
}

std::string SupplierReportHtml(const SupplierReportInput& in) {
  const std::string name = SupplierName(in.supplier, in.assessment->supplier(), in.lang);
  const std::string body = absl::StrCat(
      Header(in, "report.full.title"), HeatMap(in), FactorDetail(in), Findings(in, 1000, true),
      Discrepancies(in, 1000), Stars(in), ChainSummary(in, true), Patching(in), Audit(in, false));
  return Page(in.lang, Words(in.lang, "report.full.title", {{"supplier", name}}), body);
}

}  // namespace supplyrisk::report
