// Online backup, wipe and restore give byte-identical contents.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/store/store.h"
#include "service/store/test_util.h"

namespace supplyrisk::store {
namespace {

using ::supplyrisk::store::testing::Actor;
using ::supplyrisk::store::testing::kTenant;
using ::supplyrisk::store::testing::ScratchDir;
using ::supplyrisk::store::testing::StoreTest;
using ::supplyrisk::v1::Assessment;
using ::supplyrisk::v1::Engagement;
using ::supplyrisk::v1::Relationship;
using ::supplyrisk::v1::Response;
using ::supplyrisk::v1::Signal;
using ::supplyrisk::v1::Supplier;

TEST_F(StoreTest, BackupWipeRestoreIsByteIdentical) {
  for (int i = 0; i < 50; ++i) {
    std::string id = absl::StrCat("s", i);
    ASSERT_TRUE(store_->CreateSupplier(kTenant, id, MakeSupplier("x"), Actor("u")).ok());
    ASSERT_TRUE(store_
                    ->CreateAssessment(
                        kTenant, id, "a1",
                        MakeAssessment(10 + i, i, "C", supplyrisk::v1::DECISION_OUTCOME_APPROVE),
                        Actor("u"))
                    .ok());
    ASSERT_TRUE(
        store_->ImportSignals(kTenant, id, {MakeSignal("spf_missing", 5 + i)}, Actor("u")).ok());
  }
  std::string backups = ScratchDir("backups");
  auto id = store_->Backup(backups);
  ASSERT_TRUE(id.ok()) << id.status();
  auto before = store_->Digest();
  ASSERT_TRUE(before.ok());
  // Writes after the backup are not in it.
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "late", MakeSupplier("x"), Actor("u")).ok());
  store_.reset();
  std::filesystem::remove_all(dir_);
  ASSERT_TRUE(Store::Restore(backups, dir_).ok());
  Reopen();
  auto after = store_->Digest();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, *before);
  EXPECT_EQ(store_->GetSupplier(kTenant, "late").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok());
  EXPECT_TRUE(store_->VerifyAudit(kTenant)->intact);
  // The restored store keeps writing on the same chain.
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "late", MakeSupplier("x"), Actor("u")).ok());
  EXPECT_TRUE(store_->VerifyAudit(kTenant)->intact);

  // A damaged backup fails verification instead of restoring garbage.
  for (const auto& e : std::filesystem::recursive_directory_iterator(backups)) {
    if (e.path().extension() == ".sst") {
      std::fstream f(e.path(), std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(100);
      f.write("CORRUPTION", 10);
      break;
    }
  }
  store_.reset();
  std::string elsewhere = ScratchDir("restore2");
  EXPECT_EQ(Store::Restore(backups, elsewhere).code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace supplyrisk::store
