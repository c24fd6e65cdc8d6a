#include "engine/chain/declared_subcontractors.h"

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace supplyrisk::chain {
namespace {

TEST(CompanyNameKeyTest, LegalFormsBlanksCaseAndWidthFold) {
  EXPECT_EQ(CompanyNameKey("株式会社　関東精密"), CompanyNameKey("関東精密㈱"));
  EXPECT_EQ(CompanyNameKey("関東精密（株）"), CompanyNameKey("関東精密"));
  EXPECT_EQ(CompanyNameKey("Kanto Seimitsu Co., Ltd."), "kantoseimitsu");
  EXPECT_EQ(CompanyNameKey("ＫＡＮＴＯ　Seimitsu Corp."), "kantoseimitsu");
  EXPECT_EQ(CompanyNameKey("Cloudly, Inc."), "cloudly");
  // A name that is only a legal form keeps it rather than becoming empty.
  EXPECT_EQ(CompanyNameKey("株式会社"), "株式会社");
  EXPECT_EQ(CompanyNameKey("  "), "");
  EXPECT_NE(CompanyNameKey("関東精密"), CompanyNameKey("関西精密"));
}

TEST(DeclaredRelationshipsTest, MatchedBySupplierNumberNameElseUnidentified) {
  v1::Response response;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(
        name: "suppliers/acme/responses/r1"
        submitted_at { seconds: 1790000000 }
        answers {
          question_id: "subs"
          subcontractors {
            entries {
              supplier: "suppliers/cloudly"
              services: "hosting"
              data_classes: DATA_CLASS_PERSONAL
              access: ACCESS_LEVEL_NONE
            }
            entries {
              company_name: "whatever it is called"
              corporate_number: "6900200300400"
              services: "maintenance"
              access: ACCESS_LEVEL_REMOTE
            }
            entries { company_name: "株式会社　関西印刷" services: "printing" }
            entries { company_name: "Unknown Cleaning" services: "cleaning" }
            entries {
              company_name: "Cloudly, Inc."
              services: "backup"
              data_classes: DATA_CLASS_CONFIDENTIAL
              access: ACCESS_LEVEL_NONE
            }
            entries { company_name: "ACME" }
            entries { company_name: "  " }
          }
        }
      )pb",
      &response));
  const std::vector<KnownSupplier> known = {
      {"suppliers/acme", "", {"ACME"}},
      {"suppliers/cloudly", "", {"Cloudly Inc."}},
      {"suppliers/kanto", "6900200300400", {"関東精密"}},
      {"suppliers/kansai", "", {"関西印刷㈱", "Kansai Printing"}},
  };
  const auto r = DeclaredRelationships(response, known);
  ASSERT_EQ(r.size(), 4u);
  // Sorted by target: "?unknowncleaning" before "suppliers/...".
  EXPECT_EQ(r[0].to_supplier(), "");
  EXPECT_EQ(r[0].party_name(), "Unknown Cleaning");
  EXPECT_EQ(r[1].to_supplier(), "suppliers/cloudly");
  // The two cloudly entries (by name and by supplier) are one relationship with both services.
  EXPECT_EQ(r[1].services_size(), 2);
  EXPECT_EQ(r[1].data_classes_size(), 2);
  EXPECT_EQ(r[2].to_supplier(), "suppliers/kansai");
  EXPECT_EQ(r[3].to_supplier(), "suppliers/kanto");
  EXPECT_EQ(r[3].access(), v1::ACCESS_LEVEL_REMOTE);
  for (const auto& rel : r) {
    EXPECT_EQ(rel.from_supplier(), "suppliers/acme");
    EXPECT_EQ(rel.source(), v1::RELATIONSHIP_SOURCE_QUESTIONNAIRE);
    EXPECT_EQ(rel.source_response(), "suppliers/acme/responses/r1");
    EXPECT_EQ(rel.last_evidence_time().seconds(), 1790000000);
  }
}

}  // namespace
}  // namespace supplyrisk::chain
