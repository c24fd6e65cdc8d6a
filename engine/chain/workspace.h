// Scratch memory for traversals of one graph, owned by the caller and reused call after call, so a
// traversal costs what it visits rather than the size of the graph. One per thread.
//
//   ChainWorkspace workspace(graph);
//   for (int s : suppliers) ComputeEffectiveRisk(graph, standings, s, scope, rules, &workspace);
#ifndef SUPPLYRISK_ENGINE_CHAIN_WORKSPACE_H_
#define SUPPLYRISK_ENGINE_CHAIN_WORKSPACE_H_

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "engine/chain/graph.h"
#include "engine/chain/scope.h"

namespace supplyrisk::chain {

class ChainWorkspace {
 public:
  explicit ChainWorkspace(const SupplyGraph& graph)
      : epochs_(graph.size(), 0), slots_(graph.size()) {}

  // Starts a traversal: every node reads as unseen again, in O(1).
  void Begin() {
    if (++epoch_ == 0) {  // wrapped: clear for real once every 4 billion traversals
      std::fill(epochs_.begin(), epochs_.end(), 0);
      epoch_ = 1;
    }
  }
  size_t size() const { return slots_.size(); }

  bool Seen(int node) const { return epochs_[node] == epoch_; }
  // Everything of the scope that reached a seen node in this traversal, by any path: what another
  // arrival must add to be worth following.
  Scope Reached(int node) const { return Scope::FromBits(slots_[node].reached); }
  // Records an arrival at `node` with `scope`, `depth` hops down; the first of a traversal sets
  // the node's shortest depth.
  void AddScope(int node, Scope scope, int depth) {
    Slot& s = slots_[node];
    if (epochs_[node] != epoch_) {
      epochs_[node] = epoch_;
      s = {0, -1, depth, false};
    }
    s.reached |= scope.bits();
  }
  // True the first time it is called for a seen node in this traversal, false after.
  bool MarkCapped(int node) {
    Slot& s = slots_[node];
    if (s.capped) return false;
    s.capped = true;
    return true;
  }
  // The shortest depth a seen node was reached at.
  int depth(int node) const { return slots_[node].depth; }
  // A per-traversal number for a seen node (cycle detection's local index); -1 until set.
  int& local(int node) { return slots_[node].local; }

  // Reusable lists for one step of a traversal at a time; their contents do not outlive it.
  std::vector<int>& buffer() { return buffer_; }
  std::vector<int>& first_states() { return first_states_; }
  std::vector<int>& cycle_entries() { return cycle_entries_; }
  std::vector<std::pair<uint64_t, int>>& receiver_order() { return receiver_order_; }
  // Cycle detection's arrays (cycles.cc).
  struct TarjanBuffers {
    std::vector<int> index, low, stack, nodes, starts;
    std::vector<char> on_stack;
    std::vector<std::pair<int, size_t>> frames;
  };
  TarjanBuffers& tarjan() { return tarjan_; }

 private:
  // Whether a node was seen is asked of every edge's target, most of them never reached: those
  // marks are kept apart, four bytes a node (as a plain search's visited stamps), and the rest of
  // a node's state is read only for nodes reached.
  struct Slot {
    uint32_t reached = 0;  // Scope bits
    int local = -1;
    int depth = 0;
    bool capped = false;  // its edges were read at the depth cap
  };
  uint32_t epoch_ = 0;
  std::vector<uint32_t> epochs_;
  std::vector<Slot> slots_;
  std::vector<int> buffer_, first_states_, cycle_entries_;
  std::vector<std::pair<uint64_t, int>> receiver_order_;
  TarjanBuffers tarjan_;
};

}  // namespace supplyrisk::chain

#endif  // SUPPLYRISK_ENGINE_CHAIN_WORKSPACE_H_
