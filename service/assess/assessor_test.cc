#include "service/assess/assessor.h"

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "engine/catalog/catalog.h"
#include "engine/policy/policy.h"
#include "engine/questionnaire/registry.h"
#include "gtest/gtest.h"
#include "service/assess/builtin_templates.h"
#include "service/assess/error_subject.h"
#include "service/assess/model_cache.h"
#include "service/assess/template_source.h"
#include "service/assess/test_store.h"

namespace supplyrisk::assess {
namespace {

constexpr absl::string_view kTenant = "t1";
constexpr absl::string_view kActor = "token:test:admin";

class AssessorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::OpenScratchStore("assessor");
    ASSERT_TRUE(LoadBuiltinTemplates(&registry_).ok());
    templates_ = std::make_unique<TemplateSource>(&registry_, store_.get());
    AssessorDeps deps;
    deps.store = store_.get();
    deps.catalog = &catalog::BuiltinCatalog();
    deps.templates = templates_.get();
    deps.policy = &policy::DefaultPolicy();
    deps.models = &models_;
    deps.clock = [] { return absl::FromUnixSeconds(1798761600); };  // 2027-01-01
    assessor_ = std::make_unique<Assessor>(std::move(deps));

    v1::Supplier supplier;
    supplier.mutable_display_name()->set_en("Acme");
    ASSERT_TRUE(store_->CreateSupplier(kTenant, "acme", supplier, {std::string(kActor)}).ok());
  }

  void SubmitResponse(const std::string& template_id, int revision) {
    v1::Response r;
    r.set_template_id(template_id);
    r.set_template_revision(revision);
    r.set_state(v1::RESPONSE_STATE_SUBMITTED);
    r.mutable_submitted_at()->set_seconds(1790000000);
    v1::Answer* a = r.add_answers();
    a->set_question_id("bc.plan");
    a->set_yes_no(v1::YES_NO_YES);
    a->mutable_answered_at()->set_seconds(1790000000);
    ASSERT_TRUE(store_->CreateResponse(kTenant, "acme", "r1", r, {std::string(kActor)}).ok());
  }

  v1::Engagement StoredEngagement() {
    v1::Engagement e;
    e.set_supplier("suppliers/acme");
    e.set_title("payroll outsourcing");
    e.set_access(v1::ACCESS_LEVEL_REMOTE);
    e.set_criticality(v1::CRITICALITY_HIGH);
    absl::StatusOr<v1::Engagement> stored =
        store_->CreateEngagement(kTenant, "payroll", e, {std::string(kActor)});
    EXPECT_TRUE(stored.ok()) << stored.status();
    return *stored;
  }

  AssessRequest Request() {
    AssessRequest r;
    r.tenant = kTenant;
    r.actor = kActor;
    r.supplier_id = "acme";
    // Most cases here score the fixture's supplier before any response; the refusal without the
    // flag has its own tests below.
    r.allow_no_response = true;
    return r;
  }

  std::unique_ptr<store::Store> store_;
  questionnaire::TemplateRegistry registry_{catalog::BuiltinCatalog()};
  std::unique_ptr<TemplateSource> templates_;
  ModelCache models_;
  std::unique_ptr<Assessor> assessor_;
};

TEST_F(AssessorTest, ScoresSupplierWithoutResponseAsUnanswered) {
  absl::StatusOr<v1::Assessment> a = assessor_->Assess(Request());
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->supplier(), "suppliers/acme");
  EXPECT_EQ(a->decision().outcome(), v1::DECISION_OUTCOME_UNSPECIFIED);
  EXPECT_FALSE(a->input_digest().empty());
  // Facts only: explanations are computed on demand (ExplainCell), never stored.
  EXPECT_TRUE(a->explanations().empty());
  EXPECT_FALSE(a->inputs().empty());
  absl::StatusOr<v1::Assessment> latest = store_->GetLatestAssessment(kTenant, "acme");
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->SerializeAsString(), a->SerializeAsString());
}

TEST_F(AssessorTest, SubmittedResponseChangesTheInputs) {
  absl::StatusOr<v1::Assessment> before = assessor_->Assess(Request());
  ASSERT_TRUE(before.ok());
  SubmitResponse("cpsf-supplier", 0 + 1);
  absl::StatusOr<v1::Assessment> after = assessor_->Assess(Request());
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_NE(after->input_digest(), before->input_digest());
  EXPECT_NE(after->name(), before->name());
}

TEST_F(AssessorTest, EngagementGivesDecision) {
  v1::Engagement e = StoredEngagement();
  AssessRequest r = Request();
  r.engagement = &e;
  absl::StatusOr<v1::Assessment> a = assessor_->Assess(r);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_NE(a->decision().outcome(), v1::DECISION_OUTCOME_UNSPECIFIED);
  EXPECT_EQ(a->decision().engagement(), "engagements/payroll");
}

TEST_F(AssessorTest, RetryWithRequestIdGetsTheFirstAssessment) {
  v1::Engagement e = StoredEngagement();
  AssessRequest r = Request();
  r.engagement = &e;
  r.request_id = "req-1";
  absl::StatusOr<v1::Assessment> first = assessor_->Assess(r);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->name(), absl::StrCat("suppliers/acme/assessments/",
                                        Assessor::AssessmentId(kTenant, "acme", "req-1")));
  r.as_of = absl::FromUnixSeconds(1798761600) + absl::Hours(1);  // a later retry
  absl::StatusOr<v1::Assessment> retry = assessor_->Assess(r);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->SerializeAsString(), first->SerializeAsString());
  auto page = store_->ListAssessments(kTenant, "acme", {100, ""});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 1u);
}

TEST_F(AssessorTest, RequestIdReusedWithOtherInputsFails) {
  v1::Engagement e = StoredEngagement();
  AssessRequest r = Request();
  r.request_id = "req-1";
  ASSERT_TRUE(assessor_->Assess(r).ok());
  r.engagement = &e;
  absl::StatusOr<v1::Assessment> reused = assessor_->Assess(r);
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kFailedPrecondition) << reused.status();
}

TEST_F(AssessorTest, IdAndDigestAreDerivedFromTheRequest) {
  EXPECT_EQ(Assessor::AssessmentId("t", "s", "r"), Assessor::AssessmentId("t", "s", "r"));
  EXPECT_NE(Assessor::AssessmentId("t", "s", "r"), Assessor::AssessmentId("u", "s", "r"));
  EXPECT_EQ(Assessor::AssessmentId("t", "s", "r").size(), 20u);
  EXPECT_NE(Assessor::AssessmentId("t", "s", ""), Assessor::AssessmentId("t", "s", ""));
  // The digest of today's stored records: SHA-256 of "s/" and no engagement.
  EXPECT_EQ(Assessor::RequestDigest("s", nullptr),
            "4feb06dcaa912f6e448a4b63540aa6055578a7e1a39e2f2902c1c35015f471bd");
}

TEST_F(AssessorTest, SameInputsAndAsOfGiveTheSameAssessmentBytes) {
  SubmitResponse("cpsf-supplier", 1);
  v1::Engagement e = StoredEngagement();
  AssessRequest r = Request();
  r.engagement = &e;
  r.as_of = absl::FromUnixSeconds(1795000000);  // after the response, before the clock
  absl::StatusOr<v1::Assessment> first = assessor_->Assess(r);
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<v1::Assessment> second = assessor_->Assess(r);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->SerializeAsString(), first->SerializeAsString());
  EXPECT_EQ(first->name(),
            absl::StrCat("suppliers/acme/assessments/",
                         Assessor::ContentAssessmentId(kTenant, "acme", first->input_digest(),
                                                       "engagements/payroll")));
  auto page = store_->ListAssessments(kTenant, "acme", {100, ""});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 1u);
  // Another as_of with the same facts confirms that assessment rather than storing another.
  r.as_of = absl::FromUnixSeconds(1795000001);
  absl::StatusOr<v1::Assessment> later = assessor_->Assess(r);
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_EQ(later->name(), first->name());
  EXPECT_EQ(later->confirm_time().seconds(), 1795000001);
}

TEST_F(AssessorTest, ResponseSubmittedAfterAsOfIsIgnored) {
  SubmitResponse("cpsf-supplier", 1);  // submitted at 1790000000
  AssessRequest r = Request();
  r.as_of = absl::FromUnixSeconds(1789999999);
  absl::StatusOr<v1::Assessment> before = assessor_->Assess(r);
  ASSERT_TRUE(before.ok()) << before.status();
  r.as_of = absl::FromUnixSeconds(1790000000);
  absl::StatusOr<v1::Assessment> at = assessor_->Assess(r);
  ASSERT_TRUE(at.ok()) << at.status();
  // Before the submission nothing was answered: the empty response of the default questionnaire.
  EXPECT_NE(before->input_digest(), at->input_digest());
  EXPECT_LE(before->questionnaire_score(), at->questionnaire_score());
  EXPECT_LT(before->confidence(), at->confidence());
}

TEST_F(AssessorTest, MissingSupplierIsNotFoundNamingIt) {
  AssessRequest r = Request();
  r.supplier_id = "nope";
  absl::StatusOr<v1::Assessment> a = assessor_->Assess(r);
  EXPECT_EQ(a.status().code(), absl::StatusCode::kNotFound);
  std::optional<ErrorSubject> subject = SubjectOf(a.status());
  ASSERT_TRUE(subject.has_value());
  EXPECT_EQ(subject->resource_type, "supplier");
  EXPECT_EQ(subject->name, "suppliers/nope");
}

TEST_F(AssessorTest, SameIdentityServesTheSamePreparedModel) {
  ASSERT_TRUE(assessor_->Assess(Request()).ok());
  ASSERT_TRUE(assessor_->Assess(Request()).ok());
  EXPECT_EQ(models_.size(), 1u);
  absl::StatusOr<TemplateRef> t = templates_->Find(kTenant, kDefaultQuestionnaire, 0);
  ASSERT_TRUE(t.ok());
  ModelSpec spec;
  spec.catalog = &catalog::BuiltinCatalog();
  spec.questionnaire = *t;
  spec.readiness = templates_->readiness_profiles();
  spec.policy = &policy::DefaultPolicy();
  auto first = models_.Get(spec);
  auto second = models_.Get(spec);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->get(), second->get());
  EXPECT_EQ(models_.size(), 1u);
}

TEST_F(AssessorTest, RewrittenDraftRevisionIsNotServedAStaleModel) {
  v1::Template draft = *registry_.LatestPublished(kDefaultQuestionnaire);
  draft.set_id("acme-questionnaire");
  draft.set_revision(1);
  draft.set_state(v1::TEMPLATE_STATE_DRAFT);
  ASSERT_TRUE(store_->CreateTemplate(kTenant, draft, {std::string(kActor)}).ok());
  SubmitResponse("acme-questionnaire", 1);
  absl::StatusOr<v1::Assessment> first = assessor_->Assess(Request());
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<TemplateRef> before = templates_->Find(kTenant, "acme-questionnaire", 1);
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(before->draft_digest.empty());

  // The draft is rewritten under the same id and revision: a question fewer.
  v1::Section* section = draft.mutable_sections(0);
  section->mutable_questions()->RemoveLast();
  ASSERT_TRUE(store_->UpdateTemplate(kTenant, draft, {std::string(kActor)}).ok());
  absl::StatusOr<TemplateRef> after = templates_->Find(kTenant, "acme-questionnaire", 1);
  ASSERT_TRUE(after.ok());
  EXPECT_NE(after->draft_digest, before->draft_digest);
  absl::StatusOr<v1::Assessment> second = assessor_->Assess(Request());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(models_.size(), 2u);
}

TEST_F(AssessorTest, TenantTemplateIsKeyedApartFromBuiltin) {
  absl::StatusOr<TemplateRef> builtin = templates_->Find(kTenant, kDefaultQuestionnaire, 0);
  ASSERT_TRUE(builtin.ok());
  ModelSpec spec;
  spec.catalog = &catalog::BuiltinCatalog();
  spec.questionnaire = *builtin;
  spec.policy = &policy::DefaultPolicy();
  ModelSpec tenant = spec;
  tenant.questionnaire.scope = "t1";
  EXPECT_NE(ModelCache::KeyOf(spec), ModelCache::KeyOf(tenant));
}

TEST(ModelCacheTest, StaysBounded) {
  questionnaire::TemplateRegistry registry(catalog::BuiltinCatalog());
  ASSERT_TRUE(LoadBuiltinTemplates(&registry).ok());
  ModelCache cache(/*capacity=*/2);
  ModelSpec spec;
  spec.catalog = &catalog::BuiltinCatalog();
  spec.questionnaire.tmpl = registry.LatestPublished(kDefaultQuestionnaire);
  spec.policy = &policy::DefaultPolicy();
  for (const char* scope : {"a", "b", "c", "d", "e"}) {
    spec.questionnaire.scope = scope;
    ASSERT_TRUE(cache.Get(spec).ok());
    EXPECT_LE(cache.size(), 2u);
  }
}

TEST_F(AssessorTest, NoSubmittedResponseIsRefusedAndStoresNothing) {
  AssessRequest r = Request();
  r.allow_no_response = false;
  absl::StatusOr<v1::Assessment> a = assessor_->Assess(r);
  ASSERT_EQ(a.status().code(), absl::StatusCode::kFailedPrecondition) << a.status();
  EXPECT_TRUE(absl::StrContains(a.status().message(), "no submitted response to score"));
  std::optional<ErrorSubject> subject = SubjectOf(a.status());
  ASSERT_TRUE(subject.has_value());
  EXPECT_EQ(subject->precondition, "RESPONSE");
  EXPECT_EQ(subject->name, "suppliers/acme");
  auto page = store_->ListAssessments(kTenant, "acme", {100, ""});
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->items.empty());
  EXPECT_EQ(assessor_->scores(), 0);
}

TEST_F(AssessorTest, ResponseSubmittedAfterAsOfDoesNotCount) {
  SubmitResponse("cpsf-supplier", 1);  // submitted at 1790000000
  AssessRequest r = Request();
  r.allow_no_response = false;
  r.as_of = absl::FromUnixSeconds(1789999999);
  absl::StatusOr<v1::Assessment> before = assessor_->Assess(r);
  EXPECT_EQ(before.status().code(), absl::StatusCode::kFailedPrecondition) << before.status();
  r.as_of = absl::FromUnixSeconds(1790000000);
  absl::StatusOr<v1::Assessment> at = assessor_->Assess(r);
  EXPECT_TRUE(at.ok()) << at.status();
}

TEST_F(AssessorTest, UnsubmittedResponseIsNoResponse) {
  v1::Response draft;
  draft.set_template_id("cpsf-supplier");
  draft.set_template_revision(1);
  draft.set_state(v1::RESPONSE_STATE_IN_PROGRESS);
  ASSERT_TRUE(store_->CreateResponse(kTenant, "acme", "d1", draft, {std::string(kActor)}).ok());
  AssessRequest r = Request();
  r.allow_no_response = false;
  EXPECT_EQ(assessor_->Assess(r).status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace supplyrisk::assess
