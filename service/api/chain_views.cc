// ChainService, views: a supplier's chain, an engagement's effective risk, concentration across the
// portfolio and the impact of an incident at a party. Each reads the store once, from one snapshot,
// and computes in engine/chain under the server's policy; nothing is stored.

#include <memory>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "engine/chain/chain_proto.h"
#include "engine/chain/concentration.h"
#include "engine/chain/declared_subcontractors.h"
#include "engine/chain/engagement_risk.h"
#include "engine/chain/impact.h"
#include "engine/chain/policy_rules.h"
#include "engine/chain/scope.h"
#include "engine/common/resource_names.h"
#include "engine/policy/policy.h"
#include "engine/validation/relationships.h"
#include "service/api/errors.h"
#include "service/api/services.h"
#include "service/api/store_error.h"
#include "service/api/validation.h"
#include "service/assess/chain_loader.h"

namespace supplyrisk::api {
namespace {

constexpr int kListPage = 1000;
// The engagements a portfolio view reads, like the relationships (assess::kMaxChainRelationships).
constexpr int kMaxPortfolioEngagements = 100000;

// A chain read failing: an absent supplier is NOT_FOUND naming it; a graph too large keeps its
// RESOURCE_EXHAUSTED and message.
Status ChainReadError(const absl::Status& status, absl::string_view supplier) {
  if (absl::IsNotFound(status)) return NotFound("supplier", supplier);
  return FromAbsl(status);
}

// Every engagement of the tenant, in id order.
absl::StatusOr<std::vector<v1::Engagement>> AllEngagements(store::Store* store,
                                                           absl::string_view tenant,
                                                           const store::Snapshot* snapshot) {
  std::vector<v1::Engagement> out;
  std::string token;
  do {
    auto page = store->ListEngagements(tenant, "", {kListPage, token}, snapshot);
    if (!page.ok()) return page.status();
    for (v1::Engagement& e : page->items) out.push_back(std::move(e));
    if (out.size() > kMaxPortfolioEngagements) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "the tenant has more than ", kMaxPortfolioEngagements, " engagements to weigh"));
    }
    token = page->next_page_token;
  } while (!token.empty());
  return out;
}

// An engagement's weight in a portfolio: its criticality, LOW 1 to CRITICAL 4.
double CriticalityWeight(const v1::Engagement& e) {
  return e.criticality() > 0 ? static_cast<double>(e.criticality()) : 1.0;
}

// The portfolio read for concentration and impact: the graph of every relationship in force and
// every engagement, from one snapshot.
struct Portfolio {
  std::unique_ptr<assess::LoadedChain> chain;
  std::vector<v1::Engagement> engagements;
};

absl::StatusOr<Portfolio> ReadPortfolio(store::Store* store, absl::string_view tenant,
                                        absl::Time as_of) {
  std::unique_ptr<store::Snapshot> snapshot = store->GetSnapshot();
  Portfolio p;
  auto chain = assess::LoadPortfolio(store, tenant, as_of, snapshot.get());
  if (!chain.ok()) return chain.status();
  p.chain = *std::move(chain);
  auto engagements = AllEngagements(store, tenant, snapshot.get());
  if (!engagements.ok()) return engagements.status();
  p.engagements = *std::move(engagements);
  return p;
}

// Bounds a computed view to what one response may carry.
Status CheckResponseSize(const google::protobuf::Message& response, int max_message_bytes,
                         absl::string_view advice) {
  const size_t bytes = response.ByteSizeLong();
  if (bytes <= static_cast<size_t>(max_message_bytes) / 10 * 9) return Status::OK;
  return Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                absl::StrCat("the result takes ", bytes,
                             " bytes, more than the server sends in "
                             "one message; ",
                             advice));
}

}  // namespace

Status ChainServiceImpl::GetChain(ServerContext* c, const v1::GetChainRequest* req,
                                  v1::ChainGraph* resp) {
  return Serve(d_.env, c, "ChainService/GetChain", [&](const Caller& caller) {
    FieldViolations v;
    std::string supplier_id;
    ParseName("supplier", req->supplier(), "suppliers", &supplier_id, &v);
    absl::StatusOr<chain::ChainRules> rules = chain::ChainRulesFromPolicy(*d_.policy);
    if (!rules.ok()) return FromAbsl(rules.status());
    const int depth = req->depth() == 0 ? rules->max_depth : req->depth();
    if (req->depth() < 0 || req->depth() > assess::kMaxChainDepth) {
      v.Add("depth", absl::StrCat("1-", assess::kMaxChainDepth, " hops, or 0 for the policy's ",
                                  rules->max_depth));
    }
    std::optional<absl::Time> as_of;
    CheckAsOf(d_, req->has_as_of(), req->as_of(), &as_of, &v);
    if (!v.empty()) return v.ToStatus();
    std::unique_ptr<store::Snapshot> snapshot = d_.store->GetSnapshot();
    auto chain =
        assess::LoadChain(d_.store, caller.tenant, supplier_id, depth, as_of.value_or(d_.clock()),
                          assess::ChainDirection::kSubcontractors, snapshot.get());
    if (!chain.ok()) return ChainReadError(chain.status(), req->supplier());
    const assess::LoadedChain& loaded = **chain;
    *resp = chain::ChainGraphToProto(loaded.graph, loaded.root, depth, *loaded.parties,
                                     loaded.relationships);
    return CheckResponseSize(*resp, d_.max_message_bytes, "ask for a smaller depth");
  });
}

Status ChainServiceImpl::GetEffectiveRisk(ServerContext* c, const v1::GetEffectiveRiskRequest* req,
                                          v1::EffectiveRisk* resp) {
  return Serve(d_.env, c, "ChainService/GetEffectiveRisk", [&](const Caller& caller) {
    FieldViolations v;
    v1::Engagement engagement;
    switch (req->target_case()) {
      case v1::GetEffectiveRiskRequest::kEngagement: {
        std::string id;
        if (!ParseName("engagement", req->engagement(), "engagements", &id, &v)) break;
        absl::StatusOr<v1::Engagement> e = d_.store->GetEngagement(caller.tenant, id);
        if (!e.ok()) return StoreError(e.status(), "engagement", req->engagement());
        engagement = *std::move(e);
        break;
      }
      case v1::GetEffectiveRiskRequest::kInlineEngagement:
        ValidateEngagement("inline_engagement", req->inline_engagement(), &v);
        engagement = req->inline_engagement();
        engagement.clear_name();
        break;
      case v1::GetEffectiveRiskRequest::TARGET_NOT_SET:
        v.Add("target", "required: set engagement (a stored one) or inline_engagement");
        break;
    }
    std::optional<absl::Time> as_of;
    CheckAsOf(d_, req->has_as_of(), req->as_of(), &as_of, &v);
    if (!v.empty()) return v.ToStatus();
    absl::StatusOr<chain::ChainRules> rules = chain::ChainRulesFromPolicy(*d_.policy);
    if (!rules.ok()) return FromAbsl(rules.status());
    const std::string supplier_id = names::ParseSupplier(engagement.supplier()).value_or("");
    std::unique_ptr<store::Snapshot> snapshot = d_.store->GetSnapshot();
    auto chain = assess::LoadChain(d_.store, caller.tenant, supplier_id, rules->max_depth,
                                   as_of.value_or(d_.clock()),
                                   assess::ChainDirection::kSubcontractors, snapshot.get());
    if (!chain.ok()) return ChainReadError(chain.status(), engagement.supplier());
    const assess::LoadedChain& loaded = **chain;
    absl::StatusOr<v1::EffectiveRisk> risk =
        assess::EngagementChainRisk(loaded, engagement, *d_.policy);
    if (!risk.ok()) return FromAbsl(risk.status());
    // The supplier's own standing is its latest assessment at or before as_of, as for every other
    // party of the chain; without one the effective score is what the chain allows.
    const chain::PartyStanding& own = loaded.parties->standings()[loaded.root];
    if (own.assessed) {
      chain::CompleteWithOwnScore(own.score, &*risk);
      risk->set_effective_grade(policy::GradeFor(*d_.policy, risk->effective_score()));
    }
    *resp = *std::move(risk);
    return Status::OK;
  });
}

Status ChainServiceImpl::ListConcentrations(ServerContext* c,
                                            const v1::ListConcentrationsRequest* req,
                                            v1::ListConcentrationsResponse* resp) {
  return Serve(d_.env, c, "ChainService/ListConcentrations", [&](const Caller& caller) {
    FieldViolations v;
    const int wanted_class = req->dependency_class();
    if (!v1::DependencyClass_IsValid(wanted_class)) {
      v.Add("dependency_class", absl::StrCat("unknown dependency class ", wanted_class));
    }
    if (req->max_parties() < 0 || req->max_parties() > 1000) {
      v.Add("max_parties", "0-1000 (0 means 20)");
    }
    std::optional<absl::Time> as_of;
    CheckAsOf(d_, req->has_as_of(), req->as_of(), &as_of, &v);
    if (!v.empty()) return v.ToStatus();
    absl::StatusOr<chain::ConcentrationRules> rules =
        chain::ConcentrationRulesFromPolicy(*d_.policy);
    if (!rules.ok()) return FromAbsl(rules.status());
    absl::StatusOr<Portfolio> portfolio =
        ReadPortfolio(d_.store, caller.tenant, as_of.value_or(d_.clock()));
    if (!portfolio.ok()) return FromAbsl(portfolio.status());
    const chain::SupplyGraph& graph = portfolio->chain->graph;
    // The buyer's direct suppliers are those it has engagements with.
    std::vector<chain::PortfolioSupplier> suppliers;
    std::vector<int> index_of(graph.size(), -1);
    for (const v1::Engagement& e : portfolio->engagements) {
      const std::optional<int> node = graph.Find(e.supplier());
      if (!node.has_value()) continue;
      if (index_of[*node] < 0) {
        index_of[*node] = static_cast<int>(suppliers.size());
        suppliers.push_back({*node, 0, false});
      }
      chain::PortfolioSupplier& s = suppliers[index_of[*node]];
      s.engagement_weight += CriticalityWeight(e);
      s.critical |= e.criticality() == v1::CRITICALITY_CRITICAL;
    }
    const std::vector<chain::ClassConcentration> classes =
        chain::ComputeConcentration(graph, suppliers, *rules);
    const int max_parties = req->max_parties() == 0 ? 20 : req->max_parties();
    for (v1::ClassConcentration& m :
         chain::ConcentrationToProto(graph, classes, *portfolio->chain->parties)) {
      if (wanted_class != 0 && m.dependency_class() != wanted_class) continue;
      while (m.parties_size() > max_parties) m.mutable_parties()->RemoveLast();
      *resp->add_classes() = std::move(m);
    }
    resp->set_suppliers(static_cast<int>(suppliers.size()));
    int critical = 0;
    for (const auto& s : suppliers) critical += s.critical ? 1 : 0;
    resp->set_critical_suppliers(critical);
    resp->set_policy_version(d_.policy->version());
    return CheckResponseSize(*resp, d_.max_message_bytes, "ask for fewer parties");
  });
}

Status ChainServiceImpl::AnalyzeImpact(ServerContext* c, const v1::AnalyzeImpactRequest* req,
                                       v1::AnalyzeImpactResponse* resp) {
  return Serve(d_.env, c, "ChainService/AnalyzeImpact", [&](const Caller& caller) {
    FieldViolations v;
    std::string node_id;
    switch (req->target_case()) {
      case v1::AnalyzeImpactRequest::kSupplier: {
        std::string id;
        if (ParseName("supplier", req->supplier(), "suppliers", &id, &v)) {
          node_id = req->supplier();
        }
        break;
      }
      case v1::AnalyzeImpactRequest::kPartyName: {
        const size_t before = v.size();
        CheckText("party_name", req->party_name(), validation::kMaxPartyNameBytes, &v);
        const std::string key = chain::CompanyNameKey(req->party_name());
        if (v.size() == before && key.empty()) v.Add("party_name", "names no company");
        node_id = absl::StrCat(chain::kPartyPrefix, key);
        break;
      }
      case v1::AnalyzeImpactRequest::TARGET_NOT_SET:
        v.Add("target", "required: set supplier or party_name");
        break;
    }
    if (req->max_results() < 0 || req->max_results() > 1000) {
      v.Add("max_results", "0-1000 (0 means 100)");
    }
    std::optional<absl::Time> as_of;
    CheckAsOf(d_, req->has_as_of(), req->as_of(), &as_of, &v);
    if (!v.empty()) return v.ToStatus();
    absl::StatusOr<chain::ChainRules> rules = chain::ChainRulesFromPolicy(*d_.policy);
    if (!rules.ok()) return FromAbsl(rules.status());
    absl::StatusOr<Portfolio> portfolio =
        ReadPortfolio(d_.store, caller.tenant, as_of.value_or(d_.clock()));
    if (!portfolio.ok()) return FromAbsl(portfolio.status());
    const chain::SupplyGraph& graph = portfolio->chain->graph;
    resp->set_policy_version(d_.policy->version());
    const std::optional<int> party = graph.Find(node_id);
    if (!party.has_value()) {
      // Every supplier of the tenant is in the portfolio graph; a party no relationship names
      // reaches nothing.
      if (req->has_supplier()) return NotFound("supplier", req->supplier());
      return Status::OK;
    }
    std::vector<chain::PortfolioEngagement> engagements;
    std::vector<const v1::Engagement*> sources;
    for (const v1::Engagement& e : portfolio->engagements) {
      const std::optional<int> node = graph.Find(e.supplier());
      if (!node.has_value()) continue;
      engagements.push_back(
          {*node, chain::Scope::FromFields(e.data_classes(), e.access()), CriticalityWeight(e)});
      sources.push_back(&e);
    }
    const std::vector<chain::ImpactedEngagement> impacted =
        chain::AnalyzeImpact(graph, *party, engagements, *rules);
    const int max_results = req->max_results() == 0 ? 100 : req->max_results();
    absl::flat_hash_set<int> suppliers;
    for (const chain::ImpactedEngagement& i : impacted) {
      suppliers.insert(i.supplier);
      if (resp->engagements_size() >= max_results) continue;
      v1::ImpactedEngagement* out = resp->add_engagements();
      out->set_engagement(sources[i.engagement]->name());
      out->set_supplier(graph.id(i.supplier));
      out->set_depth(i.depth);
      *out->mutable_path() = chain::PathToProto(graph, i.path);
      out->set_rank(i.rank);
    }
    resp->set_total(static_cast<int>(impacted.size()));
    resp->set_suppliers(static_cast<int>(suppliers.size()));
    return CheckResponseSize(*resp, d_.max_message_bytes, "ask for fewer results");
  });
}

}  // namespace supplyrisk::api
