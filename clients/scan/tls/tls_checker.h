// A TLS checker for one host:port against Mozilla's intermediate profile: which protocol
// versions are offered (each probed alone through OpenSSL), which TLS <= 1.2 cipher suites are
// accepted (enumerated with hand-built ClientHellos, see cipher_suites.h for the classes), and
// what the certificate chain served at the highest version says. TlsSignals turns the report
// into catalogue signals.
//
// Example:
//   TlsTarget target{"www.example.jp", 443, "www.example.jp"};
//   absl::StatusOr<TlsReport> report = CheckTls(target, TlsOptions());
//   absl::StatusOr<std::vector<v1::Signal>> signals =
//       TlsSignals(*report, seen, CheckCatalog::BuiltIn());
#ifndef SUPPLYRISK_CLIENTS_SCAN_TLS_TLS_CHECKER_H_
#define SUPPLYRISK_CLIENTS_SCAN_TLS_TLS_CHECKER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/scan/common/check_catalog.h"
#include "clients/scan/tls/certificate.h"
#include "supplyrisk/v1/signal.pb.h"

namespace supplyrisk::scan {

inline constexpr char kTlsScanner[] = "tls/1.0";

struct TlsTarget {
  std::string host;  // connected to; the only host contacted
  int port = 443;
  // SNI and the name the certificate must carry; the host when empty.
  std::string server_name;
};

struct TlsOptions {
  absl::Duration connect_timeout = absl::Seconds(5);
  absl::Duration handshake_timeout = absl::Seconds(5);  // per handshake, in total
  // PEM file of trusted roots replacing the system trust store (tests, private PKIs).
  std::string ca_file;
  absl::Time now = absl::InfinitePast();  // the clock for validity; absl::Now() when unset
  absl::Duration expiry_warning = absl::Hours(24 * 30);
  int max_suite_probes = 64;  // ClientHellos spent enumerating suites (1..256)
};

struct ProtocolProbe {
  std::string version;  // "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"
  bool offered = false;
  std::string detail;  // the negotiated suite, or why the handshake failed
};

struct AcceptedSuite {
  uint16_t id = 0;
  std::string name;
  uint16_t version = 0;  // negotiated with it (0x0301..0x0303)
  bool weak = false;
  bool no_forward_secrecy = false;
};

struct TlsReport {
  std::string asset;                     // "host:port"
  std::string server_name;               // as checked
  std::vector<ProtocolProbe> protocols;  // TLS 1.0, 1.1, 1.2, 1.3 in that order
  // Suites accepted at the highest version <= 1.2 the server offers, in the server's order of
  // preference. `suites_complete` is false when the probe budget ran out first.
  std::vector<AcceptedSuite> suites;
  bool suites_complete = true;
  std::string suites_error;  // why the enumeration stopped early, when it did
  CertificateReport certificate;
};

// Probes `target`. InvalidArgument naming the field for an empty host, a bad port, options out
// of range or an unreadable ca_file; Unavailable when nothing accepts TCP connections;
// FailedPrecondition when no TLS version completes a handshake. A suite probe that fails (timeout,
// a reply that is not TLS) ends the enumeration with `suites_complete` false, not the check.
absl::StatusOr<TlsReport> CheckTls(const TlsTarget& target, const TlsOptions& options);

// tls.protocol_legacy, tls.cipher_weak, tls.no_forward_secrecy and tls.certificate_* signals for
// `report`, asset "host:port". `seen` supplies the time and supplier.
absl::StatusOr<std::vector<v1::Signal>> TlsSignals(const TlsReport& report, const Observation& seen,
                                                   const CheckCatalog& catalog);

}  // namespace supplyrisk::scan

#endif  // SUPPLYRISK_CLIENTS_SCAN_TLS_TLS_CHECKER_H_
