// For tests: an Assessor over a store with what the server runs (built-in catalogue, templates
// and policy) and a clock the test sets.
//
//   TestAssessor scoring(store.get(), [&] { return now; });
//   absl::StatusOr<v1::Assessment> a = scoring.assessor().Assess(request);
#ifndef SUPPLYRISK_SERVICE_ASSESS_TEST_ASSESSOR_H_
#define SUPPLYRISK_SERVICE_ASSESS_TEST_ASSESSOR_H_

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <utility>

#include "absl/time/time.h"
#include "engine/catalog/catalog.h"
#include "engine/policy/policy.h"
#include "engine/questionnaire/registry.h"
#include "service/assess/assessor.h"
#include "service/assess/builtin_templates.h"
#include "service/assess/model_cache.h"
#include "service/assess/template_source.h"
#include "service/store/store.h"

namespace supplyrisk::assess::testing {

class TestAssessor {
 public:
  // Precondition: `store` outlives this.
  TestAssessor(store::Store* store, std::function<absl::Time()> clock) {
    absl::Status loaded = LoadBuiltinTemplates(&registry_);
    if (!loaded.ok()) {
      fprintf(stderr, "cannot load the built-in templates: %s\n", loaded.ToString().c_str());
      abort();
    }
    templates_ = std::make_unique<TemplateSource>(&registry_, store);
    AssessorDeps deps;
    deps.store = store;
    deps.catalog = &catalog::BuiltinCatalog();
    deps.templates = templates_.get();
    deps.policy = &policy::DefaultPolicy();
    deps.models = &models_;
    deps.clock = std::move(clock);
    assessor_ = std::make_unique<Assessor>(std::move(deps));
  }

  Assessor& assessor() { return *assessor_; }
  const questionnaire::TemplateRegistry& registry() const { return registry_; }

 private:
  questionnaire::TemplateRegistry registry_{catalog::BuiltinCatalog()};
  std::unique_ptr<TemplateSource> templates_;
  ModelCache models_;
  std::unique_ptr<Assessor> assessor_;
};

}  // namespace supplyrisk::assess::testing

#endif  // SUPPLYRISK_SERVICE_ASSESS_TEST_ASSESSOR_H_
