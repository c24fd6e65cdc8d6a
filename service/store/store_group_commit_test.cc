// Group commit through the store: writers prepare their mutations concurrently and the leader
// applies them in groups. Every mutation succeeds or fails alone and entirely, a preparation that
// read something changed since is not applied as prepared, and the audit chain stays intact.
#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "service/store/store.h"
#include "service/store/test_util.h"

namespace supplyrisk::store {
namespace {

using ::supplyrisk::store::testing::Actor;
using ::supplyrisk::store::testing::kTenant;
using ::supplyrisk::store::testing::StoreTest;
using ::supplyrisk::v1::Supplier;

// Synced, so that concurrent writers wait for one fsync and share groups.
class GroupCommitTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    options_.sync = true;
    Reopen();
  }
};

TEST_F(GroupCommitTest, MutationsInSharedGroupsSucceedOrFailAlone) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 25;
  std::atomic<int> ok{0}, dup_created{0}, idem_created{0};
  std::atomic<int> unexpected{0};
  std::vector<std::string> idem_etags(kThreads * kRounds);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto note = [&](bool good, const absl::Status& st) {
        if (!good) {
          ++unexpected;
          ADD_FAILURE() << "thread " << t << ": " << st;
        }
      };
      for (int i = 0; i < kRounds; ++i) {
        std::string own = absl::StrCat("t", t, "-", i);
        auto created = store_->CreateSupplier(kTenant, own, MakeSupplier(own), Actor("w"));
        note(created.ok(), created.status());
        if (!created.ok()) continue;
        ++ok;
        // A precondition that fails: the writer fails alone and writes nothing.
        Supplier changed = *created;
        changed.set_industry("never-stored");
        auto stale = store_->UpdateSupplier(kTenant, own, changed, "0000000000000000", Actor("w"));
        note(stale.status().code() == absl::StatusCode::kAborted, stale.status());
        // Every thread races to create the same supplier of the round: exactly one wins, the
        // others' preparations (which may all have seen it absent) must not be applied.
        auto dup = store_->CreateSupplier(kTenant, absl::StrCat("shared-", i),
                                          MakeSupplier(absl::StrCat("by-", t)), Actor("w"));
        if (dup.ok()) {
          ++dup_created;
          ++ok;
        } else {
          note(dup.status().code() == absl::StatusCode::kAlreadyExists, dup.status());
        }
        // The same request_id from every thread: one creation, every caller gets its result.
        auto idem = store_->CreateSupplier(kTenant, absl::StrCat("idem-", i), MakeSupplier("idem"),
                                           Actor("w", absl::StrCat("req-", i)));
        note(idem.ok(), idem.status());
        if (idem.ok()) idem_etags[t * kRounds + i] = idem->etag();
        // An update with the etag just returned succeeds (its own earlier write is visible).
        changed.set_industry(absl::StrCat("updated-", t));
        auto updated = store_->UpdateSupplier(kTenant, own, changed, created->etag(), Actor("w"));
        note(updated.ok(), updated.status());
        if (updated.ok()) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(unexpected.load(), 0);
  EXPECT_EQ(dup_created.load(), kRounds);
  for (int i = 0; i < kRounds; ++i) {
    for (int t = 1; t < kThreads; ++t) {
      EXPECT_EQ(idem_etags[t * kRounds + i], idem_etags[i]) << "round " << i;
    }
  }
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kRounds; ++i) {
      auto got = store_->GetSupplier(kTenant, absl::StrCat("t", t, "-", i));
      ASSERT_TRUE(got.ok()) << got.status();
      EXPECT_EQ(got->industry(), absl::StrCat("updated-", t));
    }
  }
  auto audit = store_->VerifyAudit(kTenant);
  ASSERT_TRUE(audit.ok()) << audit.status();
  EXPECT_TRUE(audit->intact) << audit->problem;
  // One entry per successful mutation (own create + update, shared creates, idempotent creates);
  // failed ones and retries leave none.
  EXPECT_EQ(audit->entries, static_cast<uint64_t>(ok.load() + kRounds));
  EXPECT_TRUE(store_->CheckConsistency(kTenant).ok()) << store_->CheckConsistency(kTenant);
}

// Every version of a document has its own etag, also when a mutation writes equal bytes again,
// and etags stay distinct across a reopen (a new process counts stamps from a new random start).
TEST_F(GroupCommitTest, EtagsNameVersionsAcrossReopen) {
  auto created = store_->CreateSupplier(kTenant, "s", MakeSupplier("x"), Actor("a"));
  ASSERT_TRUE(created.ok());
  std::vector<std::string> etags = {created->etag()};
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 5; ++i) {
      auto next = store_->UpdateSupplier(kTenant, "s", *created, etags.back(), Actor("a"));
      ASSERT_TRUE(next.ok()) << next.status();
      etags.push_back(next->etag());
    }
    Reopen();
  }
  std::sort(etags.begin(), etags.end());
  EXPECT_EQ(std::adjacent_find(etags.begin(), etags.end()), etags.end());
}

}  // namespace
}  // namespace supplyrisk::store
