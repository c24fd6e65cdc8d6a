#include "clients/scan/web/report.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace supplyrisk::scan::web {

absl::StatusOr<int> Score(const std::vector<Finding>& findings, const CheckCatalog& catalog) {
  int score = 100;
  absl::flat_hash_set<std::string> counted;
  for (const Finding& finding : findings) {
    const v1::ScanCheck* check = catalog.Find(finding.check_id);
    if (check == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("check_id: unknown check \"", finding.check_id, "\""));
    }
    if (check->status() != v1::SCAN_CHECK_STATUS_SCORED) continue;
    if (counted.insert(finding.check_id).second) score -= check->deduction();
  }
  return std::max(score, 0);
}

absl::StatusOr<WebReport> BuildReport(const SiteObservation& site, const CheckCatalog& catalog,
                                      absl::Time observed_at, absl::string_view supplier) {
  WebReport report;
  report.site = site.site_url;
  report.findings = Assess(site);
  absl::StatusOr<int> score = Score(report.findings, catalog);
  if (!score.ok()) return score.status();
  report.score = *score;
  for (const Finding& finding : report.findings) {
    Observation seen;
    seen.asset = finding.asset;
    seen.detail = finding.detail;
    seen.observed_at = observed_at;
    seen.scanner = kScanner;
    seen.supplier = std::string(supplier);
    absl::StatusOr<v1::Signal> signal = catalog.MakeSignal(finding.check_id, seen);
    if (!signal.ok()) return signal.status();
    report.signals.push_back(*std::move(signal));
  }
  for (const Chain* chain : {&site.http, &site.https}) {
    for (const Hop& hop : chain->hops) {
      for (const std::string& value : hop.head.All("Server")) {
        if (std::find(report.server_banners.begin(), report.server_banners.end(), value) ==
            report.server_banners.end()) {
          report.server_banners.push_back(value);
        }
      }
    }
  }
  return report;
}

}  // namespace supplyrisk::scan::web
