#include "clients/scan/dns/zone_findings.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace supplyrisk::scan::dns {

std::vector<Finding> MxFindings(Resolver& resolver, absl::string_view domain,
                                std::vector<std::string>* not_judged) {
  std::string asset = CanonicalName(domain);
  Answer answer = resolver.Lookup(asset, RecordType::kMx);
  if (answer.IsVoid()) {
    return {Finding{"dns.mx_missing", asset, "no MX records and no null MX"}};
  }
  if (answer.IsError() && not_judged != nullptr) {
    not_judged->push_back(
        absl::StrCat("MX not judged: MX lookup of ", asset, ": ", OutcomeName(answer.outcome)));
  }
  return {};
}

std::vector<Finding> CaaFindings(Resolver& resolver, absl::string_view domain,
                                 std::vector<std::string>* not_judged) {
  std::string asset = CanonicalName(domain);
  absl::string_view name = asset;
  while (!name.empty()) {
    Answer answer = resolver.Lookup(name, RecordType::kCaa);
    if (answer.IsError()) {
      if (not_judged != nullptr) {
        not_judged->push_back(absl::StrCat("CAA not judged: CAA lookup of ", name, ": ",
                                           OutcomeName(answer.outcome)));
      }
      return {};
    }
    if (answer.outcome == Outcome::kOk) return {};
    size_t dot = name.find('.');
    if (dot == absl::string_view::npos) break;
    name.remove_prefix(dot + 1);
  }
  return {Finding{"dns.caa_missing", asset,
                  absl::StrCat("no CAA record at ", asset, " or any parent")}};
}

}  // namespace supplyrisk::scan::dns
