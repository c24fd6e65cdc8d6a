// Supplier indexes follow the latest assessment and the open signals.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/store/store.h"
#include "service/store/test_util.h"

namespace supplyrisk::store {
namespace {

using ::supplyrisk::store::testing::Actor;
using ::supplyrisk::store::testing::kTenant;
using ::supplyrisk::store::testing::StoreTest;
using ::supplyrisk::v1::Assessment;
using ::supplyrisk::v1::Engagement;
using ::supplyrisk::v1::Relationship;
using ::supplyrisk::v1::Response;
using ::supplyrisk::v1::Signal;
using ::supplyrisk::v1::Supplier;

TEST_F(StoreTest, IndexesFollowTheLatestAssessmentAndOpenSignals) {
  using supplyrisk::v1::DECISION_OUTCOME_APPROVE;
  using supplyrisk::v1::DECISION_OUTCOME_REJECT;
  for (const char* id : {"a", "b", "c"}) {
    ASSERT_TRUE(store_->CreateSupplier(kTenant, id, MakeSupplier("x"), Actor("u")).ok());
    clock_.Advance(absl::Minutes(1));
  }
  ASSERT_TRUE(store_
                  ->CreateAssessment(kTenant, "a", "a1",
                                     MakeAssessment(100, 80, "B", DECISION_OUTCOME_APPROVE),
                                     Actor("u"))
                  .ok());
  ASSERT_TRUE(store_
                  ->CreateAssessment(kTenant, "b", "b1",
                                     MakeAssessment(100, 40, "D", DECISION_OUTCOME_REJECT),
                                     Actor("u"))
                  .ok());
  // An older assessment arriving later does not displace the latest.
  ASSERT_TRUE(store_
                  ->CreateAssessment(kTenant, "a", "a0",
                                     MakeAssessment(50, 10, "E", DECISION_OUTCOME_REJECT),
                                     Actor("u"))
                  .ok());
  EXPECT_EQ(store_
                ->CreateAssessment(kTenant, "a", "a0",
                                   MakeAssessment(60, 10, "E", DECISION_OUTCOME_REJECT), Actor("u"))
                .status()
                .code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_
                ->CreateAssessment(kTenant, "nobody", "x",
                                   MakeAssessment(60, 10, "E", DECISION_OUTCOME_REJECT), Actor("u"))
                .status()
                .code(),
            absl::StatusCode::kNotFound);

  SupplierQuery q;
  q.index = SupplierIndex::kGrade;
  q.grade = "B";
  EXPECT_EQ(Ids(List(q)), std::vector<std::string>{"suppliers/a"});
  q.grade = "E";
  EXPECT_TRUE(List(q).items.empty());
  q.index = SupplierIndex::kDecision;
  q.outcome = DECISION_OUTCOME_REJECT;
  EXPECT_EQ(Ids(List(q)), std::vector<std::string>{"suppliers/b"});
  q.index = SupplierIndex::kScore;
  q.min_score = 0;
  q.max_score = 100;
  EXPECT_EQ(Ids(List(q)), (std::vector<std::string>{"suppliers/b", "suppliers/a"}));
  q.min_score = 40;
  q.max_score = 40;
  EXPECT_EQ(Ids(List(q)), std::vector<std::string>{"suppliers/b"});

  // A newer assessment moves a to another grade and score.
  ASSERT_TRUE(store_
                  ->CreateAssessment(kTenant, "a", "a2",
                                     MakeAssessment(200, 20, "D", DECISION_OUTCOME_REJECT),
                                     Actor("u"))
                  .ok());
  q.index = SupplierIndex::kGrade;
  q.grade = "B";
  EXPECT_TRUE(List(q).items.empty());
  q.grade = "D";
  EXPECT_EQ(Ids(List(q)), (std::vector<std::string>{"suppliers/a", "suppliers/b"}));

  auto history = store_->ListAssessments(kTenant, "a", PageRequest{});
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->items.size(), 3u);
  EXPECT_EQ(history->items[0].name(), "suppliers/a/assessments/a2");
  EXPECT_EQ(history->items[2].name(), "suppliers/a/assessments/a0");
  auto trend =
      store_->ScoreTrend(kTenant, "a", absl::FromUnixSeconds(0), absl::FromUnixSeconds(150));
  ASSERT_TRUE(trend.ok());
  ASSERT_EQ(trend->size(), 2u);
  EXPECT_EQ((*trend)[0].overall_score, 10);
  EXPECT_EQ((*trend)[1].assessment_id, "a1");
  auto latest = store_->GetLatestAssessment(kTenant, "a");
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->grade(), "D");
  auto by_id = store_->GetAssessment(kTenant, "a", "a1");
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->overall_score(), 80);

  // Paging newest-first.
  PageRequest p;
  p.page_size = 2;
  auto page1 = store_->ListAssessments(kTenant, "a", p);
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->items.size(), 2u);
  ASSERT_FALSE(page1->next_page_token.empty());
  p.page_token = page1->next_page_token;
  auto page2 = store_->ListAssessments(kTenant, "a", p);
  ASSERT_TRUE(page2.ok());
  ASSERT_EQ(page2->items.size(), 1u);
  EXPECT_EQ(page2->items[0].name(), "suppliers/a/assessments/a0");
  EXPECT_TRUE(page2->next_page_token.empty());
  // Each item's position resumes right after it: a caller returning only part of a page goes on
  // from there.
  ASSERT_EQ(page1->positions.size(), page1->items.size());
  EXPECT_EQ(page1->positions.back(), page1->next_page_token);
  p.page_token = page1->positions[0];
  auto after_first = store_->ListAssessments(kTenant, "a", p);
  ASSERT_TRUE(after_first.ok());
  ASSERT_EQ(after_first->items.size(), 2u);
  EXPECT_EQ(after_first->items[0].name(), page1->items[1].name());
  EXPECT_EQ(after_first->items[1].name(), "suppliers/a/assessments/a0");
  p.page_token = "garbage";
  EXPECT_EQ(store_->ListAssessments(kTenant, "a", p).status().code(),
            absl::StatusCode::kInvalidArgument);

  // Signals: open issues index, resolution, reopening.
  auto imp = store_->ImportSignals(kTenant, "c",
                                   {MakeSignal("spf_missing", 1000), MakeSignal("open_rdp", 1000)},
                                   Actor("scanner"));
  ASSERT_TRUE(imp.ok()) << imp.status();
  EXPECT_EQ(imp->created, 2);
  q.index = SupplierIndex::kOpenIssue;
  q.issue_type = "spf_missing";
  EXPECT_EQ(Ids(List(q)), std::vector<std::string>{"suppliers/c"});
  Signal later = MakeSignal("spf_missing", 2000);
  imp = store_->ImportSignals(kTenant, "c", {later}, Actor("scanner"));
  ASSERT_TRUE(imp.ok());
  EXPECT_EQ(imp->updated, 1);
  EXPECT_EQ(imp->signals[0].observed_at().seconds(), 1000);  // first seen kept
  EXPECT_EQ(imp->signals[0].last_observed_at().seconds(),
            2000);  // last seen moved
  imp = store_->ImportSignals(kTenant, "c", {MakeSignal("spf_missing", 1000, 2500)},
                              Actor("scanner"));
  ASSERT_TRUE(imp.ok());
  EXPECT_EQ(imp->resolved, 1);
  EXPECT_TRUE(List(q).items.empty());
  SignalFilter open_only;
  open_only.open_only = true;
  auto open = store_->ListSignals(kTenant, "c", open_only, PageRequest{});
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->items.size(), 1u);
  EXPECT_EQ(open->items[0].issue_type(), "open_rdp");
  clock_.Advance(absl::Minutes(1));
  imp = store_->ImportSignals(kTenant, "c", {MakeSignal("spf_missing", 3000)}, Actor("scanner"));
  ASSERT_TRUE(imp.ok());
  EXPECT_EQ(imp->reopened, 1);
  EXPECT_EQ(Ids(List(q)), std::vector<std::string>{"suppliers/c"});

  // Updated-time index: c was touched last.
  q.index = SupplierIndex::kUpdated;
  q.updated_from = clock_.Now();
  EXPECT_EQ(Ids(List(q)), std::vector<std::string>{"suppliers/c"});
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);
}

}  // namespace
}  // namespace supplyrisk::store
