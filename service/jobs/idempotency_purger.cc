#include "service/jobs/idempotency_purger.h"

#include <string>
#include <utility>
#include <vector>

namespace supplyrisk::jobs {

IdempotencyPurger::IdempotencyPurger(store::Store* store, IdempotencyPurgeOptions options)
    : store_(store), options_(std::move(options)) {}

IdempotencyPurger::~IdempotencyPurger() { Stop(); }

bool IdempotencyPurger::Stopping() {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

absl::StatusOr<int64_t> IdempotencyPurger::RunOnce() {
  int64_t purged = 0;
  std::string after_tenant;
  while (!Stopping()) {
    absl::StatusOr<std::vector<std::string>> tenants =
        store_->ListTenants(after_tenant, options_.tenants_per_page);
    if (!tenants.ok()) return tenants.status();
    for (const std::string& tenant : *tenants) {
      std::string after;
      do {
        if (Stopping()) return purged;
        absl::StatusOr<store::IdempotencyPurge> step =
            store_->PurgeExpiredIdempotency(tenant, after, options_.batch_records);
        if (!step.ok()) return step.status();
        purged += step->purged;
        after = step->next_request_id;
      } while (!after.empty());
    }
    if (static_cast<int>(tenants->size()) < options_.tenants_per_page) break;
    after_tenant = tenants->back();
  }
  return purged;
}

void IdempotencyPurger::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void IdempotencyPurger::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void IdempotencyPurger::Loop() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      // Sleeps one interval, or until Stop().
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), options_.interval)) return;
    }
    absl::StatusOr<int64_t> purged = RunOnce();
    if (options_.on_pass) options_.on_pass(purged);
  }
}

}  // namespace supplyrisk::jobs
