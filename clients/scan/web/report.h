// A site's web findings turned into a score and catalogue signals.
#ifndef SUPPLYRISK_CLIENTS_SCAN_WEB_REPORT_H_
#define SUPPLYRISK_CLIENTS_SCAN_WEB_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "clients/scan/common/check_catalog.h"
#include "clients/scan/web/assess.h"
#include "supplyrisk/v1/signal.pb.h"

namespace supplyrisk::scan::web {

// The scanner field of every web signal: "<family>/<version>".
inline constexpr char kScanner[] = "web/1.0";

struct WebReport {
  std::string site;               // the site's https URL
  int score = 100;                // see Score()
  std::vector<Finding> findings;  // the observations behind the score, in check order
  std::vector<v1::Signal> signals;
  // The distinct Server header values the site's responses carried, in the order first seen: the
  // product banners a CVE feed can be matched against (the patching family does that).
  std::vector<std::string> server_banners;
};

// 100 minus the catalogue deduction of each distinct failed check, floored at 0. A check counts
// once however many cookies fail it; an informational check deducts nothing until it is promoted
// to scored (its signals carry SEVERITY_INFO). InvalidArgument naming an unknown check id.
absl::StatusOr<int> Score(const std::vector<Finding>& findings, const CheckCatalog& catalog);

// Assesses `site` and builds one signal per finding through `catalog`.
absl::StatusOr<WebReport> BuildReport(const SiteObservation& site, const CheckCatalog& catalog,
                                      absl::Time observed_at, absl::string_view supplier);

}  // namespace supplyrisk::scan::web

#endif  // SUPPLYRISK_CLIENTS_SCAN_WEB_REPORT_H_
