#include "service/assess/template_source.h"

#include "engine/catalog/catalog.h"
#include "gtest/gtest.h"
#include "service/assess/builtin_templates.h"
#include "service/assess/error_subject.h"
#include "service/assess/test_store.h"

namespace supplyrisk::assess {
namespace {

class TemplateSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::OpenScratchStore("templates");
    ASSERT_TRUE(LoadBuiltinTemplates(&registry_).ok());
    source_ = std::make_unique<TemplateSource>(&registry_, store_.get());
  }

  void CreateTenantRevision(int revision, v1::TemplateState state) {
    v1::Template t = *registry_.LatestPublished("cpsf-supplier");
    t.set_id("own");
    t.set_revision(revision);
    t.set_state(state);
    ASSERT_TRUE(store_->CreateTemplate("t1", t, {"token:test:admin"}).ok());
  }

  std::unique_ptr<store::Store> store_;
  questionnaire::TemplateRegistry registry_{catalog::BuiltinCatalog()};
  std::unique_ptr<TemplateSource> source_;
};

TEST_F(TemplateSourceTest, BuiltinIsServedWithoutACopy) {
  absl::StatusOr<TemplateRef> t = source_->Find("t1", "cpsf-supplier", 0);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->tmpl, registry_.LatestPublished("cpsf-supplier"));
  EXPECT_EQ(t->owned, nullptr);
  EXPECT_TRUE(t->scope.empty());
  EXPECT_TRUE(t->draft_digest.empty());
  EXPECT_TRUE(source_->IsBuiltin("cpsf-supplier"));
}

TEST_F(TemplateSourceTest, ReadinessProfilesLowestStarFirst) {
  const auto& profiles = source_->readiness_profiles();
  ASSERT_FALSE(profiles.empty());
  for (size_t i = 1; i < profiles.size(); ++i) {
    EXPECT_LT(profiles[i - 1]->readiness().star(), profiles[i]->readiness().star());
  }
}

TEST_F(TemplateSourceTest, MissingRevisionIsNotFoundNamingIt) {
  absl::StatusOr<TemplateRef> t = source_->Find("t1", "cpsf-supplier", 99);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(SubjectOf(t.status()).has_value());
  EXPECT_EQ(SubjectOf(t.status())->name, "templates/cpsf-supplier@99");
  t = source_->Find("t1", "absent", 0);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(SubjectOf(t.status())->name, "templates/absent");
}

TEST_F(TemplateSourceTest, TenantTemplates) {
  CreateTenantRevision(1, v1::TEMPLATE_STATE_DRAFT);
  absl::StatusOr<TemplateRef> latest = source_->Find("t1", "own", 0);
  EXPECT_EQ(latest.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(SubjectOf(latest.status())->precondition, "TEMPLATE_STATE");

  absl::StatusOr<TemplateRef> draft = source_->Find("t1", "own", 1);
  ASSERT_TRUE(draft.ok());
  EXPECT_EQ(draft->scope, "t1");
  EXPECT_FALSE(draft->draft_digest.empty());
  // Another tenant does not see it.
  EXPECT_EQ(source_->Find("t2", "own", 1).status().code(), absl::StatusCode::kNotFound);

  CreateTenantRevision(2, v1::TEMPLATE_STATE_PUBLISHED);
  CreateTenantRevision(3, v1::TEMPLATE_STATE_DRAFT);
  latest = source_->Find("t1", "own", 0);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ((*latest)->revision(), 2);
  EXPECT_TRUE(latest->draft_digest.empty());  // published: immutable
}

}  // namespace
}  // namespace supplyrisk::assess
