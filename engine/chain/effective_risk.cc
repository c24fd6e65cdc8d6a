#include "engine/chain/effective_risk.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <utility>

#include "engine/chain/combination.h"
#include "engine/chain/cycles.h"

namespace supplyrisk::chain {
namespace {

// Breadth first from the supplier over (party, scope that reached it). An arrival is skipped when
// what it brings was already brought to the party, no deeper, by the arrivals before it together:
// what a party passes on is its scope intersected with each relationship's, and intersection
// distributes over union, so the skipped arrival would reach nothing more and impose nothing more.
// States are expanded in the order they were found, so depths never decrease along the queue and
// the first arrival at a party is its shortest depth.
//
// Also collects into `cycle_entries` parties that every cycle among those reached passes through.
// Every out-edge of every party reached is examined (parties at the cap included), and a cycle
// must contain an edge u -> w with depth(w) <= depth(u) (shortest depths cannot rise all the way
// round). Such an edge is seen when u is expanded at its shortest depth with w already reached: a
// party first reached later lies deeper than u. Its w is collected; without any there is no cycle.
//
// At the cap nothing is passed on: a party's edges are read once, at its first arrival there (all
// arrivals at the cap are queued by then), to count the relationships that would carry part of what
// reached it, by any path, to a party that scope does not reach within the cap. What reached it
// above the cap went on to the next party already, so only what arrived at the cap counts.
void Traverse(const SupplyGraph& graph, int supplier, Scope engagement, int max_depth,
              ChainWorkspace* ws, Reach* reach, std::vector<int>* first_states,
              std::vector<int>* cycle_entries) {
  reach->states.push_back({supplier, engagement, 0, -1});
  ws->AddScope(supplier, engagement, 0);
  int beyond = 0;
  for (size_t head = 0; head < reach->states.size(); ++head) {
    const ReachState at = reach->states[head];
    const bool shortest = ws->depth(at.node) == at.depth;
    const bool capped = at.depth == max_depth;
    if (capped && !ws->MarkCapped(at.node)) continue;
    const Scope from = capped ? ws->Reached(at.node) : at.scope;
    for (const SupplyGraph::Edge& edge : graph.out(at.node)) {
      const bool first = !ws->Seen(edge.node);
      if (shortest && !first && ws->depth(edge.node) <= at.depth) {
        cycle_entries->push_back(edge.node);
      }
      const Scope passed = from.Intersect(edge.scope);
      if (passed.empty()) continue;
      if (!first && ws->Reached(edge.node).Covers(passed)) continue;
      if (capped) {
        ++beyond;
        continue;
      }
      ws->AddScope(edge.node, passed, at.depth + 1);
      if (first) first_states->push_back(static_cast<int>(reach->states.size()));
      reach->states.push_back({edge.node, passed, at.depth + 1, static_cast<int>(head)});
    }
  }
  reach->beyond_cap = beyond;
}

}  // namespace

std::vector<PathStep> Reach::PathTo(const Receiver& receiver) const {
  std::vector<PathStep> path;
  for (int s = receiver.state; s >= 0 && states[s].parent >= 0; s = states[s].parent) {
    path.push_back({states[states[s].parent].node, states[s].node, states[s].scope});
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::string ValidateChainRules(const ChainRules& rules) {
  if (rules.max_depth < 1 || rules.max_depth > 10) return "max_depth: 1 to 10";
  if (!(rules.attenuation > 0 && rules.attenuation <= 1)) return "attenuation: in (0, 1]";
  if (!(rules.unknown_confidence_penalty >= 0 && rules.unknown_confidence_penalty <= 1)) {
    return "unknown_confidence_penalty: in [0, 1]";
  }
  return "";
}

void FindReceivers(const SupplyGraph& graph, int supplier, Scope engagement,
                   const ChainRules& rules, ChainWorkspace* workspace, Reach* reach) {
  std::unique_ptr<ChainWorkspace> own;
  if (workspace == nullptr) {
    own = std::make_unique<ChainWorkspace>(graph);
    workspace = own.get();
  }
  workspace->Begin();
  reach->receivers.clear();
  reach->states.clear();
  reach->beyond_cap = 0;
  std::vector<int>& first_states = workspace->first_states();
  first_states.clear();
  std::vector<int>& entries = workspace->cycle_entries();
  entries.clear();
  if (!engagement.empty()) {
    Traverse(graph, supplier, engagement, rules.max_depth, workspace, reach, &first_states,
             &entries);
  }
  // Powers of the attenuation by depth (max_depth <= 10).
  double weight[11] = {1};
  for (int d = 1; d <= rules.max_depth && d < 11; ++d)
    weight[d] = weight[d - 1] * rules.attenuation;
  // By depth, then id (one receiver per party): sorted as packed keys (depth, node) with the state
  // beside, cheaper than moving whole receivers around.
  std::vector<std::pair<uint64_t, int>>& order = workspace->receiver_order();
  order.clear();
  for (int state : first_states) {
    const ReachState& s = reach->states[state];
    order.emplace_back(static_cast<uint64_t>(s.depth) << 32 | static_cast<uint32_t>(s.node), state);
  }
  std::sort(order.begin(), order.end());
  reach->receivers.reserve(order.size());
  for (const auto& [key, state] : order) {
    const ReachState& s = reach->states[state];
    Receiver r;
    r.node = s.node;
    r.depth = s.depth;
    r.weight = weight[s.depth];
    r.state = state;
    reach->receivers.push_back(r);
  }
}

Reach FindReceivers(const SupplyGraph& graph, int supplier, Scope engagement,
                    const ChainRules& rules, ChainWorkspace* workspace) {
  Reach reach;
  FindReceivers(graph, supplier, engagement, rules, workspace, &reach);
  return reach;
}

void ComputeEffectiveRisk(const SupplyGraph& graph, const std::vector<PartyStanding>& standings,
                          int supplier, Scope engagement, const ChainRules& rules,
                          ChainWorkspace* workspace, EffectiveRisk* out) {
  std::unique_ptr<ChainWorkspace> own;
  if (workspace == nullptr) {
    own = std::make_unique<ChainWorkspace>(graph);
    workspace = own.get();
  }
  out->supplier = supplier;
  const PartyStanding& self = standings[supplier];
  out->own_assessed = self.identified && self.assessed;
  out->own_score = out->own_assessed ? std::clamp(self.score, 0.0, 100.0) : 100;
  FindReceivers(graph, supplier, engagement, rules, workspace, &out->reach);

  out->unassessed.clear();
  out->unidentified.clear();
  double penalty = 0;
  for (const Receiver& r : out->reach.receivers) {
    const PartyStanding& s = standings[r.node];
    if (s.identified && s.assessed) continue;
    (s.identified ? out->unassessed : out->unidentified).push_back(r.node);
    penalty += rules.unknown_confidence_penalty * r.weight / rules.attenuation;
  }
  penalty += out->reach.beyond_cap * rules.unknown_confidence_penalty *
             std::pow(rules.attenuation, rules.max_depth);
  out->confidence_factor = std::max(0.0, 1 - penalty);

  const Combined combined = Combine(rules.rule, standings, &out->reach.receivers);
  out->inherited_score = combined.inherited;
  out->worst.reset();
  out->worst_path.clear();
  if (combined.worst >= 0) {
    out->worst = out->reach.receivers[combined.worst];
    out->worst_path = out->reach.PathTo(*out->worst);
  }
  out->effective_score =
      out->own_assessed ? std::min(out->own_score, out->inherited_score) : out->inherited_score;
  out->lowered = out->own_assessed && out->effective_score < out->own_score;
  out->cycles.clear();
  // Every cycle among the parties reached passes through one of the entries the traversal found
  // (see Traverse); without any there is none, and the search starts from them.
  const std::vector<int>& entries = workspace->cycle_entries();
  if (!entries.empty()) {
    std::vector<int>& reached = workspace->buffer();
    reached.clear();
    reached.push_back(supplier);
    for (const Receiver& r : out->reach.receivers) reached.push_back(r.node);
    out->cycles = FindCyclesAmong(graph, reached, workspace, &entries);
  }
}

EffectiveRisk ComputeEffectiveRisk(const SupplyGraph& graph,
                                   const std::vector<PartyStanding>& standings, int supplier,
                                   Scope engagement, const ChainRules& rules,
                                   ChainWorkspace* workspace) {
  EffectiveRisk out;
  ComputeEffectiveRisk(graph, standings, supplier, engagement, rules, workspace, &out);
  return out;
}

}  // namespace supplyrisk::chain
