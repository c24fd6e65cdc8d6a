// Batch rescoring: totals, resume after a crash without duplicate history, cancellation, and a
// dirty-only run that scores exactly the suppliers whose inputs or chains changed.
#include "service/jobs/rescorer.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/policy/policy.h"
#include "gtest/gtest.h"
#include "service/assess/assessor.h"
#include "service/assess/test_assessor.h"
#include "service/assess/test_store.h"

namespace supplyrisk::jobs {
namespace {

namespace v1 = ::supplyrisk::v1;

constexpr absl::string_view kTenant = "t1";
constexpr absl::string_view kActor = "token:ops:admin";
const absl::Time kStart = absl::FromUnixSeconds(1798761600);  // 2027-01-01
constexpr int kSuppliers = 40;

std::string Sid(int i) { return absl::StrCat("s", i); }

class RescorerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = assess::testing::OpenScratchStore("rescore");
    scoring_ =
        std::make_unique<assess::testing::TestAssessor>(store_.get(), [this] { return now_; });
    for (int i = 0; i < kSuppliers; ++i) {
      v1::Supplier s;
      s.mutable_display_name()->set_en(absl::StrCat("Supplier ", i));
      s.add_domains(absl::StrCat("s", i, ".example.jp"));
      ASSERT_TRUE(store_->CreateSupplier(kTenant, Sid(i), s, Ctx()).ok());
      // Every supplier but the last has answered; the last is reported as not scored. s7 answered
      // long ago: its answers pass their validity a day after kStart.
      const int validity = policy::DefaultPolicy().default_validity_days();
      if (i + 1 < kSuppliers) {
        Answer(i, kStart - absl::Hours(24 * (i == 7 ? validity : 10)));
      }
    }
  }

  store::MutationContext Ctx() { return {std::string(kActor)}; }

  // A submitted response of the default questionnaire, answered at `when`, its yes answers
  // varying with i so that suppliers differ.
  void Answer(int i, absl::Time when) {
    v1::Response r;
    r.set_template_id("cpsf-supplier");
    r.set_template_revision(1);
    r.set_state(v1::RESPONSE_STATE_SUBMITTED);
    r.mutable_submitted_at()->set_seconds(absl::ToUnixSeconds(when));
    const char* questions[] = {"bc.plan", "gv.security_lead", "gv.budget"};
    for (int q = 0; q < 3; ++q) {
      v1::Answer* a = r.add_answers();
      a->set_question_id(questions[q]);
      a->set_yes_no(((i >> q) & 1) != 0 ? v1::YES_NO_NO : v1::YES_NO_YES);
    }
    ASSERT_TRUE(
        store_->CreateResponse(kTenant, Sid(i), absl::StrCat("r", responses_++), r, Ctx()).ok());
  }

  void Signal(int i, const std::string& issue, int64_t resolved = 0) {
    v1::Signal s;
    s.set_factor(v1::FACTOR_DNS_HEALTH);
    s.set_issue_type(issue);
    s.set_severity(v1::SEVERITY_HIGH);
    s.set_asset(absl::StrCat("s", i, ".example.jp"));
    s.mutable_observed_at()->set_seconds(absl::ToUnixSeconds(now_) - 3600);
    if (resolved) s.mutable_resolved_at()->set_seconds(resolved);
    ASSERT_TRUE(store_->ImportSignals(kTenant, Sid(i), {s}, Ctx()).ok());
  }

  void Subcontract(const std::string& rel, int from, int to) {
    v1::Relationship r;
    r.set_from_supplier(absl::StrCat("suppliers/", Sid(from)));
    r.set_to_supplier(absl::StrCat("suppliers/", Sid(to)));
    r.set_access(v1::ACCESS_LEVEL_REMOTE);
    ASSERT_TRUE(store_->CreateRelationship(kTenant, rel, r, Ctx()).ok());
  }

  RescorerOptions Options() {
    RescorerOptions o;
    o.page_size = 7;
    o.threads = 3;
    o.clock = [this] { return now_; };
    return o;
  }

  RescoreState RunJob(const std::string& id, const RescoreSpec& spec) {
    Rescorer rescorer(store_.get(), &scoring_->assessor(), Options());
    EXPECT_TRUE(rescorer.Start(kTenant, kActor, spec, id).ok());
    absl::Status st = rescorer.Run(kTenant, kActor, id);
    EXPECT_TRUE(st.ok()) << st;
    return State(id);
  }

  RescoreState State(const std::string& id) {
    absl::StatusOr<v1::Job> job = store_->GetJob(kTenant, id);
    EXPECT_TRUE(job.ok()) << job.status();
    absl::StatusOr<RescoreState> state = Rescorer::StateOf(*job);
    EXPECT_TRUE(state.ok()) << state.status();
    return state.ok() ? *state : RescoreState();
  }

  int64_t Versions() {
    int64_t n = 0;
    for (int i = 0; i < kSuppliers; ++i) {
      n += store_->GetSupplierSummary(kTenant, Sid(i))->assessment_count();
    }
    return n;
  }

  std::set<std::string> Dirty() {
    store::SupplierQuery q;
    q.index = store::SupplierIndex::kDirty;
    std::set<std::string> out;
    auto page = store_->ListSuppliers(kTenant, q, {1000, ""});
    EXPECT_TRUE(page.ok());
    for (const auto& r : page->items) out.insert(r.supplier.name());
    return out;
  }

  absl::Time now_ = kStart;
  int responses_ = 0;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<assess::testing::TestAssessor> scoring_;
  RescoreState kept_;
};

TEST_F(RescorerTest, AFullRunScoresEveryoneAndASecondOneConfirms) {
  RescoreState first = RunJob("full-1", RescoreSpec());
  EXPECT_TRUE(first.finished());
  EXPECT_EQ(first.total(), kSuppliers);
  EXPECT_EQ(first.done(), kSuppliers);
  EXPECT_EQ(first.changed(), kSuppliers - 1);
  EXPECT_EQ(first.not_scored(), 1);
  EXPECT_EQ(first.failed(), 0) << first.error_samples(0);
  EXPECT_EQ(first.grade_changes_total(), kSuppliers - 1) << "first grades are changes from none";
  EXPECT_EQ(store_->GetJob(kTenant, "full-1")->state(), v1::JOB_STATE_SUCCEEDED);
  EXPECT_TRUE(Dirty().empty()) << "each mark was cleared by the assessment that read it";

  now_ += absl::Hours(1);
  RescoreState second = RunJob("full-2", RescoreSpec());
  EXPECT_EQ(second.unchanged(), kSuppliers - 1);
  EXPECT_EQ(second.changed(), 0);
  EXPECT_EQ(second.grade_changes_total(), 0);
  EXPECT_EQ(Versions(), kSuppliers - 1);
}

TEST_F(RescorerTest, AResumedJobFinishesWithExactTotalsAndNoDuplicateVersions) {
  // An uninterrupted run in a twin: the figures the resumed one must reproduce.
  Rescorer rescorer(store_.get(), &scoring_->assessor(), [&] {
    RescorerOptions o = Options();
    // Keep the state after page 2, then die after page 4: the state written after pages 3 and 4
    // is lost, as if the process died before those checkpoints reached the disk.
    o.after_page = [this](const RescoreState& s) {
      if (s.done() == 14) kept_ = s;
      return s.done() < 28;
    };
    return o;
  }());
  ASSERT_TRUE(rescorer.Start(kTenant, kActor, RescoreSpec(), "crash").ok());
  ASSERT_TRUE(rescorer.Run(kTenant, kActor, "crash").ok());
  absl::StatusOr<v1::Job> job = store_->GetJob(kTenant, "crash");
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state(), v1::JOB_STATE_RUNNING);
  v1::Job rolled_back = *job;
  rolled_back.set_result(kept_.SerializeAsString());
  ASSERT_TRUE(store_->UpdateJob(kTenant, "crash", rolled_back, job->etag(), Ctx()).ok());
  const int64_t versions_before_resume = Versions();
  EXPECT_GT(versions_before_resume, 14) << "pages 3 and 4 were stored before the crash";

  now_ += absl::Minutes(5);  // the restart happens later; the job keeps its as_of
  Rescorer restarted(store_.get(), &scoring_->assessor(), Options());
  ASSERT_TRUE(restarted.Run(kTenant, kActor, "crash").ok());
  RescoreState s = State("crash");
  EXPECT_TRUE(s.finished());
  EXPECT_EQ(s.total(), kSuppliers);
  EXPECT_EQ(s.done(), kSuppliers);
  EXPECT_EQ(s.changed(), kSuppliers - 1);
  EXPECT_EQ(s.unchanged(), 0);
  EXPECT_EQ(s.not_scored(), 1);
  EXPECT_EQ(s.grade_changes_total(), kSuppliers - 1);
  EXPECT_EQ(Versions(), kSuppliers - 1) << "the re-scored pages found their first versions";
  EXPECT_EQ(store_->GetJob(kTenant, "crash")->state(), v1::JOB_STATE_SUCCEEDED);
  EXPECT_FALSE(restarted.Run(kTenant, kActor, "crash").ok()) << "an ended job does not run again";
}

TEST_F(RescorerTest, ACancelledJobStopsAtTheNextPage) {
  Rescorer rescorer(store_.get(), &scoring_->assessor(), [&] {
    RescorerOptions o = Options();
    o.after_page = [this](const RescoreState& s) {
      if (s.done() == 7) {
        absl::StatusOr<v1::Job> job = store_->GetJob(kTenant, "cancel");
        v1::Job cancelled = *job;
        cancelled.set_state(v1::JOB_STATE_CANCELLED);
        EXPECT_TRUE(store_->UpdateJob(kTenant, "cancel", cancelled, job->etag(), Ctx()).ok());
      }
      return true;
    };
    return o;
  }());
  ASSERT_TRUE(rescorer.Start(kTenant, kActor, RescoreSpec(), "cancel").ok());
  ASSERT_TRUE(rescorer.Run(kTenant, kActor, "cancel").ok());
  EXPECT_EQ(store_->GetJob(kTenant, "cancel")->state(), v1::JOB_STATE_CANCELLED);
  EXPECT_LE(Versions(), 14);
}

TEST_F(RescorerTest, DirtyOnlyScoresExactlyTheChangedSuppliersAndTheirContractors) {
  Subcontract("r-up", 20, 3);    // s20 contracts out to s3
  Subcontract("r-up2", 21, 20);  // and s21 to s20
  RescoreState full = RunJob("full", RescoreSpec());
  ASSERT_EQ(full.failed(), 0);
  ASSERT_TRUE(Dirty().empty());

  now_ += absl::Hours(48);
  Signal(3, "spf_missing");     // a new finding on s3
  Subcontract("r-new", 10, 5);  // s10 takes on a subcontractor
  RescoreSpec dirty;
  dirty.set_dirty_only(true);
  RescoreState s = RunJob("dirty", dirty);
  std::set<std::string> targets(s.targets().begin(), s.targets().end());
  EXPECT_EQ(targets, (std::set<std::string>{"s3", "s20", "s21", "s10", "s7"}));
  EXPECT_EQ(s.total(), 5);
  EXPECT_EQ(s.done(), 5);
  EXPECT_EQ(s.failed(), 0);
  EXPECT_GE(s.changed(), 2) << "s3's finding and s7's staleness move their scores";
  EXPECT_EQ(s.changed() + s.unchanged(), 5);
  EXPECT_TRUE(Dirty().empty());

  // Nothing changed since: nothing to do.
  now_ += absl::Minutes(1);
  RescoreState idle = RunJob("idle", dirty);
  EXPECT_EQ(idle.total(), 0);
  EXPECT_TRUE(idle.finished());
}

TEST_F(RescorerTest, ADryRunReportsWhatTheRealRunThenDoesAndStoresNothing) {
  ASSERT_EQ(RunJob("full", RescoreSpec()).failed(), 0);
  now_ += absl::Hours(1);
  for (int i : {2, 5, 11}) Signal(i, "spf_missing");
  const std::set<std::string> dirty_before = Dirty();
  const int64_t versions_before = Versions();
  RescoreSpec dry;
  dry.set_dry_run(true);
  RescoreState projected = RunJob("dry", dry);
  EXPECT_EQ(Versions(), versions_before) << "a dry run stores no assessment";
  EXPECT_EQ(Dirty(), dirty_before) << "nor clears a mark";
  EXPECT_EQ(projected.changed(), 3);

  RescoreState real = RunJob("real", RescoreSpec());
  EXPECT_EQ(real.changed(), projected.changed());
  EXPECT_EQ(real.unchanged(), projected.unchanged());
  EXPECT_EQ(real.not_scored(), projected.not_scored());
  EXPECT_EQ(real.grade_changes_total(), projected.grade_changes_total());
  ASSERT_EQ(real.grade_changes_size(), projected.grade_changes_size());
  for (int i = 0; i < real.grade_changes_size(); ++i) {
    EXPECT_EQ(real.grade_changes(i).SerializeAsString(),
              projected.grade_changes(i).SerializeAsString());
  }
  EXPECT_EQ(Versions(), versions_before + 3);
}

TEST_F(RescorerTest, ADryRunUnderAnotherPolicyProjectsItsGradesAndStoresNothing) {
  ASSERT_EQ(RunJob("full", RescoreSpec()).failed(), 0);
  // Another policy, lenient to the point of folly: every band opens just above 0, so nearly every
  // score earns the first band's grade.
  v1::ScoringPolicy other = policy::DefaultPolicy();
  other.set_version("lenient-1");
  const std::string top = other.grade_bands(0).grade();
  const int bands = other.grade_bands_size();
  for (int i = 0; i < bands; ++i)
    other.mutable_grade_bands(i)->set_min_score(0.01 * (bands - 1 - i));
  RescoreSpec dry;
  dry.set_dry_run(true);
  dry.set_policy(other.SerializeAsString());
  const int64_t versions_before = Versions();
  now_ += absl::Hours(1);
  RescoreState projected = RunJob("other", dry);
  ASSERT_EQ(projected.failed(), 0) << projected.error_samples(0);
  EXPECT_EQ(Versions(), versions_before);
  EXPECT_GT(projected.grade_changes_total(), 0);
  int to_top = 0;
  for (const GradeChange& g : projected.grade_changes()) to_top += g.to_grade() == top ? 1 : 0;
  EXPECT_GT(to_top, 0);
  EXPECT_EQ(projected.changed(), kSuppliers - 1) << "another model: no facts are the same";
  // A real run under another policy is refused: the server adopts no other policy.
  RescoreSpec real = dry;
  real.set_dry_run(false);
  Rescorer rescorer(store_.get(), &scoring_->assessor(), Options());
  ASSERT_TRUE(rescorer.Start(kTenant, kActor, real, "adopt").ok());
  EXPECT_EQ(rescorer.Run(kTenant, kActor, "adopt").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->GetJob(kTenant, "adopt")->state(), v1::JOB_STATE_FAILED);
  EXPECT_EQ(Versions(), versions_before);
}

}  // namespace
}  // namespace supplyrisk::jobs
