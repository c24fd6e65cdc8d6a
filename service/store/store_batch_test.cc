// Multi-supplier imports and batch creates: one mutation each, stored whole or not at all.
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "service/store/store.h"
#include "service/store/test_util.h"

namespace supplyrisk::store {
namespace {

using ::supplyrisk::store::testing::Actor;
using ::supplyrisk::store::testing::kTenant;
using ::supplyrisk::store::testing::StoreTest;
using ::supplyrisk::v1::Supplier;

TEST_F(StoreTest, MultiSupplierImportStoresEverySuppliersSignals) {
  for (const char* id : {"a", "b"}) {
    ASSERT_TRUE(store_->CreateSupplier(kTenant, id, MakeSupplier(id), Actor("u")).ok());
  }
  auto out = store_->ImportSignalsForSuppliers(
      kTenant,
      {{"a", {MakeSignal("spf_missing", 5), MakeSignal("dmarc_missing", 5)}},
       {"b", {MakeSignal("spf_missing", 5)}}},
      Actor("u"));
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 2u);
  EXPECT_EQ((*out)[0].created, 2);
  EXPECT_EQ((*out)[1].created, 1);
  EXPECT_EQ((*out)[1].signals.at(0).supplier(), "suppliers/b");
  auto a = store_->ListSignals(kTenant, "a", {}, PageRequest{});
  auto b = store_->ListSignals(kTenant, "b", {}, PageRequest{});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->items.size(), 2u);
  EXPECT_EQ(b->items.size(), 1u);
  auto summary = store_->GetSupplierSummary(kTenant, "a");
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->open_issues().at("spf_missing"), 1);
}

TEST_F(StoreTest, MultiSupplierImportWithAMissingSupplierStoresNothing) {
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "a", MakeSupplier("a"), Actor("u")).ok());
  auto audit_before = store_->ListAudit(kTenant, 0, 100000);
  ASSERT_TRUE(audit_before.ok());
  // The missing supplier comes last, so a per-supplier commit would have stored "a" already.
  auto out = store_->ImportSignalsForSuppliers(
      kTenant, {{"a", {MakeSignal("spf_missing", 5)}}, {"gone", {MakeSignal("spf_missing", 5)}}},
      Actor("u"));
  EXPECT_EQ(out.status().code(), absl::StatusCode::kNotFound) << out.status();
  EXPECT_NE(out.status().message().find("suppliers/gone"), std::string::npos);
  auto a = store_->ListSignals(kTenant, "a", {}, PageRequest{});
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->items.empty());
  auto summary = store_->GetSupplierSummary(kTenant, "a");
  ASSERT_TRUE(summary.ok());
  EXPECT_TRUE(summary->open_issues().empty());
  auto audit_after = store_->ListAudit(kTenant, 0, 100000);
  ASSERT_TRUE(audit_after.ok());
  EXPECT_EQ(audit_after->size(), audit_before->size());
}

TEST_F(StoreTest, MultiSupplierImportRefusesABadSignalAndARepeatedSupplier) {
  for (const char* id : {"a", "b"}) {
    ASSERT_TRUE(store_->CreateSupplier(kTenant, id, MakeSupplier(id), Actor("u")).ok());
  }
  auto bad = MakeSignal("", 5);
  auto out = store_->ImportSignalsForSuppliers(
      kTenant, {{"a", {MakeSignal("spf_missing", 5)}}, {"b", {bad}}}, Actor("u"));
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(out.status().message().find("imports[1].signals[0].issue_type"), std::string::npos)
      << out.status();
  out = store_->ImportSignalsForSuppliers(
      kTenant, {{"a", {MakeSignal("spf_missing", 5)}}, {"a", {MakeSignal("spf_missing", 6)}}},
      Actor("u"));
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  auto a = store_->ListSignals(kTenant, "a", {}, PageRequest{});
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->items.empty());
}

TEST_F(StoreTest, MultiSupplierImportRetryReplaysWithoutCounting) {
  for (const char* id : {"a", "b"}) {
    ASSERT_TRUE(store_->CreateSupplier(kTenant, id, MakeSupplier(id), Actor("u")).ok());
  }
  std::vector<SupplierSignals> imports = {{"a", {MakeSignal("spf_missing", 5)}},
                                          {"b", {MakeSignal("spf_missing", 5)}}};
  auto first = store_->ImportSignalsForSuppliers(kTenant, imports, Actor("u", "req-1"));
  ASSERT_TRUE(first.ok()) << first.status();
  auto again = store_->ImportSignalsForSuppliers(kTenant, imports, Actor("u", "req-1"));
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->size(), 2u);
  EXPECT_EQ((*again)[0].created, 0);
  EXPECT_EQ((*again)[1].signals.size(), 1u);
  // The same request id with other contents is refused.
  imports[1].signals.push_back(MakeSignal("dmarc_missing", 5));
  auto other = store_->ImportSignalsForSuppliers(kTenant, imports, Actor("u", "req-1"));
  EXPECT_FALSE(other.ok());
}

TEST_F(StoreTest, CreateSuppliersStoresAllOrNone) {
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "taken", MakeSupplier("t"), Actor("u")).ok());
  auto out = store_->CreateSuppliers(
      kTenant, {{"n1", MakeSupplier("1")}, {"n2", MakeSupplier("2")}, {"taken", MakeSupplier("3")}},
      Actor("u"));
  EXPECT_EQ(out.status().code(), absl::StatusCode::kAlreadyExists) << out.status();
  EXPECT_NE(out.status().message().find("suppliers/taken"), std::string::npos);
  EXPECT_EQ(store_->GetSupplier(kTenant, "n1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetSupplierSummary(kTenant, "n1").status().code(), absl::StatusCode::kNotFound);

  out = store_->CreateSuppliers(kTenant, {{"n1", MakeSupplier("1")}, {"n1", MakeSupplier("2")}},
                                Actor("u"));
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(out.status().message().find("requests[1].supplier_id"), std::string::npos);

  out = store_->CreateSuppliers(kTenant, {{"n1", MakeSupplier("1")}, {"n2", MakeSupplier("2")}},
                                Actor("u", "batch-1"));
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 2u);
  EXPECT_EQ((*out)[0].name(), "suppliers/n1");
  EXPECT_EQ((*out)[1].name(), "suppliers/n2");
  EXPECT_FALSE((*out)[1].etag().empty());
  EXPECT_TRUE(store_->GetSupplierSummary(kTenant, "n2").ok());
  // A retry of the batch answers the stored suppliers as they are.
  auto again = store_->CreateSuppliers(
      kTenant, {{"n1", MakeSupplier("1")}, {"n2", MakeSupplier("2")}}, Actor("u", "batch-1"));
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->size(), 2u);
  EXPECT_EQ((*again)[1].etag(), (*out)[1].etag());
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok());
}

}  // namespace
}  // namespace supplyrisk::store
