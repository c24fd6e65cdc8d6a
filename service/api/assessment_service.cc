// AssessmentService: score now, latest, history, why a cell scored what it did,
// and the change stream.

#include <optional>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/time_util.h"
#include "service/api/errors.h"
#include "service/api/services.h"
#include "service/api/validation.h"
#include "service/api/watch_hub.h"

namespace supplyrisk::api {
namespace {

constexpr absl::string_view kDefaultQuestionnaire = "cpsf-supplier";
// WatchAssessments streams one tenant may keep open (each holds a thread).
constexpr int kMaxStreamsPerTenant = 16;

std::string CellTarget(v1::Layer layer, v1::Component component) {
  std::string c =
      v1::Component_Name(component).substr(sizeof("COMPONENT_") - 1);
  return absl::StrCat("cell:L", static_cast<int>(layer), "/", c);
}

}  // namespace

Status RunAssessment(const Backend& b, const Caller& caller,
                     absl::string_view supplier_id,
                     const v1::Engagement* engagement,
                     absl::string_view request_id, v1::Assessment* out) {
  std::string supplier_name = absl::StrCat("suppliers/", supplier_id);
  absl::StatusOr<v1::Supplier> supplier =
      b.store->GetSupplier(caller.tenant, supplier_id);
  if (!supplier.ok())
    return StoreError(supplier.status(), "supplier", supplier_name);
  auto snapshot = b.store->GetSnapshot();
  // The latest submitted response.
  std::optional<v1::Response> response;
  std::string token;
  do {
    auto page = b.store->ListResponses(caller.tenant, supplier_id,
                                       {1000, token}, snapshot.get());
    if (!page.ok()) return FromAbsl(page.status());
    for (v1::Response& r : page->items) {
      if (r.state() != v1::RESPONSE_STATE_SUBMITTED) continue;
      if (!response.has_value() ||
          r.submitted_at().seconds() > response->submitted_at().seconds() ||
          (r.submitted_at().seconds() == response->submitted_at().seconds() &&
           r.submitted_at().nanos() > response->submitted_at().nanos())) {
        response = std::move(r);
      }
    }
    token = page->next_page_token;
  } while (!token.empty());
  v1::Template questionnaire;
  Status found =
      response.has_value()
          ? b.FindTemplate(caller.tenant, response->template_id(),
                           response->template_revision(), &questionnaire)
          : b.FindTemplate(caller.tenant, kDefaultQuestionnaire, 0,
                           &questionnaire);
  if (!found.ok()) return found;
  std::vector<v1::Signal> signals;
  do {
    auto page = b.store->ListSignals(caller.tenant, supplier_id, {},
                                     {1000, token}, snapshot.get());
    if (!page.ok()) return FromAbsl(page.status());
    for (v1::Signal& s : page->items) signals.push_back(std::move(s));
    token = page->next_page_token;
  } while (!token.empty());

  if (!response.has_value()) {
    // Nothing submitted yet: score an empty response, so every question counts
    // as unanswered (unknown is never counted as compliant).
    response.emplace();
    response->set_template_id(questionnaire.id());
    response->set_template_revision(questionnaire.revision());
    response->set_state(v1::RESPONSE_STATE_SUBMITTED);
  }
  ScoringRequest request;
  request.supplier = &*supplier;
  request.response = &*response;
  request.questionnaire = &questionnaire;
  for (const std::string& id : b.readiness_profile_ids) {
    const v1::Template* profile = b.builtin_templates->LatestPublished(id);
    if (profile != nullptr) request.readiness_profiles.push_back(profile);
  }
  request.signals = std::move(signals);
  request.engagement = engagement;
  request.policy = b.policy;
  request.as_of = b.clock();
  absl::StatusOr<v1::Assessment> assessment = b.scorer(request);
  if (!assessment.ok()) return FromAbsl(assessment.status());
  assessment->set_supplier(supplier_name);
  if (engagement != nullptr)
    assessment->mutable_decision()->set_engagement(engagement->name());
  std::string id = request_id.empty()
                       ? NewId()
                       : Sha256Hex(absl::StrCat(caller.tenant, "/", supplier_id,
                                                "/", request_id))
                             .substr(0, 20);
  std::string digest =
      request_id.empty()
          ? ""
          : Sha256Hex(absl::StrCat(
                supplier_id, "/",
                engagement ? engagement->SerializeAsString() : ""));
  absl::StatusOr<v1::Assessment> stored = b.store->CreateAssessment(
      caller.tenant, supplier_id, id, *assessment,
      {Actor(caller), std::string(request_id), digest});
  if (!stored.ok())
    return StoreError(stored.status(), "supplier", supplier_name);
  *out = *std::move(stored);
  return Status::OK;
}

Status AssessmentServiceImpl::AssessSupplier(
    ServerContext* c, const v1::AssessSupplierRequest* req,
    v1::Assessment* resp) {
  return Serve(
      b_->env, c, "AssessmentService/AssessSupplier",
      [&](const Caller& caller) {
        FieldViolations v;
        std::string supplier_id, engagement_id;
        ParseName("supplier", req->supplier(), "suppliers", &supplier_id, &v);
        if (!req->engagement().empty()) {
          ParseName("engagement", req->engagement(), "engagements",
                    &engagement_id, &v);
        }
        CheckRequestId("request_id", req->request_id(), &v);
        if (!v.empty()) return v.ToStatus();
        std::optional<v1::Engagement> engagement;
        if (!engagement_id.empty()) {
          absl::StatusOr<v1::Engagement> e =
              b_->store->GetEngagement(caller.tenant, engagement_id);
          if (!e.ok())
            return StoreError(e.status(), "engagement", req->engagement());
          if (e->supplier() != req->supplier()) {
            return InvalidField("engagement", "belongs to another supplier");
          }
          engagement = *std::move(e);
        }
        return RunAssessment(*b_, caller, supplier_id,
                             engagement ? &*engagement : nullptr,
                             req->request_id(), resp);
      });
}

Status AssessmentServiceImpl::GetLatestAssessment(
    ServerContext* c, const v1::GetLatestAssessmentRequest* req,
    v1::Assessment* resp) {
  return Serve(
      b_->env, c, "AssessmentService/GetLatestAssessment",
      [&](const Caller& caller) {
        FieldViolations v;
        std::string supplier_id;
        ParseName("supplier", req->supplier(), "suppliers", &supplier_id, &v);
        if (!v.empty()) return v.ToStatus();
        absl::StatusOr<v1::Assessment> a =
            b_->store->GetLatestAssessment(caller.tenant, supplier_id);
        if (!a.ok()) {
          return StoreError(a.status(), "assessment",
                            absl::StrCat(req->supplier(), "/assessments/-"));
        }
        *resp = *std::move(a);
        return Status::OK;
      });
}

Status AssessmentServiceImpl::ListAssessments(
    ServerContext* c, const v1::ListAssessmentsRequest* req,
    v1::ListAssessmentsResponse* resp) {
  return Serve(
      b_->env, c, "AssessmentService/ListAssessments",
      [&](const Caller& caller) {
        SupplierListStart list;
        Status started =
            StartSupplierList(*b_, caller, "ListAssessments", req->parent(),
                              req->page_size(), req->page_token(), &list);
        if (!started.ok()) return started;
        auto page = b_->store->ListAssessments(
            caller.tenant, list.supplier_id,
            {EffectivePageSize(req->page_size(), 20, 200), list.position});
        if (!page.ok()) return FromAbsl(page.status());
        for (v1::Assessment& a : page->items)
          *resp->add_assessments() = std::move(a);
        if (!page->next_page_token.empty()) {
          resp->set_next_page_token(
              b_->page_tokens->Encode(list.query_key, page->next_page_token));
        }
        return Status::OK;
      });
}

Status AssessmentServiceImpl::ExplainCell(ServerContext* c,
                                          const v1::ExplainCellRequest* req,
                                          v1::Explanation* resp) {
  return Serve(
      b_->env, c, "AssessmentService/ExplainCell", [&](const Caller& caller) {
        FieldViolations v;
        std::string supplier_id, assessment_id;
        ParseChildName("assessment", req->assessment(), "assessments",
                       &supplier_id, &assessment_id, &v);
        if (req->layer() == v1::LAYER_UNSPECIFIED ||
            !v1::Layer_IsValid(req->layer())) {
          v.Add("layer",
                "required: LAYER_1_ORGANIZATIONS, LAYER_2_PHYSICAL_CYBER or "
                "LAYER_3_CYBERSPACE");
        }
        if (req->component() == v1::COMPONENT_UNSPECIFIED ||
            !v1::Component_IsValid(req->component())) {
          v.Add("component", "required: one of the six CPSF components");
        }
        if (!v.empty()) return v.ToStatus();
        absl::StatusOr<v1::Assessment> a =
            b_->store->GetAssessment(caller.tenant, supplier_id, assessment_id);
        if (!a.ok())
          return StoreError(a.status(), "assessment", req->assessment());
        return ExplainAssessmentCell(*a, req->layer(), req->component(), resp);
      });
}

Status AssessmentServiceImpl::WatchAssessments(
    ServerContext* c, const v1::WatchAssessmentsRequest* req,
    grpc::ServerWriter<v1::AssessmentEvent>* writer) {
  return Serve(
      b_->env, c, "AssessmentService/WatchAssessments",
      [&](const Caller& caller) {
        FieldViolations v;
        std::string only_supplier;
        if (!req->supplier().empty()) {
          ParseName("supplier", req->supplier(), "suppliers", &only_supplier,
                    &v);
        }
        if (!v.empty()) return v.ToStatus();
        if (!b_->watch->Enter(caller.tenant, kMaxStreamsPerTenant)) {
          return Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat("at most ", kMaxStreamsPerTenant,
                                     " open WatchAssessments streams per "
                                     "tenant; close one first"));
        }
        struct Leave {
          WatchHub* hub;
          const std::string& tenant;
          ~Leave() { hub->Leave(tenant); }
        } leave{b_->watch, caller.tenant};
        uint64_t after = req->after_sequence();
        while (!c->IsCancelled() && !b_->watch->shutting_down()) {
          uint64_t version = b_->watch->Version(caller.tenant);
          auto entries = b_->store->ListAudit(caller.tenant, after, 500);
          if (!entries.ok()) return FromAbsl(entries.status());
          for (const v1::AuditEntry& e : *entries) {
            after = e.sequence();
            if (e.action() != "create") continue;
            std::vector<std::string> parts = absl::StrSplit(e.resource(), '/');
            if (parts.size() != 4 || parts[0] != "suppliers" ||
                parts[2] != "assessments")
              continue;
            if (!only_supplier.empty() && parts[1] != only_supplier) continue;
            absl::StatusOr<v1::Assessment> a =
                b_->store->GetAssessment(caller.tenant, parts[1], parts[3]);
            if (!a.ok()) continue;  // removed since (supplier deleted)
            v1::AssessmentEvent event;
            event.set_sequence(e.sequence());
            bool decided =
                a->decision().outcome() != v1::DECISION_OUTCOME_UNSPECIFIED;
            event.set_kind(decided ? v1::ASSESSMENT_EVENT_KIND_DECIDED
                                   : v1::ASSESSMENT_EVENT_KIND_ASSESSED);
            event.set_supplier(absl::StrCat("suppliers/", parts[1]));
            event.set_assessment(e.resource());
            event.set_grade(a->grade());
            event.set_overall_score(a->overall_score());
            if (decided) *event.mutable_decision() = a->decision();
            *event.mutable_time() = e.time();
            if (!writer->Write(event))
              return Status::OK;  // the client went away
          }
          if (entries->size() == 500) continue;
          b_->watch->Wait(caller.tenant, version, absl::Seconds(1));
        }
        return Status::OK;
      });
}

Status ExplainAssessmentCell(const v1::Assessment& a, v1::Layer layer,
                             v1::Component component, v1::Explanation* out) {
  std::string target = CellTarget(layer, component);
  for (const v1::Explanation& e : a.explanations()) {
    if (e.target() == target) {
      *out = e;
      return Status::OK;
    }
  }
  // Assessments stored without explanations: rebuild the cell's story from its
  // measures.
  out->set_target(target);
  bool found = false;
  for (const v1::CellScore& cell : a.cells()) {
    if (cell.layer() == layer && cell.component() == component) {
      out->set_score(cell.score());
      found = true;
    }
  }
  if (!found) {
    return NotFound("cell", absl::StrCat(a.name(), "#", target));
  }
  for (const v1::MeasureCredit& m : a.measure_credits()) {
    if (m.layer() != layer || m.component() != component) continue;
    v1::Contribution* contribution = out->add_contributions();
    contribution->set_source(absl::StrCat("measure:", m.measure_id()));
    contribution->set_delta(m.credit());
    contribution->set_note(
        absl::StrCat(absl::StrJoin(m.basis(), ","),
                     " questions=", absl::StrJoin(m.question_ids(), ","),
                     " signals=", absl::StrJoin(m.signal_ids(), ",")));
  }
  return Status::OK;
}

}  // namespace supplyrisk::api
