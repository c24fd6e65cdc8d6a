// SupplierService: the tenant's supplier base.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/util/time_util.h"
#include "service/api/actor.h"
#include "service/api/errors.h"
#include "service/api/identifiers.h"
#include "service/api/page_budget.h"
#include "service/api/page_token.h"
#include "service/api/services.h"
#include "service/api/store_error.h"
#include "service/api/supplier_access.h"
#include "service/api/supplier_filter.h"
#include "service/api/validation.h"
#include "service/assess/random_id.h"

namespace supplyrisk::api {
namespace {

using google::protobuf::util::FieldMaskUtil;

// Paths of Supplier an update may name.
const absl::flat_hash_set<std::string>& UpdatablePaths() {
  static const auto* paths = new absl::flat_hash_set<std::string>{"display_name",
                                                                  "display_name.ja",
                                                                  "display_name.en",
                                                                  "corporate_number",
                                                                  "lei",
                                                                  "domains",
                                                                  "size",
                                                                  "industry",
                                                                  "profile",
                                                                  "profile.handles_personal_data",
                                                                  "profile.has_website",
                                                                  "profile.operates_ot",
                                                                  "profile.supplies_iot_devices",
                                                                  "profile.uses_subcontractors",
                                                                  "profile.develops_software",
                                                                  "profile.uses_cloud_services",
                                                                  "profile.security_action_stars"};
  return *paths;
}

// Whether `record` meets the filter term `t`. From the summary written with the latest
// assessment where it can be: a list never parses assessments.
bool TermHolds(const FilterTerm& t, const store::SupplierRecord& record, store::Store* store,
               const std::string& tenant) {
  const store::SupplierSummary& sum = record.summary;
  const bool assessed = sum.has_assessment();
  if (t.field == "grade") return assessed && CompareText(sum.grade(), t.op, t.text);
  if (t.field == "decision") {
    return assessed && CompareText(v1::DecisionOutcome_Name(sum.outcome()), t.op, t.text);
  }
  if (t.field == "star_ready") return Compare(assessed ? sum.star_ready() : 0, t.op, t.number);
  if (t.field == "overall_score") return assessed && Compare(sum.overall_score(), t.op, t.number);
  if (t.field == "update_time") {
    const absl::Time updated = absl::FromUnixMicros(sum.update_time_micros());
    return Compare(absl::ToDoubleMicroseconds(updated - absl::UnixEpoch()), t.op,
                   absl::ToDoubleMicroseconds(t.time - absl::UnixEpoch()));
  }
  if (t.field == "open_issue") {
    auto it = sum.open_issues().find(t.text);
    return it != sum.open_issues().end() && it->second > 0;
  }
  if (t.field == "factor_issue") {
    v1::Factor factor = v1::FACTOR_UNSPECIFIED;
    v1::Factor_Parse(t.text, &factor);
    store::SignalFilter filter;
    filter.factor = factor;
    filter.open_only = true;
    const std::string supplier_id = names::ParseSupplier(record.supplier.name()).value_or("");
    auto open = store->ListSignals(tenant, supplier_id, filter, {1, ""});
    return open.ok() && !open->items.empty();
  }
  if (t.field == "size") {
    return CompareText(v1::CompanySize_Name(record.supplier.size()), t.op, t.text);
  }
  if (t.field == "industry") return CompareText(record.supplier.industry(), t.op, t.text);
  return false;  // the parser admits no other field
}

// AIP-132 ordering: "name", "overall_score" or "update_time", optionally followed by " desc" (or
// " asc"); empty means "name". False for anything else.
bool ParseSupplierOrder(absl::string_view order_by, std::string* field, bool* descending) {
  std::vector<absl::string_view> words = absl::StrSplit(order_by, ' ', absl::SkipWhitespace());
  *descending = false;
  if (words.empty()) {
    *field = "name";
    return true;
  }
  if (words.size() > 2) return false;
  if (words.size() == 2) {
    if (words[1] != "asc" && words[1] != "desc") return false;
    *descending = words[1] == "desc";
  }
  *field = std::string(words[0]);
  return *field == "name" || *field == "overall_score" || *field == "update_time";
}

}  // namespace

Status SupplierServiceImpl::CreateSupplier(ServerContext* c, const v1::CreateSupplierRequest* req,
                                           v1::Supplier* resp) {
  return Serve(d_.env, c, "SupplierService/CreateSupplier", [&](const Caller& caller) {
    FieldViolations v;
    v1::Supplier supplier = req->supplier();
    if (!req->has_supplier()) v.Add("supplier", "required");
    ValidateSupplier("supplier", &supplier, &v);
    CheckResourceId("supplier_id", req->supplier_id(), /*optional=*/true, &v);
    CheckRequestId("request_id", req->request_id(), &v);
    if (!v.empty()) return v.ToStatus();
    supplier.clear_name();
    supplier.clear_etag();
    std::string id =
        req->supplier_id().empty() ? GeneratedId(*req, req->request_id()) : req->supplier_id();
    absl::StatusOr<v1::Supplier> created = d_.store->CreateSupplier(
        caller.tenant, id, supplier, CreateContext(caller, *req, req->request_id()));
    if (!created.ok()) {
      return StoreError(created.status(), "supplier", names::Supplier(id));
    }
    *resp = *std::move(created);
    return Status::OK;
  });
}

Status SupplierServiceImpl::GetSupplier(ServerContext* c, const v1::GetSupplierRequest* req,
                                        v1::Supplier* resp) {
  return Serve(d_.env, c, "SupplierService/GetSupplier", [&](const Caller& caller) {
    FieldViolations v;
    std::string id;
    ParseName("name", req->name(), "suppliers", &id, &v);
    if (!v.empty()) return v.ToStatus();
    if (!SupplierVisible(caller, id)) return NotFound("supplier", req->name());
    absl::StatusOr<v1::Supplier> s = d_.store->GetSupplier(caller.tenant, id);
    if (!s.ok()) return StoreError(s.status(), "supplier", req->name());
    *resp = *std::move(s);
    return Status::OK;
  });
}

Status SupplierServiceImpl::ListSuppliers(ServerContext* c, const v1::ListSuppliersRequest* req,
                                          v1::ListSuppliersResponse* resp) {
  return Serve(d_.env, c, "SupplierService/ListSuppliers", [&](const Caller& caller) {
    FieldViolations v;
    CheckPageSize("page_size", req->page_size(), &v);
    std::vector<FilterTerm> terms = ParseSupplierFilter(req->filter(), &v);
    store::SupplierQuery query;
    std::string order;
    if (!ParseSupplierOrder(req->order_by(), &order, &query.descending)) {
      v.Add("order_by",
            "must be empty or \"name\", \"overall_score\" or \"update_time\", optionally "
            "followed by \" desc\"");
    }
    if (order == "name") {
      // Walk by id; narrow with the first indexable equality every match must meet.
      for (size_t i = 0; i < terms.size(); ++i) {
        const FilterTerm& t = terms[i];
        if (t.op != FilterOp::kEq || !StandsAlone(terms, i)) continue;
        if (t.field == "grade") {
          query.index = store::SupplierIndex::kGrade;
          query.grade = t.text;
        } else if (t.field == "decision") {
          query.index = store::SupplierIndex::kDecision;
          v1::DecisionOutcome_Parse(t.text, &query.outcome);
        } else if (t.field == "open_issue") {
          query.index = store::SupplierIndex::kOpenIssue;
          query.issue_type = t.text;
        } else {
          continue;
        }
        break;
      }
    } else if (order == "overall_score") {
      query.index = store::SupplierIndex::kScore;
      for (size_t i = 0; i < terms.size(); ++i) {
        const FilterTerm& t = terms[i];
        if (t.field != "overall_score" || !StandsAlone(terms, i)) continue;
        if (t.op == FilterOp::kGe || t.op == FilterOp::kGt || t.op == FilterOp::kEq) {
          query.min_score = std::max(query.min_score, t.number);
        }
        if (t.op == FilterOp::kLe || t.op == FilterOp::kLt || t.op == FilterOp::kEq) {
          query.max_score = std::min(query.max_score, t.number);
        }
      }
    } else if (order == "update_time") {
      query.index = store::SupplierIndex::kUpdated;
      for (size_t i = 0; i < terms.size(); ++i) {
        const FilterTerm& t = terms[i];
        if (t.field != "update_time" || !StandsAlone(terms, i)) continue;
        if (t.op == FilterOp::kGe || t.op == FilterOp::kGt || t.op == FilterOp::kEq) {
          query.updated_from = std::max(query.updated_from, t.time);
        }
        if (t.op == FilterOp::kLt) query.updated_to = std::min(query.updated_to, t.time);
      }
    }
    std::string key = QueryKey(caller, "ListSuppliers", {req->filter(), req->order_by()});
    absl::StatusOr<std::string> position = d_.page_tokens->Decode(key, req->page_token());
    if (!position.ok()) v.Add("page_token", position.status().message());
    if (!v.empty()) return v.ToStatus();

    absl::StatusOr<store::Page<store::SupplierRecord>> page = d_.store->ListSuppliers(
        caller.tenant, query, {EffectivePageSize(req->page_size()), *position});
    if (!page.ok()) return FromAbsl(page.status());
    // total_size is the one other field: not set today, but room is kept for it.
    PageBudget budget(d_.max_message_bytes, /*fixed_bytes=*/11);
    std::string next = page->next_page_token;
    for (size_t i = 0; i < page->items.size(); ++i) {
      store::SupplierRecord& record = page->items[i];
      if (c->IsCancelled()) return Status(grpc::StatusCode::CANCELLED, "cancelled");
      const store::SupplierSummary& sum = record.summary;
      // From the summary written with the latest assessment: a list never parses assessments.
      const int star_ready = sum.has_assessment() ? sum.star_ready() : 0;
      std::string outcome = sum.has_assessment() ? v1::DecisionOutcome_Name(sum.outcome()) : "";
      // Groups are joined by AND, the terms of a group by OR (terms come grouped, in order).
      bool keep = true;
      for (size_t first = 0; keep && first < terms.size();) {
        bool met = false;
        size_t end = first;
        for (; end < terms.size() && terms[end].group == terms[first].group; ++end) {
          met = met || TermHolds(terms[end], record, d_.store, caller.tenant);
        }
        keep = met;
        first = end;
      }
      if (!keep) continue;
      v1::SupplierStanding standing_value;
      v1::SupplierStanding* standing = &standing_value;
      standing->set_supplier(record.supplier.name());
      if (sum.has_assessment()) {
        standing->set_grade(sum.grade());
        standing->set_overall_score(sum.overall_score());
        standing->set_decision(outcome);
        standing->set_latest_assessment(
            absl::StrCat(record.supplier.name(), "/assessments/", sum.latest_assessment_id()));
      }
      standing->set_star_ready(star_ready);
      *standing->mutable_update_time() =
          google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(sum.update_time_micros());
      standing->mutable_open_issues()->insert(sum.open_issues().begin(), sum.open_issues().end());
      // A supplier and its standing travel together: both count, or neither is sent.
      size_t bytes = RepeatedFieldBytes(v1::ListSuppliersResponse::kSuppliersFieldNumber,
                                        record.supplier.ByteSizeLong()) +
                     RepeatedFieldBytes(v1::ListSuppliersResponse::kStandingsFieldNumber,
                                        standing->ByteSizeLong());
      PageBudget::Fit fit = budget.Take(bytes);
      if (fit == PageBudget::Fit::kTooLarge) {
        return ItemTooLarge("supplier", record.supplier.name(), bytes, budget);
      }
      if (fit == PageBudget::Fit::kFull) {
        // Resume right after the last record read before this one (kept or filtered out: a
        // filtered one is filtered again). Take() refuses for fullness only once something was
        // taken, so i > 0.
        next = page->positions.at(i - 1);
        break;
      }
      *resp->add_standings() = std::move(standing_value);
      *resp->add_suppliers() = std::move(record.supplier);
    }
    if (!next.empty()) resp->set_next_page_token(d_.page_tokens->Encode(key, next));
    return Status::OK;
  });
}

Status SupplierServiceImpl::UpdateSupplier(ServerContext* c, const v1::UpdateSupplierRequest* req,
                                           v1::Supplier* resp) {
  return Serve(d_.env, c, "SupplierService/UpdateSupplier", [&](const Caller& caller) {
    FieldViolations v;
    std::string id;
    if (!req->has_supplier()) v.Add("supplier", "required");
    ParseName("supplier.name", req->supplier().name(), "suppliers", &id, &v);
    CheckUpdateMask(req->update_mask(), UpdatablePaths(), {}, &v);
    if (req->allow_missing() && !req->supplier().etag().empty()) {
      v.Add("supplier.etag", "must be empty with allow_missing: the supplier may not exist yet");
    }
    if (!v.empty()) return v.ToStatus();
    absl::StatusOr<v1::Supplier> stored = d_.store->GetSupplier(caller.tenant, id);
    if (absl::IsNotFound(stored.status()) && req->allow_missing()) {
      return CreateMissing(caller, id, req->supplier(), resp);
    }
    if (!stored.ok()) return StoreError(stored.status(), "supplier", req->supplier().name());
    if (!req->supplier().etag().empty() && req->supplier().etag() != stored->etag()) {
      return EtagMismatch(req->supplier().name());
    }
    v1::Supplier updated = *stored;
    FieldMaskUtil::MergeOptions options;
    options.set_replace_message_fields(true);
    options.set_replace_repeated_fields(true);
    FieldMaskUtil::MergeMessageTo(req->supplier(), req->update_mask(), options, &updated);
    ValidateSupplier("supplier", &updated, &v);
    if (!v.empty()) return v.ToStatus();
    absl::StatusOr<v1::Supplier> written = d_.store->UpdateSupplier(
        caller.tenant, id, updated, stored->etag(), {Actor(caller), "", ""});
    if (!written.ok()) return StoreError(written.status(), "supplier", req->supplier().name());
    *resp = *std::move(written);
    return Status::OK;
  });
}

Status SupplierServiceImpl::CreateMissing(const Caller& caller, const std::string& id,
                                          const v1::Supplier& sent, v1::Supplier* resp) {
  FieldViolations v;
  v1::Supplier supplier = sent;
  ValidateSupplier("supplier", &supplier, &v);
  if (!v.empty()) return v.ToStatus();
  supplier.clear_name();
  supplier.clear_etag();
  absl::StatusOr<v1::Supplier> created =
      d_.store->CreateSupplier(caller.tenant, id, supplier, {Actor(caller), "", ""});
  // Created meanwhile by another caller: ALREADY_EXISTS, which a retry turns into an update.
  if (!created.ok()) return StoreError(created.status(), "supplier", names::Supplier(id));
  *resp = *std::move(created);
  return Status::OK;
}

Status SupplierServiceImpl::LookupSuppliers(ServerContext* c, const v1::LookupSuppliersRequest* req,
                                            v1::LookupSuppliersResponse* resp) {
  return Serve(d_.env, c, "SupplierService/LookupSuppliers", [&](const Caller& caller) {
    FieldViolations v;
    CheckPageSize("page_size", req->page_size(), &v);
    store::SupplierIdentifier by = store::SupplierIdentifier::kCorporateNumber;
    std::string value, field;
    switch (req->identifier_case()) {
      case v1::LookupSuppliersRequest::kCorporateNumber:
        field = "corporate_number";
        value = req->corporate_number();
        if (std::string problem = CorporateNumberProblem(value); !problem.empty()) {
          v.Add(field, problem);
        }
        break;
      case v1::LookupSuppliersRequest::kLei:
        by = store::SupplierIdentifier::kLei;
        field = "lei";
        value = req->lei();
        if (std::string problem = LeiProblem(value); !problem.empty()) v.Add(field, problem);
        break;
      case v1::LookupSuppliersRequest::kDomain: {
        by = store::SupplierIdentifier::kDomain;
        field = "domain";
        std::string problem;
        if (!CanonicalDomain(req->domain(), &value, &problem)) v.Add(field, problem);
        break;
      }
      case v1::LookupSuppliersRequest::kCompanyName:
        by = store::SupplierIdentifier::kCompanyName;
        field = "company_name";
        value = req->company_name();
        CheckText(field, value, 300, &v);
        if (validation::IsBlank(value)) v.Add(field, "required: a name to look up");
        break;
      case v1::LookupSuppliersRequest::IDENTIFIER_NOT_SET:
        v.Add("identifier", "required: corporate_number, lei, domain or company_name");
        break;
    }
    std::string key = QueryKey(caller, "LookupSuppliers", {field, value});
    absl::StatusOr<std::string> position = d_.page_tokens->Decode(key, req->page_token());
    if (!position.ok()) v.Add("page_token", position.status().message());
    if (!v.empty()) return v.ToStatus();
    auto page = d_.store->FindSuppliers(caller.tenant, by, value,
                                        {EffectivePageSize(req->page_size()), *position});
    // A name with nothing but legal forms has no key to look up.
    if (by == store::SupplierIdentifier::kCompanyName && absl::IsInvalidArgument(page.status()) &&
        absl::StartsWith(page.status().message(), "value:")) {
      return InvalidField(field, "names no company: only legal forms and blanks");
    }
    if (!page.ok()) return FromAbsl(page.status());
    PageBudget budget(d_.max_message_bytes);
    std::string next;
    Status filled = FillFromStorePage(
        *page, budget, "supplier",
        [](const v1::Supplier& s) {
          return RepeatedFieldBytes(v1::LookupSuppliersResponse::kSuppliersFieldNumber,
                                    s.ByteSizeLong());
        },
        [](const v1::Supplier& s) { return s.name(); },
        [&](v1::Supplier& s) { *resp->add_suppliers() = std::move(s); }, &next);
    if (!filled.ok()) return filled;
    if (!next.empty()) resp->set_next_page_token(d_.page_tokens->Encode(key, next));
    return Status::OK;
  });
}

Status SupplierServiceImpl::DeleteSupplier(ServerContext* c, const v1::DeleteSupplierRequest* req,
                                           google::protobuf::Empty* resp) {
  return Serve(d_.env, c, "SupplierService/DeleteSupplier", [&](const Caller& caller) {
    FieldViolations v;
    std::string id;
    ParseName("name", req->name(), "suppliers", &id, &v);
    if (!v.empty()) return v.ToStatus();
    absl::Status deleted =
        d_.store->DeleteSupplier(caller.tenant, id, req->etag(), {Actor(caller), "", ""});
    if (!deleted.ok()) return StoreError(deleted, "supplier", req->name());
    return Status::OK;
  });
}

Status SupplierServiceImpl::BatchCreateSuppliers(ServerContext* c,
                                                 const v1::BatchCreateSuppliersRequest* req,
                                                 v1::BatchCreateSuppliersResponse* resp) {
  return Serve(d_.env, c, "SupplierService/BatchCreateSuppliers", [&](const Caller& caller) {
    FieldViolations v;
    if (req->requests().empty()) v.Add("requests", "required: at least one supplier");
    if (req->requests_size() > 1000) v.Add("requests", "at most 1000 suppliers per batch");
    CheckRequestId("request_id", req->request_id(), &v);
    std::vector<v1::Supplier> suppliers(req->requests_size());
    std::vector<std::string> ids(req->requests_size());
    absl::flat_hash_set<std::string> seen;
    std::string batch_digest = RequestDigest(*req);
    for (int i = 0; i < req->requests_size() && i < 1000; ++i) {
      const v1::CreateSupplierRequest& r = req->requests(i);
      std::string at = absl::StrCat("requests[", i, "]");
      suppliers[i] = r.supplier();
      if (!r.has_supplier()) v.Add(at + ".supplier", "required");
      ValidateSupplier(at + ".supplier", &suppliers[i], &v);
      CheckResourceId(at + ".supplier_id", r.supplier_id(), true, &v);
      CheckRequestId(at + ".request_id", r.request_id(), &v);
      ids[i] = r.supplier_id();
      if (ids[i].empty()) {
        // Stable across retries of the same batch when it carries a request id.
        ids[i] = req->request_id().empty()
                     ? assess::RandomResourceId()
                     : Sha256Hex(absl::StrCat(batch_digest, "/", i)).substr(0, 20);
      }
      if (!seen.insert(ids[i]).second) v.Add(at + ".supplier_id", "repeated in this batch");
    }
    if (!v.empty()) return v.ToStatus();
    for (v1::Supplier& s : suppliers) {
      s.clear_name();
      s.clear_etag();
    }
    // Every id must be free before anything is written. A retry (an item carrying a request id) may
    // find the supplier its first attempt wrote, as it wrote it; any other supplier under the id is
    // a conflict, found here rather than by the store half-way through the batch.
    for (int i = 0; i < req->requests_size(); ++i) {
      absl::StatusOr<v1::Supplier> existing = d_.store->GetSupplier(caller.tenant, ids[i]);
      if (!existing.ok()) continue;
      bool retried = !req->request_id().empty() || !req->requests(i).request_id().empty();
      existing->clear_name();
      existing->clear_etag();
      // Set by the store from the profile; the request's own value is replaced.
      v1::Supplier sent = suppliers[i];
      sent.set_profile_digest(existing->profile_digest());
      if (retried && google::protobuf::util::MessageDifferencer::Equals(*existing, sent)) {
        continue;
      }
      v.Add(absl::StrCat("requests[", i, "].supplier_id"),
            absl::StrCat("supplier \"", ids[i], "\" already exists"));
    }
    if (!v.empty()) return v.ToStatus(grpc::StatusCode::ALREADY_EXISTS);
    // One store mutation for the whole batch: every supplier is stored or none is. The batch's
    // request id covers the batch; without one, items carrying their own request id that are
    // already stored as sent (a retried item) are answered as stored and not written again.
    std::vector<std::pair<std::string, v1::Supplier>> items;
    std::map<int, v1::Supplier> already;
    for (int i = 0; i < req->requests_size(); ++i) {
      if (req->request_id().empty() && !req->requests(i).request_id().empty()) {
        absl::StatusOr<v1::Supplier> existing = d_.store->GetSupplier(caller.tenant, ids[i]);
        if (existing.ok()) {
          already[i] = *std::move(existing);
          continue;
        }
      }
      items.emplace_back(ids[i], suppliers[i]);
    }
    std::vector<v1::Supplier> created;
    if (!items.empty()) {
      const std::string& rid = req->request_id();
      std::string digest = rid.empty() ? "" : batch_digest;
      absl::StatusOr<std::vector<v1::Supplier>> out =
          d_.store->CreateSuppliers(caller.tenant, items, {Actor(caller), rid, digest});
      if (!out.ok()) return StoreError(out.status(), "supplier", "");
      if (out->size() != items.size()) return FromAbsl(absl::InternalError("batch result size"));
      created = *std::move(out);
    }
    size_t next = 0;
    for (int i = 0; i < req->requests_size(); ++i) {
      if (auto it = already.find(i); it != already.end()) {
        *resp->add_suppliers() = std::move(it->second);
      } else {
        *resp->add_suppliers() = std::move(created[next++]);
      }
    }
    return Status::OK;
  });
}

}  // namespace supplyrisk::api
