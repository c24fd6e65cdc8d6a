// Documents: create, read, update with etags, idempotent creates, snapshots.
#include <atomic>
#include <string>
#include <thread>
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

TEST_F(StoreTest, CreateGetUpdateWithEtags) {
  auto created = store_->CreateSupplier(kTenant, "s1", MakeSupplier("auto"), Actor("alice"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->name(), "suppliers/s1");
  EXPECT_FALSE(created->etag().empty());
  EXPECT_EQ(
      store_->CreateSupplier(kTenant, "s1", MakeSupplier("x"), Actor("alice")).status().code(),
      absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->GetSupplier("other-tenant", "s1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(
      store_->CreateSupplier(kTenant, "a/b", MakeSupplier("x"), Actor("alice")).status().code(),
      absl::StatusCode::kInvalidArgument);

  Supplier changed = MakeSupplier("chemicals");
  auto stale = store_->UpdateSupplier(kTenant, "s1", changed, "not-the-etag", Actor("bob"));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted) << stale.status();
  // Marked as the caller's etag mismatch through the group commit, unlike other Aborted errors.
  EXPECT_TRUE(IsEtagMismatch(stale.status()));
  EXPECT_FALSE(IsEtagMismatch(absl::AbortedError("etag mismatch on look-alike")));
  auto updated = store_->UpdateSupplier(kTenant, "s1", changed, created->etag(), Actor("bob"));
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_NE(updated->etag(), created->etag());
  // The old etag is now stale.
  EXPECT_EQ(
      store_->UpdateSupplier(kTenant, "s1", changed, created->etag(), Actor("bob")).status().code(),
      absl::StatusCode::kAborted);
  // Same content written again still gets a new etag: etags name versions, not contents.
  auto again = store_->UpdateSupplier(kTenant, "s1", changed, "", Actor("bob"));
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again->etag(), updated->etag());
  auto got = store_->GetSupplier(kTenant, "s1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->industry(), "chemicals");
  EXPECT_EQ(got->etag(), again->etag());
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);
}

TEST_F(StoreTest, ConcurrentEtagUpdatesLoseNothing) {
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "hot", MakeSupplier("x"), Actor("a")).ok());
  std::atomic<int> wins{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        auto cur = store_->GetSupplier(kTenant, "hot");
        ASSERT_TRUE(cur.ok());
        Supplier next = *cur;
        next.add_domains(absl::StrCat("t", t, "-", i, ".jp"));
        auto r = store_->UpdateSupplier(kTenant, "hot", next, cur->etag(), Actor("w"));
        if (r.ok()) {
          ++wins;
        } else {
          ASSERT_EQ(r.status().code(), absl::StatusCode::kAborted) << r.status();
          ++conflicts;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins + conflicts, 400);
  auto final_doc = store_->GetSupplier(kTenant, "hot");
  ASSERT_TRUE(final_doc.ok());
  // Every successful read-modify-write added exactly one domain on top of the last.
  EXPECT_EQ(final_doc->domains_size(), 1 + wins.load());
  auto audit = store_->VerifyAudit(kTenant);
  ASSERT_TRUE(audit.ok());
  EXPECT_TRUE(audit->intact) << audit->problem;
  EXPECT_EQ(audit->entries, 1u + wins.load());
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok());
}

TEST_F(StoreTest, IdempotentCreateReplaysAndExpires) {
  auto first = store_->CreateSupplier(kTenant, "s1", MakeSupplier("auto"), Actor("a", "req-1"));
  ASSERT_TRUE(first.ok());
  auto replay = store_->CreateSupplier(kTenant, "s1", MakeSupplier("auto"), Actor("a", "req-1"));
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->etag(), first->etag());
  auto other = store_->CreateSupplier(kTenant, "s1", MakeSupplier("food"), Actor("a", "req-1"));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kFailedPrecondition) << other.status();
  auto entries = store_->ListAudit(kTenant, 0, 100);
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->size(), 1u);  // replays write nothing
  // The same request id in another tenant is unrelated.
  EXPECT_TRUE(store_->CreateSupplier("t2", "s1", MakeSupplier("food"), Actor("a", "req-1")).ok());

  clock_.Advance(options_.idempotency_ttl + absl::Seconds(1));
  // Expired: the request id is free again, so this is a new create (which now conflicts).
  auto late = store_->CreateSupplier(kTenant, "s1", MakeSupplier("food"), Actor("a", "req-1"));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kAlreadyExists) << late.status();
  auto purged = store_->PurgeExpiredIdempotency(kTenant);
  ASSERT_TRUE(purged.ok()) << purged.status();
  EXPECT_EQ(purged->purged, 1);
  EXPECT_EQ(store_->PurgeExpiredIdempotency(kTenant)->purged, 0);
}

TEST_F(StoreTest, TemplatesJobsAndResponses) {
  supplyrisk::v1::Template t;
  t.set_id("cpsf-supplier");
  t.set_revision(1);
  t.set_state(supplyrisk::v1::TEMPLATE_STATE_DRAFT);
  ASSERT_TRUE(store_->CreateTemplate(kTenant, t, Actor("u")).ok());
  EXPECT_EQ(store_->CreateTemplate(kTenant, t, Actor("u")).status().code(),
            absl::StatusCode::kAlreadyExists);
  t.set_state(supplyrisk::v1::TEMPLATE_STATE_PUBLISHED);
  ASSERT_TRUE(store_->UpdateTemplate(kTenant, t, Actor("u")).ok());
  EXPECT_EQ(store_->UpdateTemplate(kTenant, t, Actor("u")).status().code(),
            absl::StatusCode::kFailedPrecondition);
  t.set_revision(2);
  t.set_state(supplyrisk::v1::TEMPLATE_STATE_DRAFT);
  ASSERT_TRUE(store_->CreateTemplate(kTenant, t, Actor("u")).ok());
  auto latest = store_->GetTemplate(kTenant, "cpsf-supplier", 0);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->revision(), 2);
  auto first = store_->GetTemplate(kTenant, "cpsf-supplier", 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->state(), supplyrisk::v1::TEMPLATE_STATE_PUBLISHED);
  EXPECT_EQ(store_->GetTemplate(kTenant, "cpsf", 0).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->ListTemplates(kTenant, PageRequest{})->items.size(), 2u);

  supplyrisk::v1::Job job;
  job.set_kind("rescore");
  job.set_state(supplyrisk::v1::JOB_STATE_PENDING);
  auto created = store_->CreateJob(kTenant, "j1", job, Actor("u"));
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->name(), "jobs/j1");
  clock_.Advance(absl::Seconds(5));
  job.set_state(supplyrisk::v1::JOB_STATE_RUNNING);
  EXPECT_EQ(store_->UpdateJob(kTenant, "j1", job, "stale", Actor("u")).status().code(),
            absl::StatusCode::kAborted);
  auto running = store_->UpdateJob(kTenant, "j1", job, created->etag(), Actor("u"));
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->create_time().seconds(), created->create_time().seconds());
  EXPECT_EQ(running->update_time().seconds(), created->create_time().seconds() + 5);
  EXPECT_EQ(store_->ListJobs(kTenant, PageRequest{})->items.size(), 1u);

  EXPECT_EQ(store_->CreateResponse(kTenant, "nobody", "r1", Response(), Actor("u")).status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "s1", MakeSupplier("x"), Actor("u")).ok());
  Response r;
  r.set_template_id("cpsf-supplier");
  auto resp = store_->CreateResponse(kTenant, "s1", "r1", r, Actor("u"));
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->name(), "suppliers/s1/responses/r1");
  r.set_state(supplyrisk::v1::RESPONSE_STATE_SUBMITTED);
  ASSERT_TRUE(store_->UpdateResponse(kTenant, "s1", "r1", r, resp->etag(), Actor("u")).ok());
  EXPECT_EQ(store_->GetResponse(kTenant, "s1", "r1")->state(),
            supplyrisk::v1::RESPONSE_STATE_SUBMITTED);
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);
}

TEST_F(StoreTest, OnlyAResponseInProgressIsDeleted) {
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "s1", MakeSupplier("x"), Actor("u")).ok());
  Response r;
  r.set_template_id("cpsf-supplier");
  auto draft = store_->CreateResponse(kTenant, "s1", "draft", r, Actor("u"));
  ASSERT_TRUE(draft.ok());
  EXPECT_EQ(store_->DeleteResponse(kTenant, "s1", "draft", "stale", Actor("u")).code(),
            absl::StatusCode::kAborted);
  EXPECT_TRUE(store_->DeleteResponse(kTenant, "s1", "draft", draft->etag(), Actor("u")).ok());
  EXPECT_EQ(store_->GetResponse(kTenant, "s1", "draft").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteResponse(kTenant, "s1", "draft", "", Actor("u")).code(),
            absl::StatusCode::kNotFound);
  r.set_state(supplyrisk::v1::RESPONSE_STATE_SUBMITTED);
  ASSERT_TRUE(store_->CreateResponse(kTenant, "s1", "sent", r, Actor("u")).ok());
  absl::Status kept = store_->DeleteResponse(kTenant, "s1", "sent", "", Actor("u"));
  EXPECT_EQ(kept.code(), absl::StatusCode::kFailedPrecondition) << kept;
  EXPECT_TRUE(store_->GetResponse(kTenant, "s1", "sent").ok());
  // Another tenant cannot reach it.
  EXPECT_EQ(store_->DeleteResponse("other", "s1", "sent", "", Actor("u")).code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);
  auto audit = store_->ListAudit(kTenant, 0, 1000);
  ASSERT_TRUE(audit.ok());
  ASSERT_GE(audit->size(), 2u);
  // The draft's deletion is audited; the refused deletes left no entry.
  EXPECT_EQ((*audit)[audit->size() - 2].action(), "delete");
  EXPECT_EQ((*audit)[audit->size() - 2].resource(), "suppliers/s1/responses/draft");
  EXPECT_EQ(audit->back().action(), "create");
}

TEST_F(StoreTest, SnapshotGivesAConsistentView) {
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "a", MakeSupplier("x"), Actor("u")).ok());
  std::unique_ptr<Snapshot> snap = store_->GetSnapshot();
  ASSERT_TRUE(store_->CreateSupplier(kTenant, "b", MakeSupplier("x"), Actor("u")).ok());
  auto then = store_->ListSuppliers(kTenant, SupplierQuery{}, PageRequest{}, snap.get());
  auto now = store_->ListSuppliers(kTenant, SupplierQuery{}, PageRequest{});
  ASSERT_TRUE(then.ok() && now.ok());
  EXPECT_EQ(then->items.size(), 1u);
  EXPECT_EQ(now->items.size(), 2u);
}

}  // namespace
}  // namespace supplyrisk::store
