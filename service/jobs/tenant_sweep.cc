#include "service/jobs/tenant_sweep.h"

#include <utility>
#include <vector>

namespace supplyrisk::jobs {

TenantSweep::TenantSweep(store::Store* store, TenantSweepOptions options,
                         std::function<SweepBatch()> start_pass)
    : store_(store), options_(std::move(options)), start_pass_(std::move(start_pass)) {}

TenantSweep::~TenantSweep() { Stop(); }

bool TenantSweep::Stopping() {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

absl::StatusOr<int64_t> TenantSweep::RunOnce() {
  const SweepBatch batch = start_pass_();
  int64_t count = 0;
  std::string after_tenant;
  while (!Stopping()) {
    absl::StatusOr<std::vector<std::string>> tenants =
        store_->ListTenants(after_tenant, options_.tenants_per_page);
    if (!tenants.ok()) return tenants.status();
    for (const std::string& tenant : *tenants) {
      std::string after;
      do {
        if (Stopping()) return count;
        absl::StatusOr<SweepStep> step = batch(tenant, after);
        if (!step.ok()) return step.status();
        count += step->count;
        after = std::move(step->next);
      } while (!after.empty());
    }
    if (static_cast<int>(tenants->size()) < options_.tenants_per_page) break;
    after_tenant = tenants->back();
  }
  return count;
}

void TenantSweep::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void TenantSweep::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void TenantSweep::Loop() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      // Sleeps one interval, or until Stop().
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), options_.interval)) return;
    }
    absl::StatusOr<int64_t> count = RunOnce();
    if (options_.on_pass) options_.on_pass(count);
  }
}

}  // namespace supplyrisk::jobs
