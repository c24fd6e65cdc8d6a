// Unchanged rescorings are confirmations, not versions; retries are answered from the idempotency
// record before anything is read or scored, and store nothing.
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/catalog/catalog.h"
#include "engine/common/sha256.h"
#include "engine/policy/policy.h"
#include "engine/questionnaire/registry.h"
#include "gtest/gtest.h"
#include "service/assess/assessor.h"
#include "service/assess/builtin_templates.h"
#include "service/assess/error_subject.h"
#include "service/assess/model_cache.h"
#include "service/assess/template_source.h"
#include "service/assess/test_store.h"

namespace supplyrisk::assess {
namespace {

constexpr absl::string_view kTenant = "t1";
constexpr absl::string_view kActor = "token:erp:assessor";
const absl::Time kStart = absl::FromUnixSeconds(1798761600);  // 2027-01-01

class ConfirmTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::OpenScratchStore("confirm");
    ASSERT_TRUE(LoadBuiltinTemplates(&registry_).ok());
    templates_ = std::make_unique<TemplateSource>(&registry_, store_.get());
    AssessorDeps deps;
    deps.store = store_.get();
    deps.catalog = &catalog::BuiltinCatalog();
    deps.templates = templates_.get();
    deps.policy = &policy::DefaultPolicy();
    deps.models = &models_;
    deps.clock = [this] { return now_; };
    assessor_ = std::make_unique<Assessor>(std::move(deps));

    v1::Supplier supplier;
    supplier.mutable_display_name()->set_en("Acme");
    supplier.add_domains("acme.example.jp");
    ASSERT_TRUE(store_->CreateSupplier(kTenant, "acme", supplier, {std::string(kActor)}).ok());
    v1::Response r;
    r.set_template_id("cpsf-supplier");
    r.set_template_revision(1);
    r.set_state(v1::RESPONSE_STATE_SUBMITTED);
    r.mutable_submitted_at()->set_seconds(1798000000);
    for (const char* q : {"bc.plan", "gv.security_lead", "gv.budget"}) {
      v1::Answer* a = r.add_answers();
      a->set_question_id(q);
      a->set_yes_no(v1::YES_NO_YES);
      a->mutable_answered_at()->set_seconds(1798000000);
    }
    ASSERT_TRUE(store_->CreateResponse(kTenant, "acme", "r1", r, {std::string(kActor)}).ok());
    v1::Signal s;
    s.set_factor(v1::FACTOR_DNS_HEALTH);
    s.set_issue_type("spf_missing");
    s.set_severity(v1::SEVERITY_MEDIUM);
    s.set_severity(v1::SEVERITY_MEDIUM);
    s.set_asset("acme.example.jp");
    s.mutable_observed_at()->set_seconds(1798000000);
    ASSERT_TRUE(store_->ImportSignals(kTenant, "acme", {s}, {std::string(kActor)}).ok());
    v1::Engagement e;
    e.set_supplier("suppliers/acme");
    e.set_title("payroll outsourcing");
    e.set_access(v1::ACCESS_LEVEL_REMOTE);
    e.set_criticality(v1::CRITICALITY_HIGH);
    absl::StatusOr<v1::Engagement> stored =
        store_->CreateEngagement(kTenant, "payroll", e, {std::string(kActor)});
    ASSERT_TRUE(stored.ok()) << stored.status();
    engagement_ = *stored;
  }

  AssessRequest Request(absl::string_view request_id = "") {
    AssessRequest r;
    r.tenant = kTenant;
    r.actor = kActor;
    r.supplier_id = "acme";
    r.engagement = &engagement_;
    r.request_id = request_id;
    return r;
  }

  int64_t TotalBytes() {
    absl::StatusOr<std::map<std::string, int64_t>> bytes = store_->LogicalBytes();
    EXPECT_TRUE(bytes.ok()) << bytes.status();
    int64_t total = 0;
    if (bytes.ok()) {
      for (const auto& [cf, n] : *bytes) total += n;
    }
    return total;
  }

  int Versions() {
    auto page = store_->ListAssessments(kTenant, "acme", {1000, ""});
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? static_cast<int>(page->items.size()) : -1;
  }

  std::unique_ptr<store::Store> store_;
  questionnaire::TemplateRegistry registry_{catalog::BuiltinCatalog()};
  std::unique_ptr<TemplateSource> templates_;
  ModelCache models_;
  std::unique_ptr<Assessor> assessor_;
  absl::Time now_ = kStart;
  v1::Engagement engagement_;
};

TEST_F(ConfirmTest, HundredUnchangedRescoringsAreOneVersionAndConfirmations) {
  absl::StatusOr<v1::Assessment> first = assessor_->Assess(Request());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->has_confirm_time());
  ASSERT_NE(first->decision().outcome(), v1::DECISION_OUTCOME_UNSPECIFIED);
  const int64_t after_first = TotalBytes();
  const std::string version_bytes = SerializeDeterministic(*first);
  for (int i = 1; i < 100; ++i) {
    now_ = kStart + absl::Hours(i);  // rescored hourly, nothing else changes
    absl::StatusOr<v1::Assessment> again = assessor_->Assess(Request());
    ASSERT_TRUE(again.ok()) << again.status();
    ASSERT_EQ(again->name(), first->name()) << "rescoring " << i << " stored a new version";
    EXPECT_EQ(again->confirm_time().seconds(), absl::ToUnixSeconds(now_));
    // The answer is the stored version plus the time of this confirmation, nothing else.
    v1::Assessment without = *again;
    without.clear_confirm_time();
    EXPECT_EQ(SerializeDeterministic(without), version_bytes);
  }
  EXPECT_EQ(Versions(), 1);
  absl::StatusOr<store::ConfirmationStats> stats = store_->GetConfirmationStats(
      kTenant, "acme", first->name().substr(first->name().rfind('/') + 1));
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->count, 99);
  EXPECT_EQ(stats->last, kStart + absl::Hours(99));
  const double per_confirmation = static_cast<double>(TotalBytes() - after_first) / 99;
  EXPECT_GT(per_confirmation, 0);
  EXPECT_LE(per_confirmation, 200) << "bytes per confirmation";
  EXPECT_LT(per_confirmation * 50, static_cast<double>(version_bytes.size()))
      << "a confirmation should cost a small fraction of a version (" << version_bytes.size()
      << " B)";
  std::printf("version %zu B; confirmation %.1f B\n", version_bytes.size(), per_confirmation);
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok());
  // Nothing in the audit log but the setup and the one version.
  absl::StatusOr<std::vector<v1::AuditEntry>> audit = store_->ListAudit(kTenant, 0, 1000);
  ASSERT_TRUE(audit.ok());
  int creates = 0;
  for (const auto& e : *audit) creates += absl::StrContains(e.resource(), "/assessments/");
  EXPECT_EQ(creates, 1);
}

TEST_F(ConfirmTest, ChangedInputsStoreANewVersionThenConfirmIt) {
  absl::StatusOr<v1::Assessment> first = assessor_->Assess(Request());
  ASSERT_TRUE(first.ok()) << first.status();
  now_ += absl::Hours(1);
  v1::Signal s;
  s.set_factor(v1::FACTOR_DNS_HEALTH);
  s.set_issue_type("spf_missing");
  s.set_severity(v1::SEVERITY_MEDIUM);
  s.set_asset("acme.example.jp");
  s.mutable_observed_at()->set_seconds(1798000000);
  s.mutable_resolved_at()->set_seconds(absl::ToUnixSeconds(now_) - 60);
  ASSERT_TRUE(store_->ImportSignals(kTenant, "acme", {s}, {std::string(kActor)}).ok());
  absl::StatusOr<v1::Assessment> changed = assessor_->Assess(Request());
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_NE(changed->name(), first->name());
  EXPECT_FALSE(changed->has_confirm_time());
  now_ += absl::Hours(1);
  absl::StatusOr<v1::Assessment> again = assessor_->Assess(Request());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->name(), changed->name());
  EXPECT_TRUE(again->has_confirm_time());
  // Without the engagement the facts differ (no decision): a version of its own.
  AssessRequest plain = Request();
  plain.engagement = nullptr;
  now_ += absl::Hours(1);
  absl::StatusOr<v1::Assessment> undecided = assessor_->Assess(plain);
  ASSERT_TRUE(undecided.ok()) << undecided.status();
  EXPECT_NE(undecided->name(), changed->name());
  EXPECT_EQ(Versions(), 3);
}

TEST_F(ConfirmTest, BackdatedRescoringIsAVersionNotAConfirmation) {
  absl::StatusOr<v1::Assessment> first = assessor_->Assess(Request());
  ASSERT_TRUE(first.ok()) << first.status();
  AssessRequest earlier = Request();
  earlier.as_of = kStart - absl::Hours(1);
  absl::StatusOr<v1::Assessment> back = assessor_->Assess(earlier);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_NE(back->name(), first->name());
  EXPECT_FALSE(back->has_confirm_time());
  EXPECT_EQ(Versions(), 2);
}

TEST_F(ConfirmTest, RetryStoresNothingAndDoesNotScore) {
  const std::string id = "7c0e9f1a-3b2d-4e5f-8a9b-0c1d2e3f4a5b";
  absl::StatusOr<v1::Assessment> first = assessor_->Assess(Request(id));
  ASSERT_TRUE(first.ok()) << first.status();
  const int64_t bytes = TotalBytes();
  const int64_t scores = assessor_->scores();
  now_ += absl::Hours(2);  // a later retry: it would score differently if it scored
  absl::StatusOr<v1::Assessment> retry = assessor_->Assess(Request(id));
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(SerializeDeterministic(*retry), SerializeDeterministic(*first));
  EXPECT_EQ(TotalBytes(), bytes);
  EXPECT_EQ(assessor_->scores(), scores);

  // A new request that confirms; its retry answers the same confirmation, byte for byte.
  const std::string id2 = "8c0e9f1a-3b2d-4e5f-8a9b-0c1d2e3f4a5b";
  absl::StatusOr<v1::Assessment> confirming = assessor_->Assess(Request(id2));
  ASSERT_TRUE(confirming.ok()) << confirming.status();
  EXPECT_EQ(confirming->name(), first->name());
  EXPECT_EQ(confirming->confirm_time().seconds(), absl::ToUnixSeconds(now_));
  EXPECT_EQ(assessor_->scores(), scores + 1);
  const int64_t bytes2 = TotalBytes();
  // The confirmation plus its idempotency record (purged after the idempotency TTL).
  EXPECT_LE(bytes2 - bytes, 400);
  std::printf("confirmation with request_id and its idempotency record: %lld B\n",
              static_cast<long long>(bytes2 - bytes));
  now_ += absl::Hours(2);
  absl::StatusOr<v1::Assessment> retry2 = assessor_->Assess(Request(id2));
  ASSERT_TRUE(retry2.ok()) << retry2.status();
  EXPECT_EQ(SerializeDeterministic(*retry2), SerializeDeterministic(*confirming));
  EXPECT_EQ(TotalBytes(), bytes2);
  EXPECT_EQ(assessor_->scores(), scores + 1);
  EXPECT_EQ(Versions(), 1);
}

TEST_F(ConfirmTest, RequestIdReusedForAnotherRequestFailsBeforeScoring) {
  const std::string id = "9c0e9f1a-3b2d-4e5f-8a9b-0c1d2e3f4a5b";
  ASSERT_TRUE(assessor_->Assess(Request(id)).ok());
  const int64_t bytes = TotalBytes();
  const int64_t scores = assessor_->scores();
  AssessRequest other = Request(id);
  other.engagement = nullptr;
  absl::StatusOr<v1::Assessment> reused = assessor_->Assess(other);
  ASSERT_EQ(reused.status().code(), absl::StatusCode::kFailedPrecondition) << reused.status();
  EXPECT_TRUE(absl::StrContains(reused.status().message(), id)) << reused.status();
  std::optional<ErrorSubject> subject = SubjectOf(reused.status());
  ASSERT_TRUE(subject.has_value());
  EXPECT_EQ(subject->precondition, "REQUEST_ID_REUSED");
  EXPECT_EQ(subject->name, absl::StrCat("requests/", id));
  EXPECT_EQ(assessor_->scores(), scores);
  EXPECT_EQ(TotalBytes(), bytes);
}

TEST_F(ConfirmTest, ListingReadsTheStandingFromTheSummary) {
  absl::StatusOr<v1::Assessment> a = assessor_->Assess(Request());
  ASSERT_TRUE(a.ok()) << a.status();
  absl::StatusOr<store::SupplierSummary> sum = store_->GetSupplierSummary(kTenant, "acme");
  ASSERT_TRUE(sum.ok()) << sum.status();
  int best = 0;
  for (const auto& star : a->stars()) {
    if (star.met() && star.star() > best) best = star.star();
  }
  EXPECT_EQ(sum->star_ready(), best);
  EXPECT_EQ(sum->confidence(), a->confidence());
  EXPECT_EQ(sum->grade(), a->grade());
  EXPECT_EQ(sum->latest_facts_digest().size(), 64u);
}

}  // namespace
}  // namespace supplyrisk::assess
