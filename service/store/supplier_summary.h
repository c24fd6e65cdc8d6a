// A supplier's summary (latest grade, outcome, score, update time, open issues) and the index
// entries it implies: writing a summary replaces the entries of the one before. Internal to
// service/store.
#ifndef SUPPLYRISK_SERVICE_STORE_SUPPLIER_SUMMARY_H_
#define SUPPLYRISK_SERVICE_STORE_SUPPLIER_SUMMARY_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/store/records.pb.h"
#include "service/store/store.h"
#include "service/store/txn.h"
#include "supplyrisk/v1/assessment.pb.h"

namespace supplyrisk::store {

// Index keys (cf, key) a supplier summary implies, sorted.
std::vector<std::pair<int, std::string>> SummaryIndexKeys(absl::string_view tenant,
                                                          absl::string_view supplier,
                                                          const SupplierSummary& s);

// Deletes the index entries of `before` (when set), then writes `after` and its entries, or deletes
// the summary when `after` is null.
void WriteSummary(Txn& txn, absl::string_view tenant, absl::string_view supplier,
                  const SupplierSummary* before, const SupplierSummary* after);

// Highest readiness star the assessment says is met; 0 when none.
int HighestStarMet(const supplyrisk::v1::Assessment& a);

// Makes `a` (stored with key (as_of, id) and `facts_digest`, empty when unknown) the summary's
// latest assessment: everything a list shows or filters on comes from here.
void SetLatest(const supplyrisk::v1::Assessment& a, int64_t as_of_micros,
               absl::string_view assessment_id, absl::string_view facts_digest, SupplierSummary* s);

// Marks `s` dirty for `reasons` (DirtyReason bits) at `now_micros`: keeps the first mark's time,
// adds the reasons and bumps the generation.
void AddDirtyMark(uint32_t reasons, int64_t now_micros, SupplierSummary* s);

// What an assessment stored (or confirmed) as of `as_of_micros` as the supplier's latest does to
// its summary beyond SetLatest: the review due time it was scored with, and the dirty mark cleared
// when it was read at the mark's current generation.
void ApplyRescoreBookkeeping(const AssessmentBookkeeping& b, int64_t as_of_micros,
                             SupplierSummary* s);

// AddDirtyMark on the stored summary of `supplier_id`, in the same batch as the change that
// causes it; nothing when the tenant has no such supplier.
absl::Status MarkSupplierDirty(Txn& txn, absl::string_view supplier_id, uint32_t reasons);

// The stored summary of an existing supplier; DataLoss when it is missing.
absl::StatusOr<SupplierSummary> LoadSummary(Txn& txn, absl::string_view supplier_id);

}  // namespace supplyrisk::store

#endif  // SUPPLYRISK_SERVICE_STORE_SUPPLIER_SUMMARY_H_
