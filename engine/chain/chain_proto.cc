#include "engine/chain/chain_proto.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/chain/declared_subcontractors.h"

namespace supplyrisk::chain {
namespace {

v1::DependencyClass ToProto(DependencyClass c) {
  return static_cast<v1::DependencyClass>(static_cast<int>(c) + 1);
}

}  // namespace

std::string TargetNodeId(const v1::Relationship& relationship) {
  if (!relationship.to_supplier().empty()) return relationship.to_supplier();
  return absl::StrCat(kPartyPrefix, CompanyNameKey(relationship.party_name()));
}

Relationship FromProto(const v1::Relationship& relationship) {
  Relationship r;
  r.from = relationship.from_supplier();
  r.to = TargetNodeId(relationship);
  r.scope = Scope::FromFields(relationship.data_classes(), relationship.access());
  for (int c : relationship.dependency_classes()) {
    if (c > v1::DEPENDENCY_CLASS_UNSPECIFIED && c <= kDependencyClasses) {
      r.dependency_classes |= 1u << (c - 1);
    }
  }
  switch (relationship.source()) {
    case v1::RELATIONSHIP_SOURCE_QUESTIONNAIRE:
      r.source = RelationshipSource::kQuestionnaire;
      break;
    case v1::RELATIONSHIP_SOURCE_DISCOVERED:
      r.source = RelationshipSource::kDiscovered;
      break;
    default:
      r.source = RelationshipSource::kDeclared;
      break;
  }
  r.confidence = relationship.confidence() > 0 ? relationship.confidence() : 1;
  r.verified = relationship.verified();
  return r;
}

PartyDirectory::PartyDirectory(const SupplyGraph& graph, const std::vector<v1::ChainNode>& parties,
                               const std::vector<v1::Relationship>& relationships)
    : graph_(&graph), standings_(graph.size()), nodes_(graph.size()) {
  for (int v = 0; v < graph.size(); ++v) {
    const std::string& id = graph.id(v);
    if (absl::StartsWith(id, kPartyPrefix)) {
      standings_[v].identified = false;
      nodes_[v].set_party_name(id.substr(kPartyPrefix.size()));
    } else {
      nodes_[v].set_supplier(id);
    }
  }
  for (const v1::Relationship& r : relationships) {
    if (!r.to_supplier().empty() || r.party_name().empty()) continue;
    const std::optional<int> v = graph.Find(TargetNodeId(r));
    if (v.has_value() && nodes_[*v].party_name() == graph.id(*v).substr(kPartyPrefix.size())) {
      nodes_[*v].set_party_name(r.party_name());
    }
  }
  for (const v1::ChainNode& p : parties) {
    const std::string id = p.supplier().empty()
                               ? absl::StrCat(kPartyPrefix, CompanyNameKey(p.party_name()))
                               : p.supplier();
    const std::optional<int> v = graph.Find(id);
    if (!v.has_value()) continue;
    nodes_[*v] = p;
    PartyStanding& s = standings_[*v];
    s.identified = !p.supplier().empty();
    s.assessed = s.identified && p.assessed();
    s.score = p.overall_score();
    s.grade = p.grade();
  }
}

v1::ChainNode PartyDirectory::Node(int node, int depth) const {
  v1::ChainNode n = nodes_[node];
  n.set_depth(depth);
  return n;
}

v1::ChainGraph ChainGraphToProto(const SupplyGraph& graph, int root, int depth,
                                 const PartyDirectory& parties,
                                 const std::vector<v1::Relationship>& relationships) {
  v1::ChainGraph out;
  out.set_supplier(graph.id(root));
  out.set_depth(depth);
  std::vector<int> depth_of(graph.size(), -1);
  std::vector<int> level = {root}, order = {root};
  depth_of[root] = 0;
  for (int d = 0; d < depth && !level.empty(); ++d) {
    std::vector<int> next;
    for (int v : level) {
      for (const SupplyGraph::Edge& e : graph.out(v)) {
        if (depth_of[e.node] < 0) {
          depth_of[e.node] = d + 1;
          next.push_back(e.node);
          order.push_back(e.node);
        }
      }
    }
    std::sort(next.begin(), next.end());
    level.swap(next);
  }
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return depth_of[a] != depth_of[b] ? depth_of[a] < depth_of[b] : a < b;
  });
  for (int v : order) *out.add_nodes() = parties.Node(v, depth_of[v]);
  std::vector<const v1::Relationship*> kept;
  for (const v1::Relationship& r : relationships) {
    const std::optional<int> from = graph.Find(r.from_supplier());
    const std::optional<int> to = graph.Find(TargetNodeId(r));
    if (!from || !to || depth_of[*from] < 0 || depth_of[*from] >= depth || depth_of[*to] < 0) {
      continue;
    }
    kept.push_back(&r);
  }
  std::sort(kept.begin(), kept.end(), [](const v1::Relationship* a, const v1::Relationship* b) {
    return std::make_pair(a->from_supplier(), TargetNodeId(*a)) <
           std::make_pair(b->from_supplier(), TargetNodeId(*b));
  });
  for (const v1::Relationship* r : kept) *out.add_relationships() = *r;
  return out;
}

v1::ChainPath PathToProto(const SupplyGraph& graph, const std::vector<PathStep>& path) {
  v1::ChainPath out;
  for (const PathStep& step : path) {
    v1::ChainHop* hop = out.add_hops();
    hop->set_from(graph.id(step.from));
    hop->set_to(graph.id(step.to));
    for (v1::DataClass d : step.passed.data_classes()) hop->add_data_classes(d);
    hop->set_access(step.passed.access());
  }
  return out;
}

v1::EffectiveRisk EffectiveRiskToProto(const SupplyGraph& graph, const EffectiveRisk& risk,
                                       const PartyDirectory& parties, const ChainRules& rules,
                                       absl::string_view policy_version) {
  v1::EffectiveRisk out;
  out.set_supplier(graph.id(risk.supplier));
  out.set_own_assessed(risk.own_assessed);
  out.set_own_score(risk.own_score);
  out.set_effective_score(risk.effective_score);
  out.set_inherited_score(risk.inherited_score);
  out.set_lowered(risk.lowered);
  if (risk.worst.has_value()) {
    *out.mutable_worst() = parties.Node(risk.worst->node, risk.worst->depth);
    *out.mutable_worst_path() = PathToProto(graph, risk.worst_path);
    out.set_worst_imposed(risk.worst->imposed);
  }
  absl::flat_hash_map<int, int> depth_of;
  for (const Receiver& r : risk.reach.receivers) {
    *out.add_receivers() = parties.Node(r.node, r.depth);
    *out.add_receiver_paths() = PathToProto(graph, risk.reach.PathTo(r));
    depth_of[r.node] = r.depth;
  }
  for (int v : risk.unassessed) *out.add_unassessed() = parties.Node(v, depth_of[v]);
  for (int v : risk.unidentified) *out.add_unidentified() = parties.Node(v, depth_of[v]);
  out.set_beyond_cap(risk.reach.beyond_cap);
  for (const auto& cycle : risk.cycles) {
    v1::ChainCycle* c = out.add_cycles();
    for (int v : cycle) c->add_nodes(graph.id(v));
  }
  out.set_confidence_factor(risk.confidence_factor);
  out.set_policy_version(std::string(policy_version));
  out.set_max_depth(rules.max_depth);
  out.set_attenuation(rules.attenuation);
  out.set_rule(rules.rule == CombinationRule::kCompromiseProbability
                   ? v1::ScoringPolicy::ChainPolicy::COMBINATION_RULE_COMPROMISE_PROBABILITY
                   : v1::ScoringPolicy::ChainPolicy::COMBINATION_RULE_WEAKEST_LINK);
  return out;
}

std::vector<v1::ClassConcentration> ConcentrationToProto(
    const SupplyGraph& graph, const std::vector<ClassConcentration>& classes,
    const PartyDirectory& parties) {
  std::vector<v1::ClassConcentration> out;
  for (const ClassConcentration& c : classes) {
    if (c.links == 0) continue;
    v1::ClassConcentration& m = out.emplace_back();
    m.set_dependency_class(ToProto(c.dependency_class));
    m.set_hhi(c.hhi);
    m.set_links(c.links);
    for (const SharedParty& p : c.parties) {
      v1::SharedParty* s = m.add_parties();
      *s->mutable_party() = parties.Node(p.node, 1);
      s->set_dependency_class(ToProto(c.dependency_class));
      s->set_dependents(p.dependents);
      s->set_supplier_share(p.supplier_share);
      s->set_engagement_share(p.engagement_share);
      s->set_critical_share(p.critical_share);
      s->set_single_point_of_failure(p.single_point_of_failure);
      for (int v : p.dependent_nodes) s->add_dependent_suppliers(graph.id(v));
    }
  }
  return out;
}

}  // namespace supplyrisk::chain
