#include "service/jobs/idempotency_purger.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace supplyrisk::jobs {
namespace {

class IdempotencyPurgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    static int counter = 0;
    store::StoreOptions options;
    options.sync = false;
    options.idempotency_ttl = absl::Hours(24);
    auto micros = micros_;
    options.clock = [micros] { return absl::FromUnixMicros(micros->load()); };
    auto opened = store::Store::Open(
        absl::StrCat(tmp ? tmp : "/tmp", "/purger_", getpid(), "_", counter++), options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
  }

  void Advance(absl::Duration d) { *micros_ += absl::ToInt64Microseconds(d); }

  // A create with a request id in `tenant`; true when it wrote (false: replayed or refused).
  bool Create(const std::string& tenant, const std::string& id, const std::string& request_id) {
    store::MutationContext ctx;
    ctx.actor = "test";
    ctx.request_id = request_id;
    v1::Supplier s;
    s.set_industry("x");
    auto before = store_->ListAudit(tenant, 0, 10000);
    auto r = store_->CreateSupplier(tenant, id, s, ctx);
    auto after = store_->ListAudit(tenant, 0, 10000);
    return r.ok() && before.ok() && after.ok() && after->size() > before->size();
  }

  std::shared_ptr<std::atomic<int64_t>> micros_ =
      std::make_shared<std::atomic<int64_t>>(absl::ToUnixMicros(absl::FromUnixSeconds(1767225600)));
  std::unique_ptr<store::Store> store_;
};

TEST_F(IdempotencyPurgerTest, OnePassPurgesEveryTenantInSmallBatches) {
  // Tenants t0..t4, five records each; then two more in t0 a day later.
  for (int t = 0; t < 5; ++t) {
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(Create(absl::StrCat("t", t), absl::StrCat("s", i), absl::StrCat("req-", i)));
    }
  }
  Advance(absl::Hours(20));
  ASSERT_TRUE(Create("t0", "late-1", "late-1"));
  ASSERT_TRUE(Create("t0", "late-2", "late-2"));
  IdempotencyPurgeOptions options;
  options.batch_records = 2;
  options.tenants_per_page = 2;
  IdempotencyPurger purger(store_.get(), options);

  auto none = purger.RunOnce();  // nothing has expired yet
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(*none, 0);

  Advance(absl::Hours(4) + absl::Seconds(1));  // the first 25 expired, the late two not
  auto purged = purger.RunOnce();
  ASSERT_TRUE(purged.ok()) << purged.status();
  EXPECT_EQ(*purged, 25);
  EXPECT_EQ(*purger.RunOnce(), 0);
  // Purged request ids are free again; live ones still replay.
  EXPECT_TRUE(Create("t3", "fresh", "req-1"));
  EXPECT_FALSE(Create("t0", "late-1", "late-1"));
  auto live = store_->PurgeExpiredIdempotency("t0", "", 10);
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(live->scanned, 2);
}

TEST_F(IdempotencyPurgerTest, BackgroundPassesRunAndStopCleanly) {
  ASSERT_TRUE(Create("acme", "s1", "req-1"));
  Advance(absl::Hours(25));
  IdempotencyPurgeOptions options;
  options.interval = absl::Milliseconds(10);
  std::atomic<int64_t> total{0};
  std::atomic<int> passes{0};
  absl::Notification purged_one;
  options.on_pass = [&](const absl::StatusOr<int64_t>& n) {
    ASSERT_TRUE(n.ok()) << n.status();
    total += *n;
    ++passes;
    if (total.load() == 1 && !purged_one.HasBeenNotified()) purged_one.Notify();
  };
  IdempotencyPurger purger(store_.get(), options);
  purger.Start();
  ASSERT_TRUE(purged_one.WaitForNotificationWithTimeout(absl::Seconds(10)));
  purger.Stop();
  const int after_stop = passes.load();
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(passes.load(), after_stop);  // no pass after Stop()
  EXPECT_EQ(total.load(), 1);
  purger.Stop();  // idempotent
}

TEST_F(IdempotencyPurgerTest, StopDoesNotWaitForTheInterval) {
  IdempotencyPurgeOptions options;
  options.interval = absl::Hours(1);
  IdempotencyPurger purger(store_.get(), options);
  purger.Start();
  const absl::Time start = absl::Now();
  purger.Stop();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

}  // namespace
}  // namespace supplyrisk::jobs
