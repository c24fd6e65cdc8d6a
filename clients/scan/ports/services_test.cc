#include "clients/scan/ports/services.h"

#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan {
namespace {

TEST(ServicesTest, DefaultListNamesElevenServices) {
  std::vector<PortSpec> ports = DefaultRiskyPorts();
  ASSERT_EQ(ports.size(), 11u);
  EXPECT_EQ(ports[0].port, 3389);
  EXPECT_EQ(ports[0].expected, Service::kRdp);
  for (const PortSpec& p : ports) EXPECT_FALSE(ServiceCheckId(p.expected).empty()) << p.port;
}

TEST(ServicesTest, ParsesPortList) {
  absl::StatusOr<std::vector<PortSpec>> ports = ParsePortList("3389, 16379=redis,5900");
  ASSERT_TRUE(ports.ok()) << ports.status();
  ASSERT_EQ(ports->size(), 3u);
  EXPECT_EQ((*ports)[1].port, 16379);
  EXPECT_EQ((*ports)[1].expected, Service::kRedis);
  EXPECT_EQ((*ports)[2].expected, Service::kVnc);
}

TEST(ServicesTest, PortListErrorsNameTheEntry) {
  EXPECT_TRUE(absl::StrContains(ParsePortList("70000").status().message(), "\"70000\""));
  EXPECT_TRUE(absl::StrContains(ParsePortList("8080").status().message(), "PORT=SERVICE"));
  EXPECT_TRUE(absl::StrContains(ParsePortList("1=gopher").status().message(), "gopher"));
  EXPECT_TRUE(absl::StrContains(ParsePortList("23,23").status().message(), "repeated"));
  EXPECT_FALSE(ParsePortList("").ok());
}

TEST(ServicesTest, RecognizesGreetings) {
  EXPECT_EQ(RecognizeGreeting("220 ProFTPD Server ready.\r\n").service, Service::kFtp);
  EXPECT_EQ(RecognizeGreeting("220 mx.example.jp ESMTP Postfix\r\n").service, Service::kSmtp);
  EXPECT_EQ(RecognizeGreeting("RFB 003.008\n").service, Service::kVnc);
  EXPECT_EQ(RecognizeGreeting("SSH-2.0-OpenSSH_9.2\r\n").service, Service::kSsh);
  EXPECT_EQ(RecognizeGreeting(std::string("\xff\xfd\x18\xff\xfd\x20", 6)).service,
            Service::kTelnet);
  const std::string mysql(
      "\x4a\x00\x00\x00\x0a"
      "8.0.36\x00"
      "abcdefgh",
      20);
  Recognition seen = RecognizeGreeting(mysql);
  EXPECT_EQ(seen.service, Service::kMysql);
  EXPECT_TRUE(absl::StrContains(seen.evidence, "8.0.36"));
  EXPECT_EQ(RecognizeGreeting("hello").service, Service::kUnknown);
}

TEST(ServicesTest, RecognizesReplies) {
  EXPECT_EQ(RecognizeReply("PING\r\n", "+PONG\r\n").service, Service::kRedis);
  EXPECT_EQ(RecognizeReply("PING\r\n", "-NOAUTH Authentication required.\r\n").service,
            Service::kRedis);
  EXPECT_EQ(RecognizeReply("GET / HTTP/1.0\r\n\r\n",
                           "HTTP/1.1 200 OK\r\nX-elastic-product: Elasticsearch\r\n\r\n{}")
                .service,
            Service::kElasticsearch);
  EXPECT_EQ(RecognizeReply("GET / HTTP/1.0\r\n\r\n", "HTTP/1.1 404 Not Found\r\n\r\n").service,
            Service::kHttp);
  const std::string ssl_request(kPostgresSslRequest, sizeof(kPostgresSslRequest));
  EXPECT_EQ(RecognizeReply(ssl_request, "N").service, Service::kPostgresql);
  EXPECT_EQ(RecognizeReply("PING\r\n", "N").service, Service::kUnknown);
}

TEST(ServicesTest, PrintableEscapesAndBounds) {
  EXPECT_EQ(Printable(std::string("a\x01"
                                  "b\r\n",
                                  5),
                      64),
            "a\\x01b");
  EXPECT_EQ(Printable("abcdef", 3), "abc");
}

}  // namespace
}  // namespace supplyrisk::scan
