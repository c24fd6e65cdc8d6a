#include "clients/scan/common/host_rate_limit.h"

#include <vector>

#include "gtest/gtest.h"

namespace supplyrisk::scan {
namespace {

// A fake clock that only moves when the limiter sleeps.
struct FakeTime {
  absl::Time now = absl::FromUnixSeconds(1000);
  std::vector<absl::Duration> sleeps;
  HostRateLimiter Limiter() {
    return HostRateLimiter([this] { return now; },
                           [this](absl::Duration d) {
                             sleeps.push_back(d);
                             now += d;
                           });
  }
};

TEST(HostRateLimiterTest, UnlimitedUntilConfigured) {
  FakeTime t;
  HostRateLimiter limiter = t.Limiter();
  for (int i = 0; i < 100; ++i) limiter.Acquire("a.example");
  EXPECT_TRUE(t.sleeps.empty());
}

TEST(HostRateLimiterTest, BurstThenOnePerInterval) {
  FakeTime t;
  HostRateLimiter limiter = t.Limiter();
  limiter.Configure(10, 3);
  const absl::Time start = t.now;
  for (int i = 0; i < 13; ++i) limiter.Acquire("a.example");
  // 3 at once, then 10 more at 10 per second: one second in all.
  EXPECT_EQ(t.now - start, absl::Seconds(1));
  EXPECT_EQ(limiter.waited(), absl::Seconds(1));
}

TEST(HostRateLimiterTest, HostsAreCountedApartAndWithoutCase) {
  FakeTime t;
  HostRateLimiter limiter = t.Limiter();
  limiter.Configure(1, 1);
  limiter.Acquire("a.example");
  limiter.Acquire("b.example");  // another host: no wait
  EXPECT_TRUE(t.sleeps.empty());
  limiter.Acquire("A.EXAMPLE");  // the same host as the first
  ASSERT_EQ(t.sleeps.size(), 1u);
  EXPECT_EQ(t.sleeps[0], absl::Seconds(1));
}

TEST(HostRateLimiterTest, IdleTimeRefillsUpToTheBurst) {
  FakeTime t;
  HostRateLimiter limiter = t.Limiter();
  limiter.Configure(2, 2);
  limiter.Acquire("a.example");
  limiter.Acquire("a.example");
  t.now += absl::Seconds(60);  // a long pause refills two tokens, not 120
  limiter.Acquire("a.example");
  limiter.Acquire("a.example");
  EXPECT_TRUE(t.sleeps.empty());
  limiter.Acquire("a.example");
  ASSERT_EQ(t.sleeps.size(), 1u);
  EXPECT_EQ(t.sleeps[0], absl::Milliseconds(500));
}

}  // namespace
}  // namespace supplyrisk::scan
