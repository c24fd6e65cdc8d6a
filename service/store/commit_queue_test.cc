#include "service/store/commit_queue.h"

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace supplyrisk::store {
namespace {

struct TestWriter : CommitQueue::Writer {
  int id = 0;
  absl::Status result = absl::UnknownError("not run");
};

// Records every group a runner saw, in run order. Runners of different leaders never overlap, but
// they run on different threads, so the record has its own lock.
class GroupLog {
 public:
  void Record(absl::Span<CommitQueue::Writer* const> group) {
    std::vector<int> ids;
    for (CommitQueue::Writer* w : group) ids.push_back(static_cast<TestWriter*>(w)->id);
    std::lock_guard<std::mutex> lock(mu_);
    groups_.push_back(std::move(ids));
  }
  std::vector<std::vector<int>> groups() const {
    std::lock_guard<std::mutex> lock(mu_);
    return groups_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::vector<int>> groups_;
};

// Sets every writer's result: odd ids fail, even ids succeed.
void SetResults(absl::Span<CommitQueue::Writer* const> group) {
  for (CommitQueue::Writer* w : group) {
    TestWriter* t = static_cast<TestWriter*>(w);
    t->result = t->id % 2 ? absl::AbortedError(absl::StrCat("writer ", t->id)) : absl::OkStatus();
  }
}

void WaitUntilQueued(const CommitQueue& queue, int n) {
  while (queue.queued() < n) std::this_thread::sleep_for(std::chrono::microseconds(50));
}

TEST(CommitQueueTest, LoneWriterLeadsItsOwnGroup) {
  CommitQueue queue(8);
  GroupLog log;
  TestWriter w;
  w.id = 2;
  bool led = queue.Commit(&w, [&](absl::Span<CommitQueue::Writer* const> group) {
    log.Record(group);
    SetResults(group);
  });
  EXPECT_TRUE(led);
  EXPECT_TRUE(w.result.ok());
  EXPECT_EQ(log.groups(), (std::vector<std::vector<int>>{{2}}));
  EXPECT_EQ(queue.queued(), 0);
}

// While a group runs, arriving writers queue up; they form the next groups in arrival order, each
// at most max_group_size long, led by the first writer of each.
TEST(CommitQueueTest, WaitingWritersFormGroupsInArrivalOrder) {
  constexpr int kFollowers = 7;
  CommitQueue queue(3);
  GroupLog log;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto runner = [&](absl::Span<CommitQueue::Writer* const> group) {
    log.Record(group);
    if (static_cast<TestWriter*>(group[0])->id == 0) released.wait();
    SetResults(group);
  };
  std::vector<TestWriter> writers(kFollowers + 1);
  std::vector<int> led(kFollowers + 1, -1);
  std::vector<std::thread> threads;
  writers[0].id = 0;
  threads.emplace_back([&] { led[0] = queue.Commit(&writers[0], runner); });
  while (log.groups().empty()) std::this_thread::sleep_for(std::chrono::microseconds(50));
  for (int i = 1; i <= kFollowers; ++i) {
    writers[i].id = i;
    threads.emplace_back([&, i] { led[i] = queue.Commit(&writers[i], runner); });
    WaitUntilQueued(queue, i);  // one at a time, so arrival order is i
  }
  release.set_value();
  for (auto& t : threads) t.join();

  EXPECT_EQ(log.groups(), (std::vector<std::vector<int>>{{0}, {1, 2, 3}, {4, 5, 6}, {7}}));
  EXPECT_EQ(led, (std::vector<int>{1, 1, 0, 0, 1, 0, 0, 1}));
  for (const TestWriter& w : writers) EXPECT_EQ(w.result.ok(), w.id % 2 == 0) << w.id;
  EXPECT_EQ(queue.queued(), 0);
}

// Many threads: every writer runs exactly once, gets its own result, and groups share runs.
TEST(CommitQueueTest, ManyThreadsEachWriterRunsOnceWithItsOwnResult) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 200;
  constexpr int kMaxGroup = 5;
  CommitQueue queue(kMaxGroup);
  GroupLog log;
  std::atomic<int> leaders{0};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        TestWriter w;
        w.id = t * kPerThread + i;
        bool led = queue.Commit(&w, [&](absl::Span<CommitQueue::Writer* const> group) {
          log.Record(group);
          // A slow commit (an fsync) lets the next group fill up.
          std::this_thread::sleep_for(std::chrono::microseconds(100));
          SetResults(group);
        });
        if (led) ++leaders;
        if (w.result.ok() != (w.id % 2 == 0)) ++wrong;
        if (!w.result.ok() && w.result.message() != absl::StrCat("writer ", w.id)) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();

  std::vector<std::vector<int>> groups = log.groups();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(leaders.load(), static_cast<int>(groups.size()));
  std::vector<int> runs(kThreads * kPerThread, 0);
  size_t largest = 0;
  for (const auto& g : groups) {
    ASSERT_FALSE(g.empty());
    EXPECT_LE(g.size(), static_cast<size_t>(kMaxGroup));
    largest = std::max(largest, g.size());
    for (int id : g) ++runs[id];
  }
  for (int id = 0; id < kThreads * kPerThread; ++id) EXPECT_EQ(runs[id], 1) << id;
  EXPECT_GT(largest, 1u) << "no group ever formed";
  EXPECT_LT(groups.size(), static_cast<size_t>(kThreads * kPerThread));
  // A thread's writers run in its own order (it commits one at a time).
  std::vector<int> last(kThreads, -1);
  for (const auto& g : groups) {
    for (int id : g) {
      EXPECT_GT(id, last[id / kPerThread]);
      last[id / kPerThread] = id;
    }
  }
}

TEST(CommitQueueTest, GroupSizeOneRunsEveryWriterAlone) {
  CommitQueue queue(1);
  GroupLog log;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        TestWriter w;
        w.id = t * 50 + i;
        EXPECT_TRUE(queue.Commit(&w, [&](absl::Span<CommitQueue::Writer* const> group) {
          log.Record(group);
          SetResults(group);
        }));
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<std::vector<int>> groups = log.groups();
  EXPECT_EQ(groups.size(), 200u);
  for (const auto& g : groups) EXPECT_EQ(g.size(), 1u);
}

// A writer with prepared work: `puts` are what its preparation computed (in its own thread); the
// runner applies them all or none, checking `expect_absent` against the state so far.
struct PreparedWriter : CommitQueue::Writer {
  int id = 0;
  std::thread::id prepared_on, applied_on;
  bool prepared_while_group_ran = false;
  std::string expect_absent;
  std::map<std::string, int> puts;
  absl::Status result = absl::UnknownError("not run");
};

// Preparations run on each writer's own thread, all at once, while another group runs; the leader
// then only applies what they prepared, in arrival order, each writer all or nothing: one writer's
// failed precondition fails it alone, in the same group as writers that succeed.
TEST(CommitQueueTest, PreparationRunsInWritersThreadsConcurrentlyAndLeaderAppliesInOrder) {
  constexpr int kWriters = 6;
  CommitQueue queue(16);
  std::map<std::string, int> state = {{"taken", 1}};  // written by runners only
  std::mutex groups_mu;
  std::vector<std::vector<int>> applied_groups;
  std::atomic<bool> first_group_running{false}, first_group_done{false};
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto apply = [&](absl::Span<CommitQueue::Writer* const> group) {
    std::vector<int> ids;
    for (CommitQueue::Writer* g : group) {
      auto* w = static_cast<PreparedWriter*>(g);
      ids.push_back(w->id);
      w->applied_on = std::this_thread::get_id();
      if (!w->expect_absent.empty() && state.count(w->expect_absent)) {
        w->result = absl::FailedPreconditionError(w->expect_absent + " exists");
        continue;  // none of its puts
      }
      for (const auto& [k, v] : w->puts) state[k] = v;
      w->result = absl::OkStatus();
    }
    std::lock_guard<std::mutex> lock(groups_mu);
    applied_groups.push_back(ids);
  };

  // Writer 0 leads a group that stays running until released.
  PreparedWriter first;
  first.id = 0;
  std::thread first_thread([&] {
    queue.Commit(
        &first, [&] { first.prepared_on = std::this_thread::get_id(); },
        [&](absl::Span<CommitQueue::Writer* const> group) {
          first_group_running = true;
          released.wait();
          apply(group);
          first_group_done = true;
        });
  });
  while (!first_group_running) std::this_thread::sleep_for(std::chrono::microseconds(50));

  std::vector<PreparedWriter> writers(kWriters);
  std::atomic<int> preparing{0};
  std::atomic<int> most_at_once{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      PreparedWriter& w = writers[i];
      w.id = i + 1;
      queue.Commit(
          &w,
          [&] {
            w.prepared_on = std::this_thread::get_id();
            w.prepared_while_group_ran = first_group_running && !first_group_done;
            int now = ++preparing;
            int seen = most_at_once.load();
            while (now > seen && !most_at_once.compare_exchange_weak(seen, now)) {
            }
            // Every preparation waits for all the others to start: they can only finish if they
            // run at the same time, none under the queue's lock or in a leader.
            auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (most_at_once.load() < kWriters && std::chrono::steady_clock::now() < deadline) {
              std::this_thread::sleep_for(std::chrono::microseconds(50));
            }
            --preparing;
            w.puts = {{absl::StrCat("k", w.id), w.id * 10}};
            // Writer 3 prepares a create of a key that exists: it must fail alone.
            if (w.id == 3) w.expect_absent = "taken";
          },
          apply);
    });
  }
  WaitUntilQueued(queue, kWriters);
  release.set_value();
  first_thread.join();
  for (auto& t : threads) t.join();

  EXPECT_EQ(most_at_once.load(), kWriters);
  for (const PreparedWriter& w : writers) {
    EXPECT_TRUE(w.prepared_while_group_ran) << w.id;
    EXPECT_NE(w.prepared_on, std::thread::id()) << w.id;
    EXPECT_NE(w.prepared_on, first.prepared_on) << w.id;
    EXPECT_EQ(w.result.ok(), w.id != 3) << w.id << ": " << w.result;
  }
  // The writers queued behind writer 0 form one group, led by one of them; every other member's
  // preparation ran on its own thread, not the leader's.
  ASSERT_EQ(applied_groups.size(), 2u);
  EXPECT_EQ(applied_groups[0], std::vector<int>{0});
  ASSERT_EQ(applied_groups[1].size(), static_cast<size_t>(kWriters));
  std::thread::id leader = writers[applied_groups[1][0] - 1].applied_on;
  int applied_elsewhere = 0;
  for (const PreparedWriter& w : writers) {
    EXPECT_EQ(w.applied_on, leader) << w.id;
    if (w.prepared_on != leader) ++applied_elsewhere;
  }
  EXPECT_EQ(applied_elsewhere, kWriters - 1);
  std::map<std::string, int> expected = {{"taken", 1}};
  for (int id = 1; id <= kWriters; ++id) {
    if (id != 3) expected[absl::StrCat("k", id)] = id * 10;
  }
  EXPECT_EQ(state, expected);
}

TEST(CommitQueueTest, NonPositiveGroupSizeMeansOne) {
  CommitQueue queue(0);
  TestWriter w;
  w.id = 4;
  EXPECT_TRUE(queue.Commit(&w, [&](absl::Span<CommitQueue::Writer* const> group) {
    EXPECT_EQ(group.size(), 1u);
    SetResults(group);
  }));
  EXPECT_TRUE(w.result.ok());
}

}  // namespace
}  // namespace supplyrisk::store
