#include "clients/scan/dns/dns_message.h"

#include <string>

#include "gtest/gtest.h"

namespace supplyrisk::scan::dns {
namespace {

TEST(BuildQueryTest, EncodesHeaderAndQuestion) {
  absl::StatusOr<std::string> query = BuildQuery(0x1234, "Ex.jp.", kQtypeA, true);
  ASSERT_TRUE(query.ok()) << query.status();
  const std::string expected(
      "\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00"
      "\x02"
      "Ex\x02jp\x00\x00\x01\x00\x01",
      23);
  EXPECT_EQ(*query, expected);
}

TEST(BuildQueryTest, NoRecursionDesiredClearsRd) {
  absl::StatusOr<std::string> query = BuildQuery(1, "a", kQtypeAxfr, false);
  ASSERT_TRUE(query.ok());
  EXPECT_EQ((*query)[2], '\0');
  EXPECT_EQ(static_cast<uint8_t>((*query)[query->size() - 3]), kQtypeAxfr);
}

TEST(BuildQueryTest, RejectsBadNames) {
  EXPECT_FALSE(BuildQuery(1, "a..b", kQtypeA, false).ok());
  EXPECT_FALSE(BuildQuery(1, std::string(64, 'x') + ".jp", kQtypeA, false).ok());
  std::string long_name;
  for (int i = 0; i < 60; ++i) long_name += "abcd.";
  absl::StatusOr<std::string> query = BuildQuery(1, long_name, kQtypeA, false);
  ASSERT_FALSE(query.ok());
  EXPECT_NE(query.status().message().find("name"), std::string::npos);
}

TEST(BuildTcpQueryTest, PrefixesLength) {
  absl::StatusOr<std::string> plain = BuildQuery(7, "openxfr.example", kQtypeAxfr, false);
  absl::StatusOr<std::string> tcp = BuildTcpQuery(7, "openxfr.example", kQtypeAxfr);
  ASSERT_TRUE(plain.ok() && tcp.ok());
  ASSERT_EQ(tcp->size(), plain->size() + 2);
  EXPECT_EQ(static_cast<uint8_t>((*tcp)[0]), 0);
  EXPECT_EQ(static_cast<uint8_t>((*tcp)[1]), plain->size());
  EXPECT_EQ(tcp->substr(2), *plain);
}

TEST(ParseReplyHeaderTest, ReadsFlagsAndCounts) {
  const std::string reply("\xab\xcd\x84\x85\x00\x01\x00\x02\x00\x03\x00\x04", 12);
  absl::StatusOr<ReplyHeader> header = ParseReplyHeader(reply);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->id, 0xabcd);
  EXPECT_TRUE(header->response);
  EXPECT_TRUE(header->authoritative);
  EXPECT_TRUE(header->recursion_available);
  EXPECT_FALSE(header->truncated);
  EXPECT_EQ(header->rcode, 5);
  EXPECT_EQ(header->questions, 1);
  EXPECT_EQ(header->answers, 2);
  EXPECT_EQ(header->authorities, 3);
  EXPECT_EQ(header->additionals, 4);
}

TEST(ParseReplyHeaderTest, RejectsShortMessage) {
  absl::StatusOr<ReplyHeader> header = ParseReplyHeader("short");
  ASSERT_FALSE(header.ok());
  EXPECT_NE(header.status().message().find("message"), std::string::npos);
}

}  // namespace
}  // namespace supplyrisk::scan::dns
