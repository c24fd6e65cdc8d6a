// Scratch memory for traversals of one graph, owned by the caller and reused call after call, so a
// traversal costs what it visits rather than the size of the graph. One per thread.
//
//   ChainWorkspace workspace(graph);
//   for (int s : suppliers) ComputeEffectiveRisk(graph, standings, s, scope, rules, &workspace);
#ifndef SUPPLYRISK_ENGINE_CHAIN_WORKSPACE_H_
#define SUPPLYRISK_ENGINE_CHAIN_WORKSPACE_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "engine/chain/graph.h"
#include "engine/chain/scope.h"

namespace supplyrisk::chain {

class ChainWorkspace {
 public:
  explicit ChainWorkspace(const SupplyGraph& graph) : slots_(graph.size()) {}

  // Starts a traversal: every node reads as unseen again, in O(1).
  void Begin() {
    if (++epoch_ == 0) {  // wrapped: clear for real once every 4 billion traversals
      for (Slot& s : slots_) s.epoch = 0;
      epoch_ = 1;
    }
    pool_.clear();
  }
  size_t size() const { return slots_.size(); }

  // The scopes a node was reached with in this traversal: a list in a shared pool.
  struct SeenScope {
    Scope scope;
    int next;
  };
  bool Seen(int node) const { return slots_[node].epoch == epoch_; }
  int FirstScope(int node) const { return Seen(node) ? slots_[node].head : -1; }
  const SeenScope& scope_at(int i) const { return pool_[i]; }
  void AddScope(int node, Scope scope) {
    Slot& s = slots_[node];
    if (s.epoch != epoch_) s = {epoch_, -1, -1};
    pool_.push_back({scope, s.head});
    s.head = static_cast<int>(pool_.size()) - 1;
  }
  // A per-traversal number for a seen node (cycle detection's local index); -1 until set.
  int& local(int node) { return slots_[node].local; }

  // Reusable lists for one step of a traversal at a time; their contents do not outlive it.
  std::vector<int>& buffer() { return buffer_; }
  std::vector<int>& first_states() { return first_states_; }
  // Cycle detection's arrays (cycles.cc).
  struct TarjanBuffers {
    std::vector<int> index, low, stack, nodes;
    std::vector<char> on_stack;
    std::vector<std::pair<int, size_t>> frames;
  };
  TarjanBuffers& tarjan() { return tarjan_; }

 private:
  // One cache line holds several nodes' state: the traversal touches one slot per edge.
  struct Slot {
    uint32_t epoch = 0;
    int head = -1;
    int local = -1;
  };
  uint32_t epoch_ = 0;
  std::vector<Slot> slots_;
  std::vector<SeenScope> pool_;
  std::vector<int> buffer_, first_states_;
  TarjanBuffers tarjan_;
};

}  // namespace supplyrisk::chain

#endif  // SUPPLYRISK_ENGINE_CHAIN_WORKSPACE_H_
