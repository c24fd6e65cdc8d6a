// Hand-built DNS messages (RFC 1035 section 4) for the probes that speak to name servers
// directly: a zone transfer (AXFR over TCP) and a recursive query to an authoritative server.
// Only what the probes need: one question out, the header of the reply back.
#ifndef SUPPLYRISK_CLIENTS_SCAN_DNS_DNS_MESSAGE_H_
#define SUPPLYRISK_CLIENTS_SCAN_DNS_DNS_MESSAGE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace supplyrisk::scan::dns {

inline constexpr uint16_t kQtypeA = 1;
inline constexpr uint16_t kQtypeSoa = 6;
inline constexpr uint16_t kQtypeAxfr = 252;

// A query with one question (class IN). InvalidArgument naming "name" for an empty label, a
// label over 63 octets or a name over 255 octets.
absl::StatusOr<std::string> BuildQuery(uint16_t id, absl::string_view name, uint16_t qtype,
                                       bool recursion_desired);

// The same message with the 2-octet length prefix DNS over TCP uses (RFC 1035 4.2.2).
absl::StatusOr<std::string> BuildTcpQuery(uint16_t id, absl::string_view name, uint16_t qtype);

struct ReplyHeader {
  uint16_t id = 0;
  bool response = false;             // QR
  bool authoritative = false;        // AA
  bool truncated = false;            // TC
  bool recursion_available = false;  // RA
  uint8_t rcode = 0;                 // 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED, ...
  uint16_t questions = 0;
  uint16_t answers = 0;
  uint16_t authorities = 0;
  uint16_t additionals = 0;
};

// The header of a reply. InvalidArgument when `message` is shorter than 12 octets.
absl::StatusOr<ReplyHeader> ParseReplyHeader(absl::string_view message);

}  // namespace supplyrisk::scan::dns

#endif  // SUPPLYRISK_CLIENTS_SCAN_DNS_DNS_MESSAGE_H_
