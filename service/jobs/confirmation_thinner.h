// The background thinning of confirmations: every interval, for each tenant that has ever written,
// removes the confirmations whose as_of is older than the retention (the clock minus
// `retention`, read once per pass), keeping the newest confirmation of every assessment version,
// one small batch (one small write) at a time (tenant_sweep.h). Confirmations say a rescoring found
// nothing changed; the versions, which hold the facts, are never touched. Stops cleanly: Stop()
// wakes the thread, which finishes at most the batch in hand.
#ifndef SUPPLYRISK_SERVICE_JOBS_CONFIRMATION_THINNER_H_
#define SUPPLYRISK_SERVICE_JOBS_CONFIRMATION_THINNER_H_

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/jobs/tenant_sweep.h"
#include "service/store/store.h"

namespace supplyrisk::jobs {

struct ConfirmationThinningOptions {
  // Confirmations older than this are thinned (supplyriskd --confirmation_retention_days). Must be
  // positive.
  absl::Duration retention = absl::Hours(24 * 90);
  // Time between the end of one pass and the start of the next; the first pass starts one interval
  // after Start(). Must be positive.
  absl::Duration interval = absl::Hours(6);
  // Confirmations looked at per batch (each batch is one write), and tenants read per page.
  int batch_records = 500;
  int tenants_per_page = 100;
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  // Called after every background pass with its outcome (e.g. to log it); may be empty.
  std::function<void(const absl::StatusOr<int64_t>& removed)> on_pass;
};

class ConfirmationThinner {
 public:
  // Precondition: `store` outlives the thinner (or Stop() is called before it goes).
  ConfirmationThinner(store::Store* store, ConfirmationThinningOptions options);
  ConfirmationThinner(const ConfirmationThinner&) = delete;
  ConfirmationThinner& operator=(const ConfirmationThinner&) = delete;

  // One pass over every tenant: how many confirmations it removed. Returns early (with what it
  // removed so far) once Stop() has been called; the first store error ends the pass.
  absl::StatusOr<int64_t> RunOnce() { return sweep_.RunOnce(); }

  // Starts the background thread that runs a pass every interval. At most once.
  void Start() { sweep_.Start(); }
  // Wakes and joins the background thread; idempotent, and safe without Start().
  void Stop() { sweep_.Stop(); }

 private:
  TenantSweep sweep_;
};

}  // namespace supplyrisk::jobs

#endif  // SUPPLYRISK_SERVICE_JOBS_CONFIRMATION_THINNER_H_
