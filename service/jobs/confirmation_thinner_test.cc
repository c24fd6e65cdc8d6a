#include "service/jobs/confirmation_thinner.h"

#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace supplyrisk::jobs {
namespace {

const absl::Time kDay0 = absl::FromUnixSeconds(1798761600);  // 2027-01-01

class ConfirmationThinnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    static int counter = 0;
    store::StoreOptions options;
    options.sync = false;
    auto opened = store::Store::Open(
        absl::StrCat(tmp ? tmp : "/tmp", "/thinner_", getpid(), "_", counter++), options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
  }

  // A rescoring of `supplier` in `tenant` at day `day` with facts `facts`: a version when the facts
  // are new, else a confirmation. Returns the id of the version it stored or confirmed.
  std::string Rescore(const std::string& tenant, const std::string& supplier, int day,
                      const std::string& facts) {
    v1::Assessment a;
    *a.mutable_as_of() = TimeToProto(kDay0 + absl::Hours(24 * day));
    a.set_grade("B");
    a.set_overall_score(70);
    auto r = store_->CreateOrConfirmAssessment(tenant, supplier, absl::StrCat("v", day), a, {facts},
                                               {"test"});
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->name().substr(r->name().rfind('/') + 1) : "";
  }

  static google::protobuf::Timestamp TimeToProto(absl::Time t) {
    google::protobuf::Timestamp ts;
    ts.set_seconds(absl::ToUnixSeconds(t));
    return ts;
  }

  int64_t Count(const std::string& tenant, const std::string& supplier, const std::string& id) {
    auto stats = store_->GetConfirmationStats(tenant, supplier, id);
    EXPECT_TRUE(stats.ok()) << stats.status();
    return stats.ok() ? stats->count : -1;
  }

  std::unique_ptr<store::Store> store_;
};

TEST_F(ConfirmationThinnerTest, RemovesOldConfirmationsKeepingTheNewestOfEachVersion) {
  for (const std::string tenant : {"t0", "t1", "t2"}) {
    ASSERT_TRUE(store_->CreateSupplier(tenant, "s", v1::Supplier(), {"test"}).ok());
    // Version v0 confirmed on days 1-5; then the facts change: v6 confirmed on days 7-9.
    ASSERT_EQ(Rescore(tenant, "s", 0, "facts-1"), "v0");
    for (int day = 1; day <= 5; ++day) ASSERT_EQ(Rescore(tenant, "s", day, "facts-1"), "v0");
    ASSERT_EQ(Rescore(tenant, "s", 6, "facts-2"), "v6");
    for (int day = 7; day <= 9; ++day) ASSERT_EQ(Rescore(tenant, "s", day, "facts-2"), "v6");
    ASSERT_EQ(Count(tenant, "s", "v0"), 5);
    ASSERT_EQ(Count(tenant, "s", "v6"), 3);
  }
  ConfirmationThinningOptions options;
  options.retention = absl::Hours(24 * 30);
  options.batch_records = 2;
  options.tenants_per_page = 2;
  // Today is day 38: confirmations before day 8 are past the 30-day retention.
  options.clock = [] { return kDay0 + absl::Hours(24 * 38); };
  ConfirmationThinner thinner(store_.get(), options);
  absl::StatusOr<int64_t> removed = thinner.RunOnce();
  ASSERT_TRUE(removed.ok()) << removed.status();
  // Per tenant: v0's days 1-4 (day 5 is its newest), v6's day 7.
  EXPECT_EQ(*removed, 3 * 5);
  for (const std::string tenant : {"t0", "t1", "t2"}) {
    auto v0 = store_->GetConfirmationStats(tenant, "s", "v0");
    ASSERT_TRUE(v0.ok());
    EXPECT_EQ(v0->count, 1);
    EXPECT_EQ(v0->last, kDay0 + absl::Hours(24 * 5));
    EXPECT_EQ(Count(tenant, "s", "v6"), 2);
    EXPECT_TRUE(store_->CheckConsistency(tenant).ok());
    // The versions are untouched.
    auto versions = store_->ListAssessments(tenant, "s", {100, ""});
    ASSERT_TRUE(versions.ok());
    EXPECT_EQ(versions->items.size(), 2u);
  }
  removed = thinner.RunOnce();
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 0);
}

TEST_F(ConfirmationThinnerTest, RecentConfirmationsStay) {
  ASSERT_TRUE(store_->CreateSupplier("t", "s", v1::Supplier(), {"test"}).ok());
  Rescore("t", "s", 0, "facts");
  for (int day = 1; day <= 4; ++day) Rescore("t", "s", day, "facts");
  ConfirmationThinningOptions options;
  options.clock = [] { return kDay0 + absl::Hours(24 * 10); };  // retention 90 days
  ConfirmationThinner thinner(store_.get(), options);
  EXPECT_EQ(*thinner.RunOnce(), 0);
  EXPECT_EQ(Count("t", "s", "v0"), 4);
}

TEST_F(ConfirmationThinnerTest, BadBatchIsRefusedByTheStore) {
  auto step = store_->ThinConfirmations("t", kDay0, "", 0);
  EXPECT_EQ(step.status().code(), absl::StatusCode::kInvalidArgument);
  step = store_->ThinConfirmations("t", kDay0, "not-a-key-of-t", 10);
  EXPECT_EQ(step.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ConfirmationThinnerTest, StopsCleanly) {
  ConfirmationThinningOptions options;
  options.interval = absl::Milliseconds(5);
  ConfirmationThinner thinner(store_.get(), options);
  thinner.Start();
  absl::SleepFor(absl::Milliseconds(30));
  thinner.Stop();
  thinner.Stop();
}

}  // namespace
}  // namespace supplyrisk::jobs
