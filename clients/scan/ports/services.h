// The risky services the port scanner looks for, the ports they usually listen on, and how a
// service is recognised from the first bytes it exchanges, so that what answers on a port (Redis
// on 3389) is reported rather than what the port number suggests.
#ifndef SUPPLYRISK_CLIENTS_SCAN_PORTS_SERVICES_H_
#define SUPPLYRISK_CLIENTS_SCAN_PORTS_SERVICES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace supplyrisk::scan {

enum class Service {
  kUnknown,
  kRdp,
  kSmb,
  kTelnet,
  kFtp,
  kVnc,
  kMysql,
  kPostgresql,
  kMssql,
  kRedis,
  kMongodb,
  kElasticsearch,
  // Recognised but not risky on their own: detecting them on a risky port clears the port's
  // usual name (SSH on 3389 is not Remote Desktop).
  kHttp,
  kSsh,
  kSmtp,
};

// "rdp", "redis", ...; the names ParsePortList accepts.
absl::string_view ServiceName(Service service);

// The catalogue check for an exposed `service` ("ports.rdp", "ports.database", ...); empty for
// services that are not risky in themselves (kHttp, kSsh, kSmtp, kUnknown).
absl::string_view ServiceCheckId(Service service);

// One port to try and the service usually found there.
struct PortSpec {
  int port = 0;
  Service expected = Service::kUnknown;
};

// RDP 3389, SMB 445, Telnet 23, FTP 21, VNC 5900, MySQL 3306, PostgreSQL 5432, MSSQL 1433, Redis
// 6379, MongoDB 27017, Elasticsearch 9200.
std::vector<PortSpec> DefaultRiskyPorts();

// Parses "3389,445" or "3389=rdp,16379=redis": a port alone takes its usual service from
// DefaultRiskyPorts(). InvalidArgument naming the entry for a bad port, an unknown service, a
// port with no usual service and no name, a repeated port or more than 1024 entries.
absl::StatusOr<std::vector<PortSpec>> ParsePortList(absl::string_view list);

// What the first bytes say.
struct Recognition {
  Service service = Service::kUnknown;
  std::string evidence;  // short printable excerpt of what was recognised
};

// Recognises a service that speaks first: FTP "220 ", SMTP "220 ...SMTP", Telnet IAC option
// negotiation, VNC "RFB 003.00x", SSH "SSH-", a MySQL initial handshake (or its error packet).
Recognition RecognizeGreeting(absl::string_view bytes);

// Recognises the reply to a probe the scanner sent: a RESP reply to "PING" (Redis), an HTTP
// response (Elasticsearch when it names itself in a header or the body), a PostgreSQL answer to
// SSLRequest ("S" or "N", only believed when `probe` was the SSLRequest).
Recognition RecognizeReply(absl::string_view probe, absl::string_view bytes);

// The probes: what to send to a silent port expected to run `expected`.
std::string ProbeFor(Service expected);
extern const char kPostgresSslRequest[8];

// Bytes as printable ASCII, others as \xNN, at most `max_chars`.
std::string Printable(absl::string_view bytes, size_t max_chars);

}  // namespace supplyrisk::scan

#endif  // SUPPLYRISK_CLIENTS_SCAN_PORTS_SERVICES_H_
