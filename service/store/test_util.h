// Helpers shared by the store's tests: scratch directories and a settable clock.
#ifndef SUPPLYRISK_SERVICE_STORE_TEST_UTIL_H_
#define SUPPLYRISK_SERVICE_STORE_TEST_UTIL_H_

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "service/store/store.h"

namespace supplyrisk::store::testing {

// A fresh, empty directory under TEST_TMPDIR (or /tmp).
inline std::string ScratchDir(const std::string& name) {
  const char* base = std::getenv("TEST_TMPDIR");
  static std::atomic<int> counter{0};
  std::filesystem::path dir = std::filesystem::path(base != nullptr ? base : "/tmp") /
                              absl::StrCat("store_", name, "_", getpid(), "_", counter++);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

// A clock the test moves by hand; shared so copies of StoreOptions see the same time.
struct FakeClock {
  std::shared_ptr<std::atomic<int64_t>> micros =
      std::make_shared<std::atomic<int64_t>>(absl::ToUnixMicros(absl::FromUnixSeconds(1767225600)));
  std::function<absl::Time()> fn() const {
    auto m = micros;
    return [m] { return absl::FromUnixMicros(m->load()); };
  }
  void Advance(absl::Duration d) { *micros += absl::ToInt64Microseconds(d); }
  absl::Time Now() const { return absl::FromUnixMicros(micros->load()); }
};

inline MutationContext Actor(const std::string& actor, const std::string& request_id = "") {
  MutationContext ctx;
  ctx.actor = actor;
  ctx.request_id = request_id;
  return ctx;
}

inline constexpr char kTenant[] = "acme-buyer";

// A store in a fresh scratch directory with a fake clock, unsynced (durability is the crash test's
// business), and builders for the documents the tests write.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ScratchDir("unit");
    options_.clock = clock_.fn();
    options_.sync = false;  // durability is the crash test's business
    Reopen();
  }
  void Reopen() {
    store_.reset();
    auto s = Store::Open(dir_, options_);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = *std::move(s);
  }
  // Runs `fn` on the raw database (the store closed meanwhile, then reopened), with the column
  // families by name: for tests that tamper with what is on disk or make an older schema.
  void Raw(const std::function<void(rocksdb::DB*,
                                    std::map<std::string, rocksdb::ColumnFamilyHandle*>&)>& fn) {
    store_.reset();
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::Options(), dir_, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), dir_, cfs, &handles, &raw).ok());
    std::map<std::string, rocksdb::ColumnFamilyHandle*> by_name;
    for (size_t i = 0; i < names.size(); ++i) by_name[names[i]] = handles[i];
    fn(raw, by_name);
    for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
    delete raw;
    Reopen();
  }
  supplyrisk::v1::Supplier MakeSupplier(const std::string& industry) {
    supplyrisk::v1::Supplier s;
    s.mutable_display_name()->set_en(industry + " Co.");
    s.set_industry(industry);
    s.add_domains("example.jp");
    return s;
  }
  supplyrisk::v1::Assessment MakeAssessment(int64_t as_of_seconds, double score,
                                            const std::string& grade,
                                            supplyrisk::v1::DecisionOutcome outcome) {
    supplyrisk::v1::Assessment a;
    a.mutable_as_of()->set_seconds(as_of_seconds);
    a.set_overall_score(score);
    a.set_grade(grade);
    a.mutable_decision()->set_outcome(outcome);
    return a;
  }
  supplyrisk::v1::Signal MakeSignal(const std::string& issue, int64_t seen, int64_t resolved = 0) {
    supplyrisk::v1::Signal s;
    s.set_factor(supplyrisk::v1::FACTOR_DNS_HEALTH);
    s.set_issue_type(issue);
    s.set_asset("example.jp");
    s.mutable_observed_at()->set_seconds(seen);
    if (resolved) s.mutable_resolved_at()->set_seconds(resolved);
    return s;
  }
  std::vector<std::string> Ids(const Page<SupplierRecord>& page) {
    std::vector<std::string> ids;
    for (const auto& r : page.items) ids.push_back(r.supplier.name());
    return ids;
  }
  Page<SupplierRecord> List(SupplierQuery q) {
    auto page = store_->ListSuppliers(kTenant, q, PageRequest{});
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? *page : Page<SupplierRecord>{};
  }

  FakeClock clock_;
  StoreOptions options_;
  std::string dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace supplyrisk::store::testing

#endif  // SUPPLYRISK_SERVICE_STORE_TEST_UTIL_H_
