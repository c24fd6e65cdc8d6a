// ResponseService: a supplier's answers to a template revision.

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "service/api/actor.h"
#include "service/api/errors.h"
#include "service/api/services.h"
#include "service/api/store_error.h"
#include "service/api/supplier_access.h"
#include "service/api/validation.h"

namespace supplyrisk::api {
namespace {

google::protobuf::Timestamp Now(const ResponseServiceDeps& d) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(d.clock()));
}

// Reads a response the caller may see; NOT_FOUND for a supplier-role caller's other suppliers.
Status LoadResponse(store::Store* store, const Caller& caller, absl::string_view name,
                    std::string* supplier_id, std::string* response_id, v1::Response* out) {
  FieldViolations v;
  ParseChildName("name", name, "responses", supplier_id, response_id, &v);
  if (!v.empty()) return v.ToStatus();
  if (!SupplierVisible(caller, *supplier_id)) return NotFound("response", name);
  absl::StatusOr<v1::Response> r = store->GetResponse(caller.tenant, *supplier_id, *response_id);
  if (!r.ok()) return StoreError(r.status(), "response", name);
  *out = *std::move(r);
  return Status::OK;
}

// Stores `response` over the version it was read at (its etag), so a write in between is ABORTED
// rather than lost.
Status WriteResponse(store::Store* store, const Caller& caller, absl::string_view name,
                     absl::string_view supplier_id, absl::string_view response_id,
                     const v1::Response& response, v1::Response* out) {
  absl::StatusOr<v1::Response> written = store->UpdateResponse(
      caller.tenant, supplier_id, response_id, response, response.etag(), {Actor(caller), "", ""});
  if (!written.ok()) return StoreError(written.status(), "response", name);
  *out = *std::move(written);
  return Status::OK;
}

}  // namespace

Status ResponseServiceImpl::CreateResponse(ServerContext* c, const v1::CreateResponseRequest* req,
                                           v1::Response* resp) {
  return Serve(d_.env, c, "ResponseService/CreateResponse", [&](const Caller& caller) {
    FieldViolations v;
    std::string supplier_id;
    ParseName("parent", req->parent(), "suppliers", &supplier_id, &v);
    CheckResourceId("template_id", req->template_id(), /*optional=*/false, &v);
    if (req->template_revision() < 0) v.Add("template_revision", "must not be negative");
    CheckRequestId("request_id", req->request_id(), &v);
    if (!v.empty()) return v.ToStatus();
    if (!SupplierVisible(caller, supplier_id)) return NotFound("supplier", req->parent());
    absl::StatusOr<v1::Supplier> supplier = d_.store->GetSupplier(caller.tenant, supplier_id);
    if (!supplier.ok()) {
      return StoreError(supplier.status(), "supplier", req->parent());
    }
    absl::StatusOr<assess::TemplateRef> found =
        d_.templates->Find(caller.tenant, req->template_id(), req->template_revision());
    if (!found.ok()) {
      if (found.status().code() == absl::StatusCode::kNotFound) {
        return InvalidField(req->template_revision() == 0 ? "template_id" : "template_revision",
                            "no such template revision");
      }
      return AssessError(found.status());
    }
    const v1::Template& tmpl = **found;
    if (tmpl.state() != v1::TEMPLATE_STATE_PUBLISHED) {
      return InvalidField("template_revision", "the revision is a draft; publish it first");
    }
    if (tmpl.kind() == v1::TEMPLATE_KIND_READINESS_PROFILE) {
      return InvalidField("template_id", "is a readiness profile, not a questionnaire");
    }
    v1::Response response;
    response.set_template_id(tmpl.id());
    response.set_template_revision(tmpl.revision());
    response.set_state(v1::RESPONSE_STATE_IN_PROGRESS);
    absl::StatusOr<v1::Response> created =
        d_.store->CreateResponse(caller.tenant, supplier_id, GeneratedId(*req, req->request_id()),
                                 response, CreateContext(caller, *req, req->request_id()));
    if (!created.ok()) return StoreError(created.status(), "supplier", req->parent());
    *resp = *std::move(created);
    return Status::OK;
  });
}

Status ResponseServiceImpl::GetResponse(ServerContext* c, const v1::GetResponseRequest* req,
                                        v1::Response* resp) {
  return Serve(d_.env, c, "ResponseService/GetResponse", [&](const Caller& caller) {
    std::string supplier_id, response_id;
    return LoadResponse(d_.store, caller, req->name(), &supplier_id, &response_id, resp);
  });
}

Status ResponseServiceImpl::ListResponses(ServerContext* c, const v1::ListResponsesRequest* req,
                                          v1::ListResponsesResponse* resp) {
  return Serve(d_.env, c, "ResponseService/ListResponses", [&](const Caller& caller) {
    SupplierListStart list;
    Status started = StartSupplierList(d_.store, *d_.page_tokens, caller, "ListResponses",
                                       req->parent(), req->page_size(), req->page_token(), &list);
    if (!started.ok()) return started;
    auto page = d_.store->ListResponses(caller.tenant, list.supplier_id,
                                        {EffectivePageSize(req->page_size()), list.position});
    if (!page.ok()) return FromAbsl(page.status());
    PageBudget budget(d_.max_message_bytes);
    std::string next;
    Status filled = FillFromStorePage(
        *page, budget, "response",
        [](const v1::Response& r) {
          return RepeatedFieldBytes(v1::ListResponsesResponse::kResponsesFieldNumber,
                                    r.ByteSizeLong());
        },
        [](const v1::Response& r) { return r.name(); },
        [&](v1::Response& r) { *resp->add_responses() = std::move(r); }, &next);
    if (!filled.ok()) return filled;
    if (!next.empty()) resp->set_next_page_token(d_.page_tokens->Encode(list.query_key, next));
    return Status::OK;
  });
}

Status ResponseServiceImpl::SaveAnswers(ServerContext* c, const v1::SaveAnswersRequest* req,
                                        v1::Response* resp) {
  return Serve(d_.env, c, "ResponseService/SaveAnswers", [&](const Caller& caller) {
    FieldViolations v;
    std::string supplier_id, response_id;
    ParseChildName("name", req->name(), "responses", &supplier_id, &response_id, &v);
    if (req->answers().empty()) v.Add("answers", "required: at least one answer");
    if (!v.empty()) return v.ToStatus();
    v1::Response stored;
    Status loaded =
        LoadResponse(d_.store, caller, req->name(), &supplier_id, &response_id, &stored);
    if (!loaded.ok()) return loaded;
    if (!req->etag().empty() && req->etag() != stored.etag()) return EtagMismatch(req->name());
    absl::StatusOr<assess::TemplateRef> found =
        d_.templates->Find(caller.tenant, stored.template_id(), stored.template_revision());
    if (!found.ok()) return AssessError(found.status());
    ValidateAnswers("answers", req->answers(), **found, RequestTimeLimits(d_), &v);
    if (!v.empty()) return v.ToStatus();
    if (stored.state() != v1::RESPONSE_STATE_IN_PROGRESS) {
      return FailedPrecondition("RESPONSE_STATE", req->name(),
                                "the response is submitted; answers can no longer change");
    }
    // Answers replace earlier answers to the same question; order follows first appearance.
    absl::flat_hash_map<std::string, int> index;
    for (int i = 0; i < stored.answers_size(); ++i) index[stored.answers(i).question_id()] = i;
    google::protobuf::Timestamp now = Now(d_);
    for (const v1::Answer& a : req->answers()) {
      v1::Answer answer = a;
      if (!answer.has_answered_at()) *answer.mutable_answered_at() = now;
      auto it = index.find(a.question_id());
      if (it == index.end()) {
        index[a.question_id()] = stored.answers_size();
        *stored.add_answers() = std::move(answer);
      } else {
        *stored.mutable_answers(it->second) = std::move(answer);
      }
    }
    return WriteResponse(d_.store, caller, req->name(), supplier_id, response_id, stored, resp);
  });
}

Status ResponseServiceImpl::SubmitResponse(ServerContext* c, const v1::SubmitResponseRequest* req,
                                           v1::Response* resp) {
  return Serve(d_.env, c, "ResponseService/SubmitResponse", [&](const Caller& caller) {
    std::string supplier_id, response_id;
    v1::Response stored;
    Status loaded =
        LoadResponse(d_.store, caller, req->name(), &supplier_id, &response_id, &stored);
    if (!loaded.ok()) return loaded;
    if (!req->etag().empty() && req->etag() != stored.etag()) return EtagMismatch(req->name());
    if (stored.state() != v1::RESPONSE_STATE_IN_PROGRESS) {
      return FailedPrecondition("RESPONSE_STATE", req->name(), "already submitted");
    }
    if (stored.answers().empty()) {
      return FailedPrecondition("RESPONSE_ANSWERS", req->name(),
                                "nothing answered yet; save answers before submitting");
    }
    stored.set_state(v1::RESPONSE_STATE_SUBMITTED);
    *stored.mutable_submitted_at() = Now(d_);
    return WriteResponse(d_.store, caller, req->name(), supplier_id, response_id, stored, resp);
  });
}

Status ResponseServiceImpl::DeleteResponse(ServerContext* c, const v1::DeleteResponseRequest* req,
                                           google::protobuf::Empty* resp) {
  return Serve(d_.env, c, "ResponseService/DeleteResponse", [&](const Caller& caller) {
    std::string supplier_id, response_id;
    v1::Response stored;
    Status loaded =
        LoadResponse(d_.store, caller, req->name(), &supplier_id, &response_id, &stored);
    if (!loaded.ok()) return loaded;
    absl::Status deleted = d_.store->DeleteResponse(caller.tenant, supplier_id, response_id,
                                                    req->etag(), {Actor(caller), "", ""});
    // Submitted, here or by a call that landed first.
    if (absl::IsFailedPrecondition(deleted)) {
      return FailedPrecondition("RESPONSE_STATE", req->name(), deleted.message());
    }
    if (!deleted.ok()) return StoreError(deleted, "response", req->name());
    return Status::OK;
  });
}

}  // namespace supplyrisk::api
