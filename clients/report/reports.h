#ifndef SUPPLYRISK_CLIENTS_REPORT_REPORTS_H_
#define SUPPLYRISK_CLIENTS_REPORT_REPORTS_H_

// The pages procurement reviewers, outsourcing managers and risk teams read: self-contained HTML
// (inline CSS and SVG, nothing loaded from anywhere, A4 print), in Japanese or English, made from
// assessments as the API returns them with view FULL (texts rendered in the page's language) or as
// `supplyrisk score --format json` prints them. Every section is a <section id="..."> so tools and
// tests can find it; every supplier-supplied string is escaped.
//
//   Decision sheet (one page), in order: header (supplier name, corporate number, engagement),
//   outcome (required star, valid until), conditions with deadlines, figures (grade, score,
//   confidence, coverage), top findings (source answer or scan, severity, due), discrepancies,
//   chain (worst subcontractor path, unknowns), factors (the four weaknesses as A-F bars), trend
//   (with what changed last), audit (model, policy version, input digest).
//
//   Supplier report: header, heat map (CPSF 3x6 with coverage), factor detail, every finding with
//   its remediation and effort, star readiness with the missing items by name, the chain as a
//   layered graph, the patching-cadence table.
//
//   Portfolio report: grade distribution, weakest cells across the base, most common open issue
//   types, subcontractors shared by several suppliers (with a single-point-of-failure flag above
//   a share), decision flips against each supplier's previous assessment.

#include <string>
#include <vector>

#include "engine/render/language.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/chain.pb.h"
#include "supplyrisk/v1/supplier.pb.h"

namespace supplyrisk::report {

struct SupplierReportInput {
  // The assessment shown, with view FULL in `lang`.
  const supplyrisk::v1::Assessment* assessment = nullptr;
  // The supplier (display name, corporate number); nullptr: its resource name is shown.
  const supplyrisk::v1::Supplier* supplier = nullptr;
  // Earlier assessments of the same supplier, any order, for the trend.
  std::vector<const supplyrisk::v1::Assessment*> history;
  // Parties of the tenant's concentration analysis (ChainService.ListConcentrations) this supplier
  // depends on: the chain section flags them, single points of failure first.
  std::vector<const supplyrisk::v1::SharedParty*> concentrations;
  // Days an assessment stands without a refresh (the policy's default_validity_days).
  int validity_days = 365;
  // The decision sheet shows this many reasons, then how many more (the supplier report has all).
  int max_reasons = 4;
  // And texts (reasons, finding summaries) of at most about this many bytes, cut with "…".
  size_t max_text = 180;
  render::Language lang = render::Language::kJa;
};

std::string DecisionSheetHtml(const SupplierReportInput& in);
std::string SupplierReportHtml(const SupplierReportInput& in);

struct PortfolioInput {
  // Each supplier's latest assessment.
  std::vector<const supplyrisk::v1::Assessment*> latest;
  // Each supplier's assessment before it, when there is one (decision flips).
  std::vector<const supplyrisk::v1::Assessment*> previous;
  std::vector<const supplyrisk::v1::Supplier*> suppliers;  // for names; may be empty
  // A subcontractor receiving data from more than this share of the suppliers is flagged.
  double spof_share = 0.4;
  // Suppliers of the base with no assessment yet: counted on the page, never silently left out.
  int unassessed = 0;
  int top_n = 10;
  render::Language lang = render::Language::kJa;
};

std::string PortfolioReportHtml(const PortfolioInput& in);

}  // namespace supplyrisk::report

#endif  // SUPPLYRISK_CLIENTS_REPORT_REPORTS_H_
