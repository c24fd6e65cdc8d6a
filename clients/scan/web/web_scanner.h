// The application-security scan of one explicitly named site: fetches http:// and https:// with
// libcurl, judges redirects, security headers, cookies and version banners, and reports a
// 100-point score with one catalogue signal per failed check.
//
// Example:
//   SiteTarget site;
//   site.host = "www.example.jp";
//   absl::StatusOr<WebReport> report = ScanSite(site, ScanOptions(), absl::Now());
#ifndef SUPPLYRISK_CLIENTS_SCAN_WEB_WEB_SCANNER_H_
#define SUPPLYRISK_CLIENTS_SCAN_WEB_WEB_SCANNER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/scan/common/check_catalog.h"
#include "clients/scan/web/fetch.h"
#include "clients/scan/web/report.h"

namespace supplyrisk::scan::web {

struct SiteTarget {
  std::string host;  // a DNS name or an IP literal (IPv6 without brackets); required
  int http_port = 80;
  int https_port = 443;
};

struct ScanOptions {
  FetchOptions fetch;
  std::string supplier;  // "suppliers/{id}" for the signals; optional
};

// Validates `site` (host a DNS name or IP literal of at most 253 bytes, ports 1..65535) and
// `options.fetch` (timeouts positive, at most 60 s, redirects 0..5, byte limits 1 KiB..16 MiB);
// InvalidArgument names the field. Network failures are findings, not errors.
absl::StatusOr<WebReport> ScanSite(const SiteTarget& site, const ScanOptions& options,
                                   absl::Time now,
                                   const CheckCatalog& catalog = CheckCatalog::BuiltIn());

}  // namespace supplyrisk::scan::web

#endif  // SUPPLYRISK_CLIENTS_SCAN_WEB_WEB_SCANNER_H_
