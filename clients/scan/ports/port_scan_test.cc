#include "clients/scan/ports/port_scan.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "clients/scan/testing/loopback_port.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan {
namespace {

// A loopback listener on a free port, serving each connection with `serve` on its own thread
// until destroyed.
class LoopbackListener {
 public:
  explicit LoopbackListener(std::function<void(int)> serve) : serve_(std::move(serve)) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(listen(fd_, 16), 0);
    socklen_t len = sizeof(addr);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Loop(); });
  }
  ~LoopbackListener() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }
  int port() const { return port_; }

 private:
  void Loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0) continue;
      const int client = accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      timeval tv{2, 0};
      setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
      serve_(client);
      close(client);
    }
  }

  std::function<void(int)> serve_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

void RedisLike(int fd) {
  char buf[256];
  const ssize_t n = recv(fd, buf, sizeof(buf), 0);
  if (n > 0 && absl::StartsWith(absl::string_view(buf, n), "PING")) {
    send(fd, "+PONG\r\n", 7, MSG_NOSIGNAL);
  }
}

void RfbLike(int fd) { send(fd, "RFB 003.008\n", 12, MSG_NOSIGNAL); }

void Silent(int fd) {
  char buf[64];
  (void)recv(fd, buf, sizeof(buf), 0);
}

int ClosedPort() { return loopback::UnusedPort(); }

PortScanOptions Quick() {
  PortScanOptions options;
  options.connect_timeout = absl::Seconds(2);
  options.banner_timeout = absl::Milliseconds(300);
  return options;
}

Observation Seen() {
  Observation seen;
  seen.observed_at = absl::FromUnixSeconds(1764547200);
  seen.supplier = "suppliers/acme";
  return seen;
}

TEST(PortScanTest, DetectedServiceOverridesThePortsUsualName) {
  LoopbackListener redis(RedisLike);
  LoopbackListener vnc(RfbLike);
  const int closed = ClosedPort();
  // Redis answers where RDP usually listens, VNC where Telnet usually listens.
  std::vector<PortSpec> ports = {
      {redis.port(), Service::kRdp}, {vnc.port(), Service::kTelnet}, {closed, Service::kSmb}};
  absl::StatusOr<std::vector<PortFinding>> found = ScanPorts("127.0.0.1", ports, Quick());
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->size(), 3u);
  EXPECT_TRUE((*found)[0].open);
  EXPECT_TRUE((*found)[0].detected);
  EXPECT_EQ((*found)[0].service, Service::kRedis);
  EXPECT_EQ((*found)[0].evidence, "+PONG");
  EXPECT_EQ((*found)[1].service, Service::kVnc);
  EXPECT_FALSE((*found)[2].open);

  absl::StatusOr<std::vector<v1::Signal>> signals =
      PortSignals("127.0.0.1", *found, Seen(), CheckCatalog::BuiltIn());
  ASSERT_TRUE(signals.ok()) << signals.status();
  ASSERT_EQ(signals->size(), 2u);  // nothing for the closed port, no RDP or Telnet
  EXPECT_EQ((*signals)[0].issue_type(), "exposed_database");
  EXPECT_EQ((*signals)[0].asset(), "127.0.0.1:" + std::to_string(redis.port()));
  EXPECT_TRUE(absl::StrContains((*signals)[0].detail(), "redis detected"));
  EXPECT_TRUE(absl::StrContains((*signals)[0].detail(), "usually rdp"));
  EXPECT_TRUE(absl::StrContains((*signals)[0].source(), "ports/1.0"));
  EXPECT_EQ((*signals)[1].issue_type(), "exposed_vnc");
  EXPECT_EQ((*signals)[0].supplier(), "suppliers/acme");
}

TEST(PortScanTest, SilentOpenPortKeepsItsUsualNameUnconfirmed) {
  LoopbackListener silent(Silent);
  absl::StatusOr<std::vector<PortFinding>> found =
      ScanPorts("127.0.0.1", {{silent.port(), Service::kMssql}}, Quick());
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_TRUE((*found)[0].open);
  EXPECT_FALSE((*found)[0].detected);
  EXPECT_EQ((*found)[0].service, Service::kMssql);
  absl::StatusOr<std::vector<v1::Signal>> signals =
      PortSignals("127.0.0.1", *found, Seen(), CheckCatalog::BuiltIn());
  ASSERT_TRUE(signals.ok());
  ASSERT_EQ(signals->size(), 1u);
  EXPECT_EQ((*signals)[0].issue_type(), "exposed_database");
  EXPECT_TRUE(absl::StrContains((*signals)[0].detail(), "not confirmed"));
}

TEST(PortScanTest, ClosedPortsYieldNothing) {
  absl::StatusOr<std::vector<PortFinding>> found = ScanPorts(
      "127.0.0.1", {{ClosedPort(), Service::kRdp}, {ClosedPort(), Service::kRedis}}, Quick());
  ASSERT_TRUE(found.ok());
  for (const PortFinding& f : *found) EXPECT_FALSE(f.open) << f.port;
  absl::StatusOr<std::vector<v1::Signal>> signals =
      PortSignals("127.0.0.1", *found, Seen(), CheckCatalog::BuiltIn());
  ASSERT_TRUE(signals.ok());
  EXPECT_TRUE(signals->empty());
}

TEST(PortScanTest, RejectsBadInput) {
  EXPECT_TRUE(
      absl::StrContains(ScanPorts("", DefaultRiskyPorts(), Quick()).status().message(), "host"));
  EXPECT_TRUE(absl::StrContains(ScanPorts("127.0.0.1", {}, Quick()).status().message(), "ports"));
  PortScanOptions bad = Quick();
  bad.max_concurrency = 0;
  EXPECT_TRUE(absl::StrContains(ScanPorts("127.0.0.1", DefaultRiskyPorts(), bad).status().message(),
                                "max_concurrency"));
}

}  // namespace
}  // namespace supplyrisk::scan
