// The server's rescoring worker: one background thread that runs rescoring jobs one at a time,
// in the order they were queued, through a Rescorer. At Start it queues every PENDING or RUNNING
// rescoring of every tenant, so jobs a stopped or killed server left behind finish after a
// restart. With an interval it also starts, every interval, a dirty-only rescoring for each tenant
// that has something dirty or due and no rescoring queued.
//
//   RescoreRunner runner(store, &assessor, {});
//   runner.Start();
//   ... runner.Enqueue(tenant, "job-id") after Rescorer::Start ...
//   runner.Stop();  // before the store closes
#ifndef SUPPLYRISK_SERVICE_JOBS_RESCORE_RUNNER_H_
#define SUPPLYRISK_SERVICE_JOBS_RESCORE_RUNNER_H_

#include <atomic>
#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "service/assess/assessor.h"
#include "service/jobs/rescorer.h"
#include "service/store/store.h"

namespace supplyrisk::jobs {

struct RescoreRunnerOptions {
  RescorerOptions rescorer;
  // Time between scheduled dirty-only rescorings; zero for none.
  absl::Duration interval = absl::ZeroDuration();
  // The actor scheduled rescorings write as.
  std::string schedule_actor = "supplyriskd:schedule";
  // Called with the outcome of every job run (e.g. to log it); may be empty.
  std::function<void(absl::string_view tenant, absl::string_view job_id, const absl::Status&)>
      on_job;
};

class RescoreRunner {
 public:
  // Precondition: `store` and `assessor` outlive the runner (or Stop() is called first).
  RescoreRunner(store::Store* store, const assess::Assessor* assessor,
                RescoreRunnerOptions options);
  ~RescoreRunner();  // Stop()
  RescoreRunner(const RescoreRunner&) = delete;
  RescoreRunner& operator=(const RescoreRunner&) = delete;

  // Queues the unfinished rescorings found in the store and starts the thread. At most once.
  absl::Status Start();
  // Records job `job_id` for `spec` (Rescorer::Start) and queues it, unless a rescoring of an
  // overlapping scope is PENDING or RUNNING in the tenant: then ABORTED naming it. Checking and
  // creating are one step for this server, which alone has the store open.
  absl::StatusOr<v1::Job> StartJob(absl::string_view tenant, const RescoreSpec& spec,
                                   absl::string_view job_id);
  // Queues a job made by Rescorer::Start.
  void Enqueue(absl::string_view tenant, absl::string_view job_id);
  // Wakes the thread, which stops at the next page boundary of the job in hand (left RUNNING, so
  // the next Start resumes it), and joins it. Idempotent.
  void Stop();

  const Rescorer& rescorer() const { return rescorer_; }

 private:
  void Loop();
  // Starts a dirty-only job for every tenant with work and nothing queued.
  void Schedule();
  // Unfinished rescorings of every tenant, queued.
  absl::Status QueueUnfinished();

  store::Store* store_;
  RescoreRunnerOptions options_;
  std::atomic<bool> stopping_{false};
  Rescorer rescorer_;
  absl::Mutex start_mu_;  // serialises StartJob's check and create
  absl::Mutex mu_;
  std::deque<std::pair<std::string, std::string>> queue_ ABSL_GUARDED_BY(mu_);
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace supplyrisk::jobs

#endif  // SUPPLYRISK_SERVICE_JOBS_RESCORE_RUNNER_H_
