// The assess-a-supplier use case, shared by the API handlers and batch jobs: load the supplier's
// inputs from one store snapshot, find the prepared model, score, and store the assessment.
// Watchers learn of it from the store's commit listener, like of every other write.
#ifndef SUPPLYRISK_SERVICE_ASSESS_ASSESSOR_H_
#define SUPPLYRISK_SERVICE_ASSESS_ASSESSOR_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/catalog/catalog.h"
#include "service/assess/model_cache.h"
#include "service/assess/template_source.h"
#include "service/store/store.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/policy.pb.h"

namespace supplyrisk::assess {

// The questionnaire a supplier is scored on before it has submitted any response.
inline constexpr absl::string_view kDefaultQuestionnaire = "cpsf-supplier";

// What the Assessor uses. Precondition: every pointer is non-null and outlives the Assessor.
struct AssessorDeps {
  store::Store* store = nullptr;
  const catalog::CatalogIndex* catalog = nullptr;
  const TemplateSource* templates = nullptr;
  const v1::ScoringPolicy* policy = nullptr;
  ModelCache* models = nullptr;
  // The time of scoring when a request names none.
  std::function<absl::Time()> clock = [] { return absl::Now(); };
};

// One assessment to make. The views must stay valid for the call.
struct AssessRequest {
  // From the caller's credentials, never from a request field.
  absl::string_view tenant;
  // Who the audit log says wrote the assessment, e.g. "token:ops:admin".
  absl::string_view actor;
  absl::string_view supplier_id;
  // Optional: with one, the assessment carries the contract decision for it.
  const v1::Engagement* engagement = nullptr;
  // Optional: makes the assessment idempotent. A retry with the same request id, supplier and
  // engagement gets what the first call returned (the same version, or the same confirmation),
  // found before any input is read or anything is scored, and writes nothing; other inputs under
  // the same id are FAILED_PRECONDITION.
  absl::string_view request_id;
  // The time of scoring; the clock when absent. Only inputs that existed then count: the latest
  // response submitted at or before it (signals observed later are ignored by the engine).
  std::optional<absl::Time> as_of;
  // Without a response submitted at or before as_of the request is FAILED_PRECONDITION ("RESPONSE",
  // subject the supplier) and nothing is stored, so an unanswered questionnaire never turns into a
  // stored grade. Only with this set is such a supplier scored on an empty response (every question
  // unanswered, never counted as compliant), e.g. to grade a supplier from its scanned signals.
  bool allow_no_response = false;
};

// What scoring a supplier came to, before anything is stored: the assessment, and what storing it
// would record in the supplier's summary (its facts digest among them).
struct Evaluation {
  v1::Assessment assessment;
  store::AssessmentBookkeeping bookkeeping;
};

class Assessor {
 public:
  explicit Assessor(AssessorDeps deps) : deps_(std::move(deps)) {}

  // Scores the supplier as of request.as_of on its latest response submitted by then (refused
  // without one unless request.allow_no_response; then an empty response of the default
  // questionnaire), its signals and the built-in readiness profiles, and stores the assessment
  // (facts only: no explanations, which ExplainCell computes on demand). Errors carry an
  // ErrorSubject: NOT_FOUND for an absent supplier ("supplier") or template ("template"),
  // FAILED_PRECONDITION "RESPONSE" for no submitted response, the store's errors otherwise.
  //
  // Unchanged means no new version: when the result has the facts of the supplier's latest version
  // (facts_digest.h) and an as_of not before it, the store keeps a confirmation instead and this
  // returns that version with confirm_time set to the as_of.
  absl::StatusOr<v1::Assessment> Assess(const AssessRequest& request) const;

  // Loads and scores as Assess does, and stores nothing (request_id is ignored): what Assess would
  // store. For a dry run, which compares the facts digest with the summary's latest.
  absl::StatusOr<Evaluation> Evaluate(const AssessRequest& request) const;

  // What this Assessor was made with; a copy with another policy and model cache scores under
  // that policy.
  const AssessorDeps& deps() const { return deps_; }

  // How many times this Assessor has run the engine; a retry answered from its idempotency record
  // does not.
  int64_t scores() const { return scores_.load(std::memory_order_relaxed); }
  // The prepared model `assessment` was scored with: its template revision (visible to `tenant`),
  // with the catalogue, readiness profiles and policy this server runs. What its texts are
  // rendered from (engine/render, which refuses a model whose version differs from the
  // assessment's). Errors as Assess's for the template.
  absl::StatusOr<std::shared_ptr<const PreparedModel>> ModelOf(
      absl::string_view tenant, const v1::Assessment& assessment) const;

  // The id an assessment with `request_id` is stored under: derived from the tenant, the supplier
  // and the request id, so a retry lands on the same id; random without a request id.
  static std::string AssessmentId(absl::string_view tenant, absl::string_view supplier_id,
                                  absl::string_view request_id);
  // The id of an assessment made without a request id: derived from its input digest (which covers
  // the model, every input and as_of) and engagement, so the same stored inputs, model and as_of
  // name one assessment, stored once and returned byte for byte to every such call.
  static std::string ContentAssessmentId(absl::string_view tenant, absl::string_view supplier_id,
                                         absl::string_view input_digest,
                                         absl::string_view engagement);
  // The idempotency digest of an assessment request: what a retry must repeat.
  static std::string RequestDigest(absl::string_view supplier_id, const v1::Engagement* engagement);

 private:
  // The answer to a retried request_id, when there is one (FAILED_PRECONDITION for another
  // request under the same id); nullopt when the request is new.
  absl::StatusOr<std::optional<v1::Assessment>> Retried(const AssessRequest& request) const;

  AssessorDeps deps_;
  mutable std::atomic<int64_t> scores_{0};
};

}  // namespace supplyrisk::assess

#endif  // SUPPLYRISK_SERVICE_ASSESS_ASSESSOR_H_
