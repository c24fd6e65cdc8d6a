// Between the API's messages and the chain engine: relationships into the graph (one node id per
// party: "suppliers/{supplier}", or "party:{name key}" for a party matching no supplier), and
// results back into messages that name parties instead of node indices.
//
//   std::vector<Relationship> edges;
//   for (const v1::Relationship& r : stored) edges.push_back(FromProto(r));
//   SupplyGraph graph = SupplyGraph::Build(supplier_names, std::move(edges));
//   PartyDirectory parties(graph, known_parties);
//   EffectiveRisk risk = ComputeEffectiveRisk(graph, parties.standings(), ...);
//   v1::EffectiveRisk message = EffectiveRiskToProto(graph, risk, parties, rules,
//   "default-2026.2");
#ifndef SUPPLYRISK_ENGINE_CHAIN_CHAIN_PROTO_H_
#define SUPPLYRISK_ENGINE_CHAIN_CHAIN_PROTO_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/chain/concentration.h"
#include "engine/chain/effective_risk.h"
#include "engine/chain/graph.h"
#include "supplyrisk/v1/chain.pb.h"
#include "supplyrisk/v1/relationship.pb.h"

namespace supplyrisk::chain {

inline constexpr absl::string_view kPartyPrefix = "party:";

// The node id of a relationship's subcontractor.
std::string TargetNodeId(const v1::Relationship& relationship);

// The engine's view of a stored relationship: its scope, classes, source and confidence.
Relationship FromProto(const v1::Relationship& relationship);

// What is known of every node of a graph, from ChainNode records (supplier set for suppliers;
// party_name for unidentified parties). A supplier with no record counts as unassessed; a
// "party:" node as unidentified, named as the first of `relationships` declaring it names it.
class PartyDirectory {
 public:
  PartyDirectory(const SupplyGraph& graph, const std::vector<v1::ChainNode>& parties,
                 const std::vector<v1::Relationship>& relationships = {});
  // Indexed like the graph.
  const std::vector<PartyStanding>& standings() const { return standings_; }
  // The node's record with `depth` set.
  v1::ChainNode Node(int node, int depth) const;

 private:
  const SupplyGraph* graph_;
  std::vector<PartyStanding> standings_;
  std::vector<v1::ChainNode> nodes_;
};

// The chain of `root` to `depth` hops over every relationship (whatever it passes on): the parties
// at their shortest depth (by depth, then id) and the given relationships among them whose
// contractor is less than `depth` hops down.
v1::ChainGraph ChainGraphToProto(const SupplyGraph& graph, int root, int depth,
                                 const PartyDirectory& parties,
                                 const std::vector<v1::Relationship>& relationships);

v1::ChainPath PathToProto(const SupplyGraph& graph, const std::vector<PathStep>& path);

// The result with parties named; `rules` and `policy_version` are recorded with it.
v1::EffectiveRisk EffectiveRiskToProto(const SupplyGraph& graph, const EffectiveRisk& risk,
                                       const PartyDirectory& parties, const ChainRules& rules,
                                       absl::string_view policy_version);

std::vector<v1::ClassConcentration> ConcentrationToProto(
    const SupplyGraph& graph, const std::vector<ClassConcentration>& classes,
    const PartyDirectory& parties);

}  // namespace supplyrisk::chain

#endif  // SUPPLYRISK_ENGINE_CHAIN_CHAIN_PROTO_H_
