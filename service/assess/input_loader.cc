#include "service/assess/input_loader.h"

#include <optional>
#include <utility>

#include "engine/chain/policy_rules.h"
#include "engine/common/resource_names.h"
#include "engine/scoring/digest.h"
#include "service/assess/chain_loader.h"
#include "service/assess/error_subject.h"

namespace supplyrisk::assess {
namespace {

constexpr int kListPage = 1000;

bool SubmittedLater(const v1::Response& a, const v1::Response& b) {
  return a.submitted_at().seconds() > b.submitted_at().seconds() ||
         (a.submitted_at().seconds() == b.submitted_at().seconds() &&
          a.submitted_at().nanos() > b.submitted_at().nanos());
}

bool SubmittedAfter(const v1::Response& r, absl::Time t) {
  return absl::FromUnixSeconds(r.submitted_at().seconds()) +
             absl::Nanoseconds(r.submitted_at().nanos()) >
         t;
}

// The latest response of the supplier submitted at or before `as_of`, if any: a response submitted
// later did not exist at as_of.
absl::StatusOr<std::optional<v1::Response>> LatestSubmitted(store::Store* store,
                                                            absl::string_view tenant,
                                                            absl::string_view supplier_id,
                                                            absl::Time as_of,
                                                            const store::Snapshot* snapshot) {
  std::optional<v1::Response> latest;
  std::string token;
  do {
    auto page = store->ListResponses(tenant, supplier_id, {kListPage, token}, snapshot);
    if (!page.ok()) return page.status();
    for (v1::Response& r : page->items) {
      if (r.state() != v1::RESPONSE_STATE_SUBMITTED || SubmittedAfter(r, as_of)) continue;
      if (!latest.has_value() || SubmittedLater(r, *latest)) latest = std::move(r);
    }
    token = page->next_page_token;
  } while (!token.empty());
  return latest;
}

absl::StatusOr<std::vector<v1::Signal>> AllSignals(store::Store* store, absl::string_view tenant,
                                                   absl::string_view supplier_id,
                                                   const store::Snapshot* snapshot) {
  std::vector<v1::Signal> signals;
  std::string token;
  do {
    auto page = store->ListSignals(tenant, supplier_id, {}, {kListPage, token}, snapshot);
    if (!page.ok()) return page.status();
    for (v1::Signal& s : page->items) signals.push_back(std::move(s));
    token = page->next_page_token;
  } while (!token.empty());
  return signals;
}

// The stored digest, or for a document written before the store kept digests, the same computed
// now (store.h).
template <typename M, typename Digest>
std::string StoredOrComputed(const std::string& stored, const M& m, Digest digest) {
  return stored.empty() ? digest(m) : stored;
}

}  // namespace

scoring::SupplierInput LoadedInputs::Input(const v1::Engagement* engagement) {
  with_engagement_ = digests;
  with_engagement_.engagement.clear();
  // Only a stored engagement's digest field was written by the store; an inline one's came from a
  // caller and is computed instead.
  if (engagement != nullptr && !engagement->name().empty()) {
    with_engagement_.engagement =
        StoredOrComputed(engagement->digest(), *engagement,
                         [](const v1::Engagement& e) { return scoring::EngagementDigest(e); });
  }
  scoring::SupplierInput input;
  input.profile = &supplier.profile();
  input.response = &response;
  input.signals = signals;
  input.engagement = engagement;
  input.as_of = as_of;
  input.supplier = supplier_name;
  input.digests = &with_engagement_;
  if (engagement != nullptr && chain.has_value()) input.chain = &*chain;
  return input;
}

void AddServiceFacts(const LoadedInputs& inputs, const v1::Engagement* engagement,
                     v1::Assessment* assessment) {
  assessment->set_supplier(inputs.supplier_name);
  if (engagement == nullptr) return;
  assessment->mutable_decision()->set_engagement(engagement->name());
  if (engagement->name().empty()) {
    v1::Engagement* kept = assessment->mutable_inline_engagement();
    *kept = *engagement;
    // Not stored, so it has no revision and no stored digest.
    kept->clear_etag();
    kept->clear_digest();
  }
}

absl::StatusOr<LoadedInputs> LoadInputs(const AssessorDeps& deps, absl::string_view tenant,
                                        absl::string_view supplier_id, absl::Time as_of,
                                        const v1::Engagement* engagement) {
  store::Store* store = deps.store;
  LoadedInputs out;
  out.supplier_name = names::Supplier(supplier_id);
  out.as_of = as_of;
  const ErrorSubject supplier_subject{"supplier", out.supplier_name, ""};
  auto snapshot = store->GetSnapshot();
  absl::StatusOr<v1::Supplier> supplier = store->GetSupplier(tenant, supplier_id, snapshot.get());
  if (!supplier.ok()) return WithSubject(supplier.status(), supplier_subject);
  out.supplier = *std::move(supplier);
  absl::StatusOr<store::SupplierSummary> summary =
      store->GetSupplierSummary(tenant, supplier_id, snapshot.get());
  if (!summary.ok()) return WithSubject(summary.status(), supplier_subject);
  out.dirty_generation = summary->dirty_generation();
  absl::StatusOr<std::optional<v1::Response>> response =
      LatestSubmitted(store, tenant, supplier_id, as_of, snapshot.get());
  if (!response.ok()) return response.status();
  absl::StatusOr<TemplateRef> questionnaire =
      response->has_value() ? deps.templates->Find(tenant, (*response)->template_id(),
                                                   (*response)->template_revision())
                            : deps.templates->Find(tenant, kDefaultQuestionnaire, 0);
  if (!questionnaire.ok()) return questionnaire.status();
  absl::StatusOr<std::vector<v1::Signal>> signals =
      AllSignals(store, tenant, supplier_id, snapshot.get());
  if (!signals.ok()) return signals.status();
  out.signals = *std::move(signals);
  out.has_response = response->has_value();
  if (out.has_response) {
    out.response = **std::move(response);
    out.digests.response =
        StoredOrComputed(out.response.digest(), out.response,
                         [](const v1::Response& r) { return scoring::ResponseDigest(r); });
  } else {
    // Nothing submitted yet: score an empty response, so every question counts as unanswered
    // (unknown is never counted as compliant). Not stored, so its digest is computed.
    out.response.set_template_id((*questionnaire)->id());
    out.response.set_template_revision((*questionnaire)->revision());
    out.response.set_state(v1::RESPONSE_STATE_SUBMITTED);
  }
  out.digests.profile =
      StoredOrComputed(out.supplier.profile_digest(), out.supplier.profile(),
                       [](const v1::SupplierProfile& p) { return scoring::ProfileDigest(p); });
  out.digests.signals.reserve(out.signals.size());
  for (const v1::Signal& s : out.signals) {
    out.digests.signals.push_back(StoredOrComputed(
        s.digest(), s, [](const v1::Signal& x) { return scoring::SignalDigest(x); }));
  }

  if (engagement != nullptr) {
    absl::StatusOr<chain::ChainRules> rules = chain::ChainRulesFromPolicy(*deps.policy);
    if (!rules.ok()) return rules.status();
    absl::StatusOr<std::unique_ptr<LoadedChain>> loaded =
        LoadChain(store, tenant, supplier_id, rules->max_depth, as_of,
                  ChainDirection::kSubcontractors, snapshot.get());
    if (!loaded.ok()) return loaded.status();
    absl::StatusOr<v1::EffectiveRisk> risk =
        EngagementChainRisk(**loaded, *engagement, *deps.policy);
    if (!risk.ok()) return risk.status();
    out.chain = *std::move(risk);
  }

  ModelSpec spec;
  spec.catalog = deps.catalog;
  spec.questionnaire = *std::move(questionnaire);
  spec.readiness = deps.templates->readiness_profiles();
  spec.policy = deps.policy;
  absl::StatusOr<std::shared_ptr<const PreparedModel>> prepared = deps.models->Get(spec);
  if (!prepared.ok()) return prepared.status();
  out.model = *std::move(prepared);
  return out;
}

}  // namespace supplyrisk::assess
