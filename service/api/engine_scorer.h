#ifndef SUPPLYRISK_SERVICE_API_ENGINE_SCORER_H_
#define SUPPLYRISK_SERVICE_API_ENGINE_SCORER_H_

// Adapts the scoring engine to the service: prepared models are cached per
// questionnaire content, readiness profiles and policy (preparing costs far
// more than scoring one supplier, and EvaluateEngagement must be fast).

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "engine/catalog/catalog.h"
#include "engine/scoring/model.h"
#include "service/api/backend.h"

namespace supplyrisk::api {

class EngineScorer {
 public:
  explicit EngineScorer(const catalog::CatalogIndex* catalog)
      : catalog_(catalog) {}

  // Scores with explanations for every cell and factor, so ExplainCell reads
  // them back.
  absl::StatusOr<v1::Assessment> Score(const ScoringRequest& request);

 private:
  // A model and the inputs it points into.
  struct Prepared {
    v1::Template questionnaire;
    std::vector<v1::Template> readiness;
    v1::ScoringPolicy policy;
    std::unique_ptr<scoring::ScoringModel> model;
  };
  absl::StatusOr<std::shared_ptr<const Prepared>> Model(
      const ScoringRequest& request);

  const catalog::CatalogIndex* catalog_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const Prepared>> models_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_ENGINE_SCORER_H_
