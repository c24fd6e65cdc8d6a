// The view (AIP-157) and language of methods returning assessments or decisions: BASIC returns the
// stored facts, FULL renders their texts (engine/render) in the language asked for, with the model
// the assessment names.
#ifndef SUPPLYRISK_SERVICE_API_ASSESSMENT_VIEW_H_
#define SUPPLYRISK_SERVICE_API_ASSESSMENT_VIEW_H_

#include "absl/strings/string_view.h"
#include "engine/render/language.h"
#include "grpcpp/grpcpp.h"
#include "service/api/errors.h"
#include "service/assess/assessor.h"
#include "supplyrisk/v1/assessment.pb.h"

namespace supplyrisk::api {

struct AssessmentView {
  bool full = false;
  render::Language language = render::Language::kJa;
};

// Adds a violation naming "view" (not an AssessmentView value) or "language" (not "", "ja" or
// "en") to *v; *out is the view asked for.
void CheckAssessmentView(int view, absl::string_view language, AssessmentView* out,
                         FieldViolations* v);

// Renders *a when the view is FULL; clears its texts when BASIC (the facts as stored).
grpc::Status ApplyView(const assess::Assessor& assessor, absl::string_view tenant,
                       const AssessmentView& view, v1::Assessment* a);

// The same for a decision made on `context` (rendered from the context's facts).
grpc::Status ApplyView(const assess::Assessor& assessor, absl::string_view tenant,
                       const AssessmentView& view, const v1::Assessment& context, v1::Decision* d);

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_ASSESSMENT_VIEW_H_
