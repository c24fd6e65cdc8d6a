// Bounded TCP for the scanners: every operation takes a deadline, every read a size limit, so a
// silent or hostile peer costs at most the time and memory the caller chose.
//
// Example:
//   absl::StatusOr<TcpConnection> c = TcpConnection::Connect("127.0.0.1", 6379, absl::Seconds(2));
//   if (c.ok()) (void)c->WriteAll("PING\r\n", absl::Now() + absl::Seconds(1));
#ifndef SUPPLYRISK_CLIENTS_SCAN_PORTS_TCP_H_
#define SUPPLYRISK_CLIENTS_SCAN_PORTS_TCP_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace supplyrisk::scan {

// One connected, non-blocking TCP socket; closes it on destruction. Movable, not copyable.
class TcpConnection {
 public:
  // Resolves `host` (a name or an IPv4/IPv6 literal; only that host is contacted) and connects to
  // the first address that accepts within `timeout` in total. InvalidArgument for an empty host or
  // a port outside 1..65535; Unavailable when refused or unreachable; DeadlineExceeded on timeout.
  static absl::StatusOr<TcpConnection> Connect(absl::string_view host, int port,
                                               absl::Duration timeout);

  TcpConnection(TcpConnection&& other) noexcept;
  TcpConnection& operator=(TcpConnection&& other) noexcept;
  TcpConnection(const TcpConnection&) = delete;
  TcpConnection& operator=(const TcpConnection&) = delete;
  ~TcpConnection();

  int fd() const { return fd_; }

  // Writes all of `data` before `deadline`. DeadlineExceeded or Unavailable otherwise.
  absl::Status WriteAll(absl::string_view data, absl::Time deadline);

  // Reads until `max_bytes` are held, the peer closes, or `deadline` passes, whichever is first,
  // and returns what arrived (possibly empty). With `stop_early`, returns as soon as any bytes
  // have arrived and no more follow within 50 ms: banners come in one burst.
  absl::StatusOr<std::string> Read(size_t max_bytes, absl::Time deadline, bool stop_early);

  // Reads exactly `n` bytes (n <= 64 KiB) before `deadline`; OutOfRange when the peer closes
  // first.
  absl::StatusOr<std::string> ReadExactly(size_t n, absl::Time deadline);

 private:
  explicit TcpConnection(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// Waits until `fd` is readable (`events` POLLIN) or writable (POLLOUT) or `deadline` passes;
// false on timeout. For code that drives its own protocol (OpenSSL) over the socket.
bool WaitFd(int fd, short events, absl::Time deadline);

}  // namespace supplyrisk::scan

#endif  // SUPPLYRISK_CLIENTS_SCAN_PORTS_TCP_H_
