#include "service/assess/model_cache.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/scoring/scoring_input.h"

namespace supplyrisk::assess {
namespace {

// Length-prefixed, so that no two different identities give the same key.
void AppendPart(std::string* key, absl::string_view part) {
  absl::StrAppend(key, part.size(), ":", part, "|");
}

}  // namespace

std::string ModelCache::KeyOf(const ModelSpec& spec) {
  const v1::Template& t = *spec.questionnaire;
  std::string key;
  key.reserve(128);
  AppendPart(&key, spec.questionnaire.scope);
  AppendPart(&key, t.id());
  absl::StrAppend(&key, t.revision(), "|");
  AppendPart(&key, spec.questionnaire.draft_digest);
  AppendPart(&key, spec.catalog->catalog().version());
  AppendPart(&key, spec.policy->version());
  for (const v1::Template* r : spec.readiness) {
    AppendPart(&key, r->id());
    absl::StrAppend(&key, r->revision(), "|");
  }
  return key;
}

absl::StatusOr<std::shared_ptr<const PreparedModel>> ModelCache::Get(const ModelSpec& spec) {
  std::string key = KeyOf(spec);
  {
    absl::MutexLock lock(&mu_);
    auto it = models_.find(key);
    if (it != models_.end()) return it->second;
  }
  auto prepared = std::make_shared<PreparedModel>();
  prepared->questionnaire = spec.questionnaire;
  scoring::ModelInput input;
  input.catalog = spec.catalog;
  input.questionnaire = prepared->questionnaire.tmpl;
  input.readiness = spec.readiness;
  input.policy = spec.policy;
  absl::StatusOr<std::unique_ptr<scoring::ScoringModel>> model =
      scoring::ScoringModel::Create(input);
  if (!model.ok()) return model.status();
  prepared->model = *std::move(model);
  absl::MutexLock lock(&mu_);
  if (models_.size() >= capacity_) models_.clear();
  auto [it, inserted] = models_.emplace(std::move(key), std::move(prepared));
  return it->second;
}

size_t ModelCache::size() const {
  absl::MutexLock lock(&mu_);
  return models_.size();
}

}  // namespace supplyrisk::assess
