#include "service/assess/template_source.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/common/sha256.h"
#include "engine/questionnaire/builtin_templates.h"
#include "service/assess/error_subject.h"

namespace supplyrisk::assess {
namespace {

absl::Status TemplateError(absl::Status status, std::string name, std::string precondition = "") {
  return WithSubject(std::move(status), {"template", std::move(name), std::move(precondition)});
}

TemplateRef TenantRef(absl::string_view tenant, v1::Template t) {
  TemplateRef ref;
  ref.scope = std::string(tenant);
  if (t.state() != v1::TEMPLATE_STATE_PUBLISHED)
    ref.draft_digest = Sha256Hex(SerializeDeterministic(t));
  ref.owned = std::make_shared<const v1::Template>(std::move(t));
  ref.tmpl = ref.owned.get();
  return ref;
}

}  // namespace

TemplateSource::TemplateSource(const questionnaire::TemplateRegistry* builtin, store::Store* store)
    : builtin_(builtin),
      store_(store),
      readiness_profiles_(questionnaire::ReadinessProfiles(*builtin)) {}

bool TemplateSource::IsBuiltin(absl::string_view id) const {
  return !builtin_->Revisions(id).empty();
}

absl::StatusOr<TemplateRef> TemplateSource::Find(absl::string_view tenant, absl::string_view id,
                                                 int revision) const {
  std::string name = absl::StrCat("templates/", id);
  if (IsBuiltin(id)) {
    const v1::Template* t =
        revision == 0 ? builtin_->LatestPublished(id) : builtin_->Get(id, revision);
    if (t == nullptr) {
      return TemplateError(absl::NotFoundError("template not found"),
                           absl::StrCat(name, "@", revision));
    }
    TemplateRef ref;
    ref.tmpl = t;
    return ref;
  }
  if (revision != 0) {
    absl::StatusOr<v1::Template> t = store_->GetTemplate(tenant, id, revision);
    if (!t.ok()) return TemplateError(t.status(), absl::StrCat(name, "@", revision));
    return TenantRef(tenant, *std::move(t));
  }
  // Latest published: walk down from the highest revision.
  absl::StatusOr<v1::Template> latest = store_->GetTemplate(tenant, id, 0);
  if (!latest.ok()) return TemplateError(latest.status(), name);
  for (int r = latest->revision(); r >= 1; --r) {
    absl::StatusOr<v1::Template> t =
        r == latest->revision() ? latest : store_->GetTemplate(tenant, id, r);
    if (t.ok() && t->state() == v1::TEMPLATE_STATE_PUBLISHED) {
      return TenantRef(tenant, *std::move(t));
    }
  }
  return TemplateError(absl::FailedPreconditionError("no revision is published yet"), name,
                       "TEMPLATE_STATE");
}

}  // namespace supplyrisk::assess
