#include "service/jobs/confirmation_thinner.h"

#include <utility>

namespace supplyrisk::jobs {

ConfirmationThinner::ConfirmationThinner(store::Store* store, ConfirmationThinningOptions options)
    : sweep_(store, {options.interval, options.tenants_per_page, std::move(options.on_pass)},
             [store, batch_records = options.batch_records, retention = options.retention,
              clock = std::move(options.clock)] {
               // One cutoff for the whole pass, so every tenant is thinned to the same instant.
               const absl::Time cutoff = clock() - retention;
               return [store, batch_records, cutoff](
                          absl::string_view tenant,
                          absl::string_view after) -> absl::StatusOr<SweepStep> {
                 absl::StatusOr<store::ConfirmationThinning> step =
                     store->ThinConfirmations(tenant, cutoff, after, batch_records);
                 if (!step.ok()) return step.status();
                 return SweepStep{step->removed, step->next_key};
               };
             }) {}

}  // namespace supplyrisk::jobs
