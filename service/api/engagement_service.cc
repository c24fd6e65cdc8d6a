// EngagementService: what the buyer entrusts, and the pre-contract decision.

#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "google/protobuf/util/field_mask_util.h"
#include "service/api/actor.h"
#include "service/api/assessment_view.h"
#include "service/api/errors.h"
#include "service/api/services.h"
#include "service/api/store_error.h"
#include "service/api/supplier_access.h"
#include "service/api/validation.h"

namespace supplyrisk::api {
namespace {

// The engagement's supplier must exist in the tenant (and be visible): a reference to nothing is a
// bad field, reported like any other. Precondition: `supplier` was validated as "suppliers/{id}".
void CheckSupplierExists(store::Store* store, const Caller& caller, absl::string_view field,
                         absl::string_view supplier, FieldViolations* v) {
  std::string id = names::ParseSupplier(supplier).value_or("");
  if (!store->GetSupplier(caller.tenant, id).ok()) {
    v->Add(field, absl::StrCat("no supplier \"", supplier, "\""));
  }
}

// Paths of Engagement an update may name; the supplier is not one of them.
const absl::flat_hash_set<std::string>& UpdatablePaths() {
  static const auto* paths = new absl::flat_hash_set<std::string>{
      "title", "data_classes", "access", "criticality", "outage_unacceptable", "physical_or_ot"};
  return *paths;
}

}  // namespace

Status EngagementServiceImpl::UpdateEngagement(ServerContext* c,
                                               const v1::UpdateEngagementRequest* req,
                                               v1::Engagement* resp) {
  return Serve(d_.env, c, "EngagementService/UpdateEngagement", [&](const Caller& caller) {
    FieldViolations v;
    std::string id;
    if (!req->has_engagement()) v.Add("engagement", "required");
    ParseName("engagement.name", req->engagement().name(), "engagements", &id, &v);
    static const auto* fixed = new absl::flat_hash_map<std::string, std::string>{
        {"supplier",
         "the supplier is fixed: create an engagement with the other supplier instead"}};
    CheckUpdateMask(req->update_mask(), UpdatablePaths(), *fixed, &v);
    if (!v.empty()) return v.ToStatus();
    absl::StatusOr<v1::Engagement> stored = d_.store->GetEngagement(caller.tenant, id);
    if (!stored.ok()) return StoreError(stored.status(), "engagement", req->engagement().name());
    if (!req->engagement().etag().empty() && req->engagement().etag() != stored->etag()) {
      return EtagMismatch(req->engagement().name());
    }
    v1::Engagement updated = *stored;
    google::protobuf::util::FieldMaskUtil::MergeOptions options;
    options.set_replace_repeated_fields(true);
    google::protobuf::util::FieldMaskUtil::MergeMessageTo(req->engagement(), req->update_mask(),
                                                          options, &updated);
    ValidateEngagement("engagement", updated, &v);
    if (!v.empty()) return v.ToStatus();
    // Written over the version read, so a change in between is ABORTED rather than lost.
    absl::StatusOr<v1::Engagement> written = d_.store->UpdateEngagement(
        caller.tenant, id, updated, stored->etag(), {Actor(caller), "", ""});
    if (!written.ok()) {
      return StoreError(written.status(), "engagement", req->engagement().name());
    }
    *resp = *std::move(written);
    return Status::OK;
  });
}

Status EngagementServiceImpl::DeleteEngagement(ServerContext* c,
                                               const v1::DeleteEngagementRequest* req,
                                               google::protobuf::Empty* resp) {
  return Serve(d_.env, c, "EngagementService/DeleteEngagement", [&](const Caller& caller) {
    FieldViolations v;
    std::string id;
    ParseName("name", req->name(), "engagements", &id, &v);
    if (!v.empty()) return v.ToStatus();
    absl::Status deleted =
        d_.store->DeleteEngagement(caller.tenant, id, req->etag(), {Actor(caller), "", ""});
    if (!deleted.ok()) return StoreError(deleted, "engagement", req->name());
    return Status::OK;
  });
}

Status EngagementServiceImpl::CreateEngagement(ServerContext* c,
                                               const v1::CreateEngagementRequest* req,
                                               v1::Engagement* resp) {
  return Serve(d_.env, c, "EngagementService/CreateEngagement", [&](const Caller& caller) {
    FieldViolations v;
    if (!req->has_engagement()) v.Add("engagement", "required");
    ValidateEngagement("engagement", req->engagement(), &v);
    CheckResourceId("engagement_id", req->engagement_id(), true, &v);
    CheckRequestId("request_id", req->request_id(), &v);
    if (v.empty()) {
      CheckSupplierExists(d_.store, caller, "engagement.supplier", req->engagement().supplier(),
                          &v);
    }
    if (!v.empty()) return v.ToStatus();
    v1::Engagement engagement = req->engagement();
    engagement.clear_name();
    engagement.clear_etag();
    std::string id =
        req->engagement_id().empty() ? GeneratedId(*req, req->request_id()) : req->engagement_id();
    absl::StatusOr<v1::Engagement> created = d_.store->CreateEngagement(
        caller.tenant, id, engagement, CreateContext(caller, *req, req->request_id()));
    if (!created.ok()) {
      return StoreError(created.status(), "engagement", names::Engagement(id));
    }
    *resp = *std::move(created);
    return Status::OK;
  });
}

Status EngagementServiceImpl::GetEngagement(ServerContext* c, const v1::GetEngagementRequest* req,
                                            v1::Engagement* resp) {
  return Serve(d_.env, c, "EngagementService/GetEngagement", [&](const Caller& caller) {
    FieldViolations v;
    std::string id;
    ParseName("name", req->name(), "engagements", &id, &v);
    if (!v.empty()) return v.ToStatus();
    absl::StatusOr<v1::Engagement> e = d_.store->GetEngagement(caller.tenant, id);
    if (!e.ok()) return StoreError(e.status(), "engagement", req->name());
    *resp = *std::move(e);
    return Status::OK;
  });
}

Status EngagementServiceImpl::ListEngagements(ServerContext* c,
                                              const v1::ListEngagementsRequest* req,
                                              v1::ListEngagementsResponse* resp) {
  return Serve(d_.env, c, "EngagementService/ListEngagements", [&](const Caller& caller) {
    FieldViolations v;
    CheckPageSize("page_size", req->page_size(), &v);
    std::string key = QueryKey(caller, "ListEngagements", {});
    absl::StatusOr<std::string> position = d_.page_tokens->Decode(key, req->page_token());
    if (!position.ok()) v.Add("page_token", position.status().message());
    if (!v.empty()) return v.ToStatus();
    auto page = d_.store->ListEngagements(caller.tenant, "",
                                          {EffectivePageSize(req->page_size()), *position});
    if (!page.ok()) return FromAbsl(page.status());
    PageBudget budget(d_.max_message_bytes);
    std::string next;
    Status filled = FillFromStorePage(
        *page, budget, "engagement",
        [](const v1::Engagement& e) {
          return RepeatedFieldBytes(v1::ListEngagementsResponse::kEngagementsFieldNumber,
                                    e.ByteSizeLong());
        },
        [](const v1::Engagement& e) { return e.name(); },
        [&](v1::Engagement& e) { *resp->add_engagements() = std::move(e); }, &next);
    if (!filled.ok()) return filled;
    if (!next.empty()) resp->set_next_page_token(d_.page_tokens->Encode(key, next));
    return Status::OK;
  });
}

Status EngagementServiceImpl::EvaluateEngagement(ServerContext* c,
                                                 const v1::EvaluateEngagementRequest* req,
                                                 v1::EvaluateEngagementResponse* resp) {
  return Serve(d_.env, c, "EngagementService/EvaluateEngagement", [&](const Caller& caller) {
    FieldViolations v;
    std::optional<v1::Engagement> engagement;
    switch (req->target_case()) {
      case v1::EvaluateEngagementRequest::kName: {
        std::string id;
        if (!ParseName("name", req->name(), "engagements", &id, &v)) break;
        absl::StatusOr<v1::Engagement> e = d_.store->GetEngagement(caller.tenant, id);
        if (!e.ok()) return StoreError(e.status(), "engagement", req->name());
        engagement = *std::move(e);
        break;
      }
      case v1::EvaluateEngagementRequest::kEngagement:
        ValidateEngagement("engagement", req->engagement(), &v);
        if (v.empty()) {
          CheckSupplierExists(d_.store, caller, "engagement.supplier", req->engagement().supplier(),
                              &v);
        }
        engagement = req->engagement();
        // An inline engagement is not stored: it has no name, and must not borrow one for the
        // assessment it produces.
        engagement->clear_name();
        engagement->clear_etag();
        engagement->clear_digest();
        break;
      case v1::EvaluateEngagementRequest::TARGET_NOT_SET:
        v.Add("target",
              "required: set name (a stored engagement) or engagement "
              "(inline)");
        break;
    }
    std::optional<absl::Time> as_of;
    CheckAsOf(d_, req->has_as_of(), req->as_of(), &as_of, &v);
    CheckRequestId("request_id", req->request_id(), &v);
    AssessmentView view;
    CheckAssessmentView(req->view(), req->language(), &view, &v);
    if (!v.empty()) return v.ToStatus();
    std::string supplier_id = names::ParseSupplier(engagement->supplier()).value_or("");
    v1::Assessment assessment;
    // With a request_id, a retry gets the assessment the first call stored or confirmed (the
    // decision is part of it, the confirmation names its time), found before anything is scored,
    // so it answers with the same bytes and stores nothing new.
    Status assessed =
        RunAssessment(*d_.assessor, caller, supplier_id, &*engagement, req->request_id(), as_of,
                      req->allow_no_response(), &assessment);
    if (!assessed.ok()) return assessed;
    *resp->mutable_decision() = assessment.decision();
    Status viewed =
        ApplyView(*d_.assessor, caller.tenant, view, assessment, resp->mutable_decision());
    if (!viewed.ok()) return viewed;
    resp->set_assessment(assessment.name());
    resp->set_grade(assessment.grade());
    resp->set_overall_score(assessment.overall_score());
    resp->set_confidence(assessment.confidence());
    *resp->mutable_stars() = assessment.stars();
    *resp->mutable_as_of() = assessment.as_of();
    resp->set_model_version(assessment.model_version());
    resp->set_input_digest(assessment.input_digest());
    if (assessment.has_confirm_time()) *resp->mutable_confirm_time() = assessment.confirm_time();
    return Status::OK;
  });
}

}  // namespace supplyrisk::api
