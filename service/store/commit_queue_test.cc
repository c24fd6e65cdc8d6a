#include "service/store/commit_queue.h"

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
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
