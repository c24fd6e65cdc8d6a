// The effective risk of an engagement: the supplier's own score combined with the subcontractors
// that actually receive what the engagement entrusts (its data classes, its access), followed down
// the chain to a depth cap, each hop attenuating what a party further down can take away.
//
// At every hop only the intersection of what reached the contractor and what the relationship
// passes on goes further, so a subcontractor that receives none of the engagement's data or access
// inherits nothing and passes nothing on. Inherited risk may lower the effective score, never
// raise it. How the receivers' scores combine is a rule of its own (combination.h), so the
// traversal does not change when the rule does.
//
//   EffectiveRisk r = ComputeEffectiveRisk(graph, standings, *graph.Find("acme"),
//                                          Scope::Of({DATA_CLASS_PERSONAL}, ACCESS_LEVEL_NONE),
//                                          ChainRules{});
//   if (r.lowered) ... r.worst->path ...  // capped by C via B, which receives personal data
//
// The result is facts (parties, depths, scopes, numbers); words are rendered from them on read.
#ifndef SUPPLYRISK_ENGINE_CHAIN_EFFECTIVE_RISK_H_
#define SUPPLYRISK_ENGINE_CHAIN_EFFECTIVE_RISK_H_

#include <optional>
#include <string>
#include <vector>

#include "engine/chain/graph.h"
#include "engine/chain/scope.h"
#include "engine/chain/workspace.h"

namespace supplyrisk::chain {

// What is known of one party's own risk. Indexed like the graph's nodes.
struct PartyStanding {
  // False for a party named in answers that matches no supplier record.
  bool identified = true;
  // True when the party has a current assessment; score and grade are then its own.
  bool assessed = false;
  double score = 0;  // 0-100
  std::string grade;
};

enum class CombinationRule {
  // The weakest receiver decides: each imposes 100 - (100 - score) x attenuation^depth.
  kWeakestLink,
  // Any receiver may be the way in: p = (1 - score/100) x attenuation^depth per receiver,
  // combined as 1 - prod(1 - p), imposing 100 x prod(1 - p).
  kCompromiseProbability,
};

struct ChainRules {
  int max_depth = 3;         // hops followed from the supplier (1-10)
  double attenuation = 0.6;  // per hop, in (0, 1]
  CombinationRule rule = CombinationRule::kWeakestLink;
  // Confidence lost per party that receives the engagement's scope but cannot be rated
  // (unassessed or unidentified), times attenuation^(depth - 1); and per relationship past the cap
  // that would pass the scope further, times attenuation^max_depth.
  double unknown_confidence_penalty = 0.1;
};

// One hop of a path: `to` received `passed` (what of the engagement's scope got there) from `from`.
struct PathStep {
  int from;
  int to;
  Scope passed;
};

// A party that receives part of the engagement's scope, at its shortest depth.
struct Receiver {
  int node;
  int depth;          // 1 = a direct subcontractor
  double weight = 0;  // attenuation^depth
  // What this receiver alone would cap the effective score at (100 when it cannot be rated).
  double imposed = 100;
  int state = -1;  // where the traversal first reached it (Reach::PathTo)
};

// One way the engagement's scope reached a party in a traversal.
struct ReachState {
  int node;
  Scope scope;
  int depth;
  int parent;  // the state it came from; -1 for the supplier
};

// Everything the engagement's scope reaches from the supplier within the depth cap.
struct Reach {
  // By depth, then id.
  std::vector<Receiver> receivers;
  std::vector<ReachState> states;
  // Relationships from parties at the depth cap that would pass the scope further: coverage the
  // result does not include.
  int beyond_cap = 0;
  // The hops from the supplier to the receiver, each with what of the scope got there.
  std::vector<PathStep> PathTo(const Receiver& receiver) const;
};

struct EffectiveRisk {
  int supplier = -1;
  bool own_assessed = false;
  double own_score = 100;
  // min(own, inherited); the inherited score alone when the supplier has no assessment.
  double effective_score = 100;
  double inherited_score = 100;
  bool lowered = false;  // effective_score < own_score
  // The receiver the rule names as worst: the one setting the cap (weakest link) or contributing
  // most (compromise probability), with its path. Unset when no rated party receives anything.
  std::optional<Receiver> worst;
  std::vector<PathStep> worst_path;
  // Every receiver (by depth, then id), the traversal's states and the coverage past the cap.
  Reach reach;
  // Receivers that cannot be rated: no current assessment, or no supplier record.
  std::vector<int> unassessed;
  std::vector<int> unidentified;
  // Cycles among the parties the scope reaches (see FindCycles).
  std::vector<std::vector<int>> cycles;
  // 1 minus the unknowns' penalties, at least 0.
  double confidence_factor = 1;
};

// The parties `engagement` reaches from `supplier` within rules.max_depth hops, each at its
// shortest depth, by depth then id (`imposed` left at 100). `workspace` is the caller's scratch
// memory for this graph; null allocates one for the call (O(parties)).
// Precondition: 0 <= supplier < graph.size(), rules valid.
Reach FindReceivers(const SupplyGraph& graph, int supplier, Scope engagement,
                    const ChainRules& rules, ChainWorkspace* workspace = nullptr);

// The same into *reach, reusing its memory.
void FindReceivers(const SupplyGraph& graph, int supplier, Scope engagement,
                   const ChainRules& rules, ChainWorkspace* workspace, Reach* reach);

// Precondition: standings.size() == graph.size(), 0 <= supplier < graph.size(), rules valid
// (ValidateChainRules).
EffectiveRisk ComputeEffectiveRisk(const SupplyGraph& graph,
                                   const std::vector<PartyStanding>& standings, int supplier,
                                   Scope engagement, const ChainRules& rules,
                                   ChainWorkspace* workspace = nullptr);
// The same into *out, reusing its memory (a batch keeps one per thread).
void ComputeEffectiveRisk(const SupplyGraph& graph, const std::vector<PartyStanding>& standings,
                          int supplier, Scope engagement, const ChainRules& rules,
                          ChainWorkspace* workspace, EffectiveRisk* out);

// Empty when the rules are usable, else the problem ("max_depth: 1 to 10").
std::string ValidateChainRules(const ChainRules& rules);

}  // namespace supplyrisk::chain

#endif  // SUPPLYRISK_ENGINE_CHAIN_EFFECTIVE_RISK_H_
