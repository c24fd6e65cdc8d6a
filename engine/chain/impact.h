// Impact analysis: given a party with an incident or a new critical finding, every engagement whose
// data or access reaches it down the chain, with the path, ranked by the engagement's criticality
// times the path's weight (attenuation per hop). The party's own engagements, if it is a direct
// supplier, come first at depth 0.
#ifndef SUPPLYRISK_ENGINE_CHAIN_IMPACT_H_
#define SUPPLYRISK_ENGINE_CHAIN_IMPACT_H_

#include <vector>

#include "engine/chain/effective_risk.h"
#include "engine/chain/graph.h"
#include "engine/chain/scope.h"

namespace supplyrisk::chain {

struct PortfolioEngagement {
  int supplier;  // the direct supplier's node
  Scope scope;   // what the engagement entrusts
  double criticality_weight = 1;
};

struct ImpactedEngagement {
  int engagement;  // index into the engagements given
  int supplier;
  int depth;  // hops from the supplier to the party; 0 when the party is the supplier
  std::vector<PathStep> path;
  double rank;  // criticality_weight x attenuation^depth
};

// Precondition: 0 <= party < graph.size(); rules valid. Only engagements whose supplier lies within
// rules.max_depth hops upstream of the party are traversed.
std::vector<ImpactedEngagement> AnalyzeImpact(const SupplyGraph& graph, int party,
                                              const std::vector<PortfolioEngagement>& engagements,
                                              const ChainRules& rules);

}  // namespace supplyrisk::chain

#endif  // SUPPLYRISK_ENGINE_CHAIN_IMPACT_H_
