#include "clients/scan/dns/finding.h"

namespace supplyrisk::scan::dns {

absl::StatusOr<std::vector<v1::Signal>> ToSignals(const std::vector<Finding>& findings,
                                                  const CheckCatalog& catalog,
                                                  absl::Time observed_at,
                                                  absl::string_view supplier) {
  std::vector<v1::Signal> signals;
  for (const Finding& finding : findings) {
    Observation observation;
    observation.asset = finding.asset;
    observation.detail = finding.detail;
    observation.observed_at = observed_at;
    observation.scanner = kDnsScanner;
    observation.supplier = std::string(supplier);
    absl::StatusOr<v1::Signal> signal = catalog.MakeSignal(finding.check_id, observation);
    if (!signal.ok()) return signal.status();
    signals.push_back(*std::move(signal));
  }
  return signals;
}

}  // namespace supplyrisk::scan::dns
