// Cycles in the subcontractor graph (A subcontracts to B, which subcontracts back to A, directly
// or through others): strongly connected components, found with Tarjan's algorithm in O(V + E)
// without recursion, so a long chain cannot exhaust the stack.
#ifndef SUPPLYRISK_ENGINE_CHAIN_CYCLES_H_
#define SUPPLYRISK_ENGINE_CHAIN_CYCLES_H_

#include <vector>

#include "engine/chain/graph.h"
#include "engine/chain/workspace.h"

namespace supplyrisk::chain {

// Every cycle once: each strongly connected component of two or more parties, and each party with
// a relationship to itself. A cycle lists its parties in id order (the smallest id first); cycles
// are ordered by their first party. Only parties with `include[node]` are considered when
// `include` is non-empty (edges leaving them are ignored). Identical for every order the
// relationships were given in.
std::vector<std::vector<int>> FindCycles(const SupplyGraph& graph,
                                         const std::vector<bool>& include = {});

// The same over the parties `nodes` only (duplicates allowed), in time proportional to them and
// their relationships rather than to the whole graph. `workspace` must be between Begin() and the
// next Begin() with every node of `nodes` Seen() and its local() slot -1 (as AddScope() leaves
// it); the slots are used and left -1. With `through`
// (parties of `nodes`) known to lie on every cycle there is, only what they reach is searched.
std::vector<std::vector<int>> FindCyclesAmong(const SupplyGraph& graph,
                                              const std::vector<int>& nodes,
                                              ChainWorkspace* workspace,
                                              const std::vector<int>* through = nullptr);

}  // namespace supplyrisk::chain

#endif  // SUPPLYRISK_ENGINE_CHAIN_CYCLES_H_
