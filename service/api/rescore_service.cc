// RescoreService and google.longrunning.Operations: batch rescorings as long-running operations.
// An operation is a store Job of kind "rescore" (service/jobs/rescorer.h), run by the server's
// RescoreRunner; "operations/{id}" names the job "jobs/{id}".

#include <algorithm>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "engine/policy/policy.h"
#include "google/protobuf/util/time_util.h"
#include "service/api/actor.h"
#include "service/api/errors.h"
#include "service/api/page_budget.h"
#include "service/api/services.h"
#include "service/api/store_error.h"
#include "service/api/supplier_access.h"
#include "service/api/validation.h"
#include "service/assess/random_id.h"
#include "service/jobs/rescore_state.pb.h"
#include "service/jobs/rescorer.h"

namespace supplyrisk::api {
namespace {

namespace lro = ::google::longrunning;
using ::google::protobuf::util::TimeUtil;

// The longest a WaitOperation call waits (less when its deadline is sooner).
constexpr absl::Duration kMaxWait = absl::Minutes(5);
constexpr absl::Duration kPollEvery = absl::Milliseconds(200);

bool Ended(const v1::Job& job) {
  return job.state() == v1::JOB_STATE_SUCCEEDED || job.state() == v1::JOB_STATE_FAILED ||
         job.state() == v1::JOB_STATE_CANCELLED;
}

std::string JobIdOf(const v1::Job& job) { return names::ParseJob(job.name()).value_or(""); }

// The operation a stored rescoring job is.
Status ToOperation(const v1::Job& job, absl::string_view policy_version, lro::Operation* op) {
  jobs::RescoreSpec spec;
  if (!spec.ParseFromString(job.request())) {
    return FromAbsl(absl::DataLossError(absl::StrCat(job.name(), ": request does not parse")));
  }
  absl::StatusOr<jobs::RescoreState> state = jobs::Rescorer::StateOf(job);
  if (!state.ok()) return FromAbsl(state.status());
  op->set_name(absl::StrCat("operations/", JobIdOf(job)));
  v1::RescoreMetadata md;
  md.set_scope(spec.dirty_only() ? v1::RESCORE_SCOPE_DIRTY_ONLY : v1::RESCORE_SCOPE_ALL);
  md.set_grade(spec.grade());
  if (state->as_of_micros() != 0)
    *md.mutable_as_of() = TimeUtil::MicrosecondsToTimestamp(state->as_of_micros());
  *md.mutable_create_time() = job.create_time();
  *md.mutable_update_time() = job.update_time();
  v1::ScoringPolicy own;
  md.set_policy_version(!spec.policy().empty() && own.ParseFromString(spec.policy())
                            ? own.version()
                            : std::string(policy_version));
  md.set_dry_run(spec.dry_run());
  md.set_total(state->total());
  md.set_done(state->done());
  md.set_changed(state->changed());
  md.set_unchanged(state->unchanged());
  md.set_not_scored(state->not_scored());
  md.set_failed(state->failed());
  for (const std::string& e : state->error_samples()) md.add_error_samples(e);
  const double seconds = (TimeUtil::TimestampToMicroseconds(job.update_time()) -
                          TimeUtil::TimestampToMicroseconds(job.create_time())) /
                         1e6;
  if (seconds > 0 && state->done() > 0) {
    md.set_rate_per_second(state->done() / seconds);
    // The total is known up front only for a dirty-only run; a full one counts it as it goes.
    if (spec.dirty_only() && !Ended(job)) {
      const double left =
          static_cast<double>(state->total() - state->done()) / md.rate_per_second();
      md.mutable_eta()->set_seconds(static_cast<int64_t>(std::max(0.0, left)));
    }
  }
  md.set_cancel_requested(job.state() == v1::JOB_STATE_CANCELLED);
  op->mutable_metadata()->PackFrom(md);
  op->set_done(Ended(job));
  if (job.state() == v1::JOB_STATE_SUCCEEDED) {
    v1::RescoreReport report;
    report.set_total(state->total());
    report.set_changed(state->changed());
    report.set_unchanged(state->unchanged());
    report.set_not_scored(state->not_scored());
    report.set_failed(state->failed());
    for (const jobs::GradeChange& g : state->grade_changes()) {
      v1::RescoreGradeChange* out = report.add_grade_changes();
      out->set_supplier(g.supplier());
      out->set_from_grade(g.from_grade());
      out->set_to_grade(g.to_grade());
      out->set_from_score(g.from_score());
      out->set_to_score(g.to_score());
    }
    std::sort(report.mutable_grade_changes()->begin(), report.mutable_grade_changes()->end(),
              [](const v1::RescoreGradeChange& a, const v1::RescoreGradeChange& b) {
                return a.supplier() < b.supplier();
              });
    report.set_grade_changes_total(state->grade_changes_total());
    op->mutable_response()->PackFrom(report);
  } else if (job.state() == v1::JOB_STATE_CANCELLED) {
    op->mutable_error()->set_code(grpc::StatusCode::CANCELLED);
    op->mutable_error()->set_message("the rescoring was cancelled");
  } else if (job.state() == v1::JOB_STATE_FAILED) {
    op->mutable_error()->set_code(grpc::StatusCode::INTERNAL);
    op->mutable_error()->set_message(job.error());
  }
  return Status::OK;
}

// The rescoring job an operation name names; NOT_FOUND for any other job.
Status LoadRescore(store::Store* store, const Caller& caller, absl::string_view name,
                   v1::Job* job) {
  FieldViolations v;
  std::string id;
  ParseName("name", name, "operations", &id, &v);
  if (!v.empty()) return v.ToStatus();
  absl::StatusOr<v1::Job> found = store->GetJob(caller.tenant, id);
  if (!found.ok()) return StoreError(found.status(), "operation", name);
  if (found->kind() != jobs::kRescoreJobKind) return NotFound("operation", name);
  *job = *std::move(found);
  return Status::OK;
}

}  // namespace

Status RescoreServiceImpl::StartRescore(ServerContext* c, const v1::StartRescoreRequest* req,
                                        google::longrunning::Operation* resp) {
  return Serve(d_.env, c, "RescoreService/StartRescore", [&](const Caller& caller) {
    FieldViolations v;
    if (req->scope() == v1::RESCORE_SCOPE_UNSPECIFIED) {
      v.Add("scope", "required: RESCORE_SCOPE_ALL or RESCORE_SCOPE_DIRTY_ONLY");
    } else if (!v1::RescoreScope_IsValid(req->scope())) {
      v.Add("scope", absl::StrCat("unknown scope ", req->scope()));
    }
    if (!req->grade().empty()) {
      if (req->scope() == v1::RESCORE_SCOPE_DIRTY_ONLY) {
        v.Add("grade", "only with RESCORE_SCOPE_ALL");
      } else if (std::find(d_.grades.begin(), d_.grades.end(), req->grade()) == d_.grades.end()) {
        v.Add("grade", absl::StrCat("must be one of this server's grades: ",
                                    absl::StrJoin(d_.grades, ", ")));
      }
    }
    CheckRequestId("request_id", req->request_id(), &v);
    if (req->has_policy()) {
      if (!req->dry_run()) {
        v.Add("policy",
              "only with dry_run: a real run scores under the server's policy (supplyriskd "
              "--policy adopts another)");
      } else if (absl::Status valid = policy::ValidatePolicy(req->policy()); !valid.ok()) {
        v.Add("policy", std::string(valid.message()));
      }
    }
    if (!v.empty()) return v.ToStatus();
    jobs::RescoreSpec spec;
    spec.set_dirty_only(req->scope() == v1::RESCORE_SCOPE_DIRTY_ONLY);
    spec.set_grade(req->grade());
    spec.set_actor(Actor(caller));
    spec.set_dry_run(req->dry_run());
    if (req->has_policy()) spec.set_policy(req->policy().SerializeAsString());
    std::string id = assess::RandomResourceId();
    if (!req->request_id().empty()) {
      // The id follows from the request id alone, so a retry finds the job the first call made.
      spec.set_request_digest(RequestDigest(*req));
      id = absl::StrCat("rescore-", Sha256Hex(req->request_id()).substr(0, 20));
      absl::StatusOr<v1::Job> first = d_.store->GetJob(caller.tenant, id);
      if (first.ok()) {
        jobs::RescoreSpec made;
        if (first->kind() != jobs::kRescoreJobKind || !made.ParseFromString(first->request()) ||
            made.request_digest() != spec.request_digest()) {
          return Status(grpc::StatusCode::FAILED_PRECONDITION,
                        absl::StrCat("request_id \"", req->request_id(),
                                     "\" was already used for a different request"));
        }
        return ToOperation(*first, d_.policy_version, resp);
      }
      if (!absl::IsNotFound(first.status())) return FromAbsl(first.status());
    }
    absl::StatusOr<v1::Job> job = d_.runner->StartJob(caller.tenant, spec, id);
    if (!job.ok()) return StoreError(job.status(), "operation", absl::StrCat("operations/", id));
    return ToOperation(*job, d_.policy_version, resp);
  });
}

Status OperationsServiceImpl::GetOperation(ServerContext* c,
                                           const google::longrunning::GetOperationRequest* req,
                                           google::longrunning::Operation* resp) {
  return Serve(d_.env, c, "Operations/GetOperation", [&](const Caller& caller) {
    v1::Job job;
    Status loaded = LoadRescore(d_.store, caller, req->name(), &job);
    if (!loaded.ok()) return loaded;
    return ToOperation(job, d_.policy_version, resp);
  });
}

Status OperationsServiceImpl::ListOperations(ServerContext* c,
                                             const google::longrunning::ListOperationsRequest* req,
                                             google::longrunning::ListOperationsResponse* resp) {
  return Serve(d_.env, c, "Operations/ListOperations", [&](const Caller& caller) {
    FieldViolations v;
    if (!req->name().empty() && req->name() != "operations") {
      v.Add("name", "must be \"operations\" or empty");
    }
    if (!req->filter().empty()) v.Add("filter", "filters are not supported; leave it empty");
    CheckPageSize("page_size", req->page_size(), &v);
    std::string key = QueryKey(caller, "ListOperations", {});
    absl::StatusOr<std::string> position = d_.page_tokens->Decode(key, req->page_token());
    if (!position.ok()) v.Add("page_token", position.status().message());
    if (!v.empty()) return v.ToStatus();
    auto page = d_.store->ListJobs(caller.tenant, {EffectivePageSize(req->page_size()), *position});
    if (!page.ok()) return FromAbsl(page.status());
    PageBudget budget(d_.max_message_bytes);
    std::string next;
    Status converted = Status::OK;
    Status filled = FillFromStorePage(
        *page, budget, "operation",
        [](const v1::Job& j) {
          return RepeatedFieldBytes(
              google::longrunning::ListOperationsResponse::kOperationsFieldNumber,
              j.ByteSizeLong() + 256);
        },
        [](const v1::Job& j) { return j.name(); },
        [&](v1::Job& j) {
          if (j.kind() != jobs::kRescoreJobKind || !converted.ok()) return;
          converted = ToOperation(j, d_.policy_version, resp->add_operations());
        },
        &next);
    if (!filled.ok()) return filled;
    if (!converted.ok()) return converted;
    if (!next.empty()) resp->set_next_page_token(d_.page_tokens->Encode(key, next));
    return Status::OK;
  });
}

Status OperationsServiceImpl::CancelOperation(
    ServerContext* c, const google::longrunning::CancelOperationRequest* req,
    google::protobuf::Empty* resp) {
  return Serve(d_.env, c, "Operations/CancelOperation", [&](const Caller& caller) {
    // The runner may write the job's progress meanwhile: retry on its etag.
    for (int attempt = 0; attempt < 20; ++attempt) {
      v1::Job job;
      Status loaded = LoadRescore(d_.store, caller, req->name(), &job);
      if (!loaded.ok()) return loaded;
      if (Ended(job)) return Status::OK;  // nothing left to cancel
      v1::Job cancelled = job;
      cancelled.set_state(v1::JOB_STATE_CANCELLED);
      store::MutationContext ctx;
      ctx.actor = Actor(caller);
      absl::StatusOr<v1::Job> written =
          d_.store->UpdateJob(caller.tenant, JobIdOf(job), cancelled, job.etag(), ctx);
      if (written.ok()) return Status::OK;
      if (!store::IsEtagMismatch(written.status())) {
        return StoreError(written.status(), "operation", req->name());
      }
    }
    return Status(grpc::StatusCode::ABORTED, "the operation kept changing; retry the cancel");
  });
}

Status OperationsServiceImpl::DeleteOperation(
    ServerContext* c, const google::longrunning::DeleteOperationRequest* req,
    google::protobuf::Empty* resp) {
  return Serve(d_.env, c, "Operations/DeleteOperation", [&](const Caller& caller) {
    return Status(grpc::StatusCode::UNIMPLEMENTED,
                  "operations are kept as the record of a rescoring and cannot be deleted");
  });
}

Status OperationsServiceImpl::WaitOperation(ServerContext* c,
                                            const google::longrunning::WaitOperationRequest* req,
                                            google::longrunning::Operation* resp) {
  return Serve(d_.env, c, "Operations/WaitOperation", [&](const Caller& caller) {
    FieldViolations v;
    absl::Duration wait = kMaxWait;
    if (req->has_timeout()) {
      wait = absl::Seconds(req->timeout().seconds()) + absl::Nanoseconds(req->timeout().nanos());
      if (wait < absl::ZeroDuration()) v.Add("timeout", "must not be negative");
      wait = std::min(wait, kMaxWait);
    }
    if (!v.empty()) return v.ToStatus();
    const absl::Time until = absl::Now() + wait;
    while (true) {
      v1::Job job;
      Status loaded = LoadRescore(d_.store, caller, req->name(), &job);
      if (!loaded.ok()) return loaded;
      if (Ended(job) || absl::Now() >= until || c->IsCancelled()) {
        return ToOperation(job, d_.policy_version, resp);
      }
      absl::SleepFor(std::min(kPollEvery, until - absl::Now()));
    }
  });
}

}  // namespace supplyrisk::api
