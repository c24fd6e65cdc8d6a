// Dirty marks: every change to a supplier's scoring inputs marks it in the same batch, an
// assessment that read the current generation clears the mark, and a change landing while the
// assessment was being computed keeps it. Review due times index the suppliers whose answers age.
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
using ::supplyrisk::v1::DECISION_OUTCOME_APPROVE;
using ::supplyrisk::v1::Engagement;
using ::supplyrisk::v1::Relationship;
using ::supplyrisk::v1::Response;

class DirtyTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (const char* id : {"a", "b", "c"}) {
      ASSERT_TRUE(store_->CreateSupplier(kTenant, id, MakeSupplier("x"), Actor("u")).ok());
    }
  }
  SupplierSummary Summary(const std::string& id) {
    auto s = store_->GetSupplierSummary(kTenant, id);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *s : SupplierSummary();
  }
  std::vector<std::string> Dirty() {
    SupplierQuery q;
    q.index = SupplierIndex::kDirty;
    return Ids(List(q));
  }
  // Scores `id` as of the clock's now, having read its inputs at `generation`.
  absl::Status Assess(const std::string& id, const std::string& aid, uint64_t generation,
                      absl::Time review_due = absl::InfiniteFuture(),
                      const std::string& facts = "") {
    AssessmentBookkeeping b;
    b.facts_digest = facts;
    b.dirty_generation_seen = generation;
    b.review_due = review_due;
    return store_
        ->CreateOrConfirmAssessment(
            kTenant, id, aid,
            MakeAssessment(absl::ToUnixSeconds(clock_.fn()()), 70, "B", DECISION_OUTCOME_APPROVE),
            b, Actor("u"))
        .status();
  }
  void ExpectConsistent() {
    EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);
  }
};

TEST_F(DirtyTest, ANewSupplierIsClean) {
  EXPECT_TRUE(Dirty().empty());
  EXPECT_EQ(Summary("a").dirty_generation(), 0u);
}

TEST_F(DirtyTest, EveryInputChangeMarksTheSupplierItConcerns) {
  // Signals: a new one marks; seeing the same one again later does not.
  ASSERT_TRUE(store_->ImportSignals(kTenant, "a", {MakeSignal("spf_missing", 5)}, Actor("u")).ok());
  EXPECT_EQ(Dirty(), std::vector<std::string>{"suppliers/a"});
  EXPECT_EQ(Summary("a").dirty_reasons(), kDirtySignals);
  ASSERT_TRUE(Assess("a", "a1", Summary("a").dirty_generation()).ok());
  EXPECT_TRUE(Dirty().empty());
  auto again = MakeSignal("spf_missing", 5);
  again.mutable_last_observed_at()->set_seconds(50);
  ASSERT_TRUE(store_->ImportSignals(kTenant, "a", {again}, Actor("u")).ok());
  EXPECT_TRUE(Dirty().empty()) << "only last seen moved, which scoring does not read";
  // Resolving it does.
  ASSERT_TRUE(
      store_->ImportSignals(kTenant, "a", {MakeSignal("spf_missing", 5, 60)}, Actor("u")).ok());
  EXPECT_EQ(Summary("a").dirty_reasons(), kDirtySignals);

  // A relationship marks the contractor (its chain), not the subcontractor.
  Relationship r;
  r.set_from_supplier("suppliers/b");
  r.set_to_supplier("suppliers/c");
  r.set_access(supplyrisk::v1::ACCESS_LEVEL_REMOTE);
  auto rel = store_->CreateRelationship(kTenant, "r1", r, Actor("u"));
  ASSERT_TRUE(rel.ok()) << rel.status();
  EXPECT_EQ(Summary("b").dirty_reasons(), kDirtySubcontractors);
  EXPECT_EQ(Summary("c").dirty_reasons(), 0u);
  // Moving it to another contractor marks both.
  ASSERT_TRUE(Assess("b", "b1", Summary("b").dirty_generation()).ok());
  r.set_from_supplier("suppliers/a");
  ASSERT_TRUE(store_->UpdateRelationship(kTenant, "r1", r, rel->etag(), Actor("u")).ok());
  EXPECT_EQ(Summary("b").dirty_reasons(), kDirtySubcontractors);
  EXPECT_EQ(Summary("a").dirty_reasons(), kDirtySignals | kDirtySubcontractors);

  // A submitted response, a profile change and an engagement.
  Response resp;
  resp.set_template_id("cpsf-supplier");
  auto draft = store_->CreateResponse(kTenant, "c", "r1", resp, Actor("u"));
  ASSERT_TRUE(draft.ok());
  EXPECT_EQ(Summary("c").dirty_reasons(), 0u) << "a draft is not an input";
  resp.set_state(supplyrisk::v1::RESPONSE_STATE_SUBMITTED);
  ASSERT_TRUE(store_->UpdateResponse(kTenant, "c", "r1", resp, draft->etag(), Actor("u")).ok());
  EXPECT_EQ(Summary("c").dirty_reasons(), kDirtyResponse);
  auto supplier = store_->GetSupplier(kTenant, "c");
  ASSERT_TRUE(supplier.ok());
  supplyrisk::v1::Supplier changed = *supplier;
  changed.set_industry("finance");  // not the profile: no mark of its own
  auto updated = store_->UpdateSupplier(kTenant, "c", changed, supplier->etag(), Actor("u"));
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(Summary("c").dirty_reasons(), kDirtyResponse);
  changed.mutable_profile()->set_handles_personal_data(true);
  ASSERT_TRUE(store_->UpdateSupplier(kTenant, "c", changed, updated->etag(), Actor("u")).ok());
  EXPECT_EQ(Summary("c").dirty_reasons(), kDirtyResponse | kDirtyProfile);
  Engagement e;
  e.set_supplier("suppliers/c");
  e.set_title("payroll");
  ASSERT_TRUE(store_->CreateEngagement(kTenant, "e1", e, Actor("u")).ok());
  EXPECT_EQ(Summary("c").dirty_reasons(), kDirtyResponse | kDirtyProfile | kDirtyEngagement);
  ExpectConsistent();
}

TEST_F(DirtyTest, AChangeDuringAnAssessmentKeepsTheMark) {
  ASSERT_TRUE(store_->ImportSignals(kTenant, "a", {MakeSignal("spf_missing", 5)}, Actor("u")).ok());
  const uint64_t read_at = Summary("a").dirty_generation();
  // A second change lands after the inputs were read and before the assessment is stored.
  ASSERT_TRUE(
      store_->ImportSignals(kTenant, "a", {MakeSignal("dmarc_missing", 6)}, Actor("u")).ok());
  ASSERT_TRUE(Assess("a", "a1", read_at).ok());
  EXPECT_EQ(Dirty(), std::vector<std::string>{"suppliers/a"});
  ASSERT_TRUE(Assess("a", "a2", Summary("a").dirty_generation()).ok());
  EXPECT_TRUE(Dirty().empty());
  ExpectConsistent();
}

TEST_F(DirtyTest, OnlyTheLatestCurrentAssessmentClearsTheMark) {
  clock_.Advance(absl::Hours(1));
  ASSERT_TRUE(store_->ImportSignals(kTenant, "a", {MakeSignal("spf_missing", 5)}, Actor("u")).ok());
  const uint64_t g = Summary("a").dirty_generation();
  // Without a generation (a caller that did not read one): never clears.
  ASSERT_TRUE(Assess("a", "a0", AssessmentBookkeeping::kNoDirtyGeneration).ok());
  EXPECT_EQ(Dirty(), std::vector<std::string>{"suppliers/a"});
  // A backdated assessment, as of before the mark, cannot have seen the change.
  AssessmentBookkeeping b;
  b.dirty_generation_seen = g;
  ASSERT_TRUE(store_
                  ->CreateOrConfirmAssessment(kTenant, "a", "old",
                                              MakeAssessment(1, 50, "C", DECISION_OUTCOME_APPROVE),
                                              b, Actor("u"))
                  .ok());
  EXPECT_EQ(Dirty(), std::vector<std::string>{"suppliers/a"});
  ExpectConsistent();
}

TEST_F(DirtyTest, AConfirmationClearsTheMarkToo) {
  ASSERT_TRUE(Assess("a", "a1", 0, absl::InfiniteFuture(), "facts-1").ok());
  // A change that turns out not to move the facts: the rescoring confirms the version.
  Engagement e;
  e.set_supplier("suppliers/a");
  e.set_title("payroll");
  auto made = store_->CreateEngagement(kTenant, "e1", e, Actor("u"));
  ASSERT_TRUE(made.ok());
  ASSERT_TRUE(store_->DeleteEngagement(kTenant, "e1", made->etag(), Actor("u")).ok());
  EXPECT_EQ(Summary("a").dirty_reasons(), kDirtyEngagement);
  clock_.Advance(absl::Hours(1));
  ASSERT_TRUE(
      Assess("a", "a2", Summary("a").dirty_generation(), absl::InfiniteFuture(), "facts-1").ok());
  EXPECT_EQ(Summary("a").assessment_count(), 1) << "confirmed, not stored again";
  EXPECT_TRUE(Dirty().empty());
  ExpectConsistent();
}

TEST_F(DirtyTest, DeletingASubcontractorMarksItsContractors) {
  Relationship r;
  r.set_from_supplier("suppliers/a");
  r.set_to_supplier("suppliers/c");
  r.set_access(supplyrisk::v1::ACCESS_LEVEL_REMOTE);
  ASSERT_TRUE(store_->CreateRelationship(kTenant, "r1", r, Actor("u")).ok());
  ASSERT_TRUE(Assess("a", "a1", Summary("a").dirty_generation()).ok());
  ASSERT_TRUE(Dirty().empty());
  ASSERT_TRUE(store_->DeleteSupplier(kTenant, "c", "", Actor("u")).ok());
  EXPECT_EQ(Dirty(), std::vector<std::string>{"suppliers/a"});
  ExpectConsistent();
}

TEST_F(DirtyTest, ReviewDueIndexListsSuppliersByTime) {
  const absl::Time now = clock_.fn()();
  ASSERT_TRUE(Assess("a", "a1", 0, now + absl::Hours(48)).ok());
  ASSERT_TRUE(Assess("b", "b1", 0, now + absl::Hours(24)).ok());
  ASSERT_TRUE(Assess("c", "c1", 0).ok());  // never due
  SupplierQuery q;
  q.index = SupplierIndex::kReviewDue;
  EXPECT_EQ(Ids(List(q)), (std::vector<std::string>{"suppliers/b", "suppliers/a"}));
  q.due_by = now + absl::Hours(24);
  EXPECT_EQ(Ids(List(q)), std::vector<std::string>{"suppliers/b"});
  q.due_by = now;
  EXPECT_TRUE(List(q).items.empty());
  // A later assessment moves it.
  clock_.Advance(absl::Hours(1));
  ASSERT_TRUE(Assess("b", "b2", 0, now + absl::Hours(72)).ok());
  q.due_by = now + absl::Hours(48);
  EXPECT_EQ(Ids(List(q)), std::vector<std::string>{"suppliers/a"});
  ExpectConsistent();
}

TEST_F(DirtyTest, ARescoringWithNothingToScoreDropsOnlyTheMarkItSaw) {
  ASSERT_TRUE(store_->ImportSignals(kTenant, "a", {MakeSignal("spf_missing", 5)}, Actor("u")).ok());
  const SupplierSummary seen = Summary("a");
  const absl::Time now = clock_.fn()();
  // A change after the read: the mark stays.
  ASSERT_TRUE(
      store_->ImportSignals(kTenant, "a", {MakeSignal("dmarc_missing", 6)}, Actor("u")).ok());
  ASSERT_TRUE(store_->ClearDirtyMark(kTenant, "a", seen.dirty_generation(), now, Actor("u")).ok());
  EXPECT_EQ(Dirty(), std::vector<std::string>{"suppliers/a"});
  // An as_of before the mark: the mark stays.
  const uint64_t current = Summary("a").dirty_generation();
  ASSERT_TRUE(
      store_->ClearDirtyMark(kTenant, "a", current, absl::FromUnixSeconds(0), Actor("u")).ok());
  EXPECT_EQ(Dirty(), std::vector<std::string>{"suppliers/a"});
  // The current generation at a later as_of: it goes, and nothing else in the summary moves.
  SupplierSummary before = Summary("a");
  ASSERT_TRUE(store_->ClearDirtyMark(kTenant, "a", current, now, Actor("u")).ok());
  EXPECT_TRUE(Dirty().empty());
  SupplierSummary after = Summary("a");
  EXPECT_EQ(after.dirty_reasons(), 0u);
  EXPECT_EQ(after.dirty_generation(), before.dirty_generation());
  EXPECT_EQ(after.open_issues_size(), before.open_issues_size());
  // Clean already: nothing to do. No supplier: NotFound.
  EXPECT_TRUE(store_->ClearDirtyMark(kTenant, "a", current, now, Actor("u")).ok());
  EXPECT_TRUE(absl::IsNotFound(store_->ClearDirtyMark(kTenant, "zz", 0, now, Actor("u"))));
  ExpectConsistent();
}

}  // namespace
}  // namespace supplyrisk::store
