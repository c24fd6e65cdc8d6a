// Group commit for writers that share one synced write, after RocksDB's WriteThread: callers queue
// up; the first in line while no group runs becomes the leader, takes every queued writer (up to a
// bound) in arrival order and runs them as one group; the others (followers) wait until their group
// has run. Callers arriving while a group runs form the next group, so N concurrent writers share
// one fsync. As there, whatever a writer can do on its own (StoreImpl prepares its mutation) it
// does in its own thread before calling Commit, so the group runner only has to apply and write.
//
// Example:
//   struct MyWriter : CommitQueue::Writer { Work work; Result result; };
//   MyWriter w{...};
//   queue.Commit(&w, [&] { w.batch = Prepare(w.work); },  // in this thread
//                [&](absl::Span<CommitQueue::Writer* const> group) {
//     for (CommitQueue::Writer* g : group) static_cast<MyWriter*>(g)->result = Apply(...batch);
//     // one synced write for the whole group
//   });
//   use(w.result);
#ifndef SUPPLYRISK_SERVICE_STORE_COMMIT_QUEUE_H_
#define SUPPLYRISK_SERVICE_STORE_COMMIT_QUEUE_H_

#include <condition_variable>
#include <deque>
#include <mutex>

#include "absl/functional/function_ref.h"
#include "absl/types/span.h"

namespace supplyrisk::store {

class CommitQueue {
 public:
  // A caller's place in the queue. Derive from it to carry the work and its result: the leader's
  // runner writes the result before the group is marked done, and the follower reads it after
  // Commit returns.
  class Writer {
   private:
    friend class CommitQueue;
    bool done_ = false;  // guarded by CommitQueue::mu_
    // Each writer waits on its own, so the end of a group wakes only its writers and the next
    // leader, not every queued writer (with 32 writers, waking all of them after every group cost
    // more CPU than the group's work).
    std::condition_variable cv_;
  };

  // Runs one group, in arrival order. Called by the leader outside the queue's lock; it must set
  // every writer's result (a failure of one writer must not fail the others).
  using GroupRunner = absl::FunctionRef<void(absl::Span<Writer* const> group)>;

  // Groups hold at most `max_group_size` writers (at least 1).
  explicit CommitQueue(int max_group_size);
  CommitQueue(const CommitQueue&) = delete;
  CommitQueue& operator=(const CommitQueue&) = delete;

  // Queues `w` and returns once a group containing it has run. Returns true when this caller was
  // the leader and ran the group with `run_group` (its own runner), false when another caller ran
  // it. At most one group runs at a time, so groups run in queue order. Precondition: `w` was never
  // queued before (a Writer serves one Commit); every caller's runner does the same work.
  bool Commit(Writer* w, GroupRunner run_group);
  // Runs `prepare` in the calling thread, outside the queue's lock (so preparations of different
  // writers run concurrently with each other and with the running group), then Commit(w,
  // run_group). The runner sees everything `prepare` stored in `w`.
  bool Commit(Writer* w, absl::FunctionRef<void()> prepare, GroupRunner run_group);

  // Writers queued and not yet taken into a group.
  int queued() const;

 private:
  const int max_group_size_;
  // std::mutex rather than absl::Mutex: Debian's Abseil is not built with TSan, which then cannot
  // see the hand-over of leadership and reports every group as a race.
  mutable std::mutex mu_;
  std::deque<Writer*> queue_;   // guarded by mu_
  bool leader_active_ = false;  // guarded by mu_
};

}  // namespace supplyrisk::store

#endif  // SUPPLYRISK_SERVICE_STORE_COMMIT_QUEUE_H_
