#include "engine/chain/graph.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace supplyrisk::chain {

absl::string_view DependencyClassName(DependencyClass c) {
  switch (c) {
    case DependencyClass::kCloud:
      return "cloud";
    case DependencyClass::kHosting:
      return "hosting";
    case DependencyClass::kMail:
      return "mail";
    case DependencyClass::kDns:
      return "dns";
    case DependencyClass::kIdentity:
      return "identity";
    case DependencyClass::kManagedService:
      return "managed_service";
    case DependencyClass::kOtMaintenance:
      return "ot_maintenance";
  }
  return "unknown";
}

SupplyGraph SupplyGraph::Build(std::vector<std::string> parties,
                               std::vector<Relationship> relationships) {
  SupplyGraph g;
  for (const Relationship& r : relationships) {
    parties.push_back(r.from);
    parties.push_back(r.to);
  }
  std::sort(parties.begin(), parties.end());
  parties.erase(std::unique(parties.begin(), parties.end()), parties.end());
  g.ids_ = std::move(parties);
  g.index_.reserve(g.ids_.size());
  for (size_t i = 0; i < g.ids_.size(); ++i) g.index_.emplace(g.ids_[i], static_cast<int>(i));

  std::sort(relationships.begin(), relationships.end(),
            [](const Relationship& a, const Relationship& b) {
              return std::tie(a.from, a.to) < std::tie(b.from, b.to);
            });
  for (Relationship& r : relationships) {
    if (!g.relationships_.empty() && g.relationships_.back().from == r.from &&
        g.relationships_.back().to == r.to) {
      Relationship& kept = g.relationships_.back();
      kept.scope = Scope::FromBits(kept.scope.bits() | r.scope.bits());
      kept.dependency_classes |= r.dependency_classes;
      kept.confidence = std::max(kept.confidence, r.confidence);
      kept.verified |= r.verified;
      // The most direct source: declared by the buyer, then the supplier's answers, then scans.
      kept.source = std::min(kept.source, r.source);
      continue;
    }
    g.relationships_.push_back(std::move(r));
  }

  const int n = g.size();
  g.out_begin_.assign(n + 1, 0);
  g.in_begin_.assign(n + 1, 0);
  std::vector<std::pair<int, int>> ends(g.relationships_.size());
  for (size_t i = 0; i < g.relationships_.size(); ++i) {
    ends[i] = {g.index_[g.relationships_[i].from], g.index_[g.relationships_[i].to]};
    ++g.out_begin_[ends[i].first + 1];
    ++g.in_begin_[ends[i].second + 1];
  }
  for (int v = 0; v < n; ++v) {
    g.out_begin_[v + 1] += g.out_begin_[v];
    g.in_begin_[v + 1] += g.in_begin_[v];
  }
  g.out_edges_.resize(g.relationships_.size());
  g.in_edges_.resize(g.relationships_.size());
  g.in_nodes_.resize(g.relationships_.size());
  std::vector<size_t> out_fill(g.out_begin_.begin(), g.out_begin_.end() - 1);
  std::vector<size_t> in_fill(g.in_begin_.begin(), g.in_begin_.end() - 1);
  // Relationships are sorted by (from, to), so each node's out-edges come in target order; in-edges
  // are filled in contractor order for the same reason.
  for (size_t i = 0; i < g.relationships_.size(); ++i) {
    const Relationship& r = g.relationships_[i];
    const auto [from, to] = ends[i];
    g.out_edges_[out_fill[from]++] = {to, r.scope, r.dependency_classes, static_cast<int>(i)};
    g.in_nodes_[in_fill[to]] = from;
    g.in_edges_[in_fill[to]++] = {from, r.scope, r.dependency_classes, static_cast<int>(i)};
  }
  // The out-edges that serve a dependency class, apart: portfolio views read only those.
  g.classed_begin_.assign(n + 1, 0);
  for (int v = 0; v < n; ++v) {
    g.classed_begin_[v + 1] = g.classed_begin_[v];
    for (const Edge& e : g.out(v)) {
      if (e.dependency_classes == 0) continue;
      g.classed_edges_.push_back(e);
      ++g.classed_begin_[v + 1];
    }
  }
  return g;
}

std::optional<int> SupplyGraph::Find(absl::string_view id) const {
  auto it = index_.find(id);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

}  // namespace supplyrisk::chain
