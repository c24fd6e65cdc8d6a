#include "clients/scan/dns/dns_message.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace supplyrisk::scan::dns {
namespace {

void PutU16(std::string& out, uint16_t value) {
  out.push_back(static_cast<char>(value >> 8));
  out.push_back(static_cast<char>(value & 0xff));
}

uint16_t GetU16(absl::string_view data, size_t at) {
  return static_cast<uint16_t>((static_cast<uint8_t>(data[at]) << 8) |
                               static_cast<uint8_t>(data[at + 1]));
}

absl::StatusOr<std::string> EncodeName(absl::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  std::string out;
  if (!name.empty()) {
    for (absl::string_view label : absl::StrSplit(name, '.')) {
      if (label.empty() || label.size() > 63) {
        return absl::InvalidArgumentError(
            absl::StrCat("name: label of ", label.size(), " octets in \"", name, "\""));
      }
      out.push_back(static_cast<char>(label.size()));
      out.append(label.data(), label.size());
    }
  }
  out.push_back('\0');
  if (out.size() > 255) {
    return absl::InvalidArgumentError(absl::StrCat("name: longer than 255 octets: ", name));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> BuildQuery(uint16_t id, absl::string_view name, uint16_t qtype,
                                       bool recursion_desired) {
  absl::StatusOr<std::string> qname = EncodeName(name);
  if (!qname.ok()) return qname.status();
  std::string out;
  PutU16(out, id);
  PutU16(out, recursion_desired ? 0x0100 : 0x0000);
  PutU16(out, 1);  // QDCOUNT
  PutU16(out, 0);
  PutU16(out, 0);
  PutU16(out, 0);
  out += *qname;
  PutU16(out, qtype);
  PutU16(out, 1);  // class IN
  return out;
}

absl::StatusOr<std::string> BuildTcpQuery(uint16_t id, absl::string_view name, uint16_t qtype) {
  absl::StatusOr<std::string> message = BuildQuery(id, name, qtype, false);
  if (!message.ok()) return message.status();
  std::string out;
  PutU16(out, static_cast<uint16_t>(message->size()));
  out += *message;
  return out;
}

absl::StatusOr<ReplyHeader> ParseReplyHeader(absl::string_view message) {
  if (message.size() < 12) {
    return absl::InvalidArgumentError(
        absl::StrCat("message: ", message.size(), " octets, shorter than a DNS header"));
  }
  ReplyHeader header;
  header.id = GetU16(message, 0);
  const uint16_t flags = GetU16(message, 2);
  header.response = (flags & 0x8000) != 0;
  header.authoritative = (flags & 0x0400) != 0;
  header.truncated = (flags & 0x0200) != 0;
  header.recursion_available = (flags & 0x0080) != 0;
  header.rcode = static_cast<uint8_t>(flags & 0x000f);
  header.questions = GetU16(message, 4);
  header.answers = GetU16(message, 6);
  header.authorities = GetU16(message, 8);
  header.additionals = GetU16(message, 10);
  return header;
}

}  // namespace supplyrisk::scan::dns
