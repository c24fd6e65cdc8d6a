// ChainService, relationships: create, get, list (both directions), update and delete. The views
// over them (chain, effective risk, concentration, impact) are in chain_views.cc.

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/validation/relationships.h"
#include "google/protobuf/util/field_mask_util.h"
#include "service/api/actor.h"
#include "service/api/errors.h"
#include "service/api/page_budget.h"
#include "service/api/services.h"
#include "service/api/store_error.h"
#include "service/api/supplier_access.h"
#include "service/api/validation.h"

namespace supplyrisk::api {
namespace {

using google::protobuf::util::FieldMaskUtil;
using validation::RelationshipUse;

// What UpdateRelationship may change: what is passed on, the period and the evidence. Who the
// relationship is between, and where it came from, are its identity.
const absl::flat_hash_set<std::string>& UpdatablePaths() {
  static const auto* paths = new absl::flat_hash_set<std::string>{
      "services", "data_classes",       "access",   "confidence",         "start_time",
      "end_time", "last_evidence_time", "verified", "dependency_classes",
  };
  return *paths;
}

// What a scanner may refresh of a relationship it discovered: the evidence of a later scan.
const absl::flat_hash_set<std::string>& ScannerPaths() {
  static const auto* paths = new absl::flat_hash_set<std::string>{
      "services", "dependency_classes", "confidence", "last_evidence_time"};
  return *paths;
}

// The caller writes only as a scanner: it reports what it discovered, and cannot vouch for it.
bool ScannerOnly(const Caller& caller) {
  return caller.Has(v1::ROLE_SCANNER) && !caller.Has(v1::ROLE_ADMIN) &&
         !caller.Has(v1::ROLE_PROCUREMENT);
}

// Both suppliers must exist in the tenant: a reference to nothing is a bad field.
void CheckEndsExist(store::Store* store, const Caller& caller, const v1::Relationship& r,
                    FieldViolations* v) {
  for (const auto& [field, name] : {std::pair<const char*, const std::string*>{
                                        "relationship.from_supplier", &r.from_supplier()},
                                    {"relationship.to_supplier", &r.to_supplier()}}) {
    if (name->empty()) continue;
    const std::string id = names::ParseSupplier(*name).value_or("");
    if (!store->GetSupplier(caller.tenant, id).ok()) {
      v->Add(field, absl::StrCat("no supplier \"", *name, "\""));
    }
  }
}

// A supplier-role caller reaches only the relationships its own supplier made, a scanner only
// those scanners discovered: any other is NOT_FOUND, as in another tenant.
bool RelationshipVisible(const Caller& caller, const v1::Relationship& r) {
  if (ScannerOnly(caller) && r.source() != v1::RELATIONSHIP_SOURCE_DISCOVERED) return false;
  return !caller.supplier_scoped || r.from_supplier() == caller.supplier;
}

}  // namespace

Status ChainServiceImpl::CreateRelationship(ServerContext* c,
                                            const v1::CreateRelationshipRequest* req,
                                            v1::Relationship* resp) {
  return Serve(d_.env, c, "ChainService/CreateRelationship", [&](const Caller& caller) {
    FieldViolations v;
    const v1::Relationship& r = req->relationship();
    if (!req->has_relationship()) v.Add("relationship", "required");
    validation::ValidateRelationship("relationship", r, RelationshipUse::kWrite,
                                     RequestTimeLimits(d_), &v);
    CheckResourceId("relationship_id", req->relationship_id(), true, &v);
    CheckRequestId("request_id", req->request_id(), &v);
    if (ScannerOnly(caller)) {
      if (r.source() != v1::RELATIONSHIP_SOURCE_DISCOVERED) {
        v.Add("relationship.source", "a scanner creates only RELATIONSHIP_SOURCE_DISCOVERED");
      }
      if (r.verified()) v.Add("relationship.verified", "only the buyer verifies a relationship");
    }
    if (v.empty()) CheckEndsExist(d_.store, caller, r, &v);
    if (!v.empty()) return v.ToStatus();
    v1::Relationship relationship = r;
    relationship.clear_name();
    relationship.clear_etag();
    const std::string id = req->relationship_id().empty() ? GeneratedId(*req, req->request_id())
                                                          : req->relationship_id();
    absl::StatusOr<v1::Relationship> created = d_.store->CreateRelationship(
        caller.tenant, id, relationship, CreateContext(caller, *req, req->request_id()));
    if (!created.ok()) {
      return StoreError(created.status(), "relationship", names::Relationship(id));
    }
    *resp = *std::move(created);
    return Status::OK;
  });
}

Status ChainServiceImpl::GetRelationship(ServerContext* c, const v1::GetRelationshipRequest* req,
                                         v1::Relationship* resp) {
  return Serve(d_.env, c, "ChainService/GetRelationship", [&](const Caller& caller) {
    FieldViolations v;
    std::string id;
    ParseName("name", req->name(), "relationships", &id, &v);
    if (!v.empty()) return v.ToStatus();
    absl::StatusOr<v1::Relationship> r = d_.store->GetRelationship(caller.tenant, id);
    if (!r.ok()) return StoreError(r.status(), "relationship", req->name());
    if (!RelationshipVisible(caller, *r)) return NotFound("relationship", req->name());
    *resp = *std::move(r);
    return Status::OK;
  });
}

Status ChainServiceImpl::ListRelationships(ServerContext* c,
                                           const v1::ListRelationshipsRequest* req,
                                           v1::ListRelationshipsResponse* resp) {
  return Serve(d_.env, c, "ChainService/ListRelationships", [&](const Caller& caller) {
    const auto direction = req->direction();
    if (!v1::ListRelationshipsRequest::Direction_IsValid(direction)) {
      FieldViolations v;
      v.Add("direction", absl::StrCat("unknown direction ", direction));
      return v.ToStatus();
    }
    const bool contractors = direction == v1::ListRelationshipsRequest::CONTRACTORS;
    if (contractors && caller.supplier_scoped) {
      return Status(grpc::StatusCode::PERMISSION_DENIED,
                    "a supplier lists only its own subcontractors");
    }
    // The direction is part of the query a page token belongs to.
    SupplierListStart start;
    Status started =
        StartSupplierList(d_.store, *d_.page_tokens, caller,
                          contractors ? "ChainService/ListRelationships/contractors"
                                      : "ChainService/ListRelationships/subcontractors",
                          req->parent(), req->page_size(), req->page_token(), &start);
    if (!started.ok()) return started;
    const store::PageRequest page_request{EffectivePageSize(req->page_size()), start.position};
    auto page = contractors
                    ? d_.store->ListContractors(caller.tenant, start.supplier_id, page_request)
                    : d_.store->ListSubcontractors(caller.tenant, start.supplier_id, page_request);
    if (!page.ok()) return FromAbsl(page.status());
    PageBudget budget(d_.max_message_bytes);
    std::string next;
    Status filled = FillFromStorePage(
        *page, budget, "relationship",
        [](const v1::Relationship& r) {
          return RepeatedFieldBytes(v1::ListRelationshipsResponse::kRelationshipsFieldNumber,
                                    r.ByteSizeLong());
        },
        [](const v1::Relationship& r) { return r.name(); },
        [&](v1::Relationship& r) { *resp->add_relationships() = std::move(r); }, &next);
    if (!filled.ok()) return filled;
    if (!next.empty()) resp->set_next_page_token(d_.page_tokens->Encode(start.query_key, next));
    return Status::OK;
  });
}

Status ChainServiceImpl::UpdateRelationship(ServerContext* c,
                                            const v1::UpdateRelationshipRequest* req,
                                            v1::Relationship* resp) {
  return Serve(d_.env, c, "ChainService/UpdateRelationship", [&](const Caller& caller) {
    FieldViolations v;
    std::string id;
    if (!req->has_relationship()) v.Add("relationship", "required");
    ParseName("relationship.name", req->relationship().name(), "relationships", &id, &v);
    const auto& paths = req->update_mask().paths();
    if (paths.empty()) v.Add("update_mask", "required: name the fields to change");
    for (int i = 0; i < paths.size(); ++i) {
      if (!UpdatablePaths().contains(paths[i])) {
        v.Add(absl::StrCat("update_mask.paths[", i, "]"),
              absl::StrCat("\"", paths[i], "\" is not an updatable field"));
      }
    }
    if (!v.empty()) return v.ToStatus();
    const std::string& name = req->relationship().name();
    absl::StatusOr<v1::Relationship> stored = d_.store->GetRelationship(caller.tenant, id);
    if (!stored.ok()) return StoreError(stored.status(), "relationship", name);
    // A scanner refreshes only the evidence of what scanners discovered; it does not see others.
    if (!RelationshipVisible(caller, *stored)) return NotFound("relationship", name);
    if (!req->relationship().etag().empty() && req->relationship().etag() != stored->etag()) {
      return EtagMismatch(name);
    }
    if (ScannerOnly(caller)) {
      for (int i = 0; i < paths.size(); ++i) {
        if (!ScannerPaths().contains(paths[i])) {
          v.Add(absl::StrCat("update_mask.paths[", i, "]"),
                "a scanner changes only services, dependency_classes, confidence and "
                "last_evidence_time");
        }
      }
    }
    // A questionnaire relationship is the supplier's answer: the buyer may only vouch for it.
    const bool answered = stored->source() == v1::RELATIONSHIP_SOURCE_QUESTIONNAIRE;
    for (int i = 0; answered && i < paths.size(); ++i) {
      if (paths[i] != "verified") {
        v.Add(absl::StrCat("update_mask.paths[", i, "]"),
              "of a questionnaire relationship only verified changes; the rest is the "
              "supplier's answer");
      }
    }
    if (!v.empty()) return v.ToStatus();
    v1::Relationship updated = *stored;
    FieldMaskUtil::MergeOptions options;
    options.set_replace_message_fields(true);
    options.set_replace_repeated_fields(true);
    FieldMaskUtil::MergeMessageTo(req->relationship(), req->update_mask(), options, &updated);
    validation::ValidateRelationship("relationship", updated,
                                     answered ? RelationshipUse::kRecord : RelationshipUse::kWrite,
                                     RequestTimeLimits(d_), &v);
    if (!v.empty()) return v.ToStatus();
    absl::StatusOr<v1::Relationship> written = d_.store->UpdateRelationship(
        caller.tenant, id, updated, stored->etag(), {Actor(caller), "", ""});
    if (!written.ok()) return StoreError(written.status(), "relationship", name);
    *resp = *std::move(written);
    return Status::OK;
  });
}

Status ChainServiceImpl::DeleteRelationship(ServerContext* c,
                                            const v1::DeleteRelationshipRequest* req,
                                            google::protobuf::Empty* resp) {
  return Serve(d_.env, c, "ChainService/DeleteRelationship", [&](const Caller& caller) {
    FieldViolations v;
    std::string id;
    ParseName("name", req->name(), "relationships", &id, &v);
    if (!v.empty()) return v.ToStatus();
    absl::Status deleted =
        d_.store->DeleteRelationship(caller.tenant, id, req->etag(), {Actor(caller), "", ""});
    if (!deleted.ok()) return StoreError(deleted, "relationship", req->name());
    return Status::OK;
  });
}

}  // namespace supplyrisk::api
