// The subcontractor graph: parties (suppliers, and parties named in answers that match no supplier)
// and the relationships between them, contractor -> subcontractor, each with what it passes on.
//
// Built once from a snapshot of relationships; every traversal of the chain package reads it.
// Node indices follow the parties' ids in byte order and each node's edges follow their target's
// id, so every traversal visits the same parties in the same order whatever order the
// relationships were stored or listed in.
//
//   SupplyGraph g = SupplyGraph::Build({"acme"}, {{"acme", "cloudco", Scope::Of(...)}});
//   for (const SupplyGraph::Edge& e : g.out(*g.Find("acme"))) ...
#ifndef SUPPLYRISK_ENGINE_CHAIN_GRAPH_H_
#define SUPPLYRISK_ENGINE_CHAIN_GRAPH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "engine/chain/scope.h"

namespace supplyrisk::chain {

// What kind of dependency a relationship is, for concentration. A relationship may be several.
enum class DependencyClass : uint8_t {
  kCloud = 0,
  kHosting = 1,
  kMail = 2,
  kDns = 3,
  kIdentity = 4,
  kManagedService = 5,
  kOtMaintenance = 6,
};
inline constexpr int kDependencyClasses = 7;
constexpr uint32_t Bit(DependencyClass c) { return 1u << static_cast<int>(c); }
// "cloud", "hosting", "mail", "dns", "identity", "managed_service", "ot_maintenance".
absl::string_view DependencyClassName(DependencyClass c);

// Where a relationship is known from.
enum class RelationshipSource : uint8_t { kDeclared, kQuestionnaire, kDiscovered };

struct Relationship {
  std::string from;                 // the contractor's id
  std::string to;                   // the subcontractor's id
  Scope scope;                      // what the contractor passes on
  uint32_t dependency_classes = 0;  // Bit(DependencyClass) set
  RelationshipSource source = RelationshipSource::kDeclared;
  double confidence = 1;  // 0-1
  bool verified = false;
};

class SupplyGraph {
 public:
  struct Edge {
    int node;  // the other end: the subcontractor in out(), the contractor in in()
    Scope scope;
    uint32_t dependency_classes;
    int relationship;  // index into relationships()
  };

  // The parties are `parties` plus every id a relationship names. Relationships with the same
  // (from, to) are one edge: scopes and classes united, the highest confidence, verified if any
  // is. A relationship from a party to itself is kept (it is a cycle of one).
  static SupplyGraph Build(std::vector<std::string> parties,
                           std::vector<Relationship> relationships);

  int size() const { return static_cast<int>(ids_.size()); }
  size_t edge_count() const { return out_edges_.size(); }
  const std::string& id(int node) const { return ids_[node]; }
  std::optional<int> Find(absl::string_view id) const;
  absl::Span<const Edge> out(int node) const { return Slice(out_edges_, out_begin_, node); }
  absl::Span<const Edge> in(int node) const { return Slice(in_edges_, in_begin_, node); }
  // The out-edges of `node` that serve a dependency class (cloud, mail, ...), in out()'s order:
  // what concentration reads, without the rest of the edges.
  absl::Span<const Edge> classed_out(int node) const {
    return Slice(classed_edges_, classed_begin_, node);
  }
  // The contractors of `node` alone, in in()'s order: a quarter of the memory, for walks upstream
  // that need no more (dirty marking).
  absl::Span<const int> in_nodes(int node) const { return Slice(in_nodes_, in_begin_, node); }
  // The merged relationships, sorted by (from, to).
  const std::vector<Relationship>& relationships() const { return relationships_; }

 private:
  // Node `node`'s part of a CSR array.
  template <typename T>
  static absl::Span<const T> Slice(const std::vector<T>& items, const std::vector<size_t>& begin,
                                   int node) {
    return absl::MakeConstSpan(items).subspan(begin[node], begin[node + 1] - begin[node]);
  }

  std::vector<std::string> ids_;
  absl::flat_hash_map<std::string, int> index_;
  std::vector<Relationship> relationships_;
  std::vector<Edge> out_edges_, in_edges_;
  std::vector<int> in_nodes_;
  std::vector<Edge> classed_edges_;
  std::vector<size_t> classed_begin_;
  std::vector<size_t> out_begin_, in_begin_;  // CSR offsets, size() + 1 each
};

}  // namespace supplyrisk::chain

#endif  // SUPPLYRISK_ENGINE_CHAIN_GRAPH_H_
