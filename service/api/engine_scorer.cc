#include "service/api/engine_scorer.h"

#include "absl/strings/str_cat.h"
#include "engine/scoring/scorer.h"
#include "service/api/auth.h"

namespace supplyrisk::api {

absl::StatusOr<std::shared_ptr<const EngineScorer::Prepared>>
EngineScorer::Model(const ScoringRequest& r) {
  // Keyed by content, not by id: tenants may reuse a template id with other
  // content.
  std::string key = Sha256Hex(r.questionnaire->SerializeAsString());
  for (const v1::Template* t : r.readiness_profiles) {
    absl::StrAppend(&key, "/", t->id(), "@", t->revision());
  }
  absl::StrAppend(&key, "/", r.policy->version());
  {
    absl::MutexLock lock(&mu_);
    auto it = models_.find(key);
    if (it != models_.end()) return it->second;
  }
  auto prepared = std::make_shared<Prepared>();
  prepared->questionnaire = *r.questionnaire;
  for (const v1::Template* t : r.readiness_profiles)
    prepared->readiness.push_back(*t);
  prepared->policy = *r.policy;
  scoring::ModelInput input;
  input.catalog = catalog_;
  input.questionnaire = &prepared->questionnaire;
  for (const v1::Template& t : prepared->readiness)
    input.readiness.push_back(&t);
  input.policy = &prepared->policy;
  absl::StatusOr<std::unique_ptr<scoring::ScoringModel>> model =
      scoring::ScoringModel::Create(input);
  if (!model.ok()) return model.status();
  prepared->model = *std::move(model);
  absl::MutexLock lock(&mu_);
  // Bounded: tenant templates are few; drop everything rather than grow without
  // end.
  if (models_.size() > 256) models_.clear();
  auto [it, inserted] = models_.emplace(key, std::move(prepared));
  return it->second;
}

absl::StatusOr<v1::Assessment> EngineScorer::Score(const ScoringRequest& r) {
  absl::StatusOr<std::shared_ptr<const Prepared>> prepared = Model(r);
  if (!prepared.ok()) return prepared.status();
  scoring::SupplierInput input;
  input.profile = &r.supplier->profile();
  input.response = r.response;
  input.signals = r.signals;
  input.engagement = r.engagement;
  input.as_of = r.as_of;
  scoring::ScoreOptions options;
  options.explain_all = true;
  v1::Assessment assessment;
  absl::Status scored =
      scoring::ScoreSupplier(*(*prepared)->model, input, options, &assessment);
  if (!scored.ok()) return scored;
  return assessment;
}

}  // namespace supplyrisk::api
