// The party index: a submitted subcontractor answer finds the supplier it names by corporate
// number or company name through the index, which follows creates, renames and deletions in the
// same batch, and is built for a database of schema 2 when it is opened.
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "service/store/schema.h"
#include "service/store/store.h"
#include "service/store/test_util.h"

namespace supplyrisk::store {
namespace {

using ::supplyrisk::store::testing::Actor;
using ::supplyrisk::store::testing::kTenant;
using ::supplyrisk::store::testing::StoreTest;

class PartyIndexTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    Create("acme", "ACME", "");
    Create("kanto", "Kanto Seimitsu Co., Ltd.", "3900100201313");
  }
  void Create(const std::string& id, const std::string& name, const std::string& number) {
    v1::Supplier s = MakeSupplier("it");
    s.mutable_display_name()->set_en(name);
    s.set_corporate_number(number);
    auto created = store_->CreateSupplier(kTenant, id, s, Actor("u"));
    ASSERT_TRUE(created.ok()) << created.status();
  }
  // Submits a response of acme declaring `entries`; returns the subcontractor each entry
  // resolved to ("" for an unidentified party), in the store's order.
  std::vector<std::string> Declare(const std::string& entries) {
    v1::Response r;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
        "template_id: 'cpsf-supplier' state: RESPONSE_STATE_SUBMITTED "
        "submitted_at { seconds: 1790000000 } answers { question_id: 'subs' subcontractors { " +
            entries + " } }",
        &r));
    auto created =
        store_->CreateResponse(kTenant, "acme", absl::StrCat("r", ++responses_), r, Actor("u"));
    EXPECT_TRUE(created.ok()) << created.status();
    absl::Status consistent = store_->CheckConsistency(kTenant);
    EXPECT_TRUE(consistent.ok()) << consistent;
    std::vector<std::string> out;
    auto page = store_->ListSubcontractors(kTenant, "acme", PageRequest{});
    EXPECT_TRUE(page.ok()) << page.status();
    for (const auto& rel : page->items) out.push_back(rel.to_supplier());
    return out;
  }
  int responses_ = 0;
};

TEST_F(PartyIndexTest, EntriesFindSuppliersByNumberOrNameOnly) {
  // By number (under another name), by name with a legal form and other case, and one unknown.
  EXPECT_EQ(Declare(R"(entries { company_name: "KS Holdings" corporate_number: "3900100201313" })"),
            std::vector<std::string>{"suppliers/kanto"});
  EXPECT_EQ(Declare(R"(entries { company_name: "株式会社 kanto seimitsu" })"),
            std::vector<std::string>{"suppliers/kanto"});
  EXPECT_EQ(Declare(R"(entries { company_name: "Kanto Precision" })"),
            std::vector<std::string>{""});
  // The supplier's own name is skipped, as before.
  EXPECT_TRUE(Declare(R"(entries { company_name: "ACME" })").empty());
}

TEST_F(PartyIndexTest, RenamesAndDeletionsMoveTheIndexInTheSameBatch) {
  auto stored = store_->GetSupplier(kTenant, "kanto");
  ASSERT_TRUE(stored.ok());
  v1::Supplier renamed = *stored;
  renamed.mutable_display_name()->set_en("Skyward Machines KK");
  renamed.clear_corporate_number();
  ASSERT_TRUE(store_->UpdateSupplier(kTenant, "kanto", renamed, stored->etag(), Actor("u")).ok());
  EXPECT_EQ(Declare(R"(entries { company_name: "Kanto Seimitsu" })"), std::vector<std::string>{""});
  EXPECT_EQ(Declare(R"(entries { company_name: "X" corporate_number: "3900100201313" })"),
            std::vector<std::string>{""});
  EXPECT_EQ(Declare(R"(entries { company_name: "skyward machines" })"),
            std::vector<std::string>{"suppliers/kanto"});
  ASSERT_TRUE(store_->DeleteSupplier(kTenant, "kanto", "", Actor("u")).ok());
  EXPECT_EQ(Declare(R"(entries { company_name: "skyward machines" })"),
            std::vector<std::string>{""});
  // Two suppliers under one name: the lowest id wins, as it did when every supplier was read.
  Create("b-second", "Twin Works", "");
  Create("a-first", "Twin Works Inc.", "");
  EXPECT_EQ(Declare(R"(entries { company_name: "TWIN WORKS" })"),
            std::vector<std::string>{"suppliers/a-first"});
}

TEST_F(PartyIndexTest, ASchema2DatabaseGetsItsIndexWhenOpened) {
  Raw([](rocksdb::DB* db, std::map<std::string, rocksdb::ColumnFamilyHandle*>& cf) {
    rocksdb::ColumnFamilyHandle* idx = cf[CfName(kIdxParty)];
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), idx));
    int removed = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), idx, it->key()).ok());
      ++removed;
    }
    EXPECT_EQ(removed, 3);  // acme's name, kanto's name and number
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), std::string(kSchemaVersionKey), "2").ok());
  });
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);
  EXPECT_EQ(Declare(R"(entries { company_name: "Kanto Seimitsu" })"),
            std::vector<std::string>{"suppliers/kanto"});
  Raw([](rocksdb::DB* db, std::map<std::string, rocksdb::ColumnFamilyHandle*>&) {
    std::string version;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), std::string(kSchemaVersionKey), &version).ok());
    EXPECT_EQ(version, absl::StrCat(kSchemaVersion));
  });
}

TEST_F(PartyIndexTest, AMissingEntryIsAnInconsistency) {
  Raw([](rocksdb::DB* db, std::map<std::string, rocksdb::ColumnFamilyHandle*>& cf) {
    rocksdb::ColumnFamilyHandle* idx = cf[CfName(kIdxParty)];
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), idx));
    it->SeekToFirst();
    ASSERT_TRUE(it->Valid());
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), idx, it->key()).ok());
  });
  EXPECT_FALSE(store_->CheckConsistency(kTenant).ok());
}

}  // namespace
}  // namespace supplyrisk::store
