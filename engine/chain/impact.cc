#include "engine/chain/impact.h"

#include <algorithm>
#include <tuple>

namespace supplyrisk::chain {
namespace {

// Parties within max_depth hops upstream of `party` (the party itself included).
std::vector<bool> Upstream(const SupplyGraph& graph, int party, int max_depth) {
  std::vector<bool> seen(graph.size(), false);
  std::vector<int> level = {party};
  seen[party] = true;
  for (int depth = 0; depth < max_depth && !level.empty(); ++depth) {
    std::vector<int> next;
    for (int v : level) {
      for (const SupplyGraph::Edge& e : graph.in(v)) {
        if (!seen[e.node]) {
          seen[e.node] = true;
          next.push_back(e.node);
        }
      }
    }
    level.swap(next);
  }
  return seen;
}

}  // namespace

std::vector<ImpactedEngagement> AnalyzeImpact(const SupplyGraph& graph, int party,
                                              const std::vector<PortfolioEngagement>& engagements,
                                              const ChainRules& rules) {
  const std::vector<bool> upstream = Upstream(graph, party, rules.max_depth);
  ChainWorkspace workspace(graph);
  std::vector<ImpactedEngagement> out;
  for (size_t i = 0; i < engagements.size(); ++i) {
    const PortfolioEngagement& e = engagements[i];
    if (!upstream[e.supplier]) continue;
    if (e.supplier == party) {
      out.push_back({static_cast<int>(i), e.supplier, 0, {}, e.criticality_weight});
      continue;
    }
    const Reach reach = FindReceivers(graph, e.supplier, e.scope, rules, &workspace);
    for (const Receiver& r : reach.receivers) {
      if (r.node != party) continue;
      out.push_back({static_cast<int>(i), e.supplier, r.depth, reach.PathTo(r),
                     e.criticality_weight * r.weight});
      break;
    }
  }
  std::sort(out.begin(), out.end(), [&](const ImpactedEngagement& a, const ImpactedEngagement& b) {
    if (a.rank != b.rank) return a.rank > b.rank;
    return std::tie(graph.id(a.supplier), a.engagement) <
           std::tie(graph.id(b.supplier), b.engagement);
  });
  return out;
}

}  // namespace supplyrisk::chain
