#include "clients/scan/common/host_rate_limit.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"

namespace supplyrisk::scan {

HostRateLimiter::HostRateLimiter(std::function<absl::Time()> now,
                                 std::function<void(absl::Duration)> sleep)
    : now_(std::move(now)), sleep_(std::move(sleep)) {}

HostRateLimiter& HostRateLimiter::Global() {
  static HostRateLimiter* const limiter = new HostRateLimiter();
  return *limiter;
}

void HostRateLimiter::Configure(double per_second, int burst) {
  absl::MutexLock lock(&mu_);
  per_second_ = per_second;
  burst_ = std::max(1, burst);
  buckets_.clear();
}

void HostRateLimiter::Acquire(absl::string_view host) {
  const std::string key = absl::AsciiStrToLower(host);
  while (true) {
    absl::Duration wait;
    {
      absl::MutexLock lock(&mu_);
      if (per_second_ <= 0) return;
      const absl::Time now = now_();
      auto [it, fresh] = buckets_.try_emplace(key);
      Bucket& b = it->second;
      if (fresh) {
        b.tokens = burst_;
      } else {
        b.tokens = std::min<double>(
            burst_, b.tokens + absl::ToDoubleSeconds(now - b.refilled) * per_second_);
      }
      b.refilled = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return;
      }
      // The time until one whole token is back; sleep outside the lock so other hosts go on.
      wait = absl::Seconds((1 - b.tokens) / per_second_);
      waited_ += wait;
    }
    sleep_(wait);
  }
}

absl::Duration HostRateLimiter::waited() const {
  absl::MutexLock lock(&mu_);
  return waited_;
}

}  // namespace supplyrisk::scan
