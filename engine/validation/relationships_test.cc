#include "engine/validation/relationships.h"

#include <limits>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace supplyrisk::validation {
namespace {

const TimeLimits kLimits{absl::FromUnixSeconds(1'800'000'000), absl::Minutes(5)};

v1::Relationship Valid() {
  v1::Relationship r;
  r.set_from_supplier("suppliers/acme");
  r.set_to_supplier("suppliers/cloudco");
  r.add_services("hosting");
  r.add_data_classes(v1::DATA_CLASS_PERSONAL);
  r.set_access(v1::ACCESS_LEVEL_NONE);
  r.set_source(v1::RELATIONSHIP_SOURCE_DECLARED);
  r.add_dependency_classes(v1::DEPENDENCY_CLASS_CLOUD);
  return r;
}

std::vector<std::string> Fields(const v1::Relationship& r) {
  Violations v;
  ValidateRelationship("relationship", r, RelationshipUse::kWrite, kLimits, &v);
  std::vector<std::string> fields;
  for (const auto& x : v.violations()) fields.push_back(x.field);
  return fields;
}

using Fieldset = std::vector<std::string>;

TEST(ValidateRelationshipTest, AValidRelationshipPasses) {
  EXPECT_EQ(Fields(Valid()), Fieldset{});
  v1::Relationship party = Valid();
  party.clear_to_supplier();
  party.set_party_name("株式会社クラウドワークス");
  party.set_party_corporate_number("");
  EXPECT_EQ(Fields(party), Fieldset{});
}

TEST(ValidateRelationshipTest, EachProblemNamesItsField) {
  struct Case {
    const char* what;
    void (*mutate)(v1::Relationship*);
    const char* field;
  };
  const Case cases[] = {
      {"no contractor", [](v1::Relationship* r) { r->clear_from_supplier(); },
       "relationship.from_supplier"},
      {"contractor not a supplier name",
       [](v1::Relationship* r) { r->set_from_supplier("engagements/x"); },
       "relationship.from_supplier"},
      {"to itself", [](v1::Relationship* r) { r->set_to_supplier("suppliers/acme"); },
       "relationship.to_supplier"},
      {"nobody receives", [](v1::Relationship* r) { r->clear_to_supplier(); },
       "relationship.to_supplier"},
      {"both supplier and party", [](v1::Relationship* r) { r->set_party_name("Other KK"); },
       "relationship.party_name"},
      {"a party of blanks and punctuation",
       [](v1::Relationship* r) {
         r->clear_to_supplier();
         r->set_party_name("　・、 ");
       },
       "relationship.party_name"},
      {"a party name with a bidi override",
       [](v1::Relationship* r) {
         r->clear_to_supplier();
         r->set_party_name("Evil\u202eoC");
       },
       "relationship.party_name"},
      {"a bad corporate number",
       [](v1::Relationship* r) {
         r->clear_to_supplier();
         r->set_party_name("Other KK");
         r->set_party_corporate_number("1234567890123");
       },
       "relationship.party_corporate_number"},
      {"empty service", [](v1::Relationship* r) { r->add_services(" "); },
       "relationship.services[1]"},
      {"service twice", [](v1::Relationship* r) { r->add_services("hosting"); },
       "relationship.services[1]"},
      {"too many services",
       [](v1::Relationship* r) {
         for (int i = 0; i < kMaxRelationshipServices; ++i) r->add_services(std::to_string(i));
       },
       "relationship.services"},
      {"unknown data class", [](v1::Relationship* r) { r->add_data_classes(v1::DataClass(99)); },
       "relationship.data_classes[1]"},
      {"data class twice",
       [](v1::Relationship* r) { r->add_data_classes(v1::DATA_CLASS_PERSONAL); },
       "relationship.data_classes[1]"},
      {"access unset", [](v1::Relationship* r) { r->clear_access(); }, "relationship.access"},
      {"unknown access", [](v1::Relationship* r) { r->set_access(v1::AccessLevel(42)); },
       "relationship.access"},
      {"dependency class unset",
       [](v1::Relationship* r) { r->add_dependency_classes(v1::DEPENDENCY_CLASS_UNSPECIFIED); },
       "relationship.dependency_classes[1]"},
      {"source unset", [](v1::Relationship* r) { r->clear_source(); }, "relationship.source"},
      {"questionnaire claimed",
       [](v1::Relationship* r) { r->set_source(v1::RELATIONSHIP_SOURCE_QUESTIONNAIRE); },
       "relationship.source"},
      {"source response claimed",
       [](v1::Relationship* r) { r->set_source_response("suppliers/acme/responses/r1"); },
       "relationship.source_response"},
      {"confidence above 1", [](v1::Relationship* r) { r->set_confidence(1.5); },
       "relationship.confidence"},
      {"confidence NaN",
       [](v1::Relationship* r) { r->set_confidence(std::numeric_limits<double>::quiet_NaN()); },
       "relationship.confidence"},
      {"confidence negative", [](v1::Relationship* r) { r->set_confidence(-0.1); },
       "relationship.confidence"},
      {"ends before it starts",
       [](v1::Relationship* r) {
         r->mutable_start_time()->set_seconds(1'700'000'000);
         r->mutable_end_time()->set_seconds(1'600'000'000);
       },
       "relationship.end_time"},
      {"start time out of range",
       [](v1::Relationship* r) { r->mutable_start_time()->set_seconds(-1'000'000'000'000); },
       "relationship.start_time"},
      {"evidence from the future",
       [](v1::Relationship* r) { r->mutable_last_evidence_time()->set_seconds(1'800'001'000); },
       "relationship.last_evidence_time"},
  };
  for (const Case& c : cases) {
    v1::Relationship r = Valid();
    c.mutate(&r);
    EXPECT_EQ(Fields(r), Fieldset{c.field}) << c.what;
  }
}

TEST(ValidateRelationshipTest, EveryProblemIsReportedTogether) {
  v1::Relationship r;
  r.set_confidence(2);
  const Fieldset fields = Fields(r);
  EXPECT_EQ(fields,
            (Fieldset{"relationship.from_supplier", "relationship.to_supplier",
                      "relationship.access", "relationship.source", "relationship.confidence"}));
}

TEST(ValidateRelationshipTest, ARecordMayComeFromAQuestionnaire) {
  v1::Relationship r = Valid();
  r.set_source(v1::RELATIONSHIP_SOURCE_QUESTIONNAIRE);
  r.set_source_response("suppliers/acme/responses/r1");
  r.clear_access();
  Violations v;
  ValidateRelationship("r", r, RelationshipUse::kRecord, kLimits, &v);
  EXPECT_TRUE(v.empty()) << v.violations()[0].field;
  r.set_access(v1::AccessLevel(42));
  r.clear_from_supplier();
  ValidateRelationship("r", r, RelationshipUse::kRecord, kLimits, &v);
  ASSERT_EQ(v.violations().size(), 2u);
  EXPECT_EQ(v.violations()[0].field, "r.from_supplier");
  EXPECT_EQ(v.violations()[1].field, "r.access");
}

}  // namespace
}  // namespace supplyrisk::validation
