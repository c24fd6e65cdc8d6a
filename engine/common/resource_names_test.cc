#include "engine/common/resource_names.h"

#include "gtest/gtest.h"

namespace supplyrisk::names {
namespace {

TEST(ResourceNamesTest, Builds) {
  EXPECT_EQ(Supplier("acme"), "suppliers/acme");
  EXPECT_EQ(Response("acme", "r1"), "suppliers/acme/responses/r1");
  EXPECT_EQ(Assessment("acme", "a1"), "suppliers/acme/assessments/a1");
  EXPECT_EQ(SupplierSignals("acme"), "suppliers/acme/signals");
  EXPECT_EQ(Engagement("e1"), "engagements/e1");
  EXPECT_EQ(Relationship("r1"), "relationships/r1");
  EXPECT_EQ(Job("j1"), "jobs/j1");
  EXPECT_EQ(Template("cpsf-supplier"), "templates/cpsf-supplier");
  EXPECT_EQ(TemplateRevision("cpsf-supplier", 3), "templates/cpsf-supplier/revisions/3");
}

TEST(ResourceNamesTest, ParsesTopLevel) {
  EXPECT_EQ(ParseSupplier("suppliers/acme"), "acme");
  EXPECT_EQ(ParseTopLevel(kEngagements, "engagements/e1"), "e1");
  for (const char* bad : {"", "suppliers", "suppliers/", "suppliers/a/b", "engagements/e1",
                          "/suppliers/acme", "suppliers//acme"}) {
    EXPECT_EQ(ParseSupplier(bad), std::nullopt) << bad;
  }
}

TEST(ResourceNamesTest, ParsesSupplierChildren) {
  std::string supplier, child;
  ASSERT_TRUE(ParseSupplierChild(kAssessments, "suppliers/acme/assessments/a1", &supplier, &child));
  EXPECT_EQ(supplier, "acme");
  EXPECT_EQ(child, "a1");
  for (const char* bad : {"suppliers/acme/responses/r1", "suppliers/acme/assessments",
                          "suppliers//assessments/a1", "suppliers/acme/assessments/",
                          "suppliers/acme/assessments/a1/x", "vendors/acme/assessments/a1"}) {
    EXPECT_FALSE(ParseSupplierChild(kAssessments, bad, &supplier, &child)) << bad;
  }
}

}  // namespace
}  // namespace supplyrisk::names
