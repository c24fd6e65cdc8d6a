// The party index: a submitted subcontractor answer finds the supplier it names by corporate
// number or company name through the index, which follows creates, renames and deletions in the
// same batch, and is built for a database of schema 2 or 3 when it is opened. Integrators find
// suppliers through it by corporate number, LEI, domain or name, and it keeps corporate numbers and
// LEIs unique within a tenant, also against concurrent writers.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

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
  // The ids FindSuppliers gives for `value`, in order.
  std::vector<std::string> Found(SupplierIdentifier by, const std::string& value) {
    std::vector<std::string> ids;
    auto page = store_->FindSuppliers(kTenant, by, value, PageRequest{});
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return ids;
    for (const v1::Supplier& s : page->items) ids.push_back(s.name().substr(strlen("suppliers/")));
    return ids;
  }
  // Every supplier's name and etag, and the party index's size: what a refused write must leave.
  std::string Digest() {
    std::string out;
    auto page = store_->ListSuppliers(kTenant, SupplierQuery{}, PageRequest{1000, ""});
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return out;
    for (const SupplierRecord& r : page->items) {
      absl::StrAppend(&out, r.supplier.name(), "@", r.supplier.etag(), " ");
    }
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

TEST_F(PartyIndexTest, AnOlderDatabaseGetsItsIndexWhenOpened) {
  for (const std::string old_version : {"2", "3"}) {
    SCOPED_TRACE(old_version);
    Raw([&](rocksdb::DB* db, std::map<std::string, rocksdb::ColumnFamilyHandle*>& cf) {
      rocksdb::ColumnFamilyHandle* idx = cf[CfName(kIdxParty)];
      std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), idx));
      int removed = 0;
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        // Schema 3 had the number and name keys; schema 2 had none.
        const bool schema3_key = it->key().ToString().find("example.jp") == std::string::npos;
        if (old_version == "3" && schema3_key) continue;
        ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), idx, it->key()).ok());
        ++removed;
      }
      // Both domains; for schema 2 also acme's name, kanto's name and number.
      EXPECT_EQ(removed, old_version == "2" ? 5 : 2);
      ASSERT_TRUE(
          db->Put(rocksdb::WriteOptions(), std::string(kSchemaVersionKey), old_version).ok());
    });
    EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);
    EXPECT_EQ(Found(SupplierIdentifier::kDomain, "example.jp"),
              (std::vector<std::string>{"acme", "kanto"}));
    Raw([](rocksdb::DB* db, std::map<std::string, rocksdb::ColumnFamilyHandle*>&) {
      std::string version;
      ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), std::string(kSchemaVersionKey), &version).ok());
      EXPECT_EQ(version, absl::StrCat(kSchemaVersion));
    });
  }
  EXPECT_EQ(Declare(R"(entries { company_name: "Kanto Seimitsu" })"),
            std::vector<std::string>{"suppliers/kanto"});
}

TEST_F(PartyIndexTest, SuppliersAreFoundByEachIdentifier) {
  v1::Supplier s = MakeSupplier("it");
  s.mutable_display_name()->set_ja("株式会社 東海データ");
  s.set_lei("5493001KJTIIGC8Y1R12");
  s.clear_domains();
  s.add_domains("tokai-data.example");
  s.add_domains("mail.tokai-data.example");
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "tokai", s, Actor("u")).ok());
  EXPECT_EQ(Found(SupplierIdentifier::kCorporateNumber, "3900100201313"),
            std::vector<std::string>{"kanto"});
  EXPECT_EQ(Found(SupplierIdentifier::kLei, "5493001KJTIIGC8Y1R12"),
            std::vector<std::string>{"tokai"});
  EXPECT_EQ(Found(SupplierIdentifier::kDomain, "mail.tokai-data.example"),
            std::vector<std::string>{"tokai"});
  // A domain is matched whole, not as a suffix.
  EXPECT_TRUE(Found(SupplierIdentifier::kDomain, "data.example").empty());
  // Names are matched by their company-name key: legal forms, widths and case do not matter.
  EXPECT_EQ(Found(SupplierIdentifier::kCompanyName, "東海データ（株）"),
            std::vector<std::string>{"tokai"});
  EXPECT_EQ(Found(SupplierIdentifier::kCompanyName, "KANTO SEIMITSU"),
            std::vector<std::string>{"kanto"});
  EXPECT_TRUE(Found(SupplierIdentifier::kLei, "5493001KJTIIGC8Y1R13").empty());
  EXPECT_EQ(store_->FindSuppliers(kTenant, SupplierIdentifier::kCompanyName, " \u3000 ", {})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  // Another tenant finds nothing.
  auto other = store_->FindSuppliers("other", SupplierIdentifier::kLei, "5493001KJTIIGC8Y1R12", {});
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->items.empty());
  // Pages of one.
  auto first =
      store_->FindSuppliers(kTenant, SupplierIdentifier::kDomain, "example.jp", PageRequest{1, ""});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 1u);
  EXPECT_FALSE(first->next_page_token.empty());
  auto second = store_->FindSuppliers(kTenant, SupplierIdentifier::kDomain, "example.jp",
                                      PageRequest{1, first->next_page_token});
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].name(), "suppliers/kanto");
}

TEST_F(PartyIndexTest, CorporateNumbersAndLeisAreUniqueWithinATenant) {
  const std::string kLei = "5493001KJTIIGC8Y1R12";
  v1::Supplier holder = MakeSupplier("it");
  holder.set_lei(kLei);
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "holder", holder, Actor("u")).ok());
  const std::string before = Digest();
  auto expect_taken = [&](const absl::Status& st, const std::string& field, const std::string& by) {
    EXPECT_EQ(st.code(), absl::StatusCode::kAlreadyExists) << st;
    EXPECT_NE(st.message().find(field), absl::string_view::npos) << st;
    EXPECT_EQ(IdentifierHolder(st).value_or(""), by) << st;
  };
  v1::Supplier copy = MakeSupplier("it");
  copy.set_corporate_number("3900100201313");
  expect_taken(store_->CreateSupplier(kTenant, "copy", copy, Actor("u")).status(),
               "corporate_number", "suppliers/kanto");
  copy.clear_corporate_number();
  copy.set_lei(kLei);
  expect_taken(store_->CreateSupplier(kTenant, "copy", copy, Actor("u")).status(), "lei",
               "suppliers/holder");
  // Two items of one batch cannot share a number either; nothing of the batch is stored.
  v1::Supplier a = MakeSupplier("it"), b = MakeSupplier("it");
  a.set_corporate_number("7010001008844");
  b.set_corporate_number("7010001008844");
  expect_taken(store_->CreateSuppliers(kTenant, {{"a", a}, {"b", b}}, Actor("u")).status(),
               "corporate_number", "suppliers/a");
  // An update may not take another's number, and is refused whole.
  auto acme = store_->GetSupplier(kTenant, "acme");
  ASSERT_TRUE(acme.ok());
  v1::Supplier taking = *acme;
  taking.set_corporate_number("3900100201313");
  expect_taken(store_->UpdateSupplier(kTenant, "acme", taking, "", Actor("u")).status(),
               "corporate_number", "suppliers/kanto");
  EXPECT_EQ(Digest(), before);
  // Another tenant may hold the same number.
  EXPECT_TRUE(store_->CreateSupplier("other", "copy", copy, Actor("u")).ok());
  // Once the holder lets it go, the number is free.
  auto kanto = store_->GetSupplier(kTenant, "kanto");
  ASSERT_TRUE(kanto.ok());
  v1::Supplier released = *kanto;
  released.clear_corporate_number();
  ASSERT_TRUE(store_->UpdateSupplier(kTenant, "kanto", released, "", Actor("u")).ok());
  EXPECT_TRUE(store_->UpdateSupplier(kTenant, "acme", taking, "", Actor("u")).ok());
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok());
}

TEST_F(PartyIndexTest, APairStoredBeforeUniquenessCanStillBeEdited) {
  // Schema 3 accepted two suppliers with one number: write the second's index entry by hand.
  v1::Supplier twin = MakeSupplier("it");
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "twin", twin, Actor("u")).ok());
  Raw([](rocksdb::DB* db, std::map<std::string, rocksdb::ColumnFamilyHandle*>& cf) {
    std::string value;
    ASSERT_TRUE(
        db->Get(rocksdb::ReadOptions(), cf[CfName(kSuppliers)], Key(kTenant, "twin"), &value).ok());
    v1::Supplier doc;
    ASSERT_TRUE(doc.ParseFromString(value));
    doc.set_corporate_number("3900100201313");
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf[CfName(kSuppliers)], Key(kTenant, "twin"),
                        doc.SerializeAsString())
                    .ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf[CfName(kIdxParty)],
                        Key(kTenant, kPartyByNumber, "3900100201313", "twin"), "")
                    .ok());
  });
  // (CheckConsistency would now report the hand edit as differing from its audited change.)
  EXPECT_EQ(Found(SupplierIdentifier::kCorporateNumber, "3900100201313"),
            (std::vector<std::string>{"kanto", "twin"}));
  auto stored = store_->GetSupplier(kTenant, "twin");
  ASSERT_TRUE(stored.ok());
  v1::Supplier renamed = *stored;
  renamed.mutable_display_name()->set_en("Twin Renamed");
  EXPECT_TRUE(store_->UpdateSupplier(kTenant, "twin", renamed, "", Actor("u")).ok());
}

TEST_F(PartyIndexTest, ConcurrentCreatesOfOneNumberStoreOne) {
  constexpr int kWriters = 8;
  std::atomic<int> created{0}, taken{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      v1::Supplier s = MakeSupplier("it");
      s.set_corporate_number("7010001008844");
      absl::Status st =
          store_->CreateSupplier(kTenant, absl::StrCat("racer", i), s, Actor("u")).status();
      if (st.ok()) ++created;
      if (absl::IsAlreadyExists(st)) ++taken;
    });
  }
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(taken.load(), kWriters - 1);
  EXPECT_EQ(Found(SupplierIdentifier::kCorporateNumber, "7010001008844").size(), 1u);
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
