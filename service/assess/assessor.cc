#include "service/assess/assessor.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "engine/scoring/scorer.h"
#include "service/assess/error_subject.h"
#include "service/assess/input_loader.h"
#include "service/assess/random_id.h"

namespace supplyrisk::assess {
std::string Assessor::AssessmentId(absl::string_view tenant, absl::string_view supplier_id,
                                   absl::string_view request_id) {
  if (request_id.empty()) return RandomResourceId();
  return Sha256Hex(absl::StrCat(tenant, "/", supplier_id, "/", request_id)).substr(0, 20);
}

std::string Assessor::ContentAssessmentId(absl::string_view tenant, absl::string_view supplier_id,
                                          absl::string_view input_digest,
                                          absl::string_view engagement) {
  return Sha256Hex(
             absl::StrCat("content/", tenant, "/", supplier_id, "/", input_digest, "/", engagement))
      .substr(0, 20);
}

std::string Assessor::RequestDigest(absl::string_view supplier_id,
                                    const v1::Engagement* engagement) {
  // An Engagement has no map fields, so its deterministic serialisation is its only one.
  return Sha256Hex(absl::StrCat(supplier_id, "/",
                                engagement != nullptr ? SerializeDeterministic(*engagement) : ""));
}

absl::StatusOr<v1::Assessment> Assessor::Assess(const AssessRequest& request) const {
  store::Store* store = deps_.store;
  const std::string supplier_name = names::Supplier(request.supplier_id);
  const ErrorSubject supplier_subject{"supplier", supplier_name, ""};
  const absl::Time as_of = request.as_of.has_value() ? *request.as_of : deps_.clock();
  absl::StatusOr<LoadedInputs> loaded =
      LoadInputs(deps_, request.tenant, request.supplier_id, as_of);
  if (!loaded.ok()) return loaded.status();
  const scoring::SupplierInput input = loaded->Input(request.engagement);
  // No explanations: an assessment stores facts, and ExplainCell computes them on demand.
  v1::Assessment assessment;
  absl::Status scored = scoring::ScoreSupplier(*loaded->model->model, input, {}, &assessment);
  if (!scored.ok()) return scored;
  AddServiceFacts(*loaded, request.engagement, &assessment);

  store::MutationContext ctx;
  ctx.actor = std::string(request.actor);
  ctx.request_id = std::string(request.request_id);
  std::string id;
  if (!request.request_id.empty()) {
    ctx.request_digest = RequestDigest(request.supplier_id, request.engagement);
    id = AssessmentId(request.tenant, request.supplier_id, request.request_id);
  } else {
    // The assessment is a function of its input digest (which covers the model, every input and
    // as_of): the same stored inputs, model and as_of are the same assessment, stored once.
    id = ContentAssessmentId(request.tenant, request.supplier_id, assessment.input_digest(),
                             assessment.decision().engagement());
    absl::StatusOr<v1::Assessment> existing =
        store->GetAssessment(request.tenant, request.supplier_id, id);
    if (existing.ok()) return existing;
    if (!absl::IsNotFound(existing.status())) {
      return WithSubject(existing.status(), supplier_subject);
    }
  }
  absl::StatusOr<v1::Assessment> stored =
      store->CreateAssessment(request.tenant, request.supplier_id, id, assessment, ctx);
  if (request.request_id.empty() && absl::IsAlreadyExists(stored.status())) {
    // Made by a concurrent call with the same inputs.
    stored = store->GetAssessment(request.tenant, request.supplier_id, id);
  }
  if (!stored.ok()) return WithSubject(stored.status(), supplier_subject);
  return stored;
}

}  // namespace supplyrisk::assess
