// The scanners' check catalogue: what each check observes, the signal it produces (factor, issue
// type, severity) and what it costs, read from versioned data (clients/scan/checks.textproto)
// rather than written into the scanner code. Scanners name checks by id and ask the catalogue
// for the signal.
//
// Example:
//   Observation seen;
//   seen.asset = "example.jp";
//   seen.observed_at = absl::Now();
//   seen.scanner = "dns/1.0";
//   absl::StatusOr<v1::Signal> signal = CheckCatalog::BuiltIn().MakeSignal("dns.spf_missing",
//   seen);
#ifndef SUPPLYRISK_CLIENTS_SCAN_COMMON_CHECK_CATALOG_H_
#define SUPPLYRISK_CLIENTS_SCAN_COMMON_CHECK_CATALOG_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "supplyrisk/v1/scan_check.pb.h"
#include "supplyrisk/v1/signal.pb.h"

namespace supplyrisk::scan {

// What one observation of a check says beyond the check itself.
struct Observation {
  std::string asset;       // the domain, host:port or URL observed; required
  std::string detail;      // what was seen, for a person (e.g. the record text); optional
  absl::Time observed_at;  // when; required
  std::string scanner;     // "<family>/<scanner version>", e.g. "dns/1.0"; required
  std::string supplier;    // "suppliers/{id}" when known; optional
  std::string cve;         // for patching checks
};

class CheckCatalog {
 public:
  // Parses and validates a catalogue in protobuf text format. InvalidArgument lists every
  // problem, one per line, each naming the check and the field: version set; ids unique and
  // shaped "<family>.<name>" with the check's family; family one of dns, tls, ports, web,
  // patching; factor, issue type ([a-z0-9_]+), severity and status set; deduction in 0..100;
  // title in ja and en; remediation in both languages or neither, and present unless the
  // severity is POSITIVE.
  static absl::StatusOr<CheckCatalog> Parse(absl::string_view text);

  // The catalogue built into the binary from clients/scan/checks.textproto. An invalid built-in
  // catalogue is a build defect: the first call aborts with its problems.
  static const CheckCatalog& BuiltIn();

  const std::string& version() const { return catalog_->version(); }
  const v1::ScanCheckCatalog& proto() const { return *catalog_; }

  // Null when there is no such check.
  const v1::ScanCheck* Find(absl::string_view check_id) const;

  // The signal for one observation of `check_id`: its factor, issue type and severity (INFO for
  // an informational check), the asset and times, `source` "supplyrisk-scan/<scanner>
  // checks/<version>", and the id the store would give it (factor/issue type/asset).
  // InvalidArgument for an unknown check or a missing asset, time or scanner.
  absl::StatusOr<v1::Signal> MakeSignal(absl::string_view check_id,
                                        const Observation& observation) const;

 private:
  std::shared_ptr<const v1::ScanCheckCatalog> catalog_;
  std::shared_ptr<const absl::flat_hash_map<std::string, const v1::ScanCheck*>> by_id_;
};

}  // namespace supplyrisk::scan

#endif  // SUPPLYRISK_CLIENTS_SCAN_COMMON_CHECK_CATALOG_H_
