#include "service/jobs/rescore_runner.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"

namespace supplyrisk::jobs {
namespace {

constexpr int kTenantPage = 100;
constexpr int kJobPage = 1000;

// Whether the tenant has a supplier that a dirty-only rescoring as of `now` would choose.
absl::StatusOr<bool> HasWork(store::Store* store, absl::string_view tenant, absl::Time now) {
  store::SupplierQuery q;
  q.index = store::SupplierIndex::kDirty;
  absl::StatusOr<store::Page<store::SupplierRecord>> dirty = store->ListSuppliers(tenant, q, {1});
  if (!dirty.ok()) return dirty.status();
  if (!dirty->items.empty()) return true;
  q.index = store::SupplierIndex::kReviewDue;
  q.due_by = now;
  absl::StatusOr<store::Page<store::SupplierRecord>> due = store->ListSuppliers(tenant, q, {1});
  if (!due.ok()) return due.status();
  return !due->items.empty();
}

}  // namespace

RescoreRunner::RescoreRunner(store::Store* store, const assess::Assessor* assessor,
                             RescoreRunnerOptions options)
    : store_(store), options_(std::move(options)), rescorer_(store, assessor, [this] {
        RescorerOptions o = options_.rescorer;
        o.stopping = [this] { return stopping_.load(std::memory_order_relaxed); };
        return o;
      }()) {}

RescoreRunner::~RescoreRunner() { Stop(); }

absl::Status RescoreRunner::QueueUnfinished() {
  std::string after;
  while (true) {
    absl::StatusOr<std::vector<std::string>> tenants = store_->ListTenants(after, kTenantPage);
    if (!tenants.ok()) return tenants.status();
    for (const std::string& tenant : *tenants) {
      std::string token;
      do {
        absl::StatusOr<store::Page<v1::Job>> page = store_->ListJobs(tenant, {kJobPage, token});
        if (!page.ok()) return page.status();
        for (const v1::Job& job : page->items) {
          if (job.kind() == kRescoreJobKind &&
              (job.state() == v1::JOB_STATE_PENDING || job.state() == v1::JOB_STATE_RUNNING)) {
            Enqueue(tenant, names::ParseJob(job.name()).value_or(""));
          }
        }
        token = page->next_page_token;
      } while (!token.empty());
    }
    if (static_cast<int>(tenants->size()) < kTenantPage) return absl::OkStatus();
    after = tenants->back();
  }
}

absl::Status RescoreRunner::Start() {
  absl::Status queued = QueueUnfinished();
  if (!queued.ok()) return queued;
  thread_ = std::thread([this] { Loop(); });
  return absl::OkStatus();
}

absl::StatusOr<v1::Job> RescoreRunner::StartJob(absl::string_view tenant, const RescoreSpec& spec,
                                                absl::string_view job_id) {
  absl::MutexLock lock(&start_mu_);
  absl::StatusOr<std::optional<v1::Job>> running = rescorer_.FindOverlapping(tenant, spec);
  if (!running.ok()) return running.status();
  if (running->has_value()) {
    return absl::AbortedError(
        absl::StrCat("a rescoring of an overlapping scope is running: ", (*running)->name()));
  }
  absl::StatusOr<v1::Job> job = rescorer_.Start(tenant, spec.actor(), spec, job_id);
  if (job.ok()) Enqueue(tenant, job_id);
  return job;
}

void RescoreRunner::Enqueue(absl::string_view tenant, absl::string_view job_id) {
  absl::MutexLock lock(&mu_);
  queue_.emplace_back(std::string(tenant), std::string(job_id));
}

void RescoreRunner::Stop() {
  stopping_.store(true, std::memory_order_relaxed);
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void RescoreRunner::Schedule() {
  const absl::Time now = options_.rescorer.clock();
  std::string after;
  while (!stopping_.load(std::memory_order_relaxed)) {
    absl::StatusOr<std::vector<std::string>> tenants = store_->ListTenants(after, kTenantPage);
    if (!tenants.ok()) {
      if (options_.on_job) options_.on_job("", "schedule", tenants.status());
      return;
    }
    for (const std::string& tenant : *tenants) {
      absl::StatusOr<bool> work = HasWork(store_, tenant, now);
      if (!work.ok() || !*work) continue;
      RescoreSpec spec;
      spec.set_dirty_only(true);
      spec.set_actor(options_.schedule_actor);
      const std::string id = absl::StrCat("scheduled-", absl::ToUnixMicros(now));
      absl::StatusOr<v1::Job> job = StartJob(tenant, spec, id);
      // ABORTED: one is running already, and it will pick this work up or the next pass will.
      if (!job.ok() && !absl::IsAborted(job.status()) && options_.on_job) {
        options_.on_job(tenant, id, job.status());
      }
    }
    if (static_cast<int>(tenants->size()) < kTenantPage) return;
    after = tenants->back();
  }
}

void RescoreRunner::Loop() {
  const bool scheduled = options_.interval > absl::ZeroDuration();
  absl::Time next_schedule =
      scheduled ? options_.rescorer.clock() + options_.interval : absl::InfiniteFuture();
  while (true) {
    std::pair<std::string, std::string> item;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this] { return stop_ || !queue_.empty(); };
      const absl::Duration wait =
          scheduled ? std::max(absl::ZeroDuration(), next_schedule - options_.rescorer.clock())
                    : absl::InfiniteDuration();
      mu_.AwaitWithTimeout(absl::Condition(&ready), wait);
      if (stop_) return;
      if (!queue_.empty()) {
        item = std::move(queue_.front());
        queue_.pop_front();
      }
    }
    if (!item.first.empty()) {
      absl::StatusOr<v1::Job> job = store_->GetJob(item.first, item.second);
      absl::Status st = job.status();
      // Cancelled while it waited in the queue: nothing to run.
      if (st.ok() && job->state() == v1::JOB_STATE_CANCELLED) continue;
      if (st.ok()) {
        RescoreSpec spec;
        spec.ParseFromString(job->request());
        st = rescorer_.Run(item.first, spec.actor(), item.second);
      }
      if (options_.on_job) options_.on_job(item.first, item.second, st);
      continue;
    }
    if (scheduled && options_.rescorer.clock() >= next_schedule) {
      Schedule();
      next_schedule = options_.rescorer.clock() + options_.interval;
    }
  }
}

}  // namespace supplyrisk::jobs
