// AssessmentService: score now, latest, history, why a cell scored what it did, and the change
// stream.

#include <optional>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/catalog/cpsf_names.h"
#include "engine/common/resource_names.h"
#include "google/protobuf/util/time_util.h"
#include "service/api/actor.h"
#include "service/api/assessment_view.h"
#include "service/api/errors.h"
#include "service/api/services.h"
#include "service/api/store_error.h"
#include "service/api/supplier_access.h"
#include "service/api/validation.h"
#include "service/api/watch_hub.h"
#include "service/assess/error_subject.h"

namespace supplyrisk::api {
namespace {

// WatchAssessments streams one tenant may keep open (each holds a thread).
constexpr int kMaxStreamsPerTenant = 16;

// NOT_FOUND for an assessment under `supplier_id` that the store did not find: of the supplier when
// it does not exist (or the caller may not see it), so "no such supplier" is told apart from "the
// supplier has no such assessment (yet)"; other store errors as they are.
Status AssessmentLookupError(store::Store* store, const Caller& caller, const absl::Status& status,
                             absl::string_view supplier_id, absl::string_view assessment_name) {
  if (!absl::IsNotFound(status)) return StoreError(status, "assessment", assessment_name);
  const std::string supplier = names::Supplier(supplier_id);
  if (!SupplierVisible(caller, supplier_id)) return NotFound("supplier", supplier);
  absl::StatusOr<v1::Supplier> s = store->GetSupplier(caller.tenant, supplier_id);
  if (!s.ok()) return StoreError(s.status(), "supplier", supplier);
  return NotFound("assessment", assessment_name);
}

}  // namespace

void CheckAsOf(const ResourceDeps& d, bool has_as_of,
               const google::protobuf::Timestamp& as_of_field, std::optional<absl::Time>* as_of,
               FieldViolations* v) {
  if (!has_as_of) return;
  size_t before = v->size();
  CheckPastTimestamp("as_of", as_of_field, RequestTimeLimits(d), v);
  if (v->size() != before) return;
  *as_of = absl::FromUnixSeconds(as_of_field.seconds()) + absl::Nanoseconds(as_of_field.nanos());
}

Status RunAssessment(const assess::Assessor& assessor, const Caller& caller,
                     absl::string_view supplier_id, const v1::Engagement* engagement,
                     absl::string_view request_id, std::optional<absl::Time> as_of,
                     bool allow_no_response, v1::Assessment* out) {
  assess::AssessRequest request;
  request.tenant = caller.tenant;
  std::string actor = Actor(caller);
  request.actor = actor;
  request.supplier_id = supplier_id;
  request.engagement = engagement;
  request.request_id = request_id;
  request.as_of = as_of;
  request.allow_no_response = allow_no_response;
  absl::StatusOr<v1::Assessment> assessment = assessor.Assess(request);
  if (!assessment.ok()) return AssessError(assessment.status());
  *out = *std::move(assessment);
  return Status::OK;
}

Status AssessmentServiceImpl::AssessSupplier(ServerContext* c, const v1::AssessSupplierRequest* req,
                                             v1::Assessment* resp) {
  return Serve(d_.env, c, "AssessmentService/AssessSupplier", [&](const Caller& caller) {
    FieldViolations v;
    std::string supplier_id, engagement_id;
    ParseName("supplier", req->supplier(), "suppliers", &supplier_id, &v);
    if (!req->engagement().empty()) {
      ParseName("engagement", req->engagement(), "engagements", &engagement_id, &v);
    }
    CheckRequestId("request_id", req->request_id(), &v);
    std::optional<absl::Time> as_of;
    CheckAsOf(d_, req->has_as_of(), req->as_of(), &as_of, &v);
    AssessmentView view;
    CheckAssessmentView(req->view(), req->language(), &view, &v);
    if (!v.empty()) return v.ToStatus();
    std::optional<v1::Engagement> engagement;
    if (!engagement_id.empty()) {
      absl::StatusOr<v1::Engagement> e = d_.store->GetEngagement(caller.tenant, engagement_id);
      if (!e.ok()) return StoreError(e.status(), "engagement", req->engagement());
      if (e->supplier() != req->supplier()) {
        return InvalidField("engagement", "belongs to another supplier");
      }
      engagement = *std::move(e);
    }
    Status run =
        RunAssessment(*d_.assessor, caller, supplier_id, engagement ? &*engagement : nullptr,
                      req->request_id(), as_of, req->allow_no_response(), resp);
    if (!run.ok()) return run;
    return ApplyView(*d_.assessor, caller.tenant, view, resp);
  });
}

Status AssessmentServiceImpl::GetLatestAssessment(ServerContext* c,
                                                  const v1::GetLatestAssessmentRequest* req,
                                                  v1::Assessment* resp) {
  return Serve(d_.env, c, "AssessmentService/GetLatestAssessment", [&](const Caller& caller) {
    FieldViolations v;
    std::string supplier_id;
    ParseName("supplier", req->supplier(), "suppliers", &supplier_id, &v);
    AssessmentView view;
    CheckAssessmentView(req->view(), req->language(), &view, &v);
    if (!v.empty()) return v.ToStatus();
    // A supplier-role caller sees its own supplier's assessment only; others are NOT_FOUND.
    if (!SupplierVisible(caller, supplier_id)) return NotFound("supplier", req->supplier());
    absl::StatusOr<v1::Assessment> a = d_.store->GetLatestAssessment(caller.tenant, supplier_id);
    if (!a.ok()) {
      return AssessmentLookupError(d_.store, caller, a.status(), supplier_id,
                                   absl::StrCat(req->supplier(), "/assessments/-"));
    }
    *resp = *std::move(a);
    return ApplyView(*d_.assessor, caller.tenant, view, resp);
  });
}

Status AssessmentServiceImpl::ListAssessments(ServerContext* c,
                                              const v1::ListAssessmentsRequest* req,
                                              v1::ListAssessmentsResponse* resp) {
  return Serve(d_.env, c, "AssessmentService/ListAssessments", [&](const Caller& caller) {
    FieldViolations v;
    AssessmentView view;
    CheckAssessmentView(req->view(), req->language(), &view, &v);
    if (!v.empty()) return v.ToStatus();
    SupplierListStart list;
    Status started = StartSupplierList(d_.store, *d_.page_tokens, caller, "ListAssessments",
                                       req->parent(), req->page_size(), req->page_token(), &list);
    if (!started.ok()) return started;
    auto page =
        d_.store->ListAssessments(caller.tenant, list.supplier_id,
                                  {EffectivePageSize(req->page_size(), 20, 200), list.position});
    if (!page.ok()) return FromAbsl(page.status());
    // Rendered before the page is cut, so the budget counts the bytes actually sent.
    for (v1::Assessment& a : page->items) {
      // The confirmations kept beside each version: one short prefix scan each.
      absl::StatusOr<store::ConfirmationStats> stats = d_.store->GetConfirmationStats(
          caller.tenant, list.supplier_id, a.name().substr(a.name().rfind('/') + 1));
      if (!stats.ok()) return FromAbsl(stats.status());
      if (stats->count > 0) {
        a.set_confirmation_count(static_cast<int32_t>(stats->count));
        *a.mutable_last_confirm_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
            absl::ToUnixMicros(stats->last));
      }
      Status viewed = ApplyView(*d_.assessor, caller.tenant, view, &a);
      if (!viewed.ok()) return viewed;
    }
    PageBudget budget(d_.max_message_bytes);
    std::string next;
    Status filled = FillFromStorePage(
        *page, budget, "assessment",
        [](const v1::Assessment& a) {
          return RepeatedFieldBytes(v1::ListAssessmentsResponse::kAssessmentsFieldNumber,
                                    a.ByteSizeLong());
        },
        [](const v1::Assessment& a) { return a.name(); },
        [&](v1::Assessment& a) { *resp->add_assessments() = std::move(a); }, &next);
    if (!filled.ok()) return filled;
    if (!next.empty()) resp->set_next_page_token(d_.page_tokens->Encode(list.query_key, next));
    return Status::OK;
  });
}

Status AssessmentServiceImpl::ExplainCell(ServerContext* c, const v1::ExplainCellRequest* req,
                                          v1::Explanation* resp) {
  return Serve(d_.env, c, "AssessmentService/ExplainCell", [&](const Caller& caller) {
    FieldViolations v;
    std::string supplier_id, assessment_id;
    ParseChildName("assessment", req->assessment(), "assessments", &supplier_id, &assessment_id,
                   &v);
    if (req->layer() == v1::LAYER_UNSPECIFIED || !v1::Layer_IsValid(req->layer())) {
      v.Add("layer",
            "required: LAYER_1_ORGANIZATIONS, LAYER_2_PHYSICAL_CYBER or "
            "LAYER_3_CYBERSPACE");
    }
    if (req->component() == v1::COMPONENT_UNSPECIFIED || !v1::Component_IsValid(req->component())) {
      v.Add("component", "required: one of the six CPSF components");
    }
    if (!v.empty()) return v.ToStatus();
    absl::StatusOr<v1::Assessment> a =
        d_.store->GetAssessment(caller.tenant, supplier_id, assessment_id);
    if (!a.ok()) {
      return AssessmentLookupError(d_.store, caller, a.status(), supplier_id, req->assessment());
    }
    return ExplainAssessmentCell(*d_.replayer, caller, *a, req->layer(), req->component(), resp);
  });
}

Status AssessmentServiceImpl::ReplayAssessment(ServerContext* c,
                                               const v1::ReplayAssessmentRequest* req,
                                               v1::ReplayAssessmentResponse* resp) {
  return Serve(d_.env, c, "AssessmentService/ReplayAssessment", [&](const Caller& caller) {
    FieldViolations v;
    std::string supplier_id, assessment_id;
    ParseChildName("assessment", req->assessment(), "assessments", &supplier_id, &assessment_id,
                   &v);
    if (!v.empty()) return v.ToStatus();
    absl::StatusOr<assess::ReplayReport> report =
        d_.replayer->Replay(caller.tenant, supplier_id, assessment_id);
    std::optional<assess::ErrorSubject> subject = assess::SubjectOf(report.status());
    if (absl::IsNotFound(report.status()) && subject.has_value() &&
        subject->resource_type == "assessment") {
      return AssessmentLookupError(d_.store, caller, report.status(), supplier_id,
                                   req->assessment());
    }
    if (!report.ok()) return AssessError(report.status());
    resp->set_assessment(req->assessment());
    resp->set_identical(report->identical);
    resp->set_first_difference(report->first_difference);
    resp->set_stored_value(report->stored_value);
    resp->set_replayed_value(report->replayed_value);
    for (v1::InputChange& change : report->changed_inputs) {
      *resp->add_changed_inputs() = std::move(change);
    }
    resp->set_model_version(report->model_version);
    return Status::OK;
  });
}

Status AssessmentServiceImpl::WatchAssessments(ServerContext* c,
                                               const v1::WatchAssessmentsRequest* req,
                                               grpc::ServerWriter<v1::AssessmentEvent>* writer) {
  return Serve(d_.env, c, "AssessmentService/WatchAssessments", [&](const Caller& caller) {
    FieldViolations v;
    std::string only_supplier;
    if (!req->supplier().empty()) {
      ParseName("supplier", req->supplier(), "suppliers", &only_supplier, &v);
    }
    if (!v.empty()) return v.ToStatus();
    // A watch for a supplier that does not exist (or the caller may not see) is refused at once
    // rather than left open and silent.
    if (!only_supplier.empty()) {
      if (!SupplierVisible(caller, only_supplier)) return NotFound("supplier", req->supplier());
      absl::StatusOr<v1::Supplier> s = d_.store->GetSupplier(caller.tenant, only_supplier);
      if (!s.ok()) return StoreError(s.status(), "supplier", req->supplier());
    }
    if (!d_.watch->Enter(caller.tenant, kMaxStreamsPerTenant)) {
      return Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                    absl::StrCat("at most ", kMaxStreamsPerTenant,
                                 " open WatchAssessments streams per "
                                 "tenant; close one first"));
    }
    struct Leave {
      WatchHub* hub;
      const std::string& tenant;
      ~Leave() { hub->Leave(tenant); }
    } leave{d_.watch, caller.tenant};
    uint64_t after = req->after_sequence();
    while (!c->IsCancelled() && !d_.watch->shutting_down()) {
      uint64_t version = d_.watch->Version(caller.tenant);
      auto entries = d_.store->ListAudit(caller.tenant, after, 500);
      if (!entries.ok()) return FromAbsl(entries.status());
      for (const v1::AuditEntry& e : *entries) {
        after = e.sequence();
        if (e.action() != "create") continue;
        std::string supplier_id, assessment_id;
        if (!names::ParseSupplierChild(names::kAssessments, e.resource(), &supplier_id,
                                       &assessment_id))
          continue;
        if (!only_supplier.empty() && supplier_id != only_supplier) continue;
        absl::StatusOr<v1::Assessment> a =
            d_.store->GetAssessment(caller.tenant, supplier_id, assessment_id);
        if (!a.ok()) continue;  // removed since (supplier deleted)
        v1::AssessmentEvent event;
        event.set_sequence(e.sequence());
        bool decided = a->decision().outcome() != v1::DECISION_OUTCOME_UNSPECIFIED;
        event.set_kind(decided ? v1::ASSESSMENT_EVENT_KIND_DECIDED
                               : v1::ASSESSMENT_EVENT_KIND_ASSESSED);
        event.set_supplier(names::Supplier(supplier_id));
        event.set_assessment(e.resource());
        event.set_grade(a->grade());
        event.set_overall_score(a->overall_score());
        if (decided) *event.mutable_decision() = a->decision();
        *event.mutable_time() = e.time();
        if (!writer->Write(event)) return Status::OK;  // the client went away
      }
      if (entries->size() == 500) continue;
      d_.watch->Wait(caller.tenant, version, absl::Seconds(1));
    }
    return Status::OK;
  });
}

Status ExplainAssessmentCell(const assess::Replayer& replayer, const Caller& caller,
                             const v1::Assessment& a, v1::Layer layer, v1::Component component,
                             v1::Explanation* out) {
  const std::string target = catalog::CellTarget(layer, component);
  for (const v1::Explanation& e : a.explanations()) {
    if (e.target() == target) {
      *out = e;
      return Status::OK;
    }
  }
  const v1::CellScore* cell = nullptr;
  for (const v1::CellScore& c : a.cells()) {
    if (c.layer() == layer && c.component() == component) cell = &c;
  }
  if (cell == nullptr) return NotFound("cell", absl::StrCat(a.name(), "#", target));
  std::string supplier_id, assessment_id;
  names::ParseSupplierChild(names::kAssessments, a.name(), &supplier_id, &assessment_id);
  absl::StatusOr<v1::Explanation> x =
      replayer.Explain(caller.tenant, supplier_id, assessment_id, target);
  if (!x.ok()) return AssessError(x.status());
  // Same inputs and model give the same score; anything else must not pass for this cell's story.
  if (x->score() != cell->score()) {
    return FailedPrecondition(
        "INPUT_CHANGED", a.name(),
        absl::StrCat("scoring ", a.name(), "'s inputs again gives ", target, " ", x->score(),
                     ", not the stored ", cell->score(), "; it cannot be explained"));
  }
  *out = *std::move(x);
  return Status::OK;
}

}  // namespace supplyrisk::api
