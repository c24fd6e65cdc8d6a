// Product versions seen in banners against a CVE feed. Each match becomes a
// `patching.unpatched_cve` signal. The catalogue gives that check one severity; for a scored
// check the signal's severity is then replaced by the CVSS-derived one (critical >= 9, high >= 7,
// medium >= 4, low > 0), while an informational check keeps INFO. Banner matches are low
// confidence, and the detail says so: distributions backport fixes without changing the version.
#ifndef SUPPLYRISK_CLIENTS_SCAN_PATCHING_MATCHER_H_
#define SUPPLYRISK_CLIENTS_SCAN_PATCHING_MATCHER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/scan/common/check_catalog.h"
#include "clients/scan/patching/banner_products.h"
#include "clients/scan/patching/cve_feed.h"
#include "supplyrisk/v1/signal.pb.h"

namespace supplyrisk::scan {

inline constexpr char kPatchingScanner[] = "patching/1.0";

// True when `match` is vulnerable, names the product's vendor (or alt vendor) and product, and
// its range contains `version` (or, without a range, its version, with its update, equals it).
bool CpeMatchContains(const CpeMatch& match, const BannerProduct& product);

// The CVEs of `feed` with a cpeMatch containing `product`, each once, in feed order.
std::vector<const CveRecord*> MatchProduct(const std::vector<CveRecord>& feed,
                                           const BannerProduct& product);

// One signal per CVE matching the product named in `banner` seen at `asset` ("host:port").
// `seen` supplies time and supplier. Empty when the banner names no known product.
absl::StatusOr<std::vector<v1::Signal>> BannerCveSignals(absl::string_view asset,
                                                         absl::string_view banner,
                                                         const std::vector<CveRecord>& feed,
                                                         const Observation& seen,
                                                         const CheckCatalog& catalog);

}  // namespace supplyrisk::scan

#endif  // SUPPLYRISK_CLIENTS_SCAN_PATCHING_MATCHER_H_
