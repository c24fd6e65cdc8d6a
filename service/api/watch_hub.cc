#include "service/api/watch_hub.h"

namespace supplyrisk::api {

void WatchHub::Notify(const std::vector<v1::AuditEntry>& entries) {
  absl::MutexLock lock(&mu_);
  for (const v1::AuditEntry& e : entries) ++versions_[e.tenant()];
}

uint64_t WatchHub::Version(absl::string_view tenant) {
  absl::MutexLock lock(&mu_);
  auto it = versions_.find(tenant);
  return it == versions_.end() ? 0 : it->second;
}

void WatchHub::Wait(absl::string_view tenant, uint64_t seen, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto changed = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    if (shutdown_) return true;
    auto it = versions_.find(tenant);
    return (it == versions_.end() ? 0 : it->second) != seen;
  };
  mu_.AwaitWithTimeout(absl::Condition(&changed), timeout);
}

void WatchHub::Shutdown() {
  absl::MutexLock lock(&mu_);
  shutdown_ = true;
}

bool WatchHub::Enter(absl::string_view tenant, int max_streams) {
  absl::MutexLock lock(&mu_);
  int& open = open_streams_[tenant];
  if (open >= max_streams) return false;
  ++open;
  return true;
}

void WatchHub::Leave(absl::string_view tenant) {
  absl::MutexLock lock(&mu_);
  auto it = open_streams_.find(tenant);
  if (it != open_streams_.end() && --it->second <= 0) open_streams_.erase(it);
}

bool WatchHub::shutting_down() {
  absl::MutexLock lock(&mu_);
  return shutdown_;
}

}  // namespace supplyrisk::api
