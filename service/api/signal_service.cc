// SignalService: external observations streamed in by scanners.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "service/api/actor.h"
#include "service/api/errors.h"
#include "service/api/malformed_requests.h"
#include "service/api/services.h"
#include "service/api/store_error.h"
#include "service/api/supplier_access.h"
#include "service/api/validation.h"

namespace supplyrisk::api {
namespace {
// Bounds of one import stream: the whole stream is validated before anything is written, so it is
// held in memory.
constexpr int kMaxSignalsPerStream = 100000;
constexpr int kMaxMessagesPerStream = 10000;
constexpr size_t kMaxBytesPerStream = size_t{64} << 20;
}  // namespace

Status SignalServiceImpl::ImportSignals(ServerContext* c,
                                        grpc::ServerReader<v1::ImportSignalsRequest>* reader,
                                        v1::ImportSignalsResponse* resp) {
  return Serve(d_.env, c, "SignalService/ImportSignals", [&](const Caller& caller) {
    FieldViolations v;
    std::vector<v1::Signal> signals;
    v1::ImportSignalsRequest batch;
    int messages = 0;
    size_t bytes = 0;
    std::unique_ptr<StreamWatchdog::Lease> lease;
    if (d_.streams != nullptr) {
      auto opened = d_.streams->Open(caller.tenant, [c] { c->TryCancel(); });
      if (!opened.ok()) return FromAbsl(opened.status());
      lease = *std::move(opened);
    }
    TakeParseComplaint();  // anything this thread parsed before belongs to other work
    while (reader->Read(&batch)) {
      if (lease != nullptr) lease->Touch();
      // Empty or tiny messages must not keep a stream open forever.
      if (++messages > kMaxMessagesPerStream) {
        return InvalidField("requests", absl::StrCat("at most ", kMaxMessagesPerStream,
                                                     " messages per stream; split the "
                                                     "import"));
      }
      bytes += batch.ByteSizeLong();
      if (bytes > kMaxBytesPerStream) {
        return InvalidField("requests", absl::StrCat("at most ", kMaxBytesPerStream,
                                                     " bytes per stream; split the import"));
      }
      if (signals.size() + batch.signals_size() > static_cast<size_t>(kMaxSignalsPerStream)) {
        return InvalidField("signals", absl::StrCat("at most ", kMaxSignalsPerStream,
                                                    " signals per stream; split the import"));
      }
      for (v1::Signal& s : *batch.mutable_signals()) signals.push_back(std::move(s));
      if (c->IsCancelled()) return Status(grpc::StatusCode::CANCELLED, "cancelled");
    }
    // Read() ends the loop both at the end of the stream and at a message that did not parse; the
    // latter must refuse the whole import, not store what came before it.
    if (std::optional<std::string> complaint = TakeParseComplaint(); complaint.has_value()) {
      return MalformedRequest("SignalService/ImportSignals", complaint);
    }
    // A stream the watchdog or the client cancelled also ends the loop: nothing of it is stored.
    if (lease != nullptr && lease->expired()) {
      return Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                    absl::StrCat(lease->reason(), ": nothing was imported"));
    }
    if (c->IsCancelled()) return Status(grpc::StatusCode::CANCELLED, "cancelled");
    if (signals.empty()) v.Add("signals", "required: the stream carried no signal");
    const TimeLimits limits = RequestTimeLimits(d_);
    // Signals of one supplier, in stream order; checked to exist before anything is written.
    std::map<std::string, std::vector<v1::Signal>> by_supplier;
    std::map<std::string, bool> exists;
    for (size_t i = 0; i < signals.size(); ++i) {
      std::string at = absl::StrCat("signals[", i, "]");
      size_t before = v.size();
      ValidateSignal(at, signals[i], limits, &v);
      if (v.size() != before) continue;
      // ValidateSignal checked the form "suppliers/{id}".
      std::string id = names::ParseSupplier(signals[i].supplier()).value_or("");
      auto [it, inserted] = exists.try_emplace(id, false);
      if (inserted) it->second = d_.store->GetSupplier(caller.tenant, id).ok();
      if (!it->second) {
        v.Add(at + ".supplier", absl::StrCat("no supplier \"", signals[i].supplier(), "\""));
        continue;
      }
      by_supplier[id].push_back(std::move(signals[i]));
    }
    if (!v.empty()) return v.ToStatus();
    // One store mutation for every supplier: the import is stored whole or not at all.
    std::vector<store::SupplierSignals> imports;
    int imported = 0;
    for (auto& [supplier_id, list] : by_supplier) {
      imported += static_cast<int>(list.size());
      imports.push_back({supplier_id, std::move(list)});
    }
    absl::StatusOr<std::vector<store::ImportResult>> results =
        d_.store->ImportSignalsForSuppliers(caller.tenant, imports, {Actor(caller), "", ""});
    if (!results.ok()) {
      // A supplier deleted since the check above: name it (nothing was imported).
      std::string missing;
      for (const store::SupplierSignals& one : imports) {
        if (!d_.store->GetSupplier(caller.tenant, one.supplier_id).ok()) {
          missing = names::Supplier(one.supplier_id);
          break;
        }
      }
      return StoreError(results.status(), "supplier", missing);
    }
    for (const store::SupplierSignals& one : imports) {
      resp->add_suppliers(names::Supplier(one.supplier_id));
    }
    resp->set_imported_count(imported);
    return Status::OK;
  });
}

Status SignalServiceImpl::ListSignals(ServerContext* c, const v1::ListSignalsRequest* req,
                                      v1::ListSignalsResponse* resp) {
  return Serve(d_.env, c, "SignalService/ListSignals", [&](const Caller& caller) {
    SupplierListStart list;
    Status started = StartSupplierList(d_.store, *d_.page_tokens, caller, "ListSignals",
                                       req->parent(), req->page_size(), req->page_token(), &list);
    if (!started.ok()) return started;
    auto page = d_.store->ListSignals(caller.tenant, list.supplier_id, {},
                                      {EffectivePageSize(req->page_size()), list.position});
    if (!page.ok()) return FromAbsl(page.status());
    PageBudget budget(d_.max_message_bytes);
    std::string next;
    Status filled = FillFromStorePage(
        *page, budget, "signal",
        [](const v1::Signal& s) {
          return RepeatedFieldBytes(v1::ListSignalsResponse::kSignalsFieldNumber, s.ByteSizeLong());
        },
        [&](const v1::Signal& s) { return absl::StrCat(req->parent(), "/signals/", s.id()); },
        [&](v1::Signal& s) { *resp->add_signals() = std::move(s); }, &next);
    if (!filled.ok()) return filled;
    if (!next.empty()) resp->set_next_page_token(d_.page_tokens->Encode(list.query_key, next));
    return Status::OK;
  });
}

}  // namespace supplyrisk::api
