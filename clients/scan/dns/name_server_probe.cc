#include "clients/scan/dns/name_server_probe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "clients/scan/dns/dns_message.h"

namespace supplyrisk::scan::dns {
namespace {

constexpr size_t kMaxMessage = 65535;

// Closes the descriptor on every path.
class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  int fd() const { return fd_; }

 private:
  int fd_;
};

int TimeoutMs(absl::Duration timeout) {
  const int64_t ms = absl::ToInt64Milliseconds(timeout);
  return ms < 1 ? 1 : (ms > 600000 ? 600000 : static_cast<int>(ms));
}

absl::Status Errno(absl::string_view what, absl::string_view address) {
  return absl::UnavailableError(absl::StrCat(what, " ", address, ": ", std::strerror(errno)));
}

// A non-blocking socket connected (TCP) or bound to a peer (UDP) at `address`:`port`.
absl::StatusOr<int> Open(absl::string_view address, uint16_t port, int type,
                         absl::Duration timeout) {
  sockaddr_storage storage{};
  socklen_t length = 0;
  const std::string host(address);
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    length = sizeof(*v4);
  } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    length = sizeof(*v6);
  } else {
    return absl::InvalidArgumentError(absl::StrCat("address: not an IP address: ", address));
  }
  const int fd = socket(storage.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return Errno("socket for", address);
  if (connect(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0) {
    if (errno != EINPROGRESS) {
      absl::Status status = Errno("connect to", address);
      close(fd);
      return status;
    }
    pollfd poll_fd{fd, POLLOUT, 0};
    int error = 0;
    socklen_t error_length = sizeof(error);
    if (poll(&poll_fd, 1, TimeoutMs(timeout)) != 1 ||
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &error_length) != 0 || error != 0) {
      close(fd);
      return absl::DeadlineExceededError(absl::StrCat("connect to ", address, " failed"));
    }
  }
  return fd;
}

// Reads exactly `size` octets, each wait bounded by `timeout`.
absl::StatusOr<std::string> ReadExactly(int fd, size_t size, absl::Duration timeout,
                                        absl::string_view address) {
  std::string out(size, '\0');
  size_t done = 0;
  while (done < size) {
    pollfd poll_fd{fd, POLLIN, 0};
    if (poll(&poll_fd, 1, TimeoutMs(timeout)) != 1) {
      return absl::DeadlineExceededError(absl::StrCat("no reply from ", address, " in time"));
    }
    const ssize_t got = read(fd, &out[done], size - done);
    if (got == 0) return absl::UnavailableError(absl::StrCat(address, " closed the connection"));
    if (got < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return Errno("read from", address);
    }
    done += static_cast<size_t>(got);
  }
  return out;
}

uint16_t NewId() {
  static std::mt19937 generator{std::random_device{}()};
  return static_cast<uint16_t>(generator() & 0xffff);
}

absl::StatusOr<ReplyHeader> CheckedHeader(absl::string_view reply, uint16_t id,
                                          absl::string_view address) {
  absl::StatusOr<ReplyHeader> header = ParseReplyHeader(reply);
  if (!header.ok()) return header.status();
  if (!header->response || header->id != id) {
    return absl::DataLossError(absl::StrCat("reply from ", address, " is not ours"));
  }
  return header;
}

// The addresses to probe for each of `domain`'s name servers, at most options.max_servers.
// `check` names the probe in *not_judged.
std::vector<std::pair<std::string, std::string>> ServerAddresses(
    Resolver& resolver, absl::string_view domain, const ProbeOptions& options,
    absl::string_view check, std::vector<std::string>* not_judged) {
  std::vector<std::pair<std::string, std::string>> out;
  const Answer ns = resolver.Lookup(domain, RecordType::kNs);
  if (ns.outcome != Outcome::kOk) {
    if (not_judged != nullptr && ns.IsError()) {
      not_judged->push_back(
          absl::StrCat(check, " not judged: NS lookup of ", domain, ": ", OutcomeName(ns.outcome)));
    }
    return out;
  }
  int servers = 0;
  for (const std::string& name : ns.names) {
    if (servers++ >= options.max_servers) break;
    const auto mapped = options.addresses.find(CanonicalName(name));
    if (mapped != options.addresses.end()) {
      out.emplace_back(name, mapped->second);
      continue;
    }
    for (RecordType type : {RecordType::kA, RecordType::kAaaa}) {
      const Answer answer = resolver.Lookup(name, type);
      if (answer.outcome != Outcome::kOk) continue;
      for (const std::string& address : answer.addresses) out.emplace_back(name, address);
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<bool> ZoneTransferOffered(absl::string_view address, uint16_t port,
                                         absl::string_view zone, absl::Duration timeout) {
  const uint16_t id = NewId();
  absl::StatusOr<std::string> query = BuildTcpQuery(id, zone, kQtypeAxfr);
  if (!query.ok()) return query.status();
  absl::StatusOr<int> fd = Open(address, port, SOCK_STREAM, timeout);
  if (!fd.ok()) return fd.status();
  Socket socket(*fd);
  size_t sent = 0;
  while (sent < query->size()) {
    pollfd poll_fd{socket.fd(), POLLOUT, 0};
    if (poll(&poll_fd, 1, TimeoutMs(timeout)) != 1) {
      return absl::DeadlineExceededError(absl::StrCat("send to ", address, " timed out"));
    }
    const ssize_t put = send(socket.fd(), query->data() + sent, query->size() - sent, MSG_NOSIGNAL);
    if (put < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return Errno("send to", address);
    }
    sent += static_cast<size_t>(put);
  }
  absl::StatusOr<std::string> prefix = ReadExactly(socket.fd(), 2, timeout, address);
  if (!prefix.ok()) return prefix.status();
  const size_t length =
      (static_cast<uint8_t>((*prefix)[0]) << 8) | static_cast<uint8_t>((*prefix)[1]);
  // Only the header decides; the rest of the message (and any further messages) is not read.
  absl::StatusOr<std::string> reply =
      ReadExactly(socket.fd(), length < 12 ? length : 12, timeout, address);
  if (!reply.ok()) return reply.status();
  absl::StatusOr<ReplyHeader> header = CheckedHeader(*reply, id, address);
  if (!header.ok()) return header.status();
  return header->rcode == 0 && header->answers > 0;
}

absl::StatusOr<bool> AnswersRecursively(absl::string_view address, uint16_t port,
                                        absl::string_view probe_name, absl::Duration timeout) {
  const uint16_t id = NewId();
  absl::StatusOr<std::string> query = BuildQuery(id, probe_name, kQtypeA, true);
  if (!query.ok()) return query.status();
  absl::StatusOr<int> fd = Open(address, port, SOCK_DGRAM, timeout);
  if (!fd.ok()) return fd.status();
  Socket socket(*fd);
  if (send(socket.fd(), query->data(), query->size(), 0) < 0) return Errno("send to", address);
  std::string buffer(kMaxMessage, '\0');
  const absl::Time deadline = absl::Now() + timeout;
  // Datagrams that are not the reply (a stale id) are skipped until the deadline.
  while (true) {
    const absl::Duration left = deadline - absl::Now();
    pollfd poll_fd{socket.fd(), POLLIN, 0};
    if (left <= absl::ZeroDuration() || poll(&poll_fd, 1, TimeoutMs(left)) != 1) {
      return absl::DeadlineExceededError(absl::StrCat("no reply from ", address, " in time"));
    }
    const ssize_t got = recv(socket.fd(), &buffer[0], buffer.size(), 0);
    if (got < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return Errno("recv from", address);
    }
    absl::StatusOr<ReplyHeader> header =
        CheckedHeader(absl::string_view(buffer.data(), static_cast<size_t>(got)), id, address);
    if (!header.ok()) continue;
    return header->recursion_available && header->rcode == 0 && header->answers > 0;
  }
}

std::vector<Finding> ZoneTransferFindings(Resolver& resolver, absl::string_view domain,
                                          const ProbeOptions& options,
                                          std::vector<std::string>* not_judged) {
  std::vector<Finding> findings;
  const std::string zone = CanonicalName(domain);
  for (const auto& [name, address] :
       ServerAddresses(resolver, zone, options, "zone transfer", not_judged)) {
    absl::StatusOr<bool> offered =
        ZoneTransferOffered(address, options.port, zone, options.timeout);
    if (!offered.ok() && not_judged != nullptr) {
      not_judged->push_back(absl::StrCat("zone transfer not judged for name server ", name, " (",
                                         address, "): ", offered.status().message()));
    }
    if (offered.ok() && *offered) {
      findings.push_back({"dns.zone_transfer_allowed", zone,
                          absl::StrCat("name server ", name, " (", address,
                                       ") allows a zone transfer (AXFR) of ", zone, " to anyone")});
    }
  }
  return findings;
}

std::vector<Finding> OpenResolverFindings(Resolver& resolver, absl::string_view domain,
                                          const ProbeOptions& options,
                                          std::vector<std::string>* not_judged) {
  std::vector<Finding> findings;
  const std::string zone = CanonicalName(domain);
  for (const auto& [name, address] :
       ServerAddresses(resolver, zone, options, "open resolver", not_judged)) {
    absl::StatusOr<bool> recursive =
        AnswersRecursively(address, options.port, options.probe_name, options.timeout);
    if (!recursive.ok() && not_judged != nullptr) {
      not_judged->push_back(absl::StrCat("open resolver not judged for name server ", name, " (",
                                         address, "): ", recursive.status().message()));
    }
    if (recursive.ok() && *recursive) {
      findings.push_back({"dns.open_resolver", zone,
                          absl::StrCat("name server ", name, " (", address,
                                       ") answers recursive queries for anyone (resolved ",
                                       options.probe_name, ")")});
    }
  }
  return findings;
}

}  // namespace supplyrisk::scan::dns
