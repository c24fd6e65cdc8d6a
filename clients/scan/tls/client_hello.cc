#include "clients/scan/tls/client_hello.h"

#include <arpa/inet.h>

#include "absl/strings/str_cat.h"

namespace supplyrisk::scan {
namespace {

constexpr size_t kMaxRecord = 16384 + 2048;

void Put16(std::string* out, size_t v) {
  out->push_back(static_cast<char>((v >> 8) & 0xff));
  out->push_back(static_cast<char>(v & 0xff));
}

void Put24(std::string* out, size_t v) {
  out->push_back(static_cast<char>((v >> 16) & 0xff));
  Put16(out, v & 0xffff);
}

void AddExtension(std::string* out, uint16_t type, const std::string& body) {
  Put16(out, type);
  Put16(out, body.size());
  *out += body;
}

bool IsIpLiteral(absl::string_view name) {
  unsigned char buf[16];
  const std::string s(name);
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

std::string Extensions(absl::string_view server_name) {
  std::string ext;
  if (!server_name.empty() && !IsIpLiteral(server_name)) {
    std::string sni;
    Put16(&sni, server_name.size() + 3);
    sni.push_back(0);  // host_name
    Put16(&sni, server_name.size());
    sni.append(server_name.data(), server_name.size());
    AddExtension(&ext, 0x0000, sni);
  }
  // supported_groups: x25519, secp256r1, secp384r1, secp521r1, ffdhe2048.
  std::string groups;
  const uint16_t kGroups[] = {0x001d, 0x0017, 0x0018, 0x0019, 0x0100};
  Put16(&groups, sizeof(kGroups));
  for (uint16_t g : kGroups) Put16(&groups, g);
  AddExtension(&ext, 0x000a, groups);
  AddExtension(&ext, 0x000b, std::string("\x01\x00", 2));  // ec_point_formats: uncompressed
  // signature_algorithms, SHA-1 last so that old servers still find one.
  std::string sigalgs;
  const uint16_t kSigalgs[] = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501,
                               0x0603, 0x0806, 0x0601, 0x0203, 0x0201};
  Put16(&sigalgs, sizeof(kSigalgs));
  for (uint16_t s : kSigalgs) Put16(&sigalgs, s);
  AddExtension(&ext, 0x000d, sigalgs);
  AddExtension(&ext, 0xff01, std::string("\x00", 1));  // renegotiation_info, empty
  return ext;
}

}  // namespace

absl::StatusOr<std::string> BuildClientHello(absl::string_view server_name,
                                             const std::vector<uint16_t>& suites) {
  if (suites.empty() || suites.size() > 200) {
    return absl::InvalidArgumentError("suites: must list 1..200 cipher suites");
  }
  if (server_name.size() > 253) return absl::InvalidArgumentError("server_name: too long");
  std::string body;
  Put16(&body, 0x0303);  // client_version: TLS 1.2
  for (int i = 0; i < 32; ++i) body.push_back(static_cast<char>(0x5a ^ (i * 37)));  // random
  body.push_back(0);                                                                // no session id
  Put16(&body, suites.size() * 2);
  for (uint16_t s : suites) Put16(&body, s);
  body += std::string("\x01\x00", 2);  // compression: null only
  const std::string ext = Extensions(server_name);
  Put16(&body, ext.size());
  body += ext;

  std::string handshake;
  handshake.push_back(0x01);  // client_hello
  Put24(&handshake, body.size());
  handshake += body;

  std::string record;
  record.push_back(0x16);
  Put16(&record, 0x0301);  // record version TLS 1.0, as clients send for compatibility
  Put16(&record, handshake.size());
  record += handshake;
  return record;
}

absl::StatusOr<size_t> RecordLength(absl::string_view header) {
  if (header.size() < 5) return absl::InvalidArgumentError("record: short header");
  const auto type = static_cast<uint8_t>(header[0]);
  const auto major = static_cast<uint8_t>(header[1]);
  if ((type != 0x15 && type != 0x16) || major != 3) {
    return absl::InvalidArgumentError("record: not a TLS alert or handshake");
  }
  const size_t len = (static_cast<uint8_t>(header[3]) << 8) | static_cast<uint8_t>(header[4]);
  if (len == 0 || len > kMaxRecord) return absl::InvalidArgumentError("record: bad length");
  return len;
}

absl::StatusOr<ServerReply> ParseServerRecord(absl::string_view record) {
  absl::StatusOr<size_t> len = RecordLength(record);
  if (!len.ok()) return len.status();
  if (record.size() < 5 + *len) return absl::InvalidArgumentError("record: truncated");
  const absl::string_view body = record.substr(5, *len);
  ServerReply reply;
  if (static_cast<uint8_t>(record[0]) == 0x15) {
    if (body.size() < 2) return absl::InvalidArgumentError("alert: truncated");
    reply.kind = ServerReply::Kind::kAlert;
    reply.alert = static_cast<uint8_t>(body[1]);
    return reply;
  }
  // handshake type(1) length(3) version(2) random(32) session_id_len(1) ... cipher(2)
  if (body.size() < 39 || static_cast<uint8_t>(body[0]) != 0x02) {
    return absl::InvalidArgumentError("handshake: not a ServerHello");
  }
  const size_t sid_len = static_cast<uint8_t>(body[38]);
  if (sid_len > 32 || body.size() < 39 + sid_len + 2) {
    return absl::InvalidArgumentError("ServerHello: truncated");
  }
  reply.kind = ServerReply::Kind::kServerHello;
  reply.version = (static_cast<uint8_t>(body[4]) << 8) | static_cast<uint8_t>(body[5]);
  reply.cipher =
      (static_cast<uint8_t>(body[39 + sid_len]) << 8) | static_cast<uint8_t>(body[40 + sid_len]);
  return reply;
}

}  // namespace supplyrisk::scan
