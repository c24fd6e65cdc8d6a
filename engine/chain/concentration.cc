#include "engine/chain/concentration.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace supplyrisk::chain {

// The pass reads only the suppliers' relationships that serve a class (SupplyGraph::classed_out),
// and touches little besides them: a party's compact number (a small table), per (party, class)
// counters in small flat arrays, and one sequential list of (party class, supplier) links sorted
// into per-party lists afterwards.
std::vector<ClassConcentration> ComputeConcentration(
    const SupplyGraph& graph, const std::vector<PortfolioSupplier>& suppliers,
    const ConcentrationRules& rules) {
  constexpr int K = kDependencyClasses;
  double total_weight = 0;
  int total_critical = 0;
  for (const PortfolioSupplier& s : suppliers) {
    total_weight += s.engagement_weight;
    total_critical += s.critical ? 1 : 0;
  }
  // node -> compact party number: few parties serve classes, so a small table stays in cache
  // where a dense array over every node would be evicted by the edge stream.
  absl::flat_hash_map<int, int> party_of;
  std::vector<int> party_nodes;
  std::vector<int> dependents;             // [party * K + class]
  std::vector<double> weight;              // [party * K + class]
  std::vector<int> critical;               // [party * K + class]
  std::vector<std::pair<int, int>> links;  // (party * K + class, supplier node), in supplier order
  // At most one link per edge and class; pages of the reservation not written are never touched.
  links.reserve(graph.edge_count());
  std::vector<int> class_links(K, 0);
  // Edges are merged per (from, to), so each supplier counts once per party and class.
  for (const PortfolioSupplier& s : suppliers) {
    for (const SupplyGraph::Edge& e : graph.classed_out(s.node)) {
      uint32_t bits = e.dependency_classes & ((1u << K) - 1);
      const auto [it, added] = party_of.try_emplace(e.node, static_cast<int>(party_nodes.size()));
      const int p = it->second;
      if (added) {
        party_nodes.push_back(e.node);
        dependents.resize(dependents.size() + K, 0);
        weight.resize(weight.size() + K, 0);
        critical.resize(critical.size() + K, 0);
      }
      for (; bits != 0; bits &= bits - 1) {
        const int c = __builtin_ctz(bits);
        const int k = p * K + c;
        ++dependents[k];
        weight[k] += s.engagement_weight;
        critical[k] += s.critical ? 1 : 0;
        ++class_links[c];
        links.emplace_back(k, s.node);
      }
    }
  }
  // Each (party, class)'s dependents, in the order the suppliers were given: a counting sort.
  std::vector<int> start(dependents.size() + 1, 0);
  for (size_t k = 0; k < dependents.size(); ++k) start[k + 1] = start[k] + dependents[k];
  std::vector<int> sorted_links(links.size());
  {
    std::vector<int> fill(start.begin(), start.end() - 1);
    for (const auto& [k, node] : links) sorted_links[fill[k]++] = node;
  }

  std::vector<ClassConcentration> out(K);
  const double direct = static_cast<double>(suppliers.size());
  for (int c = 0; c < K; ++c) {
    ClassConcentration& cc = out[c];
    cc.dependency_class = static_cast<DependencyClass>(c);
    cc.links = class_links[c];
    for (size_t p = 0; p < party_nodes.size(); ++p) {
      const size_t k = p * K + c;
      if (dependents[k] == 0) continue;
      const double link_share = 100.0 * dependents[k] / cc.links;
      cc.hhi += link_share * link_share;
      SharedParty party{party_nodes[p]};
      party.dependents = dependents[k];
      party.supplier_share = direct > 0 ? party.dependents / direct : 0;
      party.engagement_share = total_weight > 0 ? weight[k] / total_weight : 0;
      party.critical_share = total_critical > 0 ? critical[k] / double(total_critical) : 0;
      party.single_point_of_failure =
          total_critical > 0 && party.critical_share >= rules.spof_share;
      if (party.dependents < rules.min_dependents && !party.single_point_of_failure) continue;
      party.dependent_nodes.assign(sorted_links.begin() + start[k],
                                   sorted_links.begin() + start[k + 1]);
      // Already sorted when the suppliers came in node order.
      if (!std::is_sorted(party.dependent_nodes.begin(), party.dependent_nodes.end())) {
        std::sort(party.dependent_nodes.begin(), party.dependent_nodes.end());
      }
      cc.parties.push_back(std::move(party));
    }
    std::sort(cc.parties.begin(), cc.parties.end(), [](const SharedParty& a, const SharedParty& b) {
      return a.dependents != b.dependents ? a.dependents > b.dependents : a.node < b.node;
    });
  }
  return out;
}

}  // namespace supplyrisk::chain
