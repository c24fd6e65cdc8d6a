#include "engine/chain/dirty.h"

#include <vector>

namespace supplyrisk::chain {

std::vector<int> MarkDirty(const SupplyGraph& graph, const ChainChanges& changes, int max_depth) {
  // remaining[v]: how many more hops upstream of v may still be touched; -1 when v is clean.
  std::vector<int> remaining(graph.size(), -1);
  // One frontier per budget, processed from the largest budget down, so each party is expanded
  // once with the largest budget any change gives it.
  std::vector<std::vector<int>> frontier(max_depth + 1);
  auto touch = [&](int v, int budget) {
    if (budget > remaining[v]) {
      remaining[v] = budget;
      frontier[budget].push_back(v);
    }
  };
  for (int v : changes.assessed) touch(v, max_depth);
  for (int v : changes.contractors) touch(v, max_depth - 1);
  for (int budget = max_depth; budget >= 1; --budget) {
    for (size_t i = 0; i < frontier[budget].size(); ++i) {
      const int v = frontier[budget][i];
      if (remaining[v] != budget) continue;  // reached again with a larger budget
      for (const SupplyGraph::Edge& e : graph.in(v)) touch(e.node, budget - 1);
    }
  }
  std::vector<int> dirty;
  for (int v = 0; v < graph.size(); ++v) {
    if (remaining[v] >= 0) dirty.push_back(v);
  }
  return dirty;
}

}  // namespace supplyrisk::chain
