// A DNS check's finding before it becomes a signal: which check fired, for which asset, and what
// was seen. Findings are plain data so that checks can be tested without the catalogue.
#ifndef SUPPLYRISK_CLIENTS_SCAN_DNS_FINDING_H_
#define SUPPLYRISK_CLIENTS_SCAN_DNS_FINDING_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "clients/scan/common/check_catalog.h"
#include "supplyrisk/v1/signal.pb.h"

namespace supplyrisk::scan::dns {

// The scanner string every DNS signal carries: "<family>/<version>".
inline constexpr char kDnsScanner[] = "dns/1.0";

struct Finding {
  std::string check_id;  // a dns.* id of the check catalogue
  std::string asset;     // the domain
  std::string detail;    // what was seen, for a person

  bool operator==(const Finding& other) const {
    return check_id == other.check_id && asset == other.asset && detail == other.detail;
  }
};

// One signal per finding through `catalog`. `supplier` ("suppliers/{id}") may be empty.
// InvalidArgument (from the catalogue) when a finding names an unknown check.
absl::StatusOr<std::vector<v1::Signal>> ToSignals(const std::vector<Finding>& findings,
                                                  const CheckCatalog& catalog,
                                                  absl::Time observed_at,
                                                  absl::string_view supplier = "");

}  // namespace supplyrisk::scan::dns

#endif  // SUPPLYRISK_CLIENTS_SCAN_DNS_FINDING_H_
