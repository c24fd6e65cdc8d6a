// Submitting a response turns its subcontractor answers into QUESTIONNAIRE relationships in the
// same batch, replacing the earlier ones and leaving the buyer's own declarations alone.
#include <string>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "service/store/store.h"
#include "service/store/test_util.h"

namespace supplyrisk::store {
namespace {

using ::supplyrisk::store::testing::Actor;
using ::supplyrisk::store::testing::kTenant;
using ::supplyrisk::store::testing::StoreTest;
using ::supplyrisk::v1::Relationship;
using ::supplyrisk::v1::Response;

Response Answers(const std::string& entries) {
  Response r;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
      "template_id: 'cpsf-supplier' answers { question_id: 'subs' subcontractors { " + entries +
          " } }",
      &r));
  return r;
}

class QuestionnaireTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (const char* id : {"acme", "cloudly"}) {
      v1::Supplier s = MakeSupplier("it");
      s.mutable_display_name()->set_en(id == std::string("acme") ? "ACME" : "Cloudly Inc.");
      ASSERT_TRUE(store_->CreateSupplier(kTenant, id, s, Actor("u")).ok());
    }
  }
  // Creates and submits a response of acme; returns its subcontractor relationships.
  std::vector<Relationship> Submit(const std::string& rid, const std::string& entries) {
    Response r = Answers(entries);
    auto created = store_->CreateResponse(kTenant, "acme", rid, r, Actor("u"));
    EXPECT_TRUE(created.ok()) << created.status();
    r.set_state(v1::RESPONSE_STATE_SUBMITTED);
    r.mutable_submitted_at()->set_seconds(1790000000);
    auto submitted = store_->UpdateResponse(kTenant, "acme", rid, r, created->etag(), Actor("u"));
    EXPECT_TRUE(submitted.ok()) << submitted.status();
    absl::Status consistent = store_->CheckConsistency(kTenant);
    EXPECT_TRUE(consistent.ok()) << consistent;
    return ListSubs();
  }
  std::vector<Relationship> ListSubs() {
    auto page = store_->ListSubcontractors(kTenant, "acme", PageRequest{});
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? page->items : std::vector<Relationship>{};
  }
};

TEST_F(QuestionnaireTest, SubmittedAnswersBecomeRelationshipsAndReplaceEarlierOnes) {
  Relationship declared;
  declared.set_from_supplier("suppliers/acme");
  declared.set_to_supplier("suppliers/cloudly");
  declared.add_services("email");
  declared.set_source(v1::RELATIONSHIP_SOURCE_DECLARED);
  ASSERT_TRUE(store_->CreateRelationship(kTenant, "buyer-1", declared, Actor("u")).ok());

  std::vector<Relationship> subs = Submit("r1", R"(
      entries { company_name: "Cloudly, Inc." services: "backup"
                data_classes: DATA_CLASS_CONFIDENTIAL }
      entries { company_name: "Unknown Cleaning" services: "cleaning" })");
  ASSERT_EQ(subs.size(), 3u);
  int questionnaire = 0, parties = 0;
  std::string party_id;
  for (const Relationship& r : subs) {
    if (r.source() != v1::RELATIONSHIP_SOURCE_QUESTIONNAIRE) continue;
    ++questionnaire;
    EXPECT_EQ(r.source_response(), "suppliers/acme/responses/r1");
    EXPECT_FALSE(r.etag().empty());
    if (r.to_supplier().empty()) {
      ++parties;
      party_id = r.name();
      EXPECT_EQ(r.party_name(), "Unknown Cleaning");
    } else {
      EXPECT_EQ(r.to_supplier(), "suppliers/cloudly");
      ASSERT_EQ(r.data_classes_size(), 1);
    }
  }
  EXPECT_EQ(questionnaire, 2);
  EXPECT_EQ(parties, 1);
  // The party is nobody's supplier: cloudly's contractors are the two relationships naming it.
  EXPECT_EQ(store_->ListContractors(kTenant, "cloudly", PageRequest{})->items.size(), 2u);

  // A later submission replaces the questionnaire relationships; the buyer's stays, and the
  // party keeps its id.
  subs = Submit("r2", R"(entries { company_name: "unknown cleaning" services: "cleaning" })");
  ASSERT_EQ(subs.size(), 2u);
  int kept_declared = 0;
  for (const Relationship& r : subs) {
    if (r.source() == v1::RELATIONSHIP_SOURCE_DECLARED) {
      ++kept_declared;
    } else {
      EXPECT_EQ(r.name(), party_id);
      EXPECT_EQ(r.source_response(), "suppliers/acme/responses/r2");
    }
  }
  EXPECT_EQ(kept_declared, 1);
  EXPECT_EQ(store_->ListContractors(kTenant, "cloudly", PageRequest{})->items.size(), 1u);
}

TEST_F(QuestionnaireTest, InProgressAnswersMakeNoRelationships) {
  auto created = store_->CreateResponse(
      kTenant, "acme", "r1", Answers("entries { company_name: 'Cloudly Inc.' }"), Actor("u"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(ListSubs().empty());
}

TEST_F(QuestionnaireTest, PartyRelationshipsAreValidated) {
  Relationship r;
  r.set_from_supplier("suppliers/acme");
  r.set_source(v1::RELATIONSHIP_SOURCE_DECLARED);
  auto none = store_->CreateRelationship(kTenant, "x", r, Actor("u"));
  EXPECT_EQ(none.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(none.status().message().find("to_supplier"), std::string::npos) << none.status();
  r.set_party_name(
      "Evil\xe2\x80\xae"
      "Corp");  // a bidirectional override
  auto bidi = store_->CreateRelationship(kTenant, "x", r, Actor("u"));
  EXPECT_EQ(bidi.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bidi.status().message().find("party_name"), std::string::npos) << bidi.status();
  r.set_party_name("Offshore Datacenter Ltd.");
  r.set_to_supplier("suppliers/cloudly");
  EXPECT_EQ(store_->CreateRelationship(kTenant, "x", r, Actor("u")).status().code(),
            absl::StatusCode::kInvalidArgument);
  r.clear_to_supplier();
  auto ok = store_->CreateRelationship(kTenant, "x", r, Actor("u"));
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ListSubs().size(), 1u);
  ASSERT_TRUE(store_->DeleteSupplier(kTenant, "acme", "", Actor("u")).ok());
  EXPECT_EQ(store_->GetRelationship(kTenant, "x").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok());
}

}  // namespace
}  // namespace supplyrisk::store
