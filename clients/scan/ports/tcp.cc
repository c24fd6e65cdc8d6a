#include "clients/scan/ports/tcp.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/scan/common/host_rate_limit.h"

namespace supplyrisk::scan {
namespace {

constexpr size_t kMaxExactRead = 64 * 1024;

int MillisUntil(absl::Time deadline) {
  const absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) return 0;
  return static_cast<int>(std::min<int64_t>(absl::ToInt64Milliseconds(left) + 1, 60 * 1000));
}

// Starts a non-blocking connect to one address and waits for it to finish.
absl::StatusOr<int> ConnectOne(const addrinfo& ai, absl::Time deadline) {
  const int fd =
      socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol);
  if (fd < 0) return absl::UnavailableError(absl::StrCat("socket: ", std::strerror(errno)));
  if (connect(fd, ai.ai_addr, ai.ai_addrlen) != 0 && errno != EINPROGRESS) {
    const int err = errno;
    close(fd);
    return absl::UnavailableError(absl::StrCat("connect: ", std::strerror(err)));
  }
  if (!WaitFd(fd, POLLOUT, deadline)) {
    close(fd);
    return absl::DeadlineExceededError("connect: timed out");
  }
  int err = 0;
  socklen_t len = sizeof(err);
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  if (err != 0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("connect: ", std::strerror(err)));
  }
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

}  // namespace

bool WaitFd(int fd, short events, absl::Time deadline) {
  while (true) {
    pollfd p{fd, events, 0};
    const int n = poll(&p, 1, MillisUntil(deadline));
    if (n > 0) return true;
    if (n == 0 && absl::Now() >= deadline) return false;
    if (n < 0 && errno != EINTR) return false;
  }
}

absl::StatusOr<TcpConnection> TcpConnection::Connect(absl::string_view host, int port,
                                                     absl::Duration timeout) {
  if (host.empty()) return absl::InvalidArgumentError("host: missing");
  if (port < 1 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("port: ", port, " is outside 1..65535"));
  }
  // Waiting for the host's rate limit is not part of the connect timeout.
  HostRateLimiter::Global().Acquire(host);
  const absl::Time deadline = absl::Now() + timeout;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string host_text(host);
  const std::string port_text = absl::StrCat(port);
  const int rc = getaddrinfo(host_text.c_str(), port_text.c_str(), &hints, &found);
  if (rc != 0) {
    return absl::UnavailableError(absl::StrCat("resolve ", host, ": ", gai_strerror(rc)));
  }
  absl::Status last = absl::UnavailableError(absl::StrCat("resolve ", host, ": no address"));
  for (addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    absl::StatusOr<int> fd = ConnectOne(*ai, deadline);
    if (fd.ok()) {
      freeaddrinfo(found);
      return TcpConnection(*fd);
    }
    last = fd.status();
    if (absl::Now() >= deadline) break;
  }
  freeaddrinfo(found);
  return absl::Status(last.code(), absl::StrCat(host, ":", port, ": ", last.message()));
}

TcpConnection::TcpConnection(TcpConnection&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

TcpConnection& TcpConnection::operator=(TcpConnection&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

TcpConnection::~TcpConnection() {
  if (fd_ >= 0) close(fd_);
}

absl::Status TcpConnection::WriteAll(absl::string_view data, absl::Time deadline) {
  while (!data.empty()) {
    const ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      return absl::UnavailableError(absl::StrCat("send: ", std::strerror(errno)));
    }
    if (!WaitFd(fd_, POLLOUT, deadline)) return absl::DeadlineExceededError("send: timed out");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> TcpConnection::Read(size_t max_bytes, absl::Time deadline,
                                                bool stop_early) {
  std::string out;
  char buf[4096];
  while (out.size() < max_bytes) {
    const size_t want = std::min(sizeof(buf), max_bytes - out.size());
    const ssize_t n = recv(fd_, buf, want, 0);
    if (n > 0) {
      out.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n == 0) break;  // the peer closed
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      if (!out.empty()) break;
      return absl::UnavailableError(absl::StrCat("recv: ", std::strerror(errno)));
    }
    absl::Time wait_until = deadline;
    if (stop_early && !out.empty()) {
      wait_until = std::min(deadline, absl::Now() + absl::Milliseconds(50));
    }
    if (!WaitFd(fd_, POLLIN, wait_until)) break;
  }
  return out;
}

absl::StatusOr<std::string> TcpConnection::ReadExactly(size_t n, absl::Time deadline) {
  if (n > kMaxExactRead) return absl::InvalidArgumentError("n: more than 64 KiB");
  std::string out;
  while (out.size() < n) {
    absl::StatusOr<std::string> part = Read(n - out.size(), deadline, /*stop_early=*/false);
    if (!part.ok()) return part.status();
    if (part->empty()) {
      if (absl::Now() >= deadline) return absl::DeadlineExceededError("recv: timed out");
      return absl::OutOfRangeError("recv: the peer closed the connection");
    }
    out += *part;
  }
  return out;
}

}  // namespace supplyrisk::scan
