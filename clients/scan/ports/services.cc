#include "clients/scan/ports/services.h"

#include <cstdint>
#include <cstdio>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace supplyrisk::scan {
namespace {

constexpr size_t kMaxPortEntries = 1024;

struct ServiceInfo {
  Service service;
  const char* name;
  const char* check_id;
  int usual_port;  // 0 when none
};

constexpr ServiceInfo kServices[] = {
    {Service::kRdp, "rdp", "ports.rdp", 3389},
    {Service::kSmb, "smb", "ports.smb", 445},
    {Service::kTelnet, "telnet", "ports.telnet", 23},
    {Service::kFtp, "ftp", "ports.ftp", 21},
    {Service::kVnc, "vnc", "ports.vnc", 5900},
    {Service::kMysql, "mysql", "ports.database", 3306},
    {Service::kPostgresql, "postgresql", "ports.database", 5432},
    {Service::kMssql, "mssql", "ports.database", 1433},
    {Service::kRedis, "redis", "ports.database", 6379},
    {Service::kMongodb, "mongodb", "ports.database", 27017},
    {Service::kElasticsearch, "elasticsearch", "ports.database", 9200},
    {Service::kHttp, "http", "", 0},
    {Service::kSsh, "ssh", "", 0},
    {Service::kSmtp, "smtp", "", 0},
    {Service::kUnknown, "unknown", "", 0},
};

const ServiceInfo& Info(Service service) {
  for (const ServiceInfo& info : kServices) {
    if (info.service == service) return info;
  }
  return kServices[sizeof(kServices) / sizeof(kServices[0]) - 1];
}

Recognition Seen(Service service, absl::string_view bytes) {
  return Recognition{service, Printable(bytes, 64)};
}

// MySQL's initial handshake: a 3-byte little-endian length, sequence 0, then protocol 10 and a
// NUL-terminated version, or an error packet (0xff) when the client host is not allowed.
bool IsMysqlGreeting(absl::string_view b) {
  if (b.size() < 7) return false;
  const uint32_t len = static_cast<uint8_t>(b[0]) | (static_cast<uint8_t>(b[1]) << 8) |
                       (static_cast<uint8_t>(b[2]) << 16);
  if (b[3] != 0 || len < 3 || len > 1024) return false;
  const uint8_t kind = static_cast<uint8_t>(b[4]);
  if (kind == 0xff) return b.size() >= 7;
  if (kind != 0x0a) return false;
  const size_t nul = b.find('\0', 5);
  return nul != absl::string_view::npos && nul > 5 && nul < 5 + 64;
}

bool IsTelnetNegotiation(absl::string_view b) {
  // IAC followed by WILL/WONT/DO/DONT (251..254) or SB (250).
  return b.size() >= 3 && static_cast<uint8_t>(b[0]) == 255 && static_cast<uint8_t>(b[1]) >= 250 &&
         static_cast<uint8_t>(b[1]) <= 254;
}

}  // namespace

const char kPostgresSslRequest[8] = {0, 0, 0, 8, 0x04, static_cast<char>(0xd2), 0x16, 0x2f};

absl::string_view ServiceName(Service service) { return Info(service).name; }

absl::string_view ServiceCheckId(Service service) { return Info(service).check_id; }

std::vector<PortSpec> DefaultRiskyPorts() {
  std::vector<PortSpec> out;
  for (const ServiceInfo& info : kServices) {
    if (info.usual_port != 0) out.push_back(PortSpec{info.usual_port, info.service});
  }
  return out;
}

absl::StatusOr<std::vector<PortSpec>> ParsePortList(absl::string_view list) {
  std::vector<PortSpec> out;
  absl::flat_hash_set<int> seen;
  for (absl::string_view raw : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    const absl::string_view entry = absl::StripAsciiWhitespace(raw);
    std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(entry, '=');
    PortSpec spec;
    if (!absl::SimpleAtoi(parts.first, &spec.port) || spec.port < 1 || spec.port > 65535) {
      return absl::InvalidArgumentError(
          absl::StrCat("ports: \"", entry, "\": the port must be a number in 1..65535"));
    }
    if (!parts.second.empty()) {
      const std::string name = absl::AsciiStrToLower(parts.second);
      for (const ServiceInfo& info : kServices) {
        // ssh, http and smtp are allowed too: not risky themselves (no signal), their banners
        // still name versions for the CVE match.
        if (info.service != Service::kUnknown && name == info.name) spec.expected = info.service;
      }
      if (spec.expected == Service::kUnknown) {
        return absl::InvalidArgumentError(absl::StrCat(
            "ports: \"", entry, "\": unknown service \"", parts.second,
            "\" (one of rdp, smb, telnet, ftp, vnc, mysql, postgresql, mssql, redis, mongodb, "
            "elasticsearch, http, ssh, smtp)"));
      }
    } else {
      for (const ServiceInfo& info : kServices) {
        if (info.usual_port == spec.port) spec.expected = info.service;
      }
      if (spec.expected == Service::kUnknown) {
        return absl::InvalidArgumentError(absl::StrCat(
            "ports: \"", entry, "\": no service usually listens there; write PORT=SERVICE"));
      }
    }
    if (!seen.insert(spec.port).second) {
      return absl::InvalidArgumentError(absl::StrCat("ports: \"", entry, "\": port repeated"));
    }
    out.push_back(spec);
    if (out.size() > kMaxPortEntries) {
      return absl::InvalidArgumentError("ports: more than 1024 entries");
    }
  }
  if (out.empty()) return absl::InvalidArgumentError("ports: empty list");
  return out;
}

Recognition RecognizeGreeting(absl::string_view b) {
  if (absl::StartsWith(b, "RFB ") && b.size() >= 11) return Seen(Service::kVnc, b);
  if (absl::StartsWith(b, "SSH-")) return Seen(Service::kSsh, b);
  if (IsTelnetNegotiation(b)) return Seen(Service::kTelnet, b);
  if (absl::StartsWith(b, "220")) {
    const absl::string_view first_line = b.substr(0, b.find('\n'));
    const bool smtp = absl::StrContains(absl::AsciiStrToUpper(first_line), "SMTP");
    return Seen(smtp ? Service::kSmtp : Service::kFtp, b);
  }
  if (IsMysqlGreeting(b)) return Seen(Service::kMysql, b);
  return Recognition{Service::kUnknown, Printable(b, 64)};
}

Recognition RecognizeReply(absl::string_view probe, absl::string_view b) {
  if (absl::StartsWith(b, "HTTP/1.")) {
    const bool elastic =
        absl::StrContains(absl::AsciiStrToLower(b), "x-elastic-product: elasticsearch") ||
        absl::StrContains(b, "\"cluster_name\"") || absl::StrContains(b, "You Know, for Search");
    return Seen(elastic ? Service::kElasticsearch : Service::kHttp, b);
  }
  // RESP: a simple string, an error or (RESP3 hello) a map, ending in CRLF.
  if (b.size() >= 3 && (b[0] == '+' || b[0] == '-') && absl::StrContains(b, "\r\n")) {
    if (absl::StartsWith(b, "+PONG") || absl::StartsWith(b, "-NOAUTH") ||
        absl::StartsWith(b, "-ERR") || absl::StartsWith(b, "-DENIED") ||
        absl::StartsWith(b, "-WRONGPASS")) {
      return Seen(Service::kRedis, b);
    }
  }
  if (probe == absl::string_view(kPostgresSslRequest, sizeof(kPostgresSslRequest)) &&
      b.size() == 1 && (b[0] == 'S' || b[0] == 'N')) {
    return Seen(Service::kPostgresql, b);
  }
  return Recognition{Service::kUnknown, Printable(b, 64)};
}

std::string ProbeFor(Service expected) {
  switch (expected) {
    case Service::kElasticsearch:
    case Service::kHttp:
      return "GET / HTTP/1.0\r\n\r\n";
    case Service::kPostgresql:
      return std::string(kPostgresSslRequest, sizeof(kPostgresSslRequest));
    default:
      // A Redis inline command: Redis answers it even before authentication, and it means
      // nothing to the other services, which ignore it or close.
      return "PING\r\n";
  }
}

std::string Printable(absl::string_view bytes, size_t max_chars) {
  std::string out;
  for (char c : bytes) {
    if (out.size() >= max_chars) break;
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) {
      out.push_back(c);
    } else if (c == '\r' || c == '\n') {
      out.push_back(' ');
    } else {
      char hex[5];
      std::snprintf(hex, sizeof(hex), "\\x%02x", u);
      out += hex;
    }
  }
  return std::string(absl::StripAsciiWhitespace(out));
}

}  // namespace supplyrisk::scan
