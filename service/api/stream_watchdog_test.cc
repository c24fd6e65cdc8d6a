#include "service/api/stream_watchdog.h"

#include <atomic>

#include "gtest/gtest.h"

namespace supplyrisk::api {
namespace {

class FakeClock {
 public:
  absl::Time Now() const { return now_; }
  void Advance(absl::Duration d) { now_ += d; }

 private:
  absl::Time now_ = absl::FromUnixSeconds(1800000000);
};

TEST(StreamWatchdogTest, IdleStreamIsCancelledOnceAndActiveOneIsNot) {
  FakeClock clock;
  StreamWatchdog watchdog({absl::Seconds(30), absl::Minutes(10), 8}, /*run_thread=*/false,
                          [&] { return clock.Now(); });
  int idle_cancels = 0, busy_cancels = 0;
  auto idle = watchdog.Open("acme", [&] { ++idle_cancels; });
  auto busy = watchdog.Open("acme", [&] { ++busy_cancels; });
  ASSERT_TRUE(idle.ok() && busy.ok());
  for (int i = 0; i < 4; ++i) {
    clock.Advance(absl::Seconds(10));
    (*busy)->Touch();
    watchdog.CheckNow();
  }
  EXPECT_EQ(idle_cancels, 1);
  EXPECT_TRUE((*idle)->expired());
  EXPECT_EQ((*idle)->reason(), "no message for longer than 30s");
  EXPECT_EQ(busy_cancels, 0);
  EXPECT_FALSE((*busy)->expired());
  watchdog.CheckNow();
  EXPECT_EQ(idle_cancels, 1) << "cancelled once";
}

TEST(StreamWatchdogTest, StreamOpenTooLongIsCancelledWhateverItSends) {
  FakeClock clock;
  StreamWatchdog watchdog({absl::Seconds(30), absl::Minutes(2), 8}, false,
                          [&] { return clock.Now(); });
  int cancels = 0;
  auto lease = watchdog.Open("acme", [&] { ++cancels; });
  ASSERT_TRUE(lease.ok());
  for (int i = 0; i < 13; ++i) {
    clock.Advance(absl::Seconds(10));
    (*lease)->Touch();
    watchdog.CheckNow();
  }
  EXPECT_EQ(cancels, 1);
  EXPECT_EQ((*lease)->reason(), "the stream was open longer than 2m");
}

TEST(StreamWatchdogTest, TenantsHoldAtMostTheirShareOfStreams) {
  StreamWatchdog watchdog({absl::Seconds(30), absl::Minutes(10), 2}, false);
  auto a1 = watchdog.Open("a", [] {});
  auto a2 = watchdog.Open("a", [] {});
  auto a3 = watchdog.Open("a", [] {});
  auto b1 = watchdog.Open("b", [] {});
  EXPECT_TRUE(a1.ok() && a2.ok() && b1.ok());
  ASSERT_FALSE(a3.ok());
  EXPECT_EQ(a3.status().code(), absl::StatusCode::kResourceExhausted);
  a1->reset();  // closing one frees its place
  EXPECT_TRUE(watchdog.Open("a", [] {}).ok());
}

TEST(StreamWatchdogTest, ThreadCancelsWithoutBeingAsked) {
  StreamWatchdog watchdog({absl::Milliseconds(100), absl::Minutes(10), 8});
  std::atomic<int> cancels{0};
  auto lease = watchdog.Open("acme", [&] { ++cancels; });
  ASSERT_TRUE(lease.ok());
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (cancels.load() == 0 && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(20));
  EXPECT_EQ(cancels.load(), 1);
}

}  // namespace
}  // namespace supplyrisk::api
