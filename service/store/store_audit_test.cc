// The audit chain: tampering is found; commit listeners see entries in chain order.
#include <functional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "service/store/digest.h"
#include "service/store/key_codec.h"
#include "service/store/schema.h"
#include "service/store/store.h"
#include "service/store/test_util.h"

namespace supplyrisk::store {
namespace {

using ::supplyrisk::store::testing::Actor;
using ::supplyrisk::store::testing::kTenant;
using ::supplyrisk::store::testing::StoreTest;
using ::supplyrisk::v1::Assessment;
using ::supplyrisk::v1::Engagement;
using ::supplyrisk::v1::Relationship;
using ::supplyrisk::v1::Response;
using ::supplyrisk::v1::Signal;
using ::supplyrisk::v1::Supplier;

// Opens the raw database of a closed store, lets `tamper` edit the audit column family, closes.
void TamperWithAudit(
    const std::string& dir,
    const std::function<void(rocksdb::DB*, rocksdb::ColumnFamilyHandle*)>& tamper) {
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::Options(), dir, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), dir, cfs, &handles, &db).ok());
  for (auto* h : handles) {
    if (h->GetName() == "audit") tamper(db, h);
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
}

class AuditTamperTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (int i = 0; i < 6; ++i) {
      ASSERT_TRUE(
          store_->CreateSupplier(kTenant, absl::StrCat("s", i), MakeSupplier("x"), Actor("u"))
              .ok());
    }
    auto report = store_->VerifyAudit(kTenant);
    ASSERT_TRUE(report.ok());
    ASSERT_TRUE(report->intact) << report->problem;
    ASSERT_EQ(report->entries, 6u);
    store_.reset();
  }
  AuditReport VerifyAfterReopen() {
    Reopen();
    auto report = store_->VerifyAudit(kTenant);
    EXPECT_TRUE(report.ok());
    EXPECT_FALSE(store_->CheckConsistency(kTenant).ok());
    return report.ok() ? *report : AuditReport{};
  }
  static std::string Get(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h, uint64_t seq) {
    std::string v;
    EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), h, AuditKey(kTenant, seq), &v).ok());
    return v;
  }
};

TEST_F(AuditTamperTest, AlteredEntryIsFound) {
  TamperWithAudit(dir_, [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
    supplyrisk::v1::AuditEntry e;
    ASSERT_TRUE(e.ParseFromString(Get(db, h, 3)));
    e.set_actor("mallory");
    ASSERT_TRUE(
        db->Put(rocksdb::WriteOptions(), h, AuditKey(kTenant, 3), e.SerializeAsString()).ok());
  });
  AuditReport r = VerifyAfterReopen();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_sequence, 3u);
  EXPECT_NE(r.problem.find("altered"), std::string::npos) << r.problem;
}

TEST_F(AuditTamperTest, AlteredAndRehashedEntryBreaksTheNextLink) {
  TamperWithAudit(dir_, [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
    supplyrisk::v1::AuditEntry e;
    ASSERT_TRUE(e.ParseFromString(Get(db, h, 3)));
    e.set_actor("mallory");
    e.set_hash(AuditEntryHash(e));
    ASSERT_TRUE(
        db->Put(rocksdb::WriteOptions(), h, AuditKey(kTenant, 3), e.SerializeAsString()).ok());
  });
  AuditReport r = VerifyAfterReopen();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_sequence, 4u);
}

TEST_F(AuditTamperTest, RemovedEntryIsFound) {
  TamperWithAudit(dir_, [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), h, AuditKey(kTenant, 4)).ok());
  });
  AuditReport r = VerifyAfterReopen();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_sequence, 4u);
  EXPECT_NE(r.problem.find("removed"), std::string::npos) << r.problem;
}

TEST_F(AuditTamperTest, RemovedLastEntryIsFound) {
  TamperWithAudit(dir_, [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), h, AuditKey(kTenant, 6)).ok());
  });
  AuditReport r = VerifyAfterReopen();
  EXPECT_FALSE(r.intact);
  EXPECT_NE(r.problem.find("removed"), std::string::npos) << r.problem;
}

TEST_F(AuditTamperTest, ReorderedEntriesAreFound) {
  TamperWithAudit(dir_, [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
    std::string two = Get(db, h, 2), three = Get(db, h, 3);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), h, AuditKey(kTenant, 2), three).ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), h, AuditKey(kTenant, 3), two).ok());
  });
  AuditReport r = VerifyAfterReopen();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_sequence, 2u);
  EXPECT_NE(r.problem.find("reordered"), std::string::npos) << r.problem;
}

TEST_F(AuditTamperTest, ReorderedAndRenumberedEntriesAreFound) {
  TamperWithAudit(dir_, [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
    supplyrisk::v1::AuditEntry two, three;
    ASSERT_TRUE(two.ParseFromString(Get(db, h, 2)));
    ASSERT_TRUE(three.ParseFromString(Get(db, h, 3)));
    two.set_sequence(3);
    three.set_sequence(2);
    two.set_hash(AuditEntryHash(two));
    three.set_hash(AuditEntryHash(three));
    ASSERT_TRUE(
        db->Put(rocksdb::WriteOptions(), h, AuditKey(kTenant, 2), three.SerializeAsString()).ok());
    ASSERT_TRUE(
        db->Put(rocksdb::WriteOptions(), h, AuditKey(kTenant, 3), two.SerializeAsString()).ok());
  });
  AuditReport r = VerifyAfterReopen();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_sequence, 2u);
  EXPECT_NE(r.problem.find("reordered"), std::string::npos) << r.problem;
}

TEST_F(StoreTest, CommitListenerSeesEntriesInChainOrder) {
  std::vector<uint64_t> seen;
  absl::Mutex mu;
  store_->AddCommitListener([&](const std::vector<supplyrisk::v1::AuditEntry>& entries) {
    absl::MutexLock lock(&mu);
    for (const auto& e : entries) seen.push_back(e.sequence());
  });
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(
        store_->CreateSupplier(kTenant, absl::StrCat("s", i), MakeSupplier("x"), Actor("u")).ok());
  }
  EXPECT_EQ(seen, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
}

}  // namespace
}  // namespace supplyrisk::store
