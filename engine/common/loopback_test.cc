#include "engine/common/loopback.h"

#include "gtest/gtest.h"

namespace supplyrisk {
namespace {

TEST(IsLoopbackAddressTest, OnlyThisMachine) {
  for (const char* address :
       {"127.0.0.1:50051", "127.1.2.3:1", "localhost:50051", "[::1]:50051", "[::1]:0",
        "dns:///localhost:50051", "ipv4:127.0.0.1:80", "unix:/run/supplyrisk.sock"}) {
    EXPECT_TRUE(IsLoopbackAddress(address)) << address;
  }
  for (const char* address :
       {"10.0.0.1:50051", "example.jp:443", "[2001:db8::1]:443", "128.0.0.1:1", "0.0.0.0:50051",
        "[::]:50051", ":50051", "localhost.example.jp:1", "[::1", "unix:", ""}) {
    EXPECT_FALSE(IsLoopbackAddress(address)) << address;
  }
}

}  // namespace
}  // namespace supplyrisk
