#include "clients/scan/dns/unbound_resolver.h"

#include <arpa/inet.h>
#include <poll.h>
#include <unbound.h>

#include <cstdint>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace supplyrisk::scan::dns {
namespace {

int RrType(RecordType type) {
  switch (type) {
    case RecordType::kA:
      return 1;
    case RecordType::kAaaa:
      return 28;
    case RecordType::kMx:
      return 15;
    case RecordType::kTxt:
      return 16;
    case RecordType::kPtr:
      return 12;
    case RecordType::kCname:
      return 5;
    case RecordType::kNs:
      return 2;
    case RecordType::kCaa:
      return 257;
  }
  return 0;
}

// An uncompressed wire-format name at data[*offset]; nullopt when malformed.
std::optional<std::string> ReadName(const uint8_t* data, size_t size, size_t* offset) {
  std::string name;
  while (*offset < size) {
    uint8_t length = data[(*offset)++];
    if (length == 0) return absl::AsciiStrToLower(name);
    if (length > 63 || *offset + length > size || name.size() + length + 1 > 255) break;
    if (!name.empty()) name.push_back('.');
    name.append(reinterpret_cast<const char*>(data + *offset), length);
    *offset += length;
  }
  return std::nullopt;
}

// Adds one record's rdata to the answer; false when it is malformed.
bool AddRdata(RecordType type, const uint8_t* data, size_t size, Answer& answer) {
  size_t offset = 0;
  char text[INET6_ADDRSTRLEN] = {};
  switch (type) {
    case RecordType::kA:
    case RecordType::kAaaa: {
      bool v6 = type == RecordType::kAaaa;
      if (size != (v6 ? 16u : 4u)) return false;
      inet_ntop(v6 ? AF_INET6 : AF_INET, data, text, sizeof(text));
      answer.addresses.emplace_back(text);
      return true;
    }
    case RecordType::kTxt: {
      std::vector<std::string> strings;
      while (offset < size) {
        uint8_t length = data[offset++];
        if (offset + length > size) return false;
        strings.emplace_back(reinterpret_cast<const char*>(data + offset), length);
        offset += length;
      }
      answer.txt.push_back(std::move(strings));
      return true;
    }
    case RecordType::kMx: {
      if (size < 3) return false;
      uint16_t preference = static_cast<uint16_t>(data[0] << 8 | data[1]);
      offset = 2;
      std::optional<std::string> exchange = ReadName(data, size, &offset);
      if (!exchange.has_value()) return false;
      answer.mx.push_back(MxRecord{preference, *exchange});
      return true;
    }
    case RecordType::kPtr:
    case RecordType::kCname:
    case RecordType::kNs: {
      std::optional<std::string> target = ReadName(data, size, &offset);
      if (!target.has_value()) return false;
      answer.names.push_back(*target);
      return true;
    }
    case RecordType::kCaa: {
      if (size < 2 || 2u + data[1] > size) return false;
      CaaRecord caa;
      caa.flags = data[0];
      caa.tag = std::string(reinterpret_cast<const char*>(data + 2), data[1]);
      caa.value =
          std::string(reinterpret_cast<const char*>(data + 2 + data[1]), size - 2 - data[1]);
      answer.caa.push_back(std::move(caa));
      return true;
    }
  }
  return false;
}

struct Pending {
  bool done = false;
  int error = 0;
  ub_result* result = nullptr;
};

void OnResult(void* arg, int error, ub_result* result) {
  auto* pending = static_cast<Pending*>(arg);
  pending->done = true;
  pending->error = error;
  pending->result = result;
}

absl::Status Refused(const char* what, absl::string_view value, int error) {
  return absl::InvalidArgumentError(
      absl::StrCat(what, ": libunbound refused \"", value, "\": ", ub_strerror(error)));
}

absl::Status Configure(ub_ctx* context, const UnboundOptions& options) {
  if (!options.config_file.empty()) {
    if (int error = ub_ctx_config(context, options.config_file.c_str()); error != 0) {
      return Refused("config_file", options.config_file, error);
    }
  }
  // Threads rather than the default forked process: nothing outlives the resolver.
  if (int error = ub_ctx_async(context, 1); error != 0) return Refused("async", "1", error);
  if (int error = ub_ctx_set_option(context, "do-ip6:", "no"); error != 0) {
    return Refused("do-ip6", "no", error);
  }
  if (!options.forwarder.empty()) {
    if (int error = ub_ctx_set_fwd(context, options.forwarder.c_str()); error != 0) {
      return Refused("forwarder", options.forwarder, error);
    }
  }
  for (const auto& [zone, address] : options.stubs) {
    if (int error = ub_ctx_set_stub(context, zone.c_str(), address.c_str(), 0); error != 0) {
      return Refused("stubs", absl::StrCat(zone, " ", address), error);
    }
  }
  for (const std::string& anchor : options.trust_anchors) {
    if (int error = ub_ctx_add_ta(context, anchor.c_str()); error != 0) {
      return Refused("trust_anchors", anchor, error);
    }
  }
  // Unbound answers NXDOMAIN for *.test from a built-in zone unless it is removed. This first
  // zone change finalises the context, which is when libunbound checks the anchors and stubs.
  if (int error = ub_ctx_zone_remove(context, "test."); error != 0 && error != UB_NOERROR) {
    return absl::InvalidArgumentError(
        absl::StrCat("forwarder, stubs or trust_anchors: libunbound could not apply them: ",
                     ub_strerror(error)));
  }
  for (const std::string& zone : options.local_zones) {
    if (int error = ub_ctx_zone_add(context, zone.c_str(), "static"); error != 0) {
      return Refused("local_zones", zone, error);
    }
  }
  for (const std::string& data : options.local_data) {
    if (int error = ub_ctx_data_add(context, data.c_str()); error != 0) {
      return Refused("local_data", data, error);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<UnboundResolver>> UnboundResolver::Create(
    const UnboundOptions& options) {
  if (options.timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("timeout: must be positive");
  }
  ub_ctx* context = ub_ctx_create();
  if (context == nullptr) return absl::InternalError("ub_ctx_create failed");
  if (absl::Status status = Configure(context, options); !status.ok()) {
    ub_ctx_delete(context);
    return status;
  }
  return std::unique_ptr<UnboundResolver>(
      new UnboundResolver(context, !options.trust_anchors.empty(), options.timeout));
}

UnboundResolver::~UnboundResolver() { ub_ctx_delete(context_); }

Answer UnboundResolver::Lookup(absl::string_view name, RecordType type) {
  Answer answer;
  answer.outcome = Outcome::kServFail;
  Pending pending;
  int async_id = 0;
  std::string query(name);
  if (ub_resolve_async(context_, query.c_str(), RrType(type), 1, &pending, OnResult, &async_id) !=
      0) {
    return answer;
  }
  absl::Time deadline = absl::Now() + timeout_;
  while (!pending.done) {
    absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      ub_cancel(context_, async_id);
      answer.outcome = Outcome::kTimeout;
      return answer;
    }
    pollfd fd{ub_fd(context_), POLLIN, 0};
    int ready = poll(&fd, 1, static_cast<int>(absl::ToInt64Milliseconds(left)) + 1);
    if (ready > 0) ub_process(context_);
  }
  ub_result* result = pending.result;
  if (pending.error != 0 || result == nullptr) {
    if (result != nullptr) ub_resolve_free(result);
    return answer;
  }
  if (validating_) {
    answer.dnssec = result->secure  ? DnssecState::kSecure
                    : result->bogus ? DnssecState::kBogus
                                    : DnssecState::kInsecure;
  }
  if (result->bogus && result->why_bogus != nullptr) answer.why_bogus = result->why_bogus;
  bool malformed = false;
  for (int i = 0; result->havedata && result->data[i] != nullptr; ++i) {
    malformed = malformed || !AddRdata(type, reinterpret_cast<const uint8_t*>(result->data[i]),
                                       static_cast<size_t>(result->len[i]), answer);
  }
  if (result->bogus || malformed || result->rcode == 2) {
    answer.outcome = Outcome::kServFail;
  } else if (result->nxdomain || result->rcode == 3) {
    answer.outcome = Outcome::kNxDomain;
  } else if (result->rcode != 0) {
    answer.outcome = Outcome::kServFail;
  } else {
    answer.outcome = result->havedata ? Outcome::kOk : Outcome::kNoData;
  }
  ub_resolve_free(result);
  return answer;
}

}  // namespace supplyrisk::scan::dns
