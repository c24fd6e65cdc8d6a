#include "service/assess/replayer.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/time/time.h"
#include "engine/catalog/catalog.h"
#include "engine/policy/policy.h"
#include "engine/questionnaire/registry.h"
#include "engine/scoring/digest.h"
#include "engine/scoring/scorer.h"
#include "gtest/gtest.h"
#include "service/assess/assessor.h"
#include "service/assess/builtin_templates.h"
#include "service/assess/error_subject.h"
#include "service/assess/input_loader.h"
#include "service/assess/model_cache.h"
#include "service/assess/template_source.h"
#include "service/assess/test_store.h"

namespace supplyrisk::assess {
namespace {

constexpr absl::string_view kTenant = "t1";
constexpr absl::string_view kActor = "token:test:admin";
const absl::Time kAsOf = absl::FromUnixSeconds(1790100000);

v1::Signal MakeSignal(const std::string& id, v1::Factor factor, const std::string& issue,
                      v1::Severity severity, int64_t observed) {
  v1::Signal s;
  s.set_id(id);
  s.set_factor(factor);
  s.set_issue_type(issue);
  s.set_severity(severity);
  s.set_asset("acme.example");
  s.mutable_observed_at()->set_seconds(observed);
  return s;
}

class ReplayerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::OpenScratchStore("replayer");
    ASSERT_TRUE(LoadBuiltinTemplates(&registry_).ok());
    templates_ = std::make_unique<TemplateSource>(&registry_, store_.get());
    deps_.store = store_.get();
    deps_.catalog = &catalog::BuiltinCatalog();
    deps_.templates = templates_.get();
    deps_.policy = &policy::DefaultPolicy();
    deps_.models = &models_;
    deps_.clock = [] { return absl::FromUnixSeconds(1798761600); };
    assessor_ = std::make_unique<Assessor>(deps_);
    replayer_ = std::make_unique<Replayer>(deps_);

    v1::Supplier supplier;
    supplier.mutable_display_name()->set_en("Acme");
    supplier.mutable_profile()->set_has_website(true);
    ASSERT_TRUE(store_->CreateSupplier(kTenant, "acme", supplier, {std::string(kActor)}).ok());
    v1::Response r;
    r.set_template_id("cpsf-supplier");
    r.set_template_revision(1);
    r.set_state(v1::RESPONSE_STATE_SUBMITTED);
    r.mutable_submitted_at()->set_seconds(1790000000);
    for (const char* q : {"bc.plan", "bc.rebuild"}) {
      v1::Answer* a = r.add_answers();
      a->set_question_id(q);
      a->set_yes_no(v1::YES_NO_YES);
      a->mutable_answered_at()->set_seconds(1790000000);
    }
    absl::StatusOr<v1::Response> stored =
        store_->CreateResponse(kTenant, "acme", "r1", r, {std::string(kActor)});
    ASSERT_TRUE(stored.ok()) << stored.status();
    response_ = *stored;
    Import({MakeSignal("rdp", v1::FACTOR_NETWORK_SECURITY, "exposed_rdp", v1::SEVERITY_HIGH,
                       1789000000),
            MakeSignal("spf", v1::FACTOR_DNS_HEALTH, "spf_record_missing", v1::SEVERITY_MEDIUM,
                       1789500000)});
    v1::Engagement e;
    e.set_supplier("suppliers/acme");
    e.set_title("payroll outsourcing");
    e.set_access(v1::ACCESS_LEVEL_REMOTE);
    e.set_criticality(v1::CRITICALITY_HIGH);
    absl::StatusOr<v1::Engagement> engagement =
        store_->CreateEngagement(kTenant, "payroll", e, {std::string(kActor)});
    ASSERT_TRUE(engagement.ok()) << engagement.status();
    engagement_ = *engagement;
  }

  void Import(const std::vector<v1::Signal>& signals) {
    absl::StatusOr<store::ImportResult> imported =
        store_->ImportSignals(kTenant, "acme", signals, {std::string(kActor)});
    ASSERT_TRUE(imported.ok()) << imported.status();
  }

  v1::Assessment Assess(bool with_engagement = true) {
    AssessRequest r;
    r.tenant = kTenant;
    r.actor = kActor;
    r.supplier_id = "acme";
    r.as_of = kAsOf;
    if (with_engagement) r.engagement = &engagement_;
    absl::StatusOr<v1::Assessment> a = assessor_->Assess(r);
    EXPECT_TRUE(a.ok()) << a.status();
    return a.ok() ? *a : v1::Assessment();
  }

  ReplayReport Replay(const v1::Assessment& a) {
    const std::string id = a.name().substr(a.name().rfind('/') + 1);
    absl::StatusOr<ReplayReport> report = replayer_->Replay(kTenant, "acme", id);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *std::move(report) : ReplayReport();
  }

  static std::string Id(const v1::Assessment& a) {
    return a.name().substr(a.name().rfind('/') + 1);
  }

  std::unique_ptr<store::Store> store_;
  questionnaire::TemplateRegistry registry_{catalog::BuiltinCatalog()};
  std::unique_ptr<TemplateSource> templates_;
  ModelCache models_;
  AssessorDeps deps_;
  std::unique_ptr<Assessor> assessor_;
  std::unique_ptr<Replayer> replayer_;
  v1::Response response_;
  v1::Engagement engagement_;
};

TEST_F(ReplayerTest, StoreKeepsEachInputsDigest) {
  EXPECT_EQ(response_.digest(), scoring::ResponseDigest(response_));
  EXPECT_EQ(engagement_.digest(), scoring::EngagementDigest(engagement_));
  absl::StatusOr<v1::Supplier> supplier = store_->GetSupplier(kTenant, "acme");
  ASSERT_TRUE(supplier.ok());
  EXPECT_EQ(supplier->profile_digest(), scoring::ProfileDigest(supplier->profile()));
  absl::StatusOr<store::Page<v1::Signal>> signals = store_->ListSignals(kTenant, "acme", {}, {});
  ASSERT_TRUE(signals.ok());
  ASSERT_EQ(signals->items.size(), 2u);
  for (const auto& s : signals->items) EXPECT_EQ(s.digest(), scoring::SignalDigest(s));
  // A caller cannot choose the digest: the store computes it.
  v1::Signal forged = signals->items[0];
  forged.set_detail("changed");
  forged.set_digest(signals->items[0].digest());
  Import({forged});
  signals = store_->ListSignals(kTenant, "acme", {}, {});
  ASSERT_TRUE(signals.ok());
  EXPECT_EQ(signals->items[0].detail(), "changed");
  EXPECT_EQ(signals->items[0].digest(), scoring::SignalDigest(signals->items[0]));
  EXPECT_NE(signals->items[0].digest(), forged.digest());
}

TEST_F(ReplayerTest, AssessmentRecordsTheStoredDigests) {
  v1::Assessment a = Assess();
  ASSERT_EQ(a.inputs_size(), 6);  // profile, response, two signals, engagement, its chain
  EXPECT_EQ(a.inputs(1).name(), response_.name());
  EXPECT_EQ(a.inputs(1).revision(), response_.etag());
  EXPECT_EQ(absl::BytesToHexString(a.inputs(1).digest()), response_.digest());
  EXPECT_EQ(absl::BytesToHexString(a.inputs(4).digest()), engagement_.digest());
  EXPECT_EQ(a.inputs(5).kind(), v1::ASSESSMENT_INPUT_KIND_CHAIN);
  EXPECT_TRUE(a.explanations().empty());
}

TEST_F(ReplayerTest, UnchangedInputsReplayIdentically) {
  for (bool with_engagement : {true, false}) {
    v1::Assessment a = Assess(with_engagement);
    ReplayReport report = Replay(a);
    EXPECT_TRUE(report.identical) << report.first_difference << ": " << report.stored_value
                                  << " vs " << report.replayed_value;
    EXPECT_TRUE(report.changed_inputs.empty());
    EXPECT_EQ(report.model_version, a.model_version());
    EXPECT_EQ(SerializeDeterministic(report.replayed), SerializeDeterministic(a));
  }
}

// Inputs that did not exist at as_of do not count: a signal first observed later and a response
// submitted later leave the replay identical.
TEST_F(ReplayerTest, LaterInputsDoNotChangeThePast) {
  v1::Assessment a = Assess();
  v1::Response later = response_;
  later.clear_etag();
  later.mutable_submitted_at()->set_seconds(absl::ToUnixSeconds(kAsOf) + 100);
  ASSERT_TRUE(store_->CreateResponse(kTenant, "acme", "r2", later, {std::string(kActor)}).ok());
  ReplayReport report = Replay(a);
  EXPECT_TRUE(report.identical) << report.first_difference;
}

TEST_F(ReplayerTest, SignalResolvedLaterIsNamed) {
  v1::Assessment a = Assess();
  v1::Signal resolved =
      MakeSignal("rdp", v1::FACTOR_NETWORK_SECURITY, "exposed_rdp", v1::SEVERITY_HIGH, 1789000000);
  resolved.mutable_resolved_at()->set_seconds(absl::ToUnixSeconds(kAsOf) + 3600);
  Import({resolved});
  ReplayReport report = Replay(a);
  EXPECT_FALSE(report.identical);
  ASSERT_EQ(report.changed_inputs.size(), 1u);
  EXPECT_EQ(report.changed_inputs[0].kind(), v1::ASSESSMENT_INPUT_KIND_SIGNAL);
  EXPECT_EQ(report.changed_inputs[0].name(), "rdp");
  EXPECT_EQ(report.changed_inputs[0].change(), v1::INPUT_CHANGE_KIND_CHANGED);
  EXPECT_EQ(report.changed_inputs[0].recorded_digest(),
            absl::BytesToHexString(a.inputs(2).digest()));
  EXPECT_NE(report.changed_inputs[0].current_digest(), report.changed_inputs[0].recorded_digest());
  // The first field that differs is the input digest (field 6, before every score).
  EXPECT_EQ(report.first_difference, "input_digest");
  EXPECT_EQ(report.stored_value, "\"" + a.input_digest() + "\"");
  EXPECT_NE(report.replayed_value, report.stored_value);
}

TEST_F(ReplayerTest, NewResponseRevisionAndNewSignalAreNamed) {
  v1::Assessment a = Assess();
  v1::Response revised = response_;
  revised.mutable_answers(0)->set_yes_no(v1::YES_NO_NO);
  ASSERT_TRUE(
      store_
          ->UpdateResponse(kTenant, "acme", "r1", revised, response_.etag(), {std::string(kActor)})
          .ok());
  Import({MakeSignal("cve-1", v1::FACTOR_PATCHING_CADENCE, "unpatched_cve", v1::SEVERITY_CRITICAL,
                     1789900000)});
  ReplayReport report = Replay(a);
  EXPECT_FALSE(report.identical);
  ASSERT_EQ(report.changed_inputs.size(), 2u);
  EXPECT_EQ(report.changed_inputs[0].kind(), v1::ASSESSMENT_INPUT_KIND_RESPONSE);
  EXPECT_EQ(report.changed_inputs[0].name(), response_.name());
  EXPECT_EQ(report.changed_inputs[0].change(), v1::INPUT_CHANGE_KIND_CHANGED);
  EXPECT_EQ(report.changed_inputs[1].name(), "cve-1");
  EXPECT_EQ(report.changed_inputs[1].change(), v1::INPUT_CHANGE_KIND_ADDED);
  EXPECT_TRUE(report.changed_inputs[1].recorded_digest().empty());
}

TEST_F(ReplayerTest, DeletedEngagementIsARemovedInput) {
  v1::Assessment a = Assess();
  ASSERT_TRUE(store_->DeleteEngagement(kTenant, "payroll", "", {std::string(kActor)}).ok());
  ReplayReport report = Replay(a);
  EXPECT_FALSE(report.identical);
  // Without the engagement there is no chain to read for it either.
  ASSERT_EQ(report.changed_inputs.size(), 2u);
  EXPECT_EQ(report.changed_inputs[0].kind(), v1::ASSESSMENT_INPUT_KIND_ENGAGEMENT);
  EXPECT_EQ(report.changed_inputs[0].change(), v1::INPUT_CHANGE_KIND_REMOVED);
  EXPECT_EQ(report.changed_inputs[1].kind(), v1::ASSESSMENT_INPUT_KIND_CHAIN);
  EXPECT_EQ(report.changed_inputs[1].change(), v1::INPUT_CHANGE_KIND_REMOVED);
}

TEST_F(ReplayerTest, AnotherModelVersionIsAFailedPreconditionNamingBoth) {
  v1::Assessment a = Assess();
  a.set_model_version("engine-0/old");
  ASSERT_TRUE(store_->CreateAssessment(kTenant, "acme", "old", a, {std::string(kActor)}).ok());
  absl::StatusOr<ReplayReport> report = replayer_->Replay(kTenant, "acme", "old");
  ASSERT_EQ(report.status().code(), absl::StatusCode::kFailedPrecondition) << report.status();
  EXPECT_NE(report.status().message().find("engine-0/old"), absl::string_view::npos);
  EXPECT_NE(report.status().message().find(Assess().model_version()), absl::string_view::npos);
  EXPECT_EQ(replayer_->Explain(kTenant, "acme", "old", "overall").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// An inline engagement is stored nowhere but in the assessment, which keeps it for replay.
TEST_F(ReplayerTest, InlineEngagementIsKeptAndReplayed) {
  v1::Engagement inline_engagement = engagement_;
  inline_engagement.clear_name();
  inline_engagement.clear_etag();
  inline_engagement.set_digest(std::string(64, 'a'));  // a caller's value, never trusted
  AssessRequest r;
  r.tenant = kTenant;
  r.actor = kActor;
  r.supplier_id = "acme";
  r.as_of = kAsOf;
  r.engagement = &inline_engagement;
  absl::StatusOr<v1::Assessment> a = assessor_->Assess(r);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(a->has_inline_engagement());
  EXPECT_TRUE(a->inline_engagement().digest().empty());
  EXPECT_EQ(a->inputs(4).digest(),
            absl::HexStringToBytes(scoring::EngagementDigest(inline_engagement)));
  ReplayReport report = Replay(*a);
  EXPECT_TRUE(report.identical) << report.first_difference;
  EXPECT_TRUE(replayer_->Explain(kTenant, "acme", Id(*a), "overall").ok());
  // One made before assessments kept their inline engagement cannot be loaded again.
  v1::Assessment old = *a;
  old.clear_inline_engagement();
  ASSERT_TRUE(store_->CreateAssessment(kTenant, "acme", "old", old, {std::string(kActor)}).ok());
  absl::StatusOr<ReplayReport> refused = replayer_->Replay(kTenant, "acme", "old");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("inline engagement"), absl::string_view::npos);
}

TEST_F(ReplayerTest, MissingAssessmentIsNotFound) {
  absl::StatusOr<ReplayReport> report = replayer_->Replay(kTenant, "acme", "nope");
  EXPECT_EQ(report.status().code(), absl::StatusCode::kNotFound);
  std::optional<ErrorSubject> subject = SubjectOf(report.status());
  ASSERT_TRUE(subject.has_value());
  EXPECT_EQ(subject->name, "suppliers/acme/assessments/nope");
}

// ExplainCell's answer is what scoring with explanations gave at the time, though the stored
// assessment holds none.
TEST_F(ReplayerTest, ExplanationOnDemandIsTheOneScoringGaveAtTheTime) {
  // The inputs as they were at the time, scored with the engine directly.
  absl::StatusOr<LoadedInputs> then = LoadInputs(deps_, kTenant, "acme", kAsOf);
  ASSERT_TRUE(then.ok()) << then.status();
  const scoring::SupplierInput input = then->Input(&engagement_);
  v1::Assessment a = Assess();
  ASSERT_TRUE(a.explanations().empty());
  for (const char* target : {"overall", "cell:L1/ORGANIZATION", "cell:L3/DATA", "factor:DNS_HEALTH",
                             "factor:NETWORK_SECURITY"}) {
    absl::StatusOr<v1::Explanation> direct = scoring::Explain(*then->model->model, input, target);
    ASSERT_TRUE(direct.ok()) << target << ": " << direct.status();
    absl::StatusOr<v1::Explanation> on_demand = replayer_->Explain(kTenant, "acme", Id(a), target);
    ASSERT_TRUE(on_demand.ok()) << target << ": " << on_demand.status();
    EXPECT_EQ(SerializeDeterministic(*on_demand), SerializeDeterministic(*direct)) << target;
    EXPECT_GT(on_demand->contributions_size() + (on_demand->score() != 0), 0) << target;
  }
  // After an input changed, the stored scores are not the ones these inputs give: refused, naming
  // the input.
  v1::Signal resolved = MakeSignal("spf", v1::FACTOR_DNS_HEALTH, "spf_record_missing",
                                   v1::SEVERITY_MEDIUM, 1789500000);
  resolved.mutable_resolved_at()->set_seconds(absl::ToUnixSeconds(kAsOf) - 10);
  Import({resolved});
  absl::StatusOr<v1::Explanation> refused =
      replayer_->Explain(kTenant, "acme", Id(a), "cell:L1/ORGANIZATION");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("SIGNAL \"spf\" changed"), absl::string_view::npos)
      << refused.status();
}

}  // namespace
}  // namespace supplyrisk::assess
