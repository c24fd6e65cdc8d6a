// Concentration: the parties many of the buyer's direct suppliers depend on for one kind of
// service (cloud, hosting, mail, DNS, identity, managed service, OT maintenance), counted from the
// suppliers' own relationships in one pass over the edges. Per class: each shared party's count and
// shares (of suppliers, of engagement weight, of critical suppliers), a Herfindahl-Hirschman index,
// and a single-point-of-failure flag when a party serves at least a policy share of the critical
// suppliers.
#ifndef SUPPLYRISK_ENGINE_CHAIN_CONCENTRATION_H_
#define SUPPLYRISK_ENGINE_CHAIN_CONCENTRATION_H_

#include <vector>

#include "engine/chain/graph.h"

namespace supplyrisk::chain {

// One of the buyer's direct suppliers.
struct PortfolioSupplier {
  int node;
  // The sum of its engagements' criticality weights (e.g. LOW 1 ... CRITICAL 4).
  double engagement_weight = 0;
  // It holds an engagement of critical importance.
  bool critical = false;
};

struct ConcentrationRules {
  // A party serving at least this share of the critical suppliers is a single point of failure.
  double spof_share = 0.4;
  // Parties with fewer dependents are not listed (they are not shared).
  int min_dependents = 2;
};

struct SharedParty {
  int node;
  int dependents = 0;           // direct suppliers depending on it for the class
  double supplier_share = 0;    // dependents / direct suppliers
  double engagement_share = 0;  // their engagement weight / all engagement weight
  double critical_share = 0;    // critical dependents / critical suppliers
  bool single_point_of_failure = false;
  std::vector<int> dependent_nodes;  // sorted
};

struct ClassConcentration {
  DependencyClass dependency_class;
  // 0-10000: the sum of squared percentage shares of the class's dependency links over every
  // party serving the class (10000: one party serves all of them).
  double hhi = 0;
  int links = 0;                     // direct suppliers' relationships of this class
  std::vector<SharedParty> parties;  // most dependents first, then id
};

// Precondition: each supplier's node is in `graph` and listed once.
std::vector<ClassConcentration> ComputeConcentration(
    const SupplyGraph& graph, const std::vector<PortfolioSupplier>& suppliers,
    const ConcentrationRules& rules);

}  // namespace supplyrisk::chain

#endif  // SUPPLYRISK_ENGINE_CHAIN_CONCENTRATION_H_
