#include "clients/scan/web/headers.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan::web {
namespace {

using ::testing::ElementsAre;

TEST(ParseResponseHeadTest, NamesAreCaseInsensitiveAndRepeatsKept) {
  absl::StatusOr<ResponseHead> head = ParseResponseHead(
      "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSERVER: nginx\r\nset-cookie: b=2\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->First("Server"), "nginx");
  EXPECT_THAT(head->All("SET-COOKIE"), ElementsAre("a=1", "b=2"));
  EXPECT_EQ(head->First("x-frame-options"), std::nullopt);
}

TEST(ParseResponseHeadTest, OddWhitespaceAndFoldedLines) {
  absl::StatusOr<ResponseHead> head = ParseResponseHead(
      "HTTP/1.1 200 OK\nX-A:\t  spaced  \t\nX-B: first\n   second\n\tthird\nX-C:\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->First("x-a"), "spaced");
  EXPECT_EQ(head->First("x-b"), "first second third");
  EXPECT_EQ(head->First("x-c"), "");
}

TEST(ParseResponseHeadTest, Http2StatusLineAndLastHeadWins) {
  absl::StatusOr<ResponseHead> head =
      ParseResponseHead("HTTP/1.1 100 Continue\r\n\r\nHTTP/2 301\r\nlocation: https://a/\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->status, 301);
  EXPECT_EQ(head->First("Location"), "https://a/");
  EXPECT_EQ(head->fields.size(), 1u);
}

TEST(ParseResponseHeadTest, MalformedLinesSkippedAndCounted) {
  absl::StatusOr<ResponseHead> head = ParseResponseHead(
      "HTTP/1.0 404 Not Found\r\nno colon here\r\n: empty\r\nBad Name: x\r\n"
      " orphan continuation\r\nOk: y\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->status, 404);
  EXPECT_EQ(head->malformed_lines, 4);  // the continuation follows no field
  EXPECT_EQ(head->fields.size(), 1u);
  EXPECT_EQ(head->First("ok"), "y");
}

TEST(ParseResponseHeadTest, RejectsMissingStatusAndOversizedBlocks) {
  EXPECT_FALSE(ParseResponseHead("Server: x\r\n").ok());
  EXPECT_FALSE(ParseResponseHead("HTTP/1.1 2000 OK\r\n").ok());
  EXPECT_FALSE(ParseResponseHead("").ok());
  absl::StatusOr<ResponseHead> big = ParseResponseHead(std::string(100, 'x'), 10);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("header block"), std::string::npos);
}

}  // namespace
}  // namespace supplyrisk::scan::web
