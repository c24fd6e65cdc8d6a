#include "service/jobs/confirmation_thinner.h"

#include <string>
#include <utility>
#include <vector>

namespace supplyrisk::jobs {

ConfirmationThinner::ConfirmationThinner(store::Store* store, ConfirmationThinningOptions options)
    : store_(store), options_(std::move(options)) {}

ConfirmationThinner::~ConfirmationThinner() { Stop(); }

bool ConfirmationThinner::Stopping() {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

absl::StatusOr<int64_t> ConfirmationThinner::RunOnce() {
  int64_t removed = 0;
  // One cutoff for the whole pass, so every tenant is thinned to the same instant.
  const absl::Time cutoff = options_.clock() - options_.retention;
  std::string after_tenant;
  while (!Stopping()) {
    absl::StatusOr<std::vector<std::string>> tenants =
        store_->ListTenants(after_tenant, options_.tenants_per_page);
    if (!tenants.ok()) return tenants.status();
    for (const std::string& tenant : *tenants) {
      std::string after;
      do {
        if (Stopping()) return removed;
        absl::StatusOr<store::ConfirmationThinning> step =
            store_->ThinConfirmations(tenant, cutoff, after, options_.batch_records);
        if (!step.ok()) return step.status();
        removed += step->removed;
        after = step->next_key;
      } while (!after.empty());
    }
    if (static_cast<int>(tenants->size()) < options_.tenants_per_page) break;
    after_tenant = tenants->back();
  }
  return removed;
}

void ConfirmationThinner::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void ConfirmationThinner::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void ConfirmationThinner::Loop() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      // Sleeps one interval, or until Stop().
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), options_.interval)) return;
    }
    absl::StatusOr<int64_t> removed = RunOnce();
    if (options_.on_pass) options_.on_pass(removed);
  }
}

}  // namespace supplyrisk::jobs
