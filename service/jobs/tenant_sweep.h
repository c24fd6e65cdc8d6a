// A background pass over every tenant of the store, in small batches: the shape the store's
// housekeeping jobs share (the idempotency purge, the thinning of confirmations). Every interval
// it lists the tenants that have ever written, page by page, and runs the job's batch for each
// tenant until the tenant is done, one small write at a time, so a base of a million suppliers
// never turns into one large batch. Stops cleanly: Stop() wakes the thread, which finishes at most
// the batch in hand.
//
//   TenantSweep sweep(store, {absl::Hours(1)}, [store] {
//     return [store](absl::string_view tenant, absl::string_view after)
//                -> absl::StatusOr<SweepStep> { ... one batch from `after` ... };
//   });
//   sweep.Start();
#ifndef SUPPLYRISK_SERVICE_JOBS_TENANT_SWEEP_H_
#define SUPPLYRISK_SERVICE_JOBS_TENANT_SWEEP_H_

#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "service/store/store.h"

namespace supplyrisk::jobs {

// What one batch did, and where the tenant's next batch starts (empty: the tenant is done).
struct SweepStep {
  int64_t count = 0;
  std::string next;
};
using SweepBatch =
    std::function<absl::StatusOr<SweepStep>(absl::string_view tenant, absl::string_view after)>;

struct TenantSweepOptions {
  // Time between the end of one pass and the start of the next; the first pass starts one interval
  // after Start(). Must be positive.
  absl::Duration interval = absl::Hours(1);
  int tenants_per_page = 100;
  // Called after every background pass with its outcome (e.g. to log it); may be empty.
  std::function<void(const absl::StatusOr<int64_t>& count)> on_pass;
};

class TenantSweep {
 public:
  // `start_pass` is called at the start of every pass and returns that pass's batch (so a pass
  // can fix what it works to, such as one cutoff time for every tenant).
  // Precondition: `store` outlives the sweep (or Stop() is called before it goes).
  TenantSweep(store::Store* store, TenantSweepOptions options,
              std::function<SweepBatch()> start_pass);
  ~TenantSweep();  // Stop()
  TenantSweep(const TenantSweep&) = delete;
  TenantSweep& operator=(const TenantSweep&) = delete;

  // One pass over every tenant: the sum of its batches' counts. Returns early (with the count so
  // far) once Stop() has been called; the first error ends the pass.
  absl::StatusOr<int64_t> RunOnce();
  // Starts the background thread that runs a pass every interval. At most once.
  void Start();
  // Wakes and joins the background thread; idempotent, and safe without Start().
  void Stop();

 private:
  bool Stopping();
  void Loop();

  store::Store* const store_;
  const TenantSweepOptions options_;
  const std::function<SweepBatch()> start_pass_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace supplyrisk::jobs

#endif  // SUPPLYRISK_SERVICE_JOBS_TENANT_SWEEP_H_
