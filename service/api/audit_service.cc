// AuditService: the tenant's hash-chained log.

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "service/api/actor.h"
#include "service/api/errors.h"
#include "service/api/services.h"
#include "service/api/store_error.h"
#include "service/api/supplier_access.h"
#include "service/api/validation.h"

namespace supplyrisk::api {

Status AuditServiceImpl::ListAuditEntries(ServerContext* c, const v1::ListAuditEntriesRequest* req,
                                          v1::ListAuditEntriesResponse* resp) {
  return Serve(d_.env, c, "AuditService/ListAuditEntries", [&](const Caller& caller) {
    FieldViolations v;
    CheckPageSize("page_size", req->page_size(), &v);
    std::string key = QueryKey(caller, "ListAuditEntries", {absl::StrCat(req->after_sequence())});
    absl::StatusOr<std::string> position = d_.page_tokens->Decode(key, req->page_token());
    uint64_t after = req->after_sequence();
    if (!position.ok()) {
      v.Add("page_token", position.status().message());
    } else if (!position->empty() && !absl::SimpleAtoi(*position, &after)) {
      v.Add("page_token", "malformed position");
    }
    if (!v.empty()) return v.ToStatus();
    int size = EffectivePageSize(req->page_size());
    auto entries = d_.store->ListAudit(caller.tenant, after, size + 1);
    if (!entries.ok()) return FromAbsl(entries.status());
    PageBudget budget(d_.max_message_bytes);
    bool more = static_cast<int>(entries->size()) > size;
    for (int i = 0; i < static_cast<int>(entries->size()) && i < size; ++i) {
      const v1::AuditEntry& e = (*entries)[i];
      size_t bytes =
          RepeatedFieldBytes(v1::ListAuditEntriesResponse::kEntriesFieldNumber, e.ByteSizeLong());
      PageBudget::Fit fit = budget.Take(bytes);
      if (fit == PageBudget::Fit::kTooLarge) {
        return ItemTooLarge("audit entry", absl::StrCat("audit entry ", e.sequence()), bytes,
                            budget);
      }
      if (fit == PageBudget::Fit::kFull) {
        more = true;
        break;
      }
      *resp->add_entries() = e;
    }
    if (more) {
      resp->set_next_page_token(d_.page_tokens->Encode(
          key, absl::StrCat(resp->entries(resp->entries_size() - 1).sequence())));
    }
    return Status::OK;
  });
}

Status AuditServiceImpl::VerifyAuditLog(ServerContext* c, const v1::VerifyAuditLogRequest* req,
                                        v1::VerifyAuditLogResponse* resp) {
  return Serve(d_.env, c, "AuditService/VerifyAuditLog", [&](const Caller& caller) {
    absl::StatusOr<store::AuditReport> report = d_.store->VerifyAudit(caller.tenant);
    if (!report.ok()) return FromAbsl(report.status());
    resp->set_verified(report->intact);
    resp->set_entries_checked(report->entries);
    resp->set_first_bad_sequence(report->first_bad_sequence);
    resp->set_problem(report->problem);
    resp->set_head_hash(report->head_hash);
    return Status::OK;
  });
}

}  // namespace supplyrisk::api
