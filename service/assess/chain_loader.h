// Reading a subcontractor chain from the store: the relationships in force at a time, reached from
// a supplier within a depth (down to its subcontractors, or up to its contractors), and what is
// known of each party's own risk then (its latest assessment at or before that time). Shared by the
// Assessor (an engagement's effective risk enters its decision), the Replayer and ChainService.
//
//   auto chain = LoadChain(store, tenant, "acme", 3, now, ChainDirection::kSubcontractors, snap);
//   chain::EffectiveRisk r = chain::ComputeEffectiveRisk((*chain)->graph,
//                                                       (*chain)->parties->standings(),
//                                                       (*chain)->root, scope, rules);
#ifndef SUPPLYRISK_SERVICE_ASSESS_CHAIN_LOADER_H_
#define SUPPLYRISK_SERVICE_ASSESS_CHAIN_LOADER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/chain/chain_proto.h"
#include "engine/chain/graph.h"
#include "service/store/store.h"
#include "supplyrisk/v1/chain.pb.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/policy.pb.h"
#include "supplyrisk/v1/relationship.pb.h"

namespace supplyrisk::assess {

enum class ChainDirection {
  kSubcontractors,  // whom the supplier subcontracts to, and theirs
  kContractors,     // who subcontracts to the supplier, and to them
};

// Bounds on one load, so a request cannot make the server read an unbounded graph.
inline constexpr int kMaxChainDepth = 10;
inline constexpr int kMaxChainRelationships = 100000;

// Not copyable or movable: `parties` points into `graph`.
struct LoadedChain {
  LoadedChain() = default;
  LoadedChain(const LoadedChain&) = delete;
  LoadedChain& operator=(const LoadedChain&) = delete;

  // In force at the load's time, in the order read (by party, then the store's order).
  std::vector<v1::Relationship> relationships;
  chain::SupplyGraph graph;
  // What is known of every identified party reached (assessed or not, with display names).
  std::vector<v1::ChainNode> nodes;
  std::unique_ptr<chain::PartyDirectory> parties;
  // The node of the supplier the load started from.
  int root = -1;
};

// Reads the relationships in force at `as_of` (chain::InForce) from `supplier_id` in `direction`
// to `depth` hops, and for kSubcontractors the
// relationships leaving the parties at `depth` too (so coverage past a depth cap can be counted).
// Parties are suppliers by their resource names, or "party:{name key}" for subcontractors
// matching no supplier (they end the walk: they have no relationships of their own). Errors:
// NOT_FOUND for an absent supplier, RESOURCE_EXHAUSTED past kMaxChainRelationships, the store's.
// Precondition: 1 <= depth <= kMaxChainDepth.
absl::StatusOr<std::unique_ptr<LoadedChain>> LoadChain(store::Store* store,
                                                       absl::string_view tenant,
                                                       absl::string_view supplier_id, int depth,
                                                       absl::Time as_of, ChainDirection direction,
                                                       const store::Snapshot* snapshot);

// Every relationship of the tenant in force at `as_of` and every party they name (for portfolio
// views: concentration). root is -1. RESOURCE_EXHAUSTED past kMaxChainRelationships.
absl::StatusOr<std::unique_ptr<LoadedChain>> LoadPortfolio(store::Store* store,
                                                           absl::string_view tenant,
                                                           absl::Time as_of,
                                                           const store::Snapshot* snapshot);

// The effective risk an engagement of the chain's root carries, computed before the root is
// scored: own_assessed is false and the own score is left for the engine, which completes it with
// the assessment's overall score (what the chain inherits does not depend on it). Errors: the
// policy's chain rules out of range (INVALID_ARGUMENT naming the field).
absl::StatusOr<v1::EffectiveRisk> EngagementChainRisk(const LoadedChain& chain,
                                                      const v1::Engagement& engagement,
                                                      const v1::ScoringPolicy& policy);

}  // namespace supplyrisk::assess

#endif  // SUPPLYRISK_SERVICE_ASSESS_CHAIN_LOADER_H_
