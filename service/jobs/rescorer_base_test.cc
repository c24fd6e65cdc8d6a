// Dirty-only rescoring at scale: in a generated base of 10,000 suppliers with 15,000
// subcontracting relationships, one new signal, one new subcontractor and one answer passing its
// validity make a dirty-only run score exactly those three suppliers and their contractors up to
// three levels, and every supplier it leaves alone would indeed score as before.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "bench/supplier_base/supplier_base.h"
#include "gtest/gtest.h"
#include "service/assess/assessor.h"
#include "service/assess/test_assessor.h"
#include "service/assess/test_store.h"
#include "service/jobs/rescorer.h"

namespace supplyrisk::jobs {
namespace {

namespace v1 = ::supplyrisk::v1;
namespace sb = ::supplyrisk::supplier_base;

constexpr absl::string_view kActor = "token:ops:admin";
const absl::Time kStart = absl::FromUnixSeconds(1798761600);  // 2027-01-01

class RescorerBaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = assess::testing::OpenScratchStore("rescore_base");
    scoring_ =
        std::make_unique<assess::testing::TestAssessor>(store_.get(), [this] { return now_; });
    spec_.tenant = "t1";
    spec_.suppliers = 10000;
    spec_.relationships = 15000;
    spec_.seed = 20270101;
    spec_.as_of = kStart;
    const v1::Template* questionnaire =
        scoring_->registry().LatestPublished(assess::kDefaultQuestionnaire);
    ASSERT_NE(questionnaire, nullptr);
    questionnaire_ = questionnaire;
    absl::StatusOr<sb::SupplierBaseStats> stats =
        sb::WriteSupplierBase(store_.get(), *questionnaire, spec_);
    ASSERT_TRUE(stats.ok()) << stats.status();
    for (const auto& [id, r] : sb::GenerateRelationships(spec_)) {
      contractors_[r.to_supplier()].push_back(r.from_supplier());
    }
  }

  RescoreState RunJob(const std::string& id, const RescoreSpec& spec) {
    RescorerOptions o;
    o.page_size = 200;
    o.threads = 2;
    o.clock = [this] { return now_; };
    Rescorer rescorer(store_.get(), &scoring_->assessor(), o);
    EXPECT_TRUE(rescorer.Start(spec_.tenant, kActor, spec, id).ok());
    absl::Status st = rescorer.Run(spec_.tenant, kActor, id);
    EXPECT_TRUE(st.ok()) << st;
    absl::StatusOr<v1::Job> job = store_->GetJob(spec_.tenant, id);
    EXPECT_TRUE(job.ok()) << job.status();
    absl::StatusOr<RescoreState> state = Rescorer::StateOf(*job);
    EXPECT_TRUE(state.ok()) << state.status();
    return state.ok() ? *state : RescoreState();
  }

  std::set<std::string> Dirty() {
    store::SupplierQuery q;
    q.index = store::SupplierIndex::kDirty;
    std::set<std::string> out;
    auto page = store_->ListSuppliers(spec_.tenant, q, {1000, ""});
    EXPECT_TRUE(page.ok());
    for (const auto& r : page->items) out.insert(r.supplier.name());
    return out;
  }

  store::SupplierSummary Summary(const std::string& id) {
    absl::StatusOr<store::SupplierSummary> s = store_->GetSupplierSummary(spec_.tenant, id);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *s : store::SupplierSummary();
  }

  // `changed` and their contractors, theirs, up to three levels, by the generated relationships
  // (not the store's index, which the rescorer reads).
  std::set<std::string> WithContractors(std::set<std::string> changed) {
    std::vector<std::string> frontier(changed.begin(), changed.end());
    for (int depth = 0; depth < 3; ++depth) {
      std::vector<std::string> next;
      for (const std::string& name : frontier) {
        for (const std::string& up : contractors_[absl::StrCat("suppliers/", name)]) {
          const std::string id = up.substr(std::string("suppliers/").size());
          if (changed.insert(id).second) next.push_back(id);
        }
      }
      frontier = std::move(next);
    }
    return changed;
  }

  // The first supplier from `from` on that has answered.
  int64_t Answered(int64_t from) {
    for (int64_t i = from;; ++i) {
      if (sb::GenerateSupplier(spec_, *questionnaire_, i).response) return i;
    }
  }

  absl::Time now_ = kStart;
  sb::SupplierBaseSpec spec_;
  const v1::Template* questionnaire_ = nullptr;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<assess::testing::TestAssessor> scoring_;
  std::map<std::string, std::vector<std::string>> contractors_;  // supplier -> its contractors
};

TEST_F(RescorerBaseTest, DirtyOnlyScoresExactlyTheAffectedSuppliersOfTenThousand) {
  RescoreState full = RunJob("full", RescoreSpec());
  ASSERT_EQ(full.total(), spec_.suppliers);
  ASSERT_EQ(full.failed(), 0) << (full.error_samples_size() ? full.error_samples(0) : "");
  EXPECT_GT(full.not_scored(), 0) << "some generated suppliers have not answered";
  EXPECT_EQ(full.changed() + full.not_scored(), spec_.suppliers);
  EXPECT_TRUE(Dirty().empty()) << "scored or found unanswered, every mark was dropped";

  // The expiry: the supplier whose answers next pass a validity limit, alone in being due then
  // (answers carry times of day, so due times rarely tie).
  std::map<int64_t, std::vector<std::string>> due;
  for (int64_t i = 0; i < spec_.suppliers; ++i) {
    const std::string id = sb::SupplierId(i);
    const int64_t micros = Summary(id).review_due_micros();
    if (micros != 0) due[micros].push_back(id);
  }
  ASSERT_FALSE(due.empty());
  ASSERT_EQ(due.begin()->second.size(), 1u)
      << due.begin()->second[0] << " and others at " << absl::FromUnixMicros(due.begin()->first)
      << "; next " << absl::FromUnixMicros(std::next(due.begin())->first);
  const std::string expired = due.begin()->second[0];
  const absl::Time as_of = absl::FromUnixMicros(due.begin()->first);
  ASSERT_LT(as_of, kStart + absl::Hours(24)) << "signal ages move only at the next day";

  // The signal and the subcontractor, both on suppliers that have answered.
  const std::string signalled = sb::SupplierId(Answered(4321));
  const std::string contracting = sb::SupplierId(Answered(7000));
  const std::string subcontractor = sb::SupplierId(9999);
  v1::Signal signal;
  signal.set_id("new-finding");
  signal.set_factor(v1::FACTOR_NETWORK_SECURITY);
  signal.set_issue_type("exposed_rdp");
  signal.set_severity(v1::SEVERITY_CRITICAL);
  signal.set_asset(absl::StrCat(signalled, ".example.jp"));
  signal.mutable_observed_at()->set_seconds(absl::ToUnixSeconds(kStart));
  ASSERT_TRUE(store_->ImportSignals(spec_.tenant, signalled, {signal}, {"scanner"}).ok());
  v1::Relationship rel;
  rel.set_from_supplier(absl::StrCat("suppliers/", contracting));
  rel.set_to_supplier(absl::StrCat("suppliers/", subcontractor));
  rel.set_access(v1::ACCESS_LEVEL_PRIVILEGED);
  ASSERT_TRUE(store_->CreateRelationship(spec_.tenant, "rel-new", rel, {"buyer"}).ok());
  EXPECT_EQ(Dirty(), (std::set<std::string>{absl::StrCat("suppliers/", signalled),
                                            absl::StrCat("suppliers/", contracting)}));

  now_ = as_of;
  RescoreSpec dirty;
  dirty.set_dirty_only(true);
  const std::map<std::string, int64_t> versions_before = [&] {
    std::map<std::string, int64_t> out;
    for (const std::string& id : {signalled, expired}) out[id] = Summary(id).assessment_count();
    return out;
  }();
  RescoreState s = RunJob("dirty", dirty);
  const std::set<std::string> expected = WithContractors({signalled, contracting, expired});
  const std::set<std::string> targets(s.targets().begin(), s.targets().end());
  EXPECT_EQ(targets, expected);
  EXPECT_GE(expected.size(), 4u) << "the three have contractors in the generated chains";
  EXPECT_EQ(s.total(), static_cast<int64_t>(expected.size()));
  EXPECT_EQ(s.done(), s.total());
  EXPECT_EQ(s.failed(), 0);
  for (const std::string& id : {signalled, expired}) {
    EXPECT_EQ(Summary(id).assessment_count(), versions_before.at(id) + 1)
        << id << ": its facts changed, so a new version";
  }
  EXPECT_TRUE(Dirty().empty());

  // Nothing was missed: every supplier left alone scores now as its latest version says.
  int64_t checked = 0;
  for (int64_t i = 0; i < spec_.suppliers; ++i) {
    const std::string id = sb::SupplierId(i);
    if (expected.count(id)) continue;
    assess::AssessRequest request;
    request.tenant = spec_.tenant;
    request.actor = kActor;
    request.supplier_id = id;
    request.as_of = as_of;
    absl::StatusOr<assess::Evaluation> now = scoring_->assessor().Evaluate(request);
    if (!now.ok()) {
      EXPECT_TRUE(absl::IsFailedPrecondition(now.status())) << id << ": " << now.status();
      continue;
    }
    EXPECT_EQ(now->bookkeeping.facts_digest, Summary(id).latest_facts_digest()) << id;
    ++checked;
  }
  EXPECT_GT(checked, spec_.suppliers * 8 / 10);
  printf("dirty-only: %d of %lld suppliers rescored (%lld changed); %lld left alone checked\n",
         s.targets_size(), static_cast<long long>(spec_.suppliers),
         static_cast<long long>(s.changed()), static_cast<long long>(checked));
}

}  // namespace
}  // namespace supplyrisk::jobs
