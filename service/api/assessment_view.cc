#include "service/api/assessment_view.h"

#include "engine/render/render.h"
#include "service/api/store_error.h"

namespace supplyrisk::api {
namespace {

void ClearDecisionText(v1::Decision* d) {
  for (auto& r : *d->mutable_reasons()) r.clear_text();
  for (auto& c : *d->mutable_conditions()) c.mutable_remediation()->clear_advice();
}

}  // namespace

void CheckAssessmentView(int view, absl::string_view language, AssessmentView* out,
                         FieldViolations* v) {
  if (!v1::AssessmentView_IsValid(view)) {
    v->Add("view", "must be ASSESSMENT_VIEW_BASIC or ASSESSMENT_VIEW_FULL");
  }
  out->full = view == v1::ASSESSMENT_VIEW_FULL;
  absl::StatusOr<render::Language> lang = render::ParseLanguage(language);
  if (!lang.ok()) {
    v->Add("language", "must be \"ja\" (the default) or \"en\"");
  } else {
    out->language = *lang;
  }
}

grpc::Status ApplyView(const assess::Assessor& assessor, absl::string_view tenant,
                       const AssessmentView& view, v1::Assessment* a) {
  if (!view.full) {
    render::ClearRenderedText(a);
    return grpc::Status::OK;
  }
  auto model = assessor.ModelOf(tenant, *a);
  if (!model.ok()) return AssessError(model.status());
  absl::Status s = render::RenderAssessment(*(*model)->model, view.language, a);
  return s.ok() ? grpc::Status::OK : FromAbsl(s);
}

grpc::Status ApplyView(const assess::Assessor& assessor, absl::string_view tenant,
                       const AssessmentView& view, const v1::Assessment& context, v1::Decision* d) {
  if (!view.full) {
    ClearDecisionText(d);
    return grpc::Status::OK;
  }
  auto model = assessor.ModelOf(tenant, context);
  if (!model.ok()) return AssessError(model.status());
  absl::Status s = render::RenderDecision(*(*model)->model, view.language, context, d);
  return s.ok() ? grpc::Status::OK : FromAbsl(s);
}

}  // namespace supplyrisk::api
