// The background idempotency purge: every interval, for each tenant that has ever written, removes
// the idempotency records that have expired, one small batch (one small write) at a time
// (tenant_sweep.h), so a base of a million suppliers never turns into one large batch. Stops
// cleanly: Stop() wakes the thread, which finishes at most the batch in hand.
#ifndef SUPPLYRISK_SERVICE_JOBS_IDEMPOTENCY_PURGER_H_
#define SUPPLYRISK_SERVICE_JOBS_IDEMPOTENCY_PURGER_H_

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/jobs/tenant_sweep.h"
#include "service/store/store.h"

namespace supplyrisk::jobs {

struct IdempotencyPurgeOptions {
  // Time between the end of one pass and the start of the next; the first pass starts one interval
  // after Start(). Must be positive.
  absl::Duration interval = absl::Hours(1);
  // Records looked at per batch (each batch is one write), and tenants read per page.
  int batch_records = 500;
  int tenants_per_page = 100;
  // Called after every background pass with its outcome (e.g. to log it); may be empty.
  std::function<void(const absl::StatusOr<int64_t>& purged)> on_pass;
};

class IdempotencyPurger {
 public:
  // Precondition: `store` outlives the purger (or Stop() is called before it goes).
  IdempotencyPurger(store::Store* store, IdempotencyPurgeOptions options);
  IdempotencyPurger(const IdempotencyPurger&) = delete;
  IdempotencyPurger& operator=(const IdempotencyPurger&) = delete;

  // One pass over every tenant: how many records it removed. Returns early (with what it removed
  // so far) once Stop() has been called; the first store error ends the pass.
  absl::StatusOr<int64_t> RunOnce() { return sweep_.RunOnce(); }

  // Starts the background thread that runs a pass every interval. At most once.
  void Start() { sweep_.Start(); }
  // Wakes and joins the background thread; idempotent, and safe without Start().
  void Stop() { sweep_.Stop(); }

 private:
  TenantSweep sweep_;
};

}  // namespace supplyrisk::jobs

#endif  // SUPPLYRISK_SERVICE_JOBS_IDEMPOTENCY_PURGER_H_
