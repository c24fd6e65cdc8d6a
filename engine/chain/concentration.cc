#include "engine/chain/concentration.h"

#include <algorithm>

namespace supplyrisk::chain {

std::vector<ClassConcentration> ComputeConcentration(
    const SupplyGraph& graph, const std::vector<PortfolioSupplier>& suppliers,
    const ConcentrationRules& rules) {
  double total_weight = 0;
  int total_critical = 0;
  for (const PortfolioSupplier& s : suppliers) {
    total_weight += s.engagement_weight;
    total_critical += s.critical ? 1 : 0;
  }
  std::vector<ClassConcentration> out(kDependencyClasses);
  // Per class: party -> index into the class's parties (all of them, shared or not), allocated for
  // the classes that occur.
  std::vector<std::vector<int>> slot(kDependencyClasses);
  std::vector<std::vector<double>> weight(kDependencyClasses);
  std::vector<std::vector<int>> critical(kDependencyClasses);
  for (int c = 0; c < kDependencyClasses; ++c) {
    out[c].dependency_class = static_cast<DependencyClass>(c);
  }
  // Edges are merged per (from, to), so each supplier counts once per party and class.
  for (const PortfolioSupplier& s : suppliers) {
    for (const SupplyGraph::Edge& e : graph.out(s.node)) {
      for (uint32_t bits = e.dependency_classes; bits != 0; bits &= bits - 1) {
        const int c = __builtin_ctz(bits);
        if (c >= kDependencyClasses) break;
        if (slot[c].empty()) slot[c].assign(graph.size(), -1);
        int& at = slot[c][e.node];
        if (at < 0) {
          at = static_cast<int>(out[c].parties.size());
          out[c].parties.push_back(SharedParty{e.node});
          weight[c].push_back(0);
          critical[c].push_back(0);
        }
        SharedParty& p = out[c].parties[at];
        ++p.dependents;
        p.dependent_nodes.push_back(s.node);
        weight[c][at] += s.engagement_weight;
        critical[c][at] += s.critical ? 1 : 0;
        ++out[c].links;
      }
    }
  }
  const double direct = static_cast<double>(suppliers.size());
  for (int c = 0; c < kDependencyClasses; ++c) {
    ClassConcentration& cc = out[c];
    for (size_t i = 0; i < cc.parties.size(); ++i) {
      SharedParty& p = cc.parties[i];
      const double link_share = 100.0 * p.dependents / cc.links;
      cc.hhi += link_share * link_share;
      p.supplier_share = direct > 0 ? p.dependents / direct : 0;
      p.engagement_share = total_weight > 0 ? weight[c][i] / total_weight : 0;
      p.critical_share = total_critical > 0 ? critical[c][i] / double(total_critical) : 0;
      p.single_point_of_failure = total_critical > 0 && p.critical_share >= rules.spof_share;
      std::sort(p.dependent_nodes.begin(), p.dependent_nodes.end());
    }
    cc.parties.erase(std::remove_if(cc.parties.begin(), cc.parties.end(),
                                    [&](const SharedParty& p) {
                                      return p.dependents < rules.min_dependents &&
                                             !p.single_point_of_failure;
                                    }),
                     cc.parties.end());
    std::sort(cc.parties.begin(), cc.parties.end(), [](const SharedParty& a, const SharedParty& b) {
      return a.dependents != b.dependents ? a.dependents > b.dependents : a.node < b.node;
    });
  }
  return out;
}

}  // namespace supplyrisk::chain
