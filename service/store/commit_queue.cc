#include "service/store/commit_queue.h"

#include <algorithm>
#include <vector>

namespace supplyrisk::store {

CommitQueue::CommitQueue(int max_group_size) : max_group_size_(std::max(1, max_group_size)) {}

bool CommitQueue::Commit(Writer* w, GroupRunner run_group) {
  std::vector<Writer*> group;
  {
    std::unique_lock<std::mutex> lock(mu_);
    queue_.push_back(w);
    w->cv_.wait(lock, [&] { return w->done_ || (!leader_active_ && queue_.front() == w); });
    if (w->done_) return false;
    leader_active_ = true;
    while (!queue_.empty() && static_cast<int>(group.size()) < max_group_size_) {
      group.push_back(queue_.front());
      queue_.pop_front();
    }
  }
  run_group(group);
  // Notified under the lock: a follower that sees done_ returns and destroys its Writer, cv_
  // included, which it cannot do before this lock is released.
  std::lock_guard<std::mutex> lock(mu_);
  for (Writer* g : group) {
    g->done_ = true;
    if (g != w) g->cv_.notify_one();
  }
  leader_active_ = false;
  if (!queue_.empty()) queue_.front()->cv_.notify_one();
  return true;
}

bool CommitQueue::Commit(Writer* w, absl::FunctionRef<void()> prepare, GroupRunner run_group) {
  prepare();
  return Commit(w, run_group);
}

int CommitQueue::queued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(queue_.size());
}

}  // namespace supplyrisk::store
