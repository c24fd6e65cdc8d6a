// Prepared scoring models, cached by the identity of what they were prepared from: preparing a
// model costs far more than scoring one supplier, and EvaluateEngagement must be fast.
//
// The identity is (template scope, template id, revision, draft digest, catalogue version, policy
// version, readiness profile ids@revisions). Building it reads a few short strings; a template is
// never serialised, hashed or copied to find its model.
#ifndef SUPPLYRISK_SERVICE_ASSESS_MODEL_CACHE_H_
#define SUPPLYRISK_SERVICE_ASSESS_MODEL_CACHE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "engine/catalog/catalog.h"
#include "engine/scoring/model.h"
#include "service/assess/template_source.h"
#include "supplyrisk/v1/policy.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::assess {

// What a model is prepared from.
struct ModelSpec {
  const catalog::CatalogIndex* catalog = nullptr;
  TemplateRef questionnaire;
  // Built-in readiness profiles (see TemplateSource::readiness_profiles).
  std::vector<const v1::Template*> readiness;
  const v1::ScoringPolicy* policy = nullptr;
};

// A model and what keeps the inputs it points into alive.
struct PreparedModel {
  TemplateRef questionnaire;
  std::unique_ptr<scoring::ScoringModel> model;
};

class ModelCache {
 public:
  // At most `capacity` models are kept; past that the cache starts over (tenant templates are few,
  // so this is rare, and it keeps memory bounded whatever callers do).
  explicit ModelCache(size_t capacity = 256) : capacity_(capacity) {}

  // The model for `spec`, prepared on first use. Thread-safe; two callers missing at once may both
  // prepare, and one model is kept. Precondition: the catalogue, the readiness profiles and the
  // policy outlive the cache, and a catalogue version, a policy version and a built-in readiness
  // profile id@revision each name one content (the built-in ones are compiled into the binary).
  absl::StatusOr<std::shared_ptr<const PreparedModel>> Get(const ModelSpec& spec);

  // The cache key of `spec`, exposed for tests.
  static std::string KeyOf(const ModelSpec& spec);

  size_t size() const;

 private:
  const size_t capacity_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const PreparedModel>> models_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace supplyrisk::assess

#endif  // SUPPLYRISK_SERVICE_ASSESS_MODEL_CACHE_H_
