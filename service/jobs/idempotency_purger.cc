#include "service/jobs/idempotency_purger.h"

#include <utility>

namespace supplyrisk::jobs {

IdempotencyPurger::IdempotencyPurger(store::Store* store, IdempotencyPurgeOptions options)
    : sweep_(store, {options.interval, options.tenants_per_page, std::move(options.on_pass)},
             [store, batch_records = options.batch_records] {
               return [store, batch_records](absl::string_view tenant,
                                             absl::string_view after) -> absl::StatusOr<SweepStep> {
                 absl::StatusOr<store::IdempotencyPurge> step =
                     store->PurgeExpiredIdempotency(tenant, after, batch_records);
                 if (!step.ok()) return step.status();
                 return SweepStep{step->purged, step->next_request_id};
               };
             }) {}

}  // namespace supplyrisk::jobs
