// A synthetic supplier base for demos, benchmarks and large tests: suppliers with profiles,
// submitted responses to a questionnaire with realistic answer distributions, signal histories,
// engagements and subcontractor chains, written straight through the store.
//
// Deterministic for a seed: every piece of supplier i depends only on (seed, i), and the
// relationships only on (seed, suppliers, relationships), so a base can be rebuilt, or a test can
// predict what a supplier holds, without the store.
//
// Example:
//   SupplierBaseSpec spec;
//   spec.suppliers = 10000;
//   spec.relationships = 15000;
//   spec.seed = 7;
//   absl::StatusOr<SupplierBaseStats> stats =
//       WriteSupplierBase(store, *registry.LatestPublished("cpsf-supplier"), spec);
#ifndef SUPPLYRISK_BENCH_SUPPLIER_BASE_SUPPLIER_BASE_H_
#define SUPPLYRISK_BENCH_SUPPLIER_BASE_SUPPLIER_BASE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/store/store.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/relationship.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"
#include "supplyrisk/v1/supplier.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::supplier_base {

// Bounds on one generated base, so a typo cannot fill the disk.
inline constexpr int64_t kMaxSuppliers = 10'000'000;
inline constexpr int64_t kMaxRelationshipsPerSupplier = 20;

struct SupplierBaseSpec {
  std::string tenant = "demo";
  // Precondition: 1 <= suppliers <= kMaxSuppliers.
  int64_t suppliers = 0;
  // Subcontracting relationships between generated suppliers. Precondition: 0 <= relationships <=
  // kMaxRelationshipsPerSupplier * suppliers, and fewer than the distinct pairs the chain shape
  // allows (about suppliers^2 / 2).
  int64_t relationships = 0;
  uint64_t seed = 1;
  // The base's "now": every answer, submission and signal lies before it.
  absl::Time as_of = absl::FromUnixSeconds(1798761600);  // 2027-01-01
  // Concurrent writers (the store commits their writes in groups).
  int writers = 4;
  // Suppliers per CreateSuppliers and per signal import.
  int batch = 256;
  // Who the audit log says wrote the base.
  std::string actor = "generator:supplier_base";
};

// What one supplier of the base holds.
struct GeneratedSupplier {
  std::string id;
  v1::Supplier supplier;
  // Absent for the share of suppliers that have not answered yet.
  std::optional<v1::Response> response;
  std::vector<v1::Signal> signals;
  std::optional<v1::Engagement> engagement;
};

struct SupplierBaseStats {
  int64_t suppliers = 0;
  int64_t responses = 0;
  int64_t answers = 0;
  int64_t signals = 0;
  int64_t resolved_signals = 0;
  int64_t engagements = 0;
  int64_t relationships = 0;
};

// "g0000042": ids sort in generation order.
std::string SupplierId(int64_t index);

// Checks a spec; InvalidArgument naming the field.
absl::Status ValidateSpec(const SupplierBaseSpec& spec);

// Supplier `index` of the base: its profile, response to `questionnaire`, signals and engagement.
// Pure: the same spec, questionnaire and index give the same supplier.
GeneratedSupplier GenerateSupplier(const SupplierBaseSpec& spec, const v1::Template& questionnaire,
                                   int64_t index);

// The base's subcontracting relationships, ids "rel0000042". A contractor always has a lower
// index than its subcontractor, so the chains are acyclic; most contractors are among the first
// suppliers (the larger firms), chains run several levels deep, and no pair repeats.
// Precondition: ValidateSpec(spec).ok().
std::vector<std::pair<std::string, v1::Relationship>> GenerateRelationships(
    const SupplierBaseSpec& spec);

// Writes the whole base into `tenant` of `store` (which should be empty there), reporting the
// number of suppliers written so far to `progress` when given. Errors: ValidateSpec's, and the
// store's first error (the base is then partly written).
absl::StatusOr<SupplierBaseStats> WriteSupplierBase(
    store::Store* store, const v1::Template& questionnaire, const SupplierBaseSpec& spec,
    const std::function<void(int64_t)>& progress = nullptr);

}  // namespace supplyrisk::supplier_base

#endif  // SUPPLYRISK_BENCH_SUPPLIER_BASE_SUPPLIER_BASE_H_
