// Confirmations: a rescoring with the latest version's facts digest is kept as a few bytes beside
// that version; the idempotency record names it; summaries carry what lists show, and a schema 1
// database gets them recomputed at open.
#include <map>
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

constexpr char kRequest1[] = "4f6c2a7e-1b7d-4c1e-9a53-0d6f3c2b8e41";
constexpr char kRequest2[] = "5f6c2a7e-1b7d-4c1e-9a53-0d6f3c2b8e41";

class ConfirmStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_TRUE(store_->CreateSupplier(kTenant, "s1", MakeSupplier("auto"), Actor("u")).ok());
  }

  Assessment At(int64_t seconds) {
    Assessment a = MakeAssessment(seconds, 72.5, "B", v1::DECISION_OUTCOME_APPROVE);
    a.set_confidence(0.8);
    a.add_stars()->set_star(1);
    a.mutable_stars(0)->set_met(true);
    a.add_stars()->set_star(2);
    a.mutable_stars(1)->set_met(true);
    a.add_stars()->set_star(3);
    return a;
  }

  std::map<std::string, int64_t> Bytes() {
    auto bytes = store_->LogicalBytes();
    EXPECT_TRUE(bytes.ok()) << bytes.status();
    return bytes.ok() ? *bytes : std::map<std::string, int64_t>{};
  }
};

TEST_F(ConfirmStoreTest, SameFactsConfirmTheLatestVersion) {
  auto v1 =
      store_->CreateOrConfirmAssessment(kTenant, "s1", "a1", At(1000), {"facts-1"}, Actor("u"));
  ASSERT_TRUE(v1.ok()) << v1.status();
  EXPECT_FALSE(v1->has_confirm_time());
  auto before = Bytes();
  auto c =
      store_->CreateOrConfirmAssessment(kTenant, "s1", "a2", At(2000), {"facts-1"}, Actor("u"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->name(), "suppliers/s1/assessments/a1");
  EXPECT_EQ(c->confirm_time().seconds(), 2000);
  EXPECT_EQ(c->as_of().seconds(), 1000);  // the version's, unchanged
  auto after = Bytes();
  // Only the confirmation was written: no version, no summary change, no audit entry.
  for (const auto& [cf, n] : after) {
    if (cf != CfName(kConfirmations)) {
      EXPECT_EQ(n, before[cf]) << cf;
    }
  }
  EXPECT_GT(after[CfName(kConfirmations)], 0);
  EXPECT_LE(after[CfName(kConfirmations)] - before[CfName(kConfirmations)], 200);
  // The same as_of again is kept once.
  ASSERT_TRUE(
      store_->CreateOrConfirmAssessment(kTenant, "s1", "a3", At(2000), {"facts-1"}, Actor("u"))
          .ok());
  EXPECT_EQ(store_->GetConfirmationStats(kTenant, "s1", "a1")->count, 1);
  EXPECT_EQ(store_->GetSupplierSummary(kTenant, "s1")->assessment_count(), 1);
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);
}

TEST_F(ConfirmStoreTest, OtherFactsUnknownFactsAndEarlierAsOfAreVersions) {
  ASSERT_TRUE(
      store_->CreateOrConfirmAssessment(kTenant, "s1", "a1", At(1000), {"facts-1"}, Actor("u"))
          .ok());
  auto other =
      store_->CreateOrConfirmAssessment(kTenant, "s1", "a2", At(2000), {"facts-2"}, Actor("u"));
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->name(), "suppliers/s1/assessments/a2");
  // Earlier than the latest: history, not a confirmation.
  auto earlier =
      store_->CreateOrConfirmAssessment(kTenant, "s1", "a0", At(1500), {"facts-2"}, Actor("u"));
  ASSERT_TRUE(earlier.ok());
  EXPECT_EQ(earlier->name(), "suppliers/s1/assessments/a0");
  // A version stored without a digest makes the latest's facts unknown: nothing matches it.
  ASSERT_TRUE(store_->CreateAssessment(kTenant, "s1", "a3", At(3000), Actor("u")).ok());
  EXPECT_TRUE(store_->GetSupplierSummary(kTenant, "s1")->latest_facts_digest().empty());
  auto unknown = store_->CreateOrConfirmAssessment(kTenant, "s1", "a4", At(4000), {""}, Actor("u"));
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->name(), "suppliers/s1/assessments/a4");
  EXPECT_EQ(store_->GetSupplierSummary(kTenant, "s1")->assessment_count(), 5);
}

TEST_F(ConfirmStoreTest, IdempotencyRecordNamesTheConfirmation) {
  ASSERT_TRUE(
      store_->CreateOrConfirmAssessment(kTenant, "s1", "a1", At(1000), {"facts-1"}, Actor("u"))
          .ok());
  MutationContext ctx = Actor("token:erp:scheduler", kRequest1);
  ctx.request_digest = Sha256Hex("request-1");
  auto c = store_->CreateOrConfirmAssessment(kTenant, "s1", "a2", At(2000), {"facts-1"}, ctx);
  ASSERT_TRUE(c.ok()) << c.status();
  auto rec = store_->GetIdempotencyRecord(kTenant, kRequest1);
  ASSERT_TRUE(rec.ok()) << rec.status();
  ASSERT_TRUE(rec->has_value());
  EXPECT_EQ((*rec)->resource(), "suppliers/s1/assessments/a1/confirmations/2000000000");
  auto recorded = store_->GetRecordedAssessment(kTenant, (*rec)->resource());
  ASSERT_TRUE(recorded.ok()) << recorded.status();
  EXPECT_EQ(SerializeDeterministic(*recorded), SerializeDeterministic(*c));

  // A new version lands; the retry still answers the confirmation it made, writing nothing.
  ASSERT_TRUE(
      store_->CreateOrConfirmAssessment(kTenant, "s1", "a3", At(3000), {"facts-3"}, Actor("u"))
          .ok());
  auto bytes = Bytes();
  auto retry = store_->CreateOrConfirmAssessment(kTenant, "s1", "a9", At(2000), {"facts-1"}, ctx);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(SerializeDeterministic(*retry), SerializeDeterministic(*c));
  EXPECT_EQ(Bytes(), bytes);
  // The same request id for another request: FAILED_PRECONDITION on either path.
  MutationContext reused = ctx;
  reused.request_digest = Sha256Hex("request-2");
  EXPECT_EQ(store_->CreateOrConfirmAssessment(kTenant, "s1", "a9", At(4000), {"facts-3"}, reused)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->CreateOrConfirmAssessment(kTenant, "s1", "a9", At(4000), {"facts-9"}, reused)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Bytes(), bytes);

  // An expired record is absent.
  MutationContext second = Actor("u", kRequest2);
  ASSERT_TRUE(
      store_->CreateOrConfirmAssessment(kTenant, "s1", "a5", At(5000), {"facts-3"}, second).ok());
  clock_.Advance(options_.idempotency_ttl + absl::Seconds(1));
  auto expired = store_->GetIdempotencyRecord(kTenant, kRequest2);
  ASSERT_TRUE(expired.ok());
  EXPECT_FALSE(expired->has_value());
  EXPECT_EQ(store_->GetIdempotencyRecord(kTenant, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->GetRecordedAssessment(kTenant, "suppliers/s1").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->GetRecordedAssessment(kTenant, "suppliers/s1/assessments/a1/confirmations/7")
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);
}

TEST_F(ConfirmStoreTest, ConfirmationIsSmall) {
  ASSERT_TRUE(
      store_->CreateOrConfirmAssessment(kTenant, "s1", "a1", At(1000), {"facts-1"}, Actor("u"))
          .ok());
  auto before = Bytes();
  const int n = 100;
  for (int i = 1; i <= n; ++i) {
    MutationContext ctx = Actor("token:erp-integration:scheduler");
    ASSERT_TRUE(store_
                    ->CreateOrConfirmAssessment(kTenant, "s1", absl::StrCat("x", i),
                                                At(1000 + 3600 * i), {"facts-1"}, ctx)
                    .ok());
  }
  auto after = Bytes();
  int64_t added = 0;
  for (const auto& [cf, bytes] : after) added += bytes - before[cf];
  EXPECT_LE(added, 200 * n) << "bytes per confirmation: " << added / n;
  EXPECT_EQ(store_->GetConfirmationStats(kTenant, "s1", "a1")->count, n);
}

TEST_F(ConfirmStoreTest, DeletingTheSupplierRemovesItsConfirmations) {
  ASSERT_TRUE(
      store_->CreateOrConfirmAssessment(kTenant, "s1", "a1", At(1000), {"facts-1"}, Actor("u"))
          .ok());
  ASSERT_TRUE(
      store_->CreateOrConfirmAssessment(kTenant, "s1", "a2", At(2000), {"facts-1"}, Actor("u"))
          .ok());
  ASSERT_TRUE(store_->DeleteSupplier(kTenant, "s1", "", Actor("u")).ok());
  EXPECT_EQ(Bytes()[CfName(kConfirmations)], 0);
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);
}

TEST_F(ConfirmStoreTest, ConsistencyReportsAConfirmationOfNothing) {
  ASSERT_TRUE(
      store_->CreateOrConfirmAssessment(kTenant, "s1", "a1", At(1000), {"facts-1"}, Actor("u"))
          .ok());
  Raw([](rocksdb::DB* db, std::map<std::string, rocksdb::ColumnFamilyHandle*>& cf) {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf[CfName(kConfirmations)],
                        ConfirmationKey(kTenant, "s1", "gone", 5), "")
                    .ok());
  });
  absl::Status st = store_->CheckConsistency(kTenant);
  EXPECT_EQ(st.code(), absl::StatusCode::kDataLoss) << st;
}

TEST_F(ConfirmStoreTest, SummaryCarriesWhatListsShowAndSchema1IsMigrated) {
  ASSERT_TRUE(
      store_->CreateOrConfirmAssessment(kTenant, "s1", "a1", At(1000), {"facts-1"}, Actor("u"))
          .ok());
  auto sum = store_->GetSupplierSummary(kTenant, "s1");
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->star_ready(), 2);
  EXPECT_EQ(sum->confidence(), 0.8);
  // A schema 1 database: summaries without the new fields.
  Raw([](rocksdb::DB* db, std::map<std::string, rocksdb::ColumnFamilyHandle*>& cf) {
    std::string value;
    ASSERT_TRUE(
        db->Get(rocksdb::ReadOptions(), cf[CfName(kSummaries)], Key(kTenant, "s1"), &value).ok());
    SupplierSummary old;
    ASSERT_TRUE(old.ParseFromString(value));
    old.clear_star_ready();
    old.clear_confidence();
    old.clear_latest_facts_digest();
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf[CfName(kSummaries)], Key(kTenant, "s1"),
                        SerializeDeterministic(old))
                    .ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), std::string(kSchemaVersionKey), "1").ok());
  });
  sum = store_->GetSupplierSummary(kTenant, "s1");
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->star_ready(), 2);
  EXPECT_EQ(sum->confidence(), 0.8);
  EXPECT_TRUE(sum->latest_facts_digest().empty());  // unknown: the next rescoring is a version
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);
  Raw([](rocksdb::DB* db, std::map<std::string, rocksdb::ColumnFamilyHandle*>&) {
    std::string version;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), std::string(kSchemaVersionKey), &version).ok());
    EXPECT_EQ(version, absl::StrCat(kSchemaVersion));
  });
}

}  // namespace
}  // namespace supplyrisk::store
