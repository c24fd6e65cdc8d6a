#include "service/api/stream_watchdog.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace supplyrisk::api {

StreamWatchdog::StreamWatchdog(StreamLimits limits, bool run_thread,
                               std::function<absl::Time()> clock)
    : limits_(limits), clock_(std::move(clock)) {
  if (run_thread) thread_ = std::thread([this] { Loop(); });
}

StreamWatchdog::~StreamWatchdog() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void StreamWatchdog::Loop() {
  const absl::Duration period =
      std::clamp(limits_.idle / 4, absl::Milliseconds(50), absl::Seconds(1));
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping), period)) return;
    }
    CheckNow();
  }
}

absl::StatusOr<std::unique_ptr<StreamWatchdog::Lease>> StreamWatchdog::Open(
    absl::string_view tenant, std::function<void()> cancel) {
  absl::MutexLock lock(&mu_);
  int& open = open_per_tenant_[std::string(tenant)];
  if (open >= limits_.per_tenant) {
    return absl::ResourceExhaustedError(absl::StrCat("the tenant already holds ", open,
                                                     " open import streams (at most ",
                                                     limits_.per_tenant, "); finish one first"));
  }
  ++open;
  const uint64_t id = next_id_++;
  const absl::Time now = clock_();
  entries_.emplace(id, Entry{std::string(tenant), std::move(cancel), now, now, ""});
  return std::unique_ptr<Lease>(new Lease(this, id));
}

void StreamWatchdog::CheckNow() {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_();
  for (auto& [id, e] : entries_) {
    if (!e.expired_reason.empty()) continue;
    if (now - e.opened > limits_.total) {
      e.expired_reason =
          absl::StrCat("the stream was open longer than ", absl::FormatDuration(limits_.total));
    } else if (now - e.last_message > limits_.idle) {
      e.expired_reason =
          absl::StrCat("no message for longer than ", absl::FormatDuration(limits_.idle));
    } else {
      continue;
    }
    // Under the lock: the lease's destructor takes it too, so the stream (and what `cancel`
    // points to) cannot end while it is being cancelled. Cancelling must not call back here.
    e.cancel();
  }
}

StreamWatchdog::Lease::~Lease() {
  absl::MutexLock lock(&owner_->mu_);
  auto it = owner_->entries_.find(id_);
  if (it == owner_->entries_.end()) return;
  auto open = owner_->open_per_tenant_.find(it->second.tenant);
  if (open != owner_->open_per_tenant_.end() && --open->second <= 0) {
    owner_->open_per_tenant_.erase(open);
  }
  owner_->entries_.erase(it);
}

void StreamWatchdog::Lease::Touch() {
  absl::MutexLock lock(&owner_->mu_);
  auto it = owner_->entries_.find(id_);
  if (it != owner_->entries_.end()) it->second.last_message = owner_->clock_();
}

bool StreamWatchdog::Lease::expired() const { return !reason().empty(); }

std::string StreamWatchdog::Lease::reason() const {
  absl::MutexLock lock(&owner_->mu_);
  auto it = owner_->entries_.find(id_);
  return it == owner_->entries_.end() ? "" : it->second.expired_reason;
}

}  // namespace supplyrisk::api
