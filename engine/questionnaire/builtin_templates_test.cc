#include "engine/questionnaire/builtin_templates.h"

#include "gtest/gtest.h"

namespace supplyrisk::questionnaire {
namespace {

TEST(BuiltinTemplatesTest, LoadsQuestionnairesAndReadinessProfilesByStar) {
  TemplateRegistry registry(catalog::BuiltinCatalog());
  ASSERT_TRUE(LoadBuiltinTemplates(&registry).ok());
  EXPECT_NE(registry.LatestPublished("cpsf-supplier"), nullptr);
  std::vector<const supplyrisk::v1::Template*> profiles = ReadinessProfiles(registry);
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_EQ(profiles[0]->id(), "scs-star3");
  EXPECT_EQ(profiles[1]->id(), "scs-star4");
  EXPECT_LT(profiles[0]->readiness().star(), profiles[1]->readiness().star());
}

}  // namespace
}  // namespace supplyrisk::questionnaire
