#include "clients/scan/tls/client_hello.h"

#include <string>

#include "clients/scan/tls/cipher_suites.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan {
namespace {

TEST(ClientHelloTest, BuildsAHandshakeRecordWithTheSuites) {
  absl::StatusOr<std::string> hello = BuildClientHello("example.jp", {0xC02F, 0x0005});
  ASSERT_TRUE(hello.ok()) << hello.status();
  EXPECT_EQ(static_cast<uint8_t>((*hello)[0]), 0x16);
  EXPECT_EQ(static_cast<uint8_t>((*hello)[5]), 0x01);  // client_hello
  absl::StatusOr<size_t> len = RecordLength(*hello);
  ASSERT_TRUE(len.ok());
  EXPECT_EQ(*len + 5, hello->size());
  EXPECT_NE(hello->find("example.jp"), std::string::npos);
  EXPECT_NE(hello->find(std::string("\x00\x04\xc0\x2f\x00\x05", 6)), std::string::npos);
}

TEST(ClientHelloTest, OmitsSniForIpLiteralsAndRejectsBadInput) {
  absl::StatusOr<std::string> hello = BuildClientHello("127.0.0.1", {0xC02F});
  ASSERT_TRUE(hello.ok());
  EXPECT_EQ(hello->find("127.0.0.1"), std::string::npos);
  EXPECT_FALSE(BuildClientHello("x", {}).ok());
  EXPECT_FALSE(BuildClientHello(std::string(300, 'a'), {0xC02F}).ok());
}

TEST(ClientHelloTest, ParsesServerHelloAndAlert) {
  std::string body("\x02\x00\x00\x26\x03\x01", 6);
  body += std::string(32, 'r');
  body += std::string("\x00\xc0\x13\x00", 4);
  std::string record = std::string("\x16\x03\x01\x00", 4) + static_cast<char>(body.size()) + body;
  absl::StatusOr<ServerReply> reply = ParseServerRecord(record);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->kind, ServerReply::Kind::kServerHello);
  EXPECT_EQ(reply->version, 0x0301);
  EXPECT_EQ(reply->cipher, 0xC013);

  reply = ParseServerRecord(std::string("\x15\x03\x03\x00\x02\x02\x46", 7));
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->kind, ServerReply::Kind::kAlert);
  EXPECT_EQ(reply->alert, 70);

  EXPECT_FALSE(ParseServerRecord("HTTP/1.1 400").ok());
  EXPECT_FALSE(ParseServerRecord(std::string("\x16\x03\x03\x00\x05\x02", 6)).ok());
}

TEST(CipherSuitesTest, ClassesFollowTheIntermediateProfile) {
  const CipherSuite* gcm = FindCipherSuite(0xC02F);
  ASSERT_NE(gcm, nullptr);
  EXPECT_FALSE(IsWeak(*gcm, 0x0303));
  EXPECT_FALSE(LacksForwardSecrecy(*gcm));
  const CipherSuite* cbc = FindCipherSuite(0xC013);
  ASSERT_NE(cbc, nullptr);
  EXPECT_TRUE(IsWeak(*cbc, 0x0303));
  EXPECT_FALSE(IsWeak(*cbc, 0x0301));
  const CipherSuite* rsa = FindCipherSuite(0x009C);
  ASSERT_NE(rsa, nullptr);
  EXPECT_FALSE(IsWeak(*rsa, 0x0303));
  EXPECT_TRUE(LacksForwardSecrecy(*rsa));
  for (uint16_t id : {0x0005, 0x000A, 0x0003, 0x0002, 0x0034}) {
    const CipherSuite* s = FindCipherSuite(id);
    ASSERT_NE(s, nullptr) << id;
    EXPECT_TRUE(IsWeak(*s, 0x0301)) << s->name;
    EXPECT_FALSE(WeaknessName(s->suite_class).empty());
  }
  EXPECT_EQ(FindCipherSuite(0x1301), nullptr);
}

}  // namespace
}  // namespace supplyrisk::scan
