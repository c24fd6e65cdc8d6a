#include "service/assess/chain_loader.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/chain/engagement_risk.h"
#include "engine/common/resource_names.h"
#include "service/assess/error_subject.h"

namespace supplyrisk::assess {
namespace {

constexpr int kListPage = 1000;

absl::Status TooLarge() {
  return absl::ResourceExhaustedError(
      absl::StrCat("the chain has more than ", kMaxChainRelationships,
                   " relationships in force; ask for a smaller depth"));
}

using ListFn = absl::StatusOr<store::Page<v1::Relationship>> (store::Store::*)(
    absl::string_view, absl::string_view, const store::PageRequest&, const store::Snapshot*);

// Appends the in-force relationships `list` gives for `supplier_id`.
absl::Status ReadAll(store::Store* store, ListFn list, absl::string_view tenant,
                     absl::string_view supplier_id, absl::Time as_of,
                     const store::Snapshot* snapshot, std::vector<v1::Relationship>* out) {
  std::string token;
  do {
    absl::StatusOr<store::Page<v1::Relationship>> page =
        (store->*list)(tenant, supplier_id, {kListPage, token}, snapshot);
    if (!page.ok()) return page.status();
    for (v1::Relationship& r : page->items) {
      if (!chain::InForce(r, as_of)) continue;
      if (out->size() >= static_cast<size_t>(kMaxChainRelationships)) return TooLarge();
      out->push_back(std::move(r));
    }
    token = page->next_page_token;
  } while (!token.empty());
  return absl::OkStatus();
}

// What is known of the supplier `name` at `as_of`: its display name and its latest assessment
// at or before as_of (an assessment made later did not exist then).
absl::StatusOr<v1::ChainNode> Standing(store::Store* store, absl::string_view tenant,
                                       const std::string& name, absl::Time as_of,
                                       const store::Snapshot* snapshot) {
  v1::ChainNode node;
  node.set_supplier(name);
  const std::optional<std::string> id = names::ParseSupplier(name);
  if (!id.has_value()) return node;  // not a supplier name: counted as unassessed
  absl::StatusOr<v1::Supplier> supplier = store->GetSupplier(tenant, *id, snapshot);
  if (absl::IsNotFound(supplier.status())) return node;
  if (!supplier.ok()) return supplier.status();
  *node.mutable_display_name() = supplier->display_name();
  absl::StatusOr<store::SupplierSummary> summary = store->GetSupplierSummary(tenant, *id, snapshot);
  if (!summary.ok()) return summary.status();
  if (!summary->has_assessment()) return node;
  if (absl::FromUnixMicros(summary->latest_as_of_micros()) <= as_of) {
    node.set_assessed(true);
    node.set_overall_score(summary->overall_score());
    node.set_grade(summary->grade());
    return node;
  }
  absl::StatusOr<std::vector<store::ScorePoint>> trend =
      store->ScoreTrend(tenant, *id, absl::InfinitePast(), as_of + absl::Microseconds(1), snapshot);
  if (!trend.ok()) return trend.status();
  if (!trend->empty()) {
    node.set_assessed(true);
    node.set_overall_score(trend->back().overall_score);
    node.set_grade(trend->back().grade);
  }
  return node;
}

// Builds the graph of `chain->relationships` with `parties` (resource names) and reads the
// standing of every identified party.
absl::Status Finish(store::Store* store, absl::string_view tenant, std::vector<std::string> parties,
                    absl::Time as_of, const store::Snapshot* snapshot, LoadedChain* chain) {
  std::vector<chain::Relationship> edges;
  edges.reserve(chain->relationships.size());
  for (const v1::Relationship& r : chain->relationships) edges.push_back(chain::FromProto(r));
  chain->graph = chain::SupplyGraph::Build(std::move(parties), std::move(edges));
  for (int v = 0; v < chain->graph.size(); ++v) {
    const std::string& id = chain->graph.id(v);
    if (absl::StartsWith(id, chain::kPartyPrefix)) continue;
    absl::StatusOr<v1::ChainNode> node = Standing(store, tenant, id, as_of, snapshot);
    if (!node.ok()) return node.status();
    chain->nodes.push_back(*std::move(node));
  }
  chain->parties =
      std::make_unique<chain::PartyDirectory>(chain->graph, chain->nodes, chain->relationships);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<LoadedChain>> LoadChain(store::Store* store,
                                                       absl::string_view tenant,
                                                       absl::string_view supplier_id, int depth,
                                                       absl::Time as_of, ChainDirection direction,
                                                       const store::Snapshot* snapshot) {
  const std::string root_name = names::Supplier(supplier_id);
  absl::StatusOr<v1::Supplier> root = store->GetSupplier(tenant, supplier_id, snapshot);
  if (!root.ok()) return WithSubject(root.status(), ErrorSubject{"supplier", root_name, ""});
  auto out = std::make_unique<LoadedChain>();
  const bool down = direction == ChainDirection::kSubcontractors;
  const ListFn list = down ? &store::Store::ListSubcontractors : &store::Store::ListContractors;
  // Breadth first, each supplier read once; parties at `depth` are read too going down, for the
  // coverage past the cap.
  absl::flat_hash_set<std::string> seen = {root_name};
  std::vector<std::string> level = {root_name};
  const int levels = down ? depth + 1 : depth;
  for (int d = 0; d < levels && !level.empty(); ++d) {
    std::vector<std::string> next;
    for (const std::string& name : level) {
      const size_t before = out->relationships.size();
      const std::optional<std::string> id = names::ParseSupplier(name);
      if (!id.has_value()) continue;
      absl::Status read = ReadAll(store, list, tenant, *id, as_of, snapshot, &out->relationships);
      if (!read.ok()) return read;
      for (size_t i = before; i < out->relationships.size(); ++i) {
        const v1::Relationship& r = out->relationships[i];
        const std::string other = down ? chain::TargetNodeId(r) : r.from_supplier();
        if (absl::StartsWith(other, chain::kPartyPrefix)) continue;
        if (seen.insert(other).second) next.push_back(other);
      }
    }
    level = std::move(next);
  }
  absl::Status finished = Finish(store, tenant, {root_name}, as_of, snapshot, out.get());
  if (!finished.ok()) return finished;
  out->root = *out->graph.Find(root_name);
  return out;
}

absl::StatusOr<std::unique_ptr<LoadedChain>> LoadPortfolio(store::Store* store,
                                                           absl::string_view tenant,
                                                           absl::Time as_of,
                                                           const store::Snapshot* snapshot) {
  auto out = std::make_unique<LoadedChain>();
  std::vector<std::string> parties;
  std::string token;
  do {
    absl::StatusOr<store::Page<store::SupplierRecord>> page =
        store->ListSuppliers(tenant, store::SupplierQuery{}, {kListPage, token}, snapshot);
    if (!page.ok()) return page.status();
    for (const store::SupplierRecord& s : page->items) {
      const std::optional<std::string> id = names::ParseSupplier(s.supplier.name());
      if (!id.has_value()) continue;
      absl::Status read = ReadAll(store, &store::Store::ListSubcontractors, tenant, *id, as_of,
                                  snapshot, &out->relationships);
      if (!read.ok()) return read;
      parties.push_back(s.supplier.name());
    }
    token = page->next_page_token;
  } while (!token.empty());
  absl::Status finished = Finish(store, tenant, std::move(parties), as_of, snapshot, out.get());
  if (!finished.ok()) return finished;
  return out;
}

absl::StatusOr<v1::EffectiveRisk> EngagementChainRisk(const LoadedChain& chain,
                                                      const v1::Engagement& engagement,
                                                      const v1::ScoringPolicy& policy) {
  return chain::EngagementEffectiveRisk(chain.graph, *chain.parties, chain.root, engagement,
                                        policy);
}

}  // namespace supplyrisk::assess
