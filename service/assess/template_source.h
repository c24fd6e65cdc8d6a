// Template lookup for scoring and for the API: the built-in templates shared by every tenant, then
// the tenant's own, without copying a built-in template per call.
#ifndef SUPPLYRISK_SERVICE_ASSESS_TEMPLATE_SOURCE_H_
#define SUPPLYRISK_SERVICE_ASSESS_TEMPLATE_SOURCE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/questionnaire/registry.h"
#include "service/store/store.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::assess {

// One template revision as found, with what identifies its content for caching.
struct TemplateRef {
  // Valid while this TemplateRef (for a tenant template) or the TemplateSource (for a built-in one)
  // is alive.
  const v1::Template* tmpl = nullptr;
  // Holds a tenant template; null for a built-in one, which the registry holds.
  std::shared_ptr<const v1::Template> owned;
  // Empty for a built-in template, else the tenant that owns it: tenants may reuse an id.
  std::string scope;
  // Empty when (scope, id, revision) names one content for good: built-in templates and published
  // tenant revisions, which are immutable. For a draft tenant revision, which may still be
  // rewritten, a digest of its content, so a model prepared from an older draft is never used.
  std::string draft_digest;

  const v1::Template& operator*() const { return *tmpl; }
  const v1::Template* operator->() const { return tmpl; }
};

class TemplateSource {
 public:
  // Precondition: `builtin` and `store` outlive the source; `builtin` is read-only from now on.
  TemplateSource(const questionnaire::TemplateRegistry* builtin, store::Store* store);

  // A template revision visible to `tenant`: a built-in one when `id` is built in, else the
  // tenant's own. `revision` 0 is the latest published one. Errors carry an ErrorSubject naming
  // "templates/{id}@{revision}" (or "templates/{id}" for the latest): NOT_FOUND when absent,
  // FAILED_PRECONDITION ("TEMPLATE_STATE") when no revision is published yet, and the store's other
  // errors as they are.
  absl::StatusOr<TemplateRef> Find(absl::string_view tenant, absl::string_view id,
                                   int revision) const;

  // Whether `id` names a built-in template (tenants cannot create one under that id).
  bool IsBuiltin(absl::string_view id) const;
  const questionnaire::TemplateRegistry& builtin() const { return *builtin_; }

  // The built-in SCS readiness profiles, lowest star first.
  const std::vector<const v1::Template*>& readiness_profiles() const { return readiness_profiles_; }

 private:
  const questionnaire::TemplateRegistry* builtin_;
  store::Store* store_;
  std::vector<const v1::Template*> readiness_profiles_;
};

}  // namespace supplyrisk::assess

#endif  // SUPPLYRISK_SERVICE_ASSESS_TEMPLATE_SOURCE_H_
