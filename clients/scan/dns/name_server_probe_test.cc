// Probes against tiny DNS servers this test starts on 127.0.0.1 (free ports, torn down at the
// end of each test); nothing else is contacted.
#include "clients/scan/dns/name_server_probe.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "absl/time/time.h"
#include "clients/scan/dns/in_memory_resolver.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan::dns {
namespace {

// Answers one query on 127.0.0.1 by echoing its id with `flags` and `answers` answer records
// (header only, which is all the probes read).
class FakeServer {
 public:
  FakeServer(int type, uint16_t flags, uint16_t answers) : type_(type) {
    fd_ = socket(AF_INET, type, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    socklen_t length = sizeof(address);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    if (type == SOCK_STREAM) listen(fd_, 4);
    thread_ = std::thread([this, flags, answers] { Serve(flags, answers); });
  }
  ~FakeServer() {
    thread_.join();
    close(fd_);
  }
  uint16_t port() const { return port_; }

 private:
  static std::string Reply(const char* query, uint16_t flags, uint16_t answers) {
    std::string reply(query, 2);
    reply += {static_cast<char>(flags >> 8),
              static_cast<char>(flags & 0xff),
              0,
              1,
              static_cast<char>(answers >> 8),
              static_cast<char>(answers & 0xff),
              0,
              0,
              0,
              0};
    return reply;
  }

  void Serve(uint16_t flags, uint16_t answers) {
    pollfd poll_fd{fd_, POLLIN, 0};
    if (poll(&poll_fd, 1, 5000) != 1) return;
    char buffer[512];
    if (type_ == SOCK_DGRAM) {
      sockaddr_in peer{};
      socklen_t length = sizeof(peer);
      if (recvfrom(fd_, buffer, sizeof(buffer), 0, reinterpret_cast<sockaddr*>(&peer), &length) <
          2) {
        return;
      }
      const std::string reply = Reply(buffer, flags, answers);
      sendto(fd_, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&peer), length);
      return;
    }
    const int connection = accept(fd_, nullptr, nullptr);
    if (connection < 0) return;
    pollfd read_fd{connection, POLLIN, 0};
    if (poll(&read_fd, 1, 5000) == 1 && read(connection, buffer, sizeof(buffer)) >= 4) {
      const std::string message = Reply(buffer + 2, flags, answers);
      std::string framed = {0, static_cast<char>(message.size())};
      framed += message;
      write(connection, framed.data(), framed.size());
    }
    close(connection);
  }

  int type_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
};

constexpr absl::Duration kTimeout = absl::Seconds(2);

TEST(ZoneTransferOfferedTest, NoErrorWithAnswersIsAllowed) {
  FakeServer server(SOCK_STREAM, 0x8400, 1);
  absl::StatusOr<bool> offered =
      ZoneTransferOffered("127.0.0.1", server.port(), "open.example", kTimeout);
  ASSERT_TRUE(offered.ok()) << offered.status();
  EXPECT_TRUE(*offered);
}

TEST(ZoneTransferOfferedTest, RefusedIsNotAllowed) {
  FakeServer server(SOCK_STREAM, 0x8405, 0);
  absl::StatusOr<bool> offered =
      ZoneTransferOffered("127.0.0.1", server.port(), "closed.example", kTimeout);
  ASSERT_TRUE(offered.ok()) << offered.status();
  EXPECT_FALSE(*offered);
}

TEST(ZoneTransferOfferedTest, BadAddressNamesTheField) {
  absl::StatusOr<bool> offered = ZoneTransferOffered("not-an-ip", 53, "x.example", kTimeout);
  ASSERT_FALSE(offered.ok());
  EXPECT_NE(offered.status().message().find("address"), std::string::npos);
}

TEST(AnswersRecursivelyTest, RecursionAvailableWithAnswers) {
  FakeServer server(SOCK_DGRAM, 0x8180, 1);
  absl::StatusOr<bool> recursive =
      AnswersRecursively("127.0.0.1", server.port(), "probe.example", kTimeout);
  ASSERT_TRUE(recursive.ok()) << recursive.status();
  EXPECT_TRUE(*recursive);
}

TEST(AnswersRecursivelyTest, AuthoritativeRefusalIsNotOpen) {
  FakeServer server(SOCK_DGRAM, 0x8005, 0);
  absl::StatusOr<bool> recursive =
      AnswersRecursively("127.0.0.1", server.port(), "probe.example", kTimeout);
  ASSERT_TRUE(recursive.ok()) << recursive.status();
  EXPECT_FALSE(*recursive);
}

TEST(AnswersRecursivelyTest, SilenceTimesOut) {
  // A bound UDP socket that never answers.
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  absl::StatusOr<bool> recursive = AnswersRecursively("127.0.0.1", ntohs(address.sin_port),
                                                      "probe.example", absl::Milliseconds(200));
  close(fd);
  ASSERT_FALSE(recursive.ok());
  EXPECT_EQ(recursive.status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST(ZoneTransferFindingsTest, OneFindingPerServerAllowingIt) {
  FakeServer open_server(SOCK_STREAM, 0x8400, 1);
  InMemoryResolver zone;
  zone.AddNs("supplier.example", "ns1.supplier.example");
  zone.AddA("ns1.supplier.example", "127.0.0.1");
  ProbeOptions options;
  options.port = open_server.port();
  options.timeout = kTimeout;
  std::vector<Finding> findings = ZoneTransferFindings(zone, "supplier.example", options);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].check_id, "dns.zone_transfer_allowed");
  EXPECT_EQ(findings[0].asset, "supplier.example");
  EXPECT_NE(findings[0].detail.find("ns1.supplier.example"), std::string::npos);
}

TEST(OpenResolverFindingsTest, MappedAddressAndNoServersWithoutNs) {
  FakeServer server(SOCK_DGRAM, 0x8180, 1);
  InMemoryResolver zone;
  zone.AddNs("supplier.example", "ns.provider.example");
  ProbeOptions options;
  options.port = server.port();
  options.addresses["ns.provider.example"] = "127.0.0.1";
  options.timeout = kTimeout;
  std::vector<Finding> findings = OpenResolverFindings(zone, "supplier.example", options);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].check_id, "dns.open_resolver");
  EXPECT_TRUE(OpenResolverFindings(zone, "other.example", options).empty());
}

// A server that cannot be reached, or name servers that cannot be looked up, give no finding but
// are named as not judged: never a quietly smaller check.
TEST(ZoneTransferFindingsTest, UnreachableServersAreNamedAsNotJudged) {
  InMemoryResolver zone;
  zone.AddNs("supplier.example", "ns1.supplier.example");
  ProbeOptions options;
  options.port = 1;  // nothing listens on TCP port 1 of 127.0.0.1: the connection is refused
  options.addresses["ns1.supplier.example"] = "127.0.0.1";
  options.timeout = kTimeout;
  std::vector<std::string> not_judged;
  EXPECT_TRUE(ZoneTransferFindings(zone, "supplier.example", options, &not_judged).empty());
  ASSERT_EQ(not_judged.size(), 1u);
  EXPECT_NE(not_judged[0].find("zone transfer not judged for name server ns1.supplier.example"),
            std::string::npos)
      << not_judged[0];
  not_judged.clear();
  zone.SimulateTimeout("down.example", RecordType::kNs);
  EXPECT_TRUE(OpenResolverFindings(zone, "down.example", options, &not_judged).empty());
  ASSERT_EQ(not_judged.size(), 1u);
  EXPECT_NE(not_judged[0].find("open resolver not judged: NS lookup of down.example"),
            std::string::npos)
      << not_judged[0];
}

}  // namespace
}  // namespace supplyrisk::scan::dns
