#include "service/assess/assessor.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "engine/scoring/scorer.h"
#include "service/assess/error_subject.h"
#include "service/assess/facts_digest.h"
#include "service/assess/random_id.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"

namespace supplyrisk::assess {
namespace {

constexpr int kListPage = 1000;

bool SubmittedLater(const v1::Response& a, const v1::Response& b) {
  return a.submitted_at().seconds() > b.submitted_at().seconds() ||
         (a.submitted_at().seconds() == b.submitted_at().seconds() &&
          a.submitted_at().nanos() > b.submitted_at().nanos());
}

bool SubmittedAfter(const v1::Response& r, absl::Time t) {
  return absl::FromUnixSeconds(r.submitted_at().seconds()) +
             absl::Nanoseconds(r.submitted_at().nanos()) >
         t;
}

// The latest response of the supplier submitted at or before `as_of`, if any: a response submitted
// later did not exist at as_of.
absl::StatusOr<std::optional<v1::Response>> LatestSubmitted(store::Store* store,
                                                            absl::string_view tenant,
                                                            absl::string_view supplier_id,
                                                            absl::Time as_of,
                                                            const store::Snapshot* snapshot) {
  std::optional<v1::Response> latest;
  std::string token;
  do {
    auto page = store->ListResponses(tenant, supplier_id, {kListPage, token}, snapshot);
    if (!page.ok()) return page.status();
    for (v1::Response& r : page->items) {
      if (r.state() != v1::RESPONSE_STATE_SUBMITTED || SubmittedAfter(r, as_of)) continue;
      if (!latest.has_value() || SubmittedLater(r, *latest)) latest = std::move(r);
    }
    token = page->next_page_token;
  } while (!token.empty());
  return latest;
}

absl::StatusOr<std::vector<v1::Signal>> AllSignals(store::Store* store, absl::string_view tenant,
                                                   absl::string_view supplier_id,
                                                   const store::Snapshot* snapshot) {
  std::vector<v1::Signal> signals;
  std::string token;
  do {
    auto page = store->ListSignals(tenant, supplier_id, {}, {kListPage, token}, snapshot);
    if (!page.ok()) return page.status();
    for (v1::Signal& s : page->items) signals.push_back(std::move(s));
    token = page->next_page_token;
  } while (!token.empty());
  return signals;
}

}  // namespace

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

absl::StatusOr<v1::Assessment> Assessor::Assess(const AssessRequest& request) const {
  store::Store* store = deps_.store;
  const std::string supplier_name = names::Supplier(request.supplier_id);
  const ErrorSubject supplier_subject{"supplier", supplier_name, ""};
  // A retry is answered from its idempotency record before anything is read or scored.
  absl::StatusOr<std::optional<v1::Assessment>> retried = Retried(request);
  if (!retried.ok()) return retried.status();
  if (retried->has_value()) return **std::move(retried);
  absl::StatusOr<v1::Supplier> supplier = store->GetSupplier(request.tenant, request.supplier_id);
  if (!supplier.ok()) return WithSubject(supplier.status(), supplier_subject);
  const absl::Time as_of = request.as_of.has_value() ? *request.as_of : deps_.clock();
  auto snapshot = store->GetSnapshot();
  absl::StatusOr<std::optional<v1::Response>> response =
      LatestSubmitted(store, request.tenant, request.supplier_id, as_of, snapshot.get());
  if (!response.ok()) return response.status();
  absl::StatusOr<TemplateRef> questionnaire =
      response->has_value() ? deps_.templates->Find(request.tenant, (*response)->template_id(),
                                                    (*response)->template_revision())
                            : deps_.templates->Find(request.tenant, kDefaultQuestionnaire, 0);
  if (!questionnaire.ok()) return questionnaire.status();
  absl::StatusOr<std::vector<v1::Signal>> signals =
      AllSignals(store, request.tenant, request.supplier_id, snapshot.get());
  if (!signals.ok()) return signals.status();
  if (!response->has_value()) {
    // Nothing submitted yet: score an empty response, so every question counts as unanswered
    // (unknown is never counted as compliant).
    v1::Response& empty = response->emplace();
    empty.set_template_id((*questionnaire)->id());
    empty.set_template_revision((*questionnaire)->revision());
    empty.set_state(v1::RESPONSE_STATE_SUBMITTED);
  }

  ModelSpec spec;
  spec.catalog = deps_.catalog;
  spec.questionnaire = *std::move(questionnaire);
  spec.readiness = deps_.templates->readiness_profiles();
  spec.policy = deps_.policy;
  absl::StatusOr<std::shared_ptr<const PreparedModel>> prepared = deps_.models->Get(spec);
  if (!prepared.ok()) return prepared.status();

  scoring::SupplierInput input;
  input.profile = &supplier->profile();
  input.response = &**response;
  input.signals = *signals;
  input.engagement = request.engagement;
  input.as_of = as_of;
  scoring::ScoreOptions options;
  // Explanations for every cell and factor, so ExplainCell reads them back.
  options.explain_all = true;
  v1::Assessment assessment;
  scores_.fetch_add(1, std::memory_order_relaxed);
  absl::Status scored = scoring::ScoreSupplier(*(*prepared)->model, input, options, &assessment);
  if (!scored.ok()) return scored;
  assessment.set_supplier(supplier_name);
  if (request.engagement != nullptr) {
    assessment.mutable_decision()->set_engagement(request.engagement->name());
  }

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
  std::vector<const v1::Signal*> signal_ptrs;
  signal_ptrs.reserve(signals->size());
  for (const v1::Signal& sig : *signals) signal_ptrs.push_back(&sig);
  const std::string facts =
      FactsDigest(assessment, InputsKey((*prepared)->model->model_digest(), supplier->profile(),
                                        **response, signal_ptrs, request.engagement));
  absl::StatusOr<v1::Assessment> stored = store->CreateOrConfirmAssessment(
      request.tenant, request.supplier_id, id, assessment, facts, ctx);
  if (request.request_id.empty() && absl::IsAlreadyExists(stored.status())) {
    // Made by a concurrent call with the same inputs.
    stored = store->GetAssessment(request.tenant, request.supplier_id, id);
  }
  if (!stored.ok()) return WithSubject(stored.status(), supplier_subject);
  return stored;
}

}  // namespace supplyrisk::assess
