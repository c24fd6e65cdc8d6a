// TemplateService: built-in and tenant templates with immutable published revisions.

#include <algorithm>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "engine/questionnaire/lint.h"
#include "service/api/actor.h"
#include "service/api/errors.h"
#include "service/api/services.h"
#include "service/api/store_error.h"
#include "service/api/supplier_access.h"
#include "service/api/validation.h"

namespace supplyrisk::api {
namespace {

// Every revision of every tenant template, by id then revision.
absl::StatusOr<std::map<std::string, std::map<int, v1::Template>>> TenantTemplates(
    store::Store* store, absl::string_view tenant) {
  std::map<std::string, std::map<int, v1::Template>> out;
  std::string token;
  do {
    auto page = store->ListTemplates(tenant, {1000, token});
    if (!page.ok()) return page.status();
    for (v1::Template& t : page->items) out[t.id()][t.revision()] = std::move(t);
    token = page->next_page_token;
  } while (!token.empty());
  return out;
}

// Adds the lint's errors as violations of template.<field>. Warnings (the signal-link rules, for
// tenant templates) do not stop a create or update.
void LintInto(const TemplateServiceDeps& d, const v1::Template& t, FieldViolations* v) {
  const questionnaire::TemplateRegistry& builtin = d.templates->builtin();
  questionnaire::KnownTemplates known;
  for (const std::string& id : builtin.TemplateIds()) known[id] = builtin.Latest(id);
  for (const questionnaire::Problem& p : questionnaire::LintTemplate(t, *d.catalog, &known)) {
    if (p.severity != questionnaire::Severity::kError) continue;
    v->Add(p.field.empty() ? "template" : absl::StrCat("template.", p.field), p.message);
  }
}

}  // namespace

Status TemplateServiceImpl::ListTemplates(ServerContext* c, const v1::ListTemplatesRequest* req,
                                          v1::ListTemplatesResponse* resp) {
  return Serve(d_.env, c, "TemplateService/ListTemplates", [&](const Caller& caller) {
    FieldViolations v;
    CheckPageSize("page_size", req->page_size(), &v);
    std::string key = QueryKey(caller, "ListTemplates", {});
    absl::StatusOr<std::string> after = d_.page_tokens->Decode(key, req->page_token());
    if (!after.ok()) v.Add("page_token", after.status().message());
    if (!v.empty()) return v.ToStatus();
    std::map<std::string, const v1::Template*> latest;
    for (const std::string& id : d_.templates->builtin().TemplateIds()) {
      latest[id] = d_.templates->builtin().Latest(id);
    }
    auto tenant = TenantTemplates(d_.store, caller.tenant);
    if (!tenant.ok()) return FromAbsl(tenant.status());
    for (const auto& [id, revisions] : *tenant) {
      if (!latest.count(id)) latest[id] = &revisions.rbegin()->second;
    }
    int size = EffectivePageSize(req->page_size(), 20, 100);
    PageBudget budget(d_.max_message_bytes);
    for (auto it = latest.upper_bound(*after); it != latest.end(); ++it) {
      PageBudget::Fit fit = PageBudget::Fit::kFull;
      size_t bytes = RepeatedFieldBytes(v1::ListTemplatesResponse::kTemplatesFieldNumber,
                                        it->second->ByteSizeLong());
      if (resp->templates_size() < size) fit = budget.Take(bytes);
      if (fit == PageBudget::Fit::kTooLarge) {
        return ItemTooLarge("template", absl::StrCat("templates/", it->first), bytes, budget);
      }
      if (fit == PageBudget::Fit::kFull) {
        resp->set_next_page_token(
            d_.page_tokens->Encode(key, resp->templates(resp->templates_size() - 1).id()));
        break;
      }
      *resp->add_templates() = *it->second;
    }
    return Status::OK;
  });
}

Status TemplateServiceImpl::GetTemplate(ServerContext* c, const v1::GetTemplateRequest* req,
                                        v1::Template* resp) {
  return Serve(d_.env, c, "TemplateService/GetTemplate", [&](const Caller& caller) {
    FieldViolations v;
    CheckResourceId("template_id", req->template_id(),
                    /*optional=*/false, &v);
    if (req->revision() < 0) v.Add("revision", "must not be negative");
    if (!v.empty()) return v.ToStatus();
    absl::StatusOr<assess::TemplateRef> t =
        d_.templates->Find(caller.tenant, req->template_id(), req->revision());
    if (!t.ok()) return AssessError(t.status());
    *resp = **t;
    return Status::OK;
  });
}

Status TemplateServiceImpl::ListTemplateRevisions(ServerContext* c,
                                                  const v1::ListTemplateRevisionsRequest* req,
                                                  v1::ListTemplateRevisionsResponse* resp) {
  return Serve(d_.env, c, "TemplateService/ListTemplateRevisions", [&](const Caller& caller) {
    FieldViolations v;
    CheckResourceId("template_id", req->template_id(), /*optional=*/false, &v);
    CheckPageSize("page_size", req->page_size(), &v);
    std::string key = QueryKey(caller, "ListTemplateRevisions", {req->template_id()});
    absl::StatusOr<std::string> after = d_.page_tokens->Decode(key, req->page_token());
    int after_revision = 0;
    if (!after.ok()) {
      v.Add("page_token", after.status().message());
    } else if (!after->empty() && !absl::SimpleAtoi(*after, &after_revision)) {
      v.Add("page_token", "malformed position");
    }
    if (!v.empty()) return v.ToStatus();
    std::vector<const v1::Template*> revisions;
    std::map<std::string, std::map<int, v1::Template>> tenant;
    if (!d_.templates->builtin().Revisions(req->template_id()).empty()) {
      for (int r : d_.templates->builtin().Revisions(req->template_id())) {
        revisions.push_back(d_.templates->builtin().Get(req->template_id(), r));
      }
    } else {
      auto all = TenantTemplates(d_.store, caller.tenant);
      if (!all.ok()) return FromAbsl(all.status());
      tenant = *std::move(all);
      for (const auto& [r, t] : tenant[req->template_id()]) revisions.push_back(&t);
    }
    if (revisions.empty()) {
      return NotFound("template", absl::StrCat("templates/", req->template_id()));
    }
    int size = EffectivePageSize(req->page_size(), 20, 100);
    PageBudget budget(d_.max_message_bytes);
    for (const v1::Template* t : revisions) {
      if (t->revision() <= after_revision) continue;
      PageBudget::Fit fit = PageBudget::Fit::kFull;
      size_t bytes = RepeatedFieldBytes(v1::ListTemplateRevisionsResponse::kTemplatesFieldNumber,
                                        t->ByteSizeLong());
      if (resp->templates_size() < size) fit = budget.Take(bytes);
      if (fit == PageBudget::Fit::kTooLarge) {
        return ItemTooLarge("template", absl::StrCat("templates/", t->id(), "@", t->revision()),
                            bytes, budget);
      }
      if (fit == PageBudget::Fit::kFull) {
        resp->set_next_page_token(d_.page_tokens->Encode(
            key, absl::StrCat(resp->templates(resp->templates_size() - 1).revision())));
        break;
      }
      *resp->add_templates() = *t;
    }
    return Status::OK;
  });
}

Status TemplateServiceImpl::CreateTemplateRevision(ServerContext* c,
                                                   const v1::CreateTemplateRevisionRequest* req,
                                                   v1::Template* resp) {
  return Serve(d_.env, c, "TemplateService/CreateTemplateRevision", [&](const Caller& caller) {
    FieldViolations v;
    if (!req->has_template_()) v.Add("template", "required");
    CheckRequestId("request_id", req->request_id(), &v);
    const std::string& id = req->template_().id();
    CheckResourceId("template.id", id, /*optional=*/false, &v);
    if (!id.empty() && !d_.templates->builtin().Revisions(id).empty()) {
      v.Add("template.id", "is a built-in template; choose another id");
    }
    if (!v.empty()) return v.ToStatus();
    int revision = 1;
    absl::StatusOr<v1::Template> highest = d_.store->GetTemplate(caller.tenant, id, 0);
    if (highest.ok()) {
      revision = highest->revision() + 1;
    } else if (highest.status().code() != absl::StatusCode::kNotFound) {
      return FromAbsl(highest.status());
    }
    v1::Template t = req->template_();
    t.set_revision(revision);
    t.set_state(v1::TEMPLATE_STATE_DRAFT);
    LintInto(d_, t, &v);
    if (!v.empty()) return v.ToStatus();
    absl::StatusOr<v1::Template> created =
        d_.store->CreateTemplate(caller.tenant, t, CreateContext(caller, *req, req->request_id()));
    if (!created.ok()) {
      return StoreError(created.status(), "template", absl::StrCat("templates/", id));
    }
    *resp = *std::move(created);
    return Status::OK;
  });
}

Status TemplateServiceImpl::PublishTemplateRevision(ServerContext* c,
                                                    const v1::PublishTemplateRevisionRequest* req,
                                                    v1::Template* resp) {
  return Serve(d_.env, c, "TemplateService/PublishTemplateRevision", [&](const Caller& caller) {
    FieldViolations v;
    CheckResourceId("template_id", req->template_id(), /*optional=*/false, &v);
    if (req->revision() <= 0) v.Add("revision", "required: a positive revision");
    if (!v.empty()) return v.ToStatus();
    std::string name = absl::StrCat("templates/", req->template_id(), "@", req->revision());
    if (!d_.templates->builtin().Revisions(req->template_id()).empty()) {
      return FailedPrecondition("TEMPLATE_STATE", name, "built-in templates are published");
    }
    absl::StatusOr<v1::Template> t =
        d_.store->GetTemplate(caller.tenant, req->template_id(), req->revision());
    if (!t.ok()) return StoreError(t.status(), "template", name);
    if (t->state() == v1::TEMPLATE_STATE_PUBLISHED) {
      return FailedPrecondition("TEMPLATE_STATE", name, "already published; it is immutable");
    }
    t->set_state(v1::TEMPLATE_STATE_PUBLISHED);
    LintInto(d_, *t, &v);
    if (!v.empty()) return v.ToStatus();
    absl::StatusOr<v1::Template> written =
        d_.store->UpdateTemplate(caller.tenant, *t, {Actor(caller), "", ""});
    if (!written.ok()) return StoreError(written.status(), "template", name);
    *resp = *std::move(written);
    return Status::OK;
  });
}

}  // namespace supplyrisk::api
