#include "service/assess/assessor.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "engine/scoring/review_due.h"
#include "engine/scoring/scorer.h"
#include "service/assess/error_subject.h"
#include "service/assess/facts_digest.h"
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

absl::StatusOr<std::optional<v1::Assessment>> Assessor::Retried(
    const AssessRequest& request) const {
  if (request.request_id.empty()) return std::optional<v1::Assessment>();
  absl::StatusOr<std::optional<store::IdempotencyRecord>> record =
      deps_.store->GetIdempotencyRecord(request.tenant, request.request_id);
  if (!record.ok()) return record.status();
  if (!record->has_value()) return std::optional<v1::Assessment>();
  if ((*record)->request_digest() != RequestDigest(request.supplier_id, request.engagement)) {
    return WithSubject(
        absl::FailedPreconditionError(absl::StrCat(
            "request_id \"", request.request_id, "\" was already used for a different request (",
            (*record)->resource(), "); use a new request_id for a new request")),
        ErrorSubject{"request", absl::StrCat("requests/", request.request_id),
                     "REQUEST_ID_REUSED"});
  }
  absl::StatusOr<v1::Assessment> first =
      deps_.store->GetRecordedAssessment(request.tenant, (*record)->resource());
  if (!first.ok()) {
    return WithSubject(first.status(), ErrorSubject{"assessment", (*record)->resource(), ""});
  }
  return std::optional<v1::Assessment>(*std::move(first));
}

absl::StatusOr<std::shared_ptr<const PreparedModel>> Assessor::ModelOf(
    absl::string_view tenant, const v1::Assessment& assessment) const {
  absl::StatusOr<TemplateRef> questionnaire =
      deps_.templates->Find(tenant, assessment.template_id(), assessment.template_revision());
  if (!questionnaire.ok()) return questionnaire.status();
  ModelSpec spec;
  spec.catalog = deps_.catalog;
  spec.questionnaire = *std::move(questionnaire);
  spec.readiness = deps_.templates->readiness_profiles();
  spec.policy = deps_.policy;
  return deps_.models->Get(spec);
}

absl::StatusOr<Evaluation> Assessor::Evaluate(const AssessRequest& request) const {
  const std::string supplier_name = names::Supplier(request.supplier_id);
  const absl::Time as_of = request.as_of.has_value() ? *request.as_of : deps_.clock();
  absl::StatusOr<LoadedInputs> loaded =
      LoadInputs(deps_, request.tenant, request.supplier_id, as_of, request.engagement);
  if (!loaded.ok()) return loaded.status();
  if (!loaded->has_response && !request.allow_no_response) {
    return WithSubject(
        absl::FailedPreconditionError(absl::StrCat(
            "no submitted response to score",
            request.as_of.has_value() ? " at or before as_of" : "", "; submit one first")),
        ErrorSubject{"supplier", supplier_name, "RESPONSE"});
  }
  const scoring::SupplierInput input = loaded->Input(request.engagement);
  // No explanations: an assessment stores facts, and ExplainCell computes them on demand.
  v1::Assessment assessment;
  scores_.fetch_add(1, std::memory_order_relaxed);
  absl::Status scored = scoring::ScoreSupplier(*loaded->model->model, input, {}, &assessment);
  if (!scored.ok()) return scored;
  AddServiceFacts(*loaded, request.engagement, &assessment);
  Evaluation out;
  out.bookkeeping.facts_digest =
      FactsDigest(assessment, InputsKey(loaded->model->model->model_digest(), assessment.inputs()));
  out.bookkeeping.review_due =
      scoring::NextReviewDue(*loaded->model->model, loaded->response, as_of);
  out.bookkeeping.dirty_generation_seen = loaded->dirty_generation;
  out.assessment = std::move(assessment);
  return out;
}

absl::StatusOr<v1::Assessment> Assessor::Assess(const AssessRequest& request) const {
  store::Store* store = deps_.store;
  const ErrorSubject supplier_subject{"supplier", names::Supplier(request.supplier_id), ""};
  // A retry is answered from its idempotency record before anything is read or scored.
  absl::StatusOr<std::optional<v1::Assessment>> retried = Retried(request);
  if (!retried.ok()) return retried.status();
  if (retried->has_value()) return **std::move(retried);
  absl::StatusOr<Evaluation> evaluated = Evaluate(request);
  if (!evaluated.ok()) return evaluated.status();
  const v1::Assessment& assessment = evaluated->assessment;

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
  absl::StatusOr<v1::Assessment> stored = store->CreateOrConfirmAssessment(
      request.tenant, request.supplier_id, id, assessment, evaluated->bookkeeping, ctx);
  if (request.request_id.empty() && absl::IsAlreadyExists(stored.status())) {
    // Made by a concurrent call with the same inputs.
    stored = store->GetAssessment(request.tenant, request.supplier_id, id);
  }
  if (!stored.ok()) return WithSubject(stored.status(), supplier_subject);
  return stored;
}

}  // namespace supplyrisk::assess
