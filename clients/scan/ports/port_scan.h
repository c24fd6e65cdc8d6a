// Exposed risky services by TCP connect on an explicit port list. Each open port gets a short
// banner exchange: a passive read for services that speak first, else one probe chosen by the
// port's usual service; a service recognised that way replaces the port's usual name.
//
// Example:
//   PortScanOptions options;
//   absl::StatusOr<std::vector<PortFinding>> found =
//       ScanPorts("db.example.jp", DefaultRiskyPorts(), options);
//   std::vector<v1::Signal> signals = PortSignals("db.example.jp", *found, seen, catalog);
#ifndef SUPPLYRISK_CLIENTS_SCAN_PORTS_PORT_SCAN_H_
#define SUPPLYRISK_CLIENTS_SCAN_PORTS_PORT_SCAN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "clients/scan/common/check_catalog.h"
#include "clients/scan/ports/services.h"
#include "supplyrisk/v1/signal.pb.h"

namespace supplyrisk::scan {

// The scanner string recorded in each signal.
inline constexpr char kPortScanner[] = "ports/1.0";

struct PortScanOptions {
  absl::Duration connect_timeout = absl::Seconds(3);
  // How long a silent service is given to speak first, and then to answer the probe.
  absl::Duration banner_timeout = absl::Seconds(2);
  size_t max_banner_bytes = 1024;
  // Connections open at once against the host (1..64).
  int max_concurrency = 4;
};

struct PortFinding {
  int port = 0;
  Service expected = Service::kUnknown;
  bool open = false;
  // What answers: the recognised service when `detected`, else `expected`.
  Service service = Service::kUnknown;
  bool detected = false;
  std::string evidence;  // printable excerpt of the recognised bytes
  std::string error;     // why the port counts as closed (refused, timed out)
};

// Connects to each port of `ports` on `host` (the only host contacted) with bounded concurrency.
// One finding per port, in the order given. InvalidArgument for an empty host, an empty list, a
// port outside 1..65535 or options out of range.
absl::StatusOr<std::vector<PortFinding>> ScanPorts(absl::string_view host,
                                                   const std::vector<PortSpec>& ports,
                                                   const PortScanOptions& options);

// One signal per open port whose service is risky, asset "host:port", through the catalogue.
// `seen` supplies the time and supplier; its asset, detail and scanner are set here.
absl::StatusOr<std::vector<v1::Signal>> PortSignals(absl::string_view host,
                                                    const std::vector<PortFinding>& findings,
                                                    const Observation& seen,
                                                    const CheckCatalog& catalog);

}  // namespace supplyrisk::scan

#endif  // SUPPLYRISK_CLIENTS_SCAN_PORTS_PORT_SCAN_H_
