#include "clients/scan/patching/matcher.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "clients/scan/patching/version.h"

namespace supplyrisk::scan {
namespace {

bool Any(const std::string& s) { return s.empty() || s == "*" || s == "-"; }

v1::Severity FromCvss(double score) {
  if (score >= 9) return v1::SEVERITY_CRITICAL;
  if (score >= 7) return v1::SEVERITY_HIGH;
  if (score >= 4) return v1::SEVERITY_MEDIUM;
  if (score > 0) return v1::SEVERITY_LOW;
  return v1::SEVERITY_INFO;
}

}  // namespace

bool CpeMatchContains(const CpeMatch& m, const BannerProduct& p) {
  if (!m.vulnerable || m.product != p.product) return false;
  if (m.vendor != p.vendor && (p.alt_vendor.empty() || m.vendor != p.alt_vendor)) return false;
  const std::string& v = p.version;
  const bool ranged = !m.start_including.empty() || !m.start_excluding.empty() ||
                      !m.end_including.empty() || !m.end_excluding.empty();
  if (!ranged) {
    if (Any(m.version)) return m.version == "*";
    const std::string exact = Any(m.update) ? m.version : m.version + m.update;
    return CompareVersions(v, exact) == 0;
  }
  if (!m.start_including.empty() && CompareVersions(v, m.start_including) < 0) return false;
  if (!m.start_excluding.empty() && CompareVersions(v, m.start_excluding) <= 0) return false;
  if (!m.end_including.empty() && CompareVersions(v, m.end_including) > 0) return false;
  if (!m.end_excluding.empty() && CompareVersions(v, m.end_excluding) >= 0) return false;
  return true;
}

std::vector<const CveRecord*> MatchProduct(const std::vector<CveRecord>& feed,
                                           const BannerProduct& product) {
  std::vector<const CveRecord*> out;
  for (const CveRecord& r : feed) {
    for (const CpeMatch& m : r.matches) {
      if (CpeMatchContains(m, product)) {
        out.push_back(&r);
        break;
      }
    }
  }
  return out;
}

absl::StatusOr<std::vector<v1::Signal>> BannerCveSignals(absl::string_view asset,
                                                         absl::string_view banner,
                                                         const std::vector<CveRecord>& feed,
                                                         const Observation& seen,
                                                         const CheckCatalog& catalog) {
  std::vector<v1::Signal> out;
  std::optional<BannerProduct> product = ProductFromBanner(banner);
  if (!product.has_value()) return out;
  const v1::ScanCheck* check = catalog.Find("patching.unpatched_cve");
  if (check == nullptr) return absl::InternalError("catalogue lacks patching.unpatched_cve");
  for (const CveRecord* r : MatchProduct(feed, *product)) {
    Observation o = seen;
    o.asset = std::string(asset);
    o.scanner = kPatchingScanner;
    o.cve = r->id;
    o.detail = absl::StrCat(product->vendor, ":", product->product, " ", product->version, " (",
                            r->id, ", CVSS ", r->base_score, ", published ", r->published,
                            "); confidence: low (banner); banner only: distributions backport "
                            "fixes without changing the version");
    absl::StatusOr<v1::Signal> s = catalog.MakeSignal("patching.unpatched_cve", o);
    if (!s.ok()) return s.status();
    if (check->status() == v1::SCAN_CHECK_STATUS_SCORED) s->set_severity(FromCvss(r->base_score));
    // One signal per CVE on the asset: the id carries the CVE.
    s->set_id(absl::StrCat(s->id(), "/", r->id));
    out.push_back(*std::move(s));
  }
  return out;
}

}  // namespace supplyrisk::scan
