// A hand-built TLS 1.0-1.2 ClientHello offering chosen cipher suites, and the reading of the
// server's first record. Built by hand rather than through OpenSSL so the checker can offer
// suites (RC4, 3DES, EXPORT) that the local OpenSSL no longer implements: only the server's
// choice matters, the handshake is never completed.
#ifndef SUPPLYRISK_CLIENTS_SCAN_TLS_CLIENT_HELLO_H_
#define SUPPLYRISK_CLIENTS_SCAN_TLS_CLIENT_HELLO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace supplyrisk::scan {

// A ClientHello record for at most TLS 1.2 (no supported_versions extension) offering `suites`
// (1..200) with SNI `server_name` (omitted when empty or an IP literal), the usual groups,
// point formats and signature algorithms. InvalidArgument for a bad suite count or a server
// name longer than 253 characters.
absl::StatusOr<std::string> BuildClientHello(absl::string_view server_name,
                                             const std::vector<uint16_t>& suites);

// The server's answer to a ClientHello.
struct ServerReply {
  enum class Kind { kServerHello, kAlert, kClosed };
  Kind kind = Kind::kClosed;
  uint16_t version = 0;  // negotiated, for kServerHello
  uint16_t cipher = 0;   // chosen, for kServerHello
  int alert = -1;        // description, for kAlert (40 handshake_failure, 70 protocol_version)
};

// Bytes needed to parse a reply whose first record header is `header` (5 bytes): the record
// length, at most 16 KiB + 2048 (RFC 5246 6.2.3). InvalidArgument when it is not a TLS record.
absl::StatusOr<size_t> RecordLength(absl::string_view header);

// Parses one record (header + body): an alert, or a handshake record starting with ServerHello.
// InvalidArgument for anything else.
absl::StatusOr<ServerReply> ParseServerRecord(absl::string_view record);

}  // namespace supplyrisk::scan

#endif  // SUPPLYRISK_CLIENTS_SCAN_TLS_CLIENT_HELLO_H_
