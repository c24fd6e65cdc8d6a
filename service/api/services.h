#ifndef SUPPLYRISK_SERVICE_API_SERVICES_H_
#define SUPPLYRISK_SERVICE_API_SERVICES_H_

// The gRPC services, one class per service, each in its own .cc. Every method runs through Serve()
// (authentication, the role matrix, rate limit, log line), validates its whole request before
// touching the store, and uses the caller's tenant for every store call. Each service is given only
// what it uses; every pointer outlives the service.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "engine/catalog/catalog.h"
#include "google/longrunning/operations.grpc.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "service/api/call.h"
#include "service/api/errors.h"
#include "service/api/page_budget.h"
#include "service/api/page_token.h"
#include "service/api/stream_watchdog.h"
#include "service/api/validation.h"
#include "service/assess/assessor.h"
#include "service/assess/replayer.h"
#include "service/assess/template_source.h"
#include "service/jobs/rescore_runner.h"
#include "service/store/store.h"
#include "supplyrisk/v1/assessment_service.grpc.pb.h"
#include "supplyrisk/v1/audit_service.grpc.pb.h"
#include "supplyrisk/v1/chain_service.grpc.pb.h"
#include "supplyrisk/v1/engagement_service.grpc.pb.h"
#include "supplyrisk/v1/rescore_service.grpc.pb.h"
#include "supplyrisk/v1/response_service.grpc.pb.h"
#include "supplyrisk/v1/signal_service.grpc.pb.h"
#include "supplyrisk/v1/supplier_service.grpc.pb.h"
#include "supplyrisk/v1/template_service.grpc.pb.h"

namespace supplyrisk::api {

using grpc::ServerContext;
using grpc::Status;

class WatchHub;

// What a service that reads and writes plain resources uses.
struct ResourceDeps {
  CallEnv env;
  store::Store* store = nullptr;
  const PageTokens* page_tokens = nullptr;
  // The server's clock: stamps writes, and bounds the times a request may carry (nothing observed,
  // answered or submitted later than clock() + clock_skew; no as_of later than that either).
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  absl::Duration clock_skew = kDefaultClockSkew;
  // The server's bound on a message (ServerOptions::max_message_bytes); List* pages stay under it
  // (page_budget.h).
  int max_message_bytes = 8 << 20;
  // Bounds on client streams (idle, total, per tenant); null for none.
  StreamWatchdog* streams = nullptr;
};

// The bound of the times in a request, read from the clock once per request.
inline TimeLimits RequestTimeLimits(const ResourceDeps& d) {
  return TimeLimits{d.clock(), d.clock_skew};
}

// Template lookup, the catalogue for lint, and the tenant's templates in the store.
struct TemplateServiceDeps : ResourceDeps {
  const assess::TemplateSource* templates = nullptr;
  const catalog::CatalogIndex* catalog = nullptr;
};

class TemplateServiceImpl final : public v1::TemplateService::Service {
 public:
  explicit TemplateServiceImpl(TemplateServiceDeps deps) : d_(std::move(deps)) {}
  Status ListTemplates(ServerContext* c, const v1::ListTemplatesRequest* req,
                       v1::ListTemplatesResponse* resp) override;
  Status GetTemplate(ServerContext* c, const v1::GetTemplateRequest* req,
                     v1::Template* resp) override;
  Status ListTemplateRevisions(ServerContext* c, const v1::ListTemplateRevisionsRequest* req,
                               v1::ListTemplateRevisionsResponse* resp) override;
  Status CreateTemplateRevision(ServerContext* c, const v1::CreateTemplateRevisionRequest* req,
                                v1::Template* resp) override;
  Status PublishTemplateRevision(ServerContext* c, const v1::PublishTemplateRevisionRequest* req,
                                 v1::Template* resp) override;

 private:
  const TemplateServiceDeps d_;
};

class SupplierServiceImpl final : public v1::SupplierService::Service {
 public:
  explicit SupplierServiceImpl(ResourceDeps deps) : d_(std::move(deps)) {}
  Status CreateSupplier(ServerContext* c, const v1::CreateSupplierRequest* req,
                        v1::Supplier* resp) override;
  Status GetSupplier(ServerContext* c, const v1::GetSupplierRequest* req,
                     v1::Supplier* resp) override;
  Status ListSuppliers(ServerContext* c, const v1::ListSuppliersRequest* req,
                       v1::ListSuppliersResponse* resp) override;
  Status UpdateSupplier(ServerContext* c, const v1::UpdateSupplierRequest* req,
                        v1::Supplier* resp) override;
  Status LookupSuppliers(ServerContext* c, const v1::LookupSuppliersRequest* req,
                         v1::LookupSuppliersResponse* resp) override;
  Status DeleteSupplier(ServerContext* c, const v1::DeleteSupplierRequest* req,
                        google::protobuf::Empty* resp) override;
  Status BatchCreateSuppliers(ServerContext* c, const v1::BatchCreateSuppliersRequest* req,
                              v1::BatchCreateSuppliersResponse* resp) override;

 private:
  // UpdateSupplier with allow_missing of a supplier that does not exist: creates it from `sent`.
  Status CreateMissing(const Caller& caller, const std::string& id, const v1::Supplier& sent,
                       v1::Supplier* resp);

  const ResourceDeps d_;
};

// Answers are validated against their template revision and stamped with the clock.
struct ResponseServiceDeps : ResourceDeps {
  const assess::TemplateSource* templates = nullptr;
};

class ResponseServiceImpl final : public v1::ResponseService::Service {
 public:
  explicit ResponseServiceImpl(ResponseServiceDeps deps) : d_(std::move(deps)) {}
  Status CreateResponse(ServerContext* c, const v1::CreateResponseRequest* req,
                        v1::Response* resp) override;
  Status GetResponse(ServerContext* c, const v1::GetResponseRequest* req,
                     v1::Response* resp) override;
  Status ListResponses(ServerContext* c, const v1::ListResponsesRequest* req,
                       v1::ListResponsesResponse* resp) override;
  Status SaveAnswers(ServerContext* c, const v1::SaveAnswersRequest* req,
                     v1::Response* resp) override;
  Status SubmitResponse(ServerContext* c, const v1::SubmitResponseRequest* req,
                        v1::Response* resp) override;
  Status DeleteResponse(ServerContext* c, const v1::DeleteResponseRequest* req,
                        google::protobuf::Empty* resp) override;

 private:
  const ResponseServiceDeps d_;
};

class SignalServiceImpl final : public v1::SignalService::Service {
 public:
  explicit SignalServiceImpl(ResourceDeps deps) : d_(std::move(deps)) {}
  Status ImportSignals(ServerContext* c, grpc::ServerReader<v1::ImportSignalsRequest>* reader,
                       v1::ImportSignalsResponse* resp) override;
  Status ListSignals(ServerContext* c, const v1::ListSignalsRequest* req,
                     v1::ListSignalsResponse* resp) override;

 private:
  const ResourceDeps d_;
};

// Scoring goes through the Assessor, replays and explanations through the Replayer; change streams
// wait on the watch hub.
struct AssessmentServiceDeps : ResourceDeps {
  const assess::Assessor* assessor = nullptr;
  const assess::Replayer* replayer = nullptr;
  WatchHub* watch = nullptr;
};

class AssessmentServiceImpl final : public v1::AssessmentService::Service {
 public:
  explicit AssessmentServiceImpl(AssessmentServiceDeps deps) : d_(std::move(deps)) {}
  Status AssessSupplier(ServerContext* c, const v1::AssessSupplierRequest* req,
                        v1::Assessment* resp) override;
  Status GetLatestAssessment(ServerContext* c, const v1::GetLatestAssessmentRequest* req,
                             v1::Assessment* resp) override;
  Status ListAssessments(ServerContext* c, const v1::ListAssessmentsRequest* req,
                         v1::ListAssessmentsResponse* resp) override;
  Status ExplainCell(ServerContext* c, const v1::ExplainCellRequest* req,
                     v1::Explanation* resp) override;
  Status ReplayAssessment(ServerContext* c, const v1::ReplayAssessmentRequest* req,
                          v1::ReplayAssessmentResponse* resp) override;
  Status WatchAssessments(ServerContext* c, const v1::WatchAssessmentsRequest* req,
                          grpc::ServerWriter<v1::AssessmentEvent>* writer) override;

 private:
  const AssessmentServiceDeps d_;
};

// A decision is an assessment with an engagement.
struct EngagementServiceDeps : ResourceDeps {
  const assess::Assessor* assessor = nullptr;
};

class EngagementServiceImpl final : public v1::EngagementService::Service {
 public:
  explicit EngagementServiceImpl(EngagementServiceDeps deps) : d_(std::move(deps)) {}
  Status CreateEngagement(ServerContext* c, const v1::CreateEngagementRequest* req,
                          v1::Engagement* resp) override;
  Status GetEngagement(ServerContext* c, const v1::GetEngagementRequest* req,
                       v1::Engagement* resp) override;
  Status ListEngagements(ServerContext* c, const v1::ListEngagementsRequest* req,
                         v1::ListEngagementsResponse* resp) override;
  Status UpdateEngagement(ServerContext* c, const v1::UpdateEngagementRequest* req,
                          v1::Engagement* resp) override;
  Status DeleteEngagement(ServerContext* c, const v1::DeleteEngagementRequest* req,
                          google::protobuf::Empty* resp) override;
  Status EvaluateEngagement(ServerContext* c, const v1::EvaluateEngagementRequest* req,
                            v1::EvaluateEngagementResponse* resp) override;

 private:
  const EngagementServiceDeps d_;
};

// Chain views are computed under the server's policy (depth cap, attenuation, combination rule,
// single-point-of-failure share).
struct ChainServiceDeps : ResourceDeps {
  const v1::ScoringPolicy* policy = nullptr;
};

// Relationships in chain_service.cc, the views over them in chain_views.cc.
class ChainServiceImpl final : public v1::ChainService::Service {
 public:
  explicit ChainServiceImpl(ChainServiceDeps deps) : d_(std::move(deps)) {}
  Status CreateRelationship(ServerContext* c, const v1::CreateRelationshipRequest* req,
                            v1::Relationship* resp) override;
  Status GetRelationship(ServerContext* c, const v1::GetRelationshipRequest* req,
                         v1::Relationship* resp) override;
  Status ListRelationships(ServerContext* c, const v1::ListRelationshipsRequest* req,
                           v1::ListRelationshipsResponse* resp) override;
  Status UpdateRelationship(ServerContext* c, const v1::UpdateRelationshipRequest* req,
                            v1::Relationship* resp) override;
  Status DeleteRelationship(ServerContext* c, const v1::DeleteRelationshipRequest* req,
                            google::protobuf::Empty* resp) override;
  Status GetChain(ServerContext* c, const v1::GetChainRequest* req, v1::ChainGraph* resp) override;
  Status GetEffectiveRisk(ServerContext* c, const v1::GetEffectiveRiskRequest* req,
                          v1::EffectiveRisk* resp) override;
  Status ListConcentrations(ServerContext* c, const v1::ListConcentrationsRequest* req,
                            v1::ListConcentrationsResponse* resp) override;
  Status AnalyzeImpact(ServerContext* c, const v1::AnalyzeImpactRequest* req,
                       v1::AnalyzeImpactResponse* resp) override;

 private:
  const ChainServiceDeps d_;
};

class AuditServiceImpl final : public v1::AuditService::Service {
 public:
  explicit AuditServiceImpl(ResourceDeps deps) : d_(std::move(deps)) {}
  Status ListAuditEntries(ServerContext* c, const v1::ListAuditEntriesRequest* req,
                          v1::ListAuditEntriesResponse* resp) override;
  Status VerifyAuditLog(ServerContext* c, const v1::VerifyAuditLogRequest* req,
                        v1::VerifyAuditLogResponse* resp) override;

 private:
  const ResourceDeps d_;
};

// Batch rescorings: started through the server's runner, read back from the store as operations.
struct RescoreServiceDeps : ResourceDeps {
  jobs::RescoreRunner* runner = nullptr;
  // The scoring policy the server runs, reported in every operation's metadata.
  std::string policy_version;
  // Its grades, best first: what a grade filter may name.
  std::vector<std::string> grades;
};

class RescoreServiceImpl final : public v1::RescoreService::Service {
 public:
  explicit RescoreServiceImpl(RescoreServiceDeps deps) : d_(std::move(deps)) {}
  Status StartRescore(ServerContext* c, const v1::StartRescoreRequest* req,
                      google::longrunning::Operation* resp) override;

 private:
  const RescoreServiceDeps d_;
};

// google.longrunning.Operations over the tenant's rescorings (AIP-151): get, list, wait, cancel.
// Operations are not deleted: DeleteOperation is UNIMPLEMENTED.
class OperationsServiceImpl final : public google::longrunning::Operations::Service {
 public:
  explicit OperationsServiceImpl(RescoreServiceDeps deps) : d_(std::move(deps)) {}
  Status ListOperations(ServerContext* c, const google::longrunning::ListOperationsRequest* req,
                        google::longrunning::ListOperationsResponse* resp) override;
  Status GetOperation(ServerContext* c, const google::longrunning::GetOperationRequest* req,
                      google::longrunning::Operation* resp) override;
  Status DeleteOperation(ServerContext* c, const google::longrunning::DeleteOperationRequest* req,
                         google::protobuf::Empty* resp) override;
  Status CancelOperation(ServerContext* c, const google::longrunning::CancelOperationRequest* req,
                         google::protobuf::Empty* resp) override;
  Status WaitOperation(ServerContext* c, const google::longrunning::WaitOperationRequest* req,
                       google::longrunning::Operation* resp) override;

 private:
  const RescoreServiceDeps d_;
};

// Checks a request's optional as_of ("as_of" in the request): a valid timestamp not later than
// clock() + clock_skew. Sets *as_of when the request has one; leaves it empty (score now) when not.
void CheckAsOf(const ResourceDeps& d, bool has_as_of,
               const google::protobuf::Timestamp& as_of_field, std::optional<absl::Time>* as_of,
               FieldViolations* v);

// Scores `supplier_id` as of `as_of` (now when empty) through the Assessor (for the engagement when
// given) and stores the assessment. Shared by AssessSupplier and EvaluateEngagement. Without a
// submitted response FAILED_PRECONDITION "RESPONSE", unless `allow_no_response`.
Status RunAssessment(const assess::Assessor& assessor, const Caller& caller,
                     absl::string_view supplier_id, const v1::Engagement* engagement,
                     absl::string_view request_id, std::optional<absl::Time> as_of,
                     bool allow_no_response, v1::Assessment* out);

// The explanation of one CPSF cell of a stored assessment: the one it carries (assessments stored
// before explanations were computed on demand), else computed by `replayer` from its inputs, which
// must still be the ones scored and give the stored cell score (FAILED_PRECONDITION otherwise).
Status ExplainAssessmentCell(const assess::Replayer& replayer, const Caller& caller,
                             const v1::Assessment& a, v1::Layer layer, v1::Component component,
                             v1::Explanation* out);

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_SERVICES_H_
