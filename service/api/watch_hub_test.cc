#include "service/api/watch_hub.h"

#include "gtest/gtest.h"

namespace supplyrisk::api {
namespace {

TEST(WatchHubTest, StreamsAreCountedPerTenant) {
  WatchHub hub;
  EXPECT_TRUE(hub.Enter("acme", 2));
  EXPECT_TRUE(hub.Enter("acme", 2));
  EXPECT_FALSE(hub.Enter("acme", 2));
  EXPECT_TRUE(hub.Enter("globex", 2));
  hub.Leave("acme");
  EXPECT_TRUE(hub.Enter("acme", 2));
  EXPECT_FALSE(hub.Enter("acme", 2));
}

TEST(WatchHubTest, NotifyWakesOnlyOnChange) {
  WatchHub hub;
  uint64_t seen = hub.Version("acme");
  v1::AuditEntry entry;
  entry.set_tenant("acme");
  hub.Notify({entry});
  EXPECT_NE(hub.Version("acme"), seen);
  EXPECT_EQ(hub.Version("globex"), 0u);
  // Returns at once: the version already moved.
  hub.Wait("acme", seen, absl::Seconds(30));
  hub.Shutdown();
  EXPECT_TRUE(hub.shutting_down());
  hub.Wait("globex", 0, absl::Seconds(30));
}

}  // namespace
}  // namespace supplyrisk::api
