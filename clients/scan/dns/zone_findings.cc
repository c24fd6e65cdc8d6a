#include "clients/scan/dns/zone_findings.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace supplyrisk::scan::dns {

std::vector<Finding> MxFindings(Resolver& resolver, absl::string_view domain) {
  std::string asset = CanonicalName(domain);
  Answer answer = resolver.Lookup(asset, RecordType::kMx);
  if (answer.IsVoid()) {
    return {Finding{"dns.mx_missing", asset, "no MX records and no null MX"}};
  }
  return {};
}

std::vector<Finding> CaaFindings(Resolver& resolver, absl::string_view domain) {
  std::string asset = CanonicalName(domain);
  absl::string_view name = asset;
  while (!name.empty()) {
    Answer answer = resolver.Lookup(name, RecordType::kCaa);
    if (answer.IsError()) return {};
    if (answer.outcome == Outcome::kOk) return {};
    size_t dot = name.find('.');
    if (dot == absl::string_view::npos) break;
    name.remove_prefix(dot + 1);
  }
  return {Finding{"dns.caa_missing", asset,
                  absl::StrCat("no CAA record at ", asset, " or any parent")}};
}

}  // namespace supplyrisk::scan::dns
