// Idempotency records: small (a resource name and a digest, never the response), replayed by
// reading the resource, and purged in small batches once expired.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/common/sha256.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "service/store/key_codec.h"
#include "service/store/records.pb.h"
#include "service/store/schema.h"
#include "service/store/store.h"
#include "service/store/test_util.h"

namespace supplyrisk::store {
namespace {

using ::supplyrisk::store::testing::Actor;
using ::supplyrisk::store::testing::kTenant;
using ::supplyrisk::store::testing::StoreTest;
using ::supplyrisk::v1::Assessment;

class IdempotencyTest : public StoreTest {
 protected:
  // The raw bytes of every idempotency record, by key (the store closed meanwhile, then reopened).
  std::vector<std::pair<std::string, std::string>> RawRecords() {
    store_.reset();
    std::vector<std::string> names;
    EXPECT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::Options(), dir_, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    EXPECT_TRUE(rocksdb::DB::OpenForReadOnly(rocksdb::Options(), dir_, cfs, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    std::vector<std::pair<std::string, std::string>> out;
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == CfName(kIdempotency)) {
        std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[i]));
        for (it->SeekToFirst(); it->Valid(); it->Next()) {
          out.emplace_back(it->key().ToString(), it->value().ToString());
        }
      }
    }
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    db.reset();
    Reopen();
    return out;
  }

  // An assessment of a few hundred kilobytes.
  Assessment LargeAssessment() {
    Assessment a = MakeAssessment(1000, 61.5, "C", supplyrisk::v1::DECISION_OUTCOME_REJECT);
    a.set_input_digest(std::string(64, 'a'));
    for (int i = 0; i < 2000; ++i) {
      a.add_knockouts(absl::StrCat("question-with-a-long-identifier-number-", i));
      auto* f = a.add_findings();
      f->add_measure_ids(absl::StrCat("CPS.AM-", i));
      f->add_signal_ids(absl::StrCat("dns_health/spf_missing/host-", i, ".example.jp"));
    }
    return a;
  }

  int AuditEntries() {
    auto entries = store_->ListAudit(kTenant, 0, 1000);
    EXPECT_TRUE(entries.ok()) << entries.status();
    return entries.ok() ? static_cast<int>(entries->size()) : -1;
  }
};

TEST_F(IdempotencyTest, RecordHoldsTheNameAndDigestNotTheResponse) {
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "s1", MakeSupplier("auto"), Actor("u")).ok());
  Assessment big = LargeAssessment();
  ASSERT_GT(big.ByteSizeLong(), 100000u);
  const std::string request_id = "4f6c2a7e-1b7d-4c1e-9a53-0d6f3c2b8e41";
  auto first = store_->CreateAssessment(kTenant, "s1", "a1", big, Actor("u", request_id));
  ASSERT_TRUE(first.ok()) << first.status();

  auto records = RawRecords();
  ASSERT_EQ(records.size(), 1u);
  const auto& [key, value] = records[0];
  EXPECT_EQ(key, Key(kTenant, request_id));
  EXPECT_LT(key.size() + value.size(), 300u) << "key " << key.size() << ", value " << value.size();
  IdempotencyRecord rec;
  ASSERT_TRUE(rec.ParseFromString(value));
  EXPECT_EQ(rec.resource(), "suppliers/s1/assessments/a1");
  EXPECT_EQ(rec.request_digest().size(), 64u);  // hex SHA-256
  EXPECT_EQ(rec.create_time_micros(), ToMicros(clock_.Now()));
  EXPECT_EQ(rec.expire_time_micros(), ToMicros(clock_.Now() + options_.idempotency_ttl));
}

TEST_F(IdempotencyTest, RetryReadsTheStoredAssessment) {
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "s1", MakeSupplier("auto"), Actor("u")).ok());
  Assessment big = LargeAssessment();
  auto first = store_->CreateAssessment(kTenant, "s1", "a1", big, Actor("u", "req-1"));
  ASSERT_TRUE(first.ok()) << first.status();
  const int audited = AuditEntries();
  clock_.Advance(absl::Minutes(5));

  auto retry = store_->CreateAssessment(kTenant, "s1", "a1", big, Actor("u", "req-1"));
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(SerializeDeterministic(*retry), SerializeDeterministic(*first));
  EXPECT_EQ(AuditEntries(), audited);  // a retry writes nothing
  EXPECT_EQ(store_->GetSupplierSummary(kTenant, "s1")->assessment_count(), 1);

  // The same request id for other content: FAILED_PRECONDITION (AIP-155), nothing written.
  Assessment other = big;
  other.set_overall_score(10);
  auto reused = store_->CreateAssessment(kTenant, "s1", "a1", other, Actor("u", "req-1"));
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kFailedPrecondition) << reused.status();
  EXPECT_EQ(AuditEntries(), audited);

  // Signals: a retry changes nothing and returns the records as stored.
  auto imported =
      store_->ImportSignals(kTenant, "s1", {MakeSignal("spf_missing", 5)}, Actor("u", "req-2"));
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->created, 1);
  auto again =
      store_->ImportSignals(kTenant, "s1", {MakeSignal("spf_missing", 5)}, Actor("u", "req-2"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->created, 0);
  ASSERT_EQ(again->signals.size(), 1u);
  EXPECT_EQ(SerializeDeterministic(again->signals[0]),
            SerializeDeterministic(imported->signals[0]));
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);
}

TEST_F(IdempotencyTest, PurgeRemovesExpiredRecordsInSmallBatches) {
  // Seven records an hour apart, then time moves to just past the fourth one's expiry.
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(store_
                    ->CreateSupplier(kTenant, absl::StrCat("s", i), MakeSupplier("x"),
                                     Actor("u", absl::StrCat("req-", i)))
                    .ok());
    clock_.Advance(absl::Hours(1));
  }
  ASSERT_TRUE(store_->CreateSupplier("t2", "s0", MakeSupplier("x"), Actor("u", "req-0")).ok());
  clock_.Advance(options_.idempotency_ttl - absl::Hours(7) + absl::Hours(3) + absl::Seconds(1));

  int purged = 0, steps = 0;
  std::string after;
  do {
    auto step = store_->PurgeExpiredIdempotency(kTenant, after, 3);
    ASSERT_TRUE(step.ok()) << step.status();
    EXPECT_LE(step->scanned, 3);
    purged += step->purged;
    after = step->next_request_id;
    ++steps;
  } while (!after.empty());
  EXPECT_EQ(purged, 4);  // req-0 .. req-3
  EXPECT_EQ(steps, 3);
  EXPECT_EQ(RawRecords().size(), 4u);  // req-4 .. req-6 and t2's

  // A live record still replays; a purged one is a new create (which now conflicts).
  EXPECT_TRUE(store_->CreateSupplier(kTenant, "s5", MakeSupplier("x"), Actor("u", "req-5")).ok());
  EXPECT_EQ(
      store_->CreateSupplier(kTenant, "s1", MakeSupplier("x"), Actor("u", "req-1")).status().code(),
      absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->PurgeExpiredIdempotency(kTenant, "", 0).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);
}

TEST_F(IdempotencyTest, ListTenantsPagesThroughEveryTenantThatWrote) {
  for (const char* t : {"gamma", "alpha", "beta", "delta"}) {
    ASSERT_TRUE(store_->CreateSupplier(t, "s", MakeSupplier("x"), Actor("u")).ok());
  }
  auto first = store_->ListTenants("", 3);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, (std::vector<std::string>{"alpha", "beta", "delta"}));
  auto rest = store_->ListTenants(first->back(), 3);
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(*rest, (std::vector<std::string>{"gamma"}));
  EXPECT_TRUE(store_->ListTenants("gamma", 3)->empty());
  EXPECT_EQ(store_->ListTenants("", 0).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace supplyrisk::store
