// Deleting a supplier (with its cascade) and a whole tenant.
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
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

TEST_F(StoreTest, DeleteSupplierRemovesEverythingAndAuditsIt) {
  for (const char* id : {"victim", "b", "c"}) {
    ASSERT_TRUE(store_->CreateSupplier(kTenant, id, MakeSupplier("x"), Actor("u")).ok());
  }
  Relationship r;
  r.set_from_supplier("suppliers/victim");
  r.set_to_supplier("suppliers/b");
  r.add_services("hosting");
  r.add_data_classes(supplyrisk::v1::DATA_CLASS_PERSONAL);
  r.set_access(supplyrisk::v1::ACCESS_LEVEL_REMOTE);
  ASSERT_TRUE(store_->CreateRelationship(kTenant, "r1", r, Actor("u")).ok());
  r.set_from_supplier("suppliers/c");
  r.set_to_supplier("suppliers/victim");
  ASSERT_TRUE(store_->CreateRelationship(kTenant, "r2", r, Actor("u")).ok());
  r.set_from_supplier("suppliers/c");
  r.set_to_supplier("suppliers/b");
  ASSERT_TRUE(store_->CreateRelationship(kTenant, "r3", r, Actor("u")).ok());
  Engagement e;
  e.set_supplier("suppliers/victim");
  e.set_title("payroll");
  ASSERT_TRUE(store_->CreateEngagement(kTenant, "e1", e, Actor("u")).ok());
  ASSERT_TRUE(
      store_
          ->CreateAssessment(kTenant, "victim", "a1",
                             MakeAssessment(10, 50, "C", supplyrisk::v1::DECISION_OUTCOME_APPROVE),
                             Actor("u"))
          .ok());
  ASSERT_TRUE(
      store_->ImportSignals(kTenant, "victim", {MakeSignal("spf_missing", 5)}, Actor("u")).ok());
  ASSERT_TRUE(store_->CreateResponse(kTenant, "victim", "r1", Response(), Actor("u")).ok());
  auto subs = store_->ListSubcontractors(kTenant, "c", PageRequest{});
  ASSERT_TRUE(subs.ok());
  EXPECT_EQ(subs->items.size(), 2u);

  auto current = store_->GetSupplier(kTenant, "victim");
  EXPECT_EQ(store_->DeleteSupplier(kTenant, "victim", "stale", Actor("u")).code(),
            absl::StatusCode::kAborted);
  ASSERT_TRUE(store_->DeleteSupplier(kTenant, "victim", current->etag(), Actor("admin")).ok());
  EXPECT_EQ(store_->GetSupplier(kTenant, "victim").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetEngagement(kTenant, "e1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetRelationship(kTenant, "r1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetRelationship(kTenant, "r2").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetRelationship(kTenant, "r3").ok());
  EXPECT_TRUE(store_->ListContractors(kTenant, "b", PageRequest{})->items.size() == 1);
  EXPECT_EQ(store_->GetAssessment(kTenant, "victim", "a1").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->ListAssessments(kTenant, "victim", PageRequest{})->items.empty());
  EXPECT_TRUE(store_->ListSignals(kTenant, "victim", SignalFilter{}, PageRequest{})->items.empty());
  EXPECT_TRUE(store_->ListResponses(kTenant, "victim", PageRequest{})->items.empty());
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);

  auto audit = store_->ListAudit(kTenant, 0, 1000);
  ASSERT_TRUE(audit.ok());
  std::set<std::string> deleted;
  for (const auto& entry : *audit) {
    if (entry.action() == "delete") deleted.insert(entry.resource());
  }
  EXPECT_EQ(deleted, (std::set<std::string>{"suppliers/victim", "engagements/e1",
                                            "relationships/r1", "relationships/r2"}));

  // No key anywhere (outside the audit log) still names the supplier.
  std::string needle;
  AppendString(&needle, "victim");
  int checked = 0;
  Raw([&](rocksdb::DB* db, std::map<std::string, rocksdb::ColumnFamilyHandle*>& families) {
    for (auto& [name, h] : families) {
      if (name == "audit") continue;
      std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), h));
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        ++checked;
        EXPECT_EQ(it->key().ToString().find(needle), std::string::npos) << name;
      }
    }
  });
  EXPECT_GT(checked, 5);
}

TEST_F(StoreTest, DeleteTenantKeepsOnlyTheAuditChain) {
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "a", MakeSupplier("x"), Actor("u")).ok());
  ASSERT_TRUE(store_->CreateSupplier("neighbour", "a", MakeSupplier("x"), Actor("u")).ok());
  ASSERT_TRUE(
      store_
          ->CreateAssessment(kTenant, "a", "a1",
                             MakeAssessment(10, 50, "C", supplyrisk::v1::DECISION_OUTCOME_APPROVE),
                             Actor("u"))
          .ok());
  ASSERT_TRUE(store_->DeleteTenant(kTenant, Actor("admin")).ok());
  EXPECT_TRUE(store_->ListSuppliers(kTenant, SupplierQuery{}, PageRequest{})->items.empty());
  EXPECT_TRUE(store_->GetSupplier("neighbour", "a").ok());
  auto audit = store_->ListAudit(kTenant, 0, 100);
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->back().action(), "delete_tenant");
  EXPECT_TRUE(store_->VerifyAudit(kTenant)->intact);
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);
  EXPECT_TRUE(store_->CheckConsistency("neighbour").ok());
}

}  // namespace
}  // namespace supplyrisk::store
