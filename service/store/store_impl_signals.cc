// Signals: one record per (supplier, factor, issue type, signal id). The lifecycle rules (first
// seen, last seen, resolved, reopened) are engine/signals'; the store validates the import, keeps
// the open-issue counts of the supplier's summary and audits the import as one change.
#include <set>

#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "engine/scoring/digest.h"
#include "engine/signals/signal_lifecycle.h"
#include "service/store/store_impl.h"
#include "service/store/supplier_summary.h"

namespace supplyrisk::store {
namespace {

using ::supplyrisk::signals::SignalTransition;
using ::supplyrisk::signals::SignalUpdate;
using ::supplyrisk::v1::Signal;

constexpr size_t kMaxSignalIdBytes = 1024;

// The result bytes of an import (Mutate passes bytes): four u32 counters, then each record
// length-prefixed.
std::string EncodeImportResult(const ImportResult& result) {
  std::string out;
  AppendUint32(&out, result.created);
  AppendUint32(&out, result.updated);
  AppendUint32(&out, result.resolved);
  AppendUint32(&out, result.reopened);
  for (const Signal& s : result.signals) {
    std::string one = SerializeDeterministic(s);
    AppendUint64(&out, one.size());
    out += one;
  }
  return out;
}

absl::StatusOr<ImportResult> DecodeImportResult(absl::string_view in) {
  ImportResult decoded;
  uint32_t c, u, r, o;
  if (!ConsumeUint32(&in, &c) || !ConsumeUint32(&in, &u) || !ConsumeUint32(&in, &r) ||
      !ConsumeUint32(&in, &o)) {
    return absl::DataLossError("stored import result does not parse");
  }
  decoded.created = c;
  decoded.updated = u;
  decoded.resolved = r;
  decoded.reopened = o;
  while (!in.empty()) {
    uint64_t n;
    if (!ConsumeUint64(&in, &n) || n > in.size()) {
      return absl::DataLossError("stored import result does not parse");
    }
    absl::StatusOr<Signal> s = ParseAs<Signal>(in.substr(0, n), "signal");
    if (!s.ok()) return s.status();
    decoded.signals.push_back(*std::move(s));
    in.remove_prefix(n);
  }
  return decoded;
}

void Count(SignalTransition transition, ImportResult* result) {
  switch (transition) {
    case SignalTransition::kNew:
      ++result->created;
      break;
    case SignalTransition::kUpdated:
      ++result->updated;
      break;
    case SignalTransition::kResolved:
      ++result->resolved;
      break;
    case SignalTransition::kReopened:
      ++result->reopened;
      break;
    case SignalTransition::kUnchanged:
      break;
  }
}

// Checks and normalises one supplier's signals (field names under `at`), and adds them to
// `request`, the digest of the import.
absl::StatusOr<std::vector<Signal>> PrepareSignals(absl::string_view at,
                                                   absl::string_view supplier_id,
                                                   const std::vector<Signal>& signals,
                                                   Sha256* request) {
  absl::Status st = ValidateId(absl::StrCat(at, "supplier_id"), supplier_id);
  if (!st.ok()) return st;
  std::vector<Signal> input = signals;
  for (size_t i = 0; i < input.size(); ++i) {
    Signal& s = input[i];
    std::string field = absl::StrCat(at, "signals[", i, "]");
    if (!supplyrisk::v1::Factor_IsValid(s.factor()) ||
        s.factor() == supplyrisk::v1::FACTOR_UNSPECIFIED) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".factor: must be a known factor"));
    }
    if (s.issue_type().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".issue_type: required"));
    }
    if (!s.has_observed_at()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".observed_at: required"));
    }
    signals::NormaliseObservation(&s);
    if (s.id().size() > kMaxSignalIdBytes) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".id: longer than 1024 bytes"));
    }
    s.set_supplier(names::Supplier(supplier_id));
    // Set by the store on the merged record, never taken from the caller.
    s.clear_digest();
    request->UpdateField(SerializeDeterministic(s));
  }
  return input;
}

bool SameTime(const google::protobuf::Timestamp& a, const google::protobuf::Timestamp& b) {
  return a.seconds() == b.seconds() && a.nanos() == b.nanos();
}

// Whether merging changed what scoring reads of a signal (its severity, when it was first seen and
// when it was resolved), so the supplier needs rescoring. A scan that only sees a known issue again
// changes its last-seen time, which scoring does not read.
bool ChangesScoring(const Signal* stored, const Signal& merged) {
  return stored == nullptr || stored->severity() != merged.severity() ||
         stored->cve() != merged.cve() || !SameTime(stored->observed_at(), merged.observed_at()) ||
         stored->has_resolved_at() != merged.has_resolved_at() ||
         !SameTime(stored->resolved_at(), merged.resolved_at());
}

// Merges one supplier's prepared signals through `txn` (the supplier is known to exist), keeps its
// summary's open-issue counts and audits the import as one change. Writes only to `txn` and the
// returned result, so it may run twice.
absl::StatusOr<ImportResult> ApplyImport(Txn& txn, const std::string& supplier_id,
                                         const std::vector<Signal>& input) {
  ImportResult result;
  absl::StatusOr<SupplierSummary> before = LoadSummary(txn, supplier_id);
  if (!before.ok()) return before.status();
  SupplierSummary after = *before;
  auto& open = *after.mutable_open_issues();
  bool rescore = false;
  Sha256 change;
  for (const Signal& in : input) {
    std::string key = SignalKey(txn.tenant, supplier_id, in.factor(), in.issue_type(), in.id());
    Signal stored;
    absl::StatusOr<bool> found = txn.GetMsg(kSignals, key, &stored, "signal");
    if (!found.ok()) return found.status();
    SignalUpdate update = signals::MergeObservation(*found ? &stored : nullptr, in);
    rescore = rescore || ChangesScoring(*found ? &stored : nullptr, update.record);
    Count(update.transition, &result);
    int delta = (update.is_open ? 1 : 0) - (update.was_open ? 1 : 0);
    if (delta != 0) {
      const std::string& issue = update.record.issue_type();
      int n = open[issue] + delta;
      if (n > 0) {
        open[issue] = n;
      } else {
        open.erase(issue);
      }
    }
    // The digest scoring names this input by, of the record as merged.
    update.record.set_digest(scoring::SignalDigest(update.record));
    std::string value = SerializeDeterministic(update.record);
    txn.Put(kSignals, key, value);
    change.UpdateField(value);
    result.signals.push_back(std::move(update.record));
  }
  after.set_update_time_micros(ToMicros(txn.now));
  if (rescore) AddDirtyMark(kDirtySignals, ToMicros(txn.now), &after);
  WriteSummary(txn, txn.tenant, supplier_id, &*before, &after);
  txn.Audit("import", names::SupplierSignals(supplier_id), change.HexDigest(),
            absl::StrCat("signals=", input.size()));
  return result;
}

// What a retried import answers: no counts, and the records as stored now.
absl::StatusOr<ImportResult> ReplayImport(Txn& txn, const std::string& supplier_id,
                                          const std::vector<Signal>& input) {
  ImportResult result;
  for (const Signal& in : input) {
    Signal stored;
    absl::StatusOr<bool> found = txn.GetMsg(
        kSignals, SignalKey(txn.tenant, supplier_id, in.factor(), in.issue_type(), in.id()),
        &stored, "signal");
    if (!found.ok()) return found.status();
    if (*found) result.signals.push_back(std::move(stored));
  }
  return result;
}

// Several import results, each length-prefixed.
std::string EncodeImportResults(const std::vector<ImportResult>& results) {
  std::string out;
  for (const ImportResult& r : results) {
    std::string one = EncodeImportResult(r);
    AppendUint64(&out, one.size());
    out += one;
  }
  return out;
}

absl::StatusOr<std::vector<ImportResult>> DecodeImportResults(absl::string_view in) {
  std::vector<ImportResult> out;
  while (!in.empty()) {
    uint64_t n;
    if (!ConsumeUint64(&in, &n) || n > in.size()) {
      return absl::DataLossError("stored import result does not parse");
    }
    absl::StatusOr<ImportResult> one = DecodeImportResult(in.substr(0, n));
    if (!one.ok()) return one.status();
    out.push_back(*std::move(one));
    in.remove_prefix(n);
  }
  return out;
}

}  // namespace

absl::StatusOr<ImportResult> StoreImpl::ImportSignals(absl::string_view tenant,
                                                      absl::string_view supplier_id,
                                                      const std::vector<Signal>& signals,
                                                      const MutationContext& ctx) {
  absl::StatusOr<std::vector<ImportResult>> results =
      ImportSignalsForSuppliers(tenant, {{std::string(supplier_id), signals}}, ctx);
  if (!results.ok()) return results.status();
  if (results->size() != 1) return absl::DataLossError("stored import result does not parse");
  return std::move(results->front());
}

absl::StatusOr<std::vector<ImportResult>> StoreImpl::ImportSignalsForSuppliers(
    absl::string_view tenant, const std::vector<SupplierSignals>& imports,
    const MutationContext& ctx) {
  if (imports.empty()) return absl::InvalidArgumentError("imports: at least one supplier");
  // A single-supplier import keeps the field names (and request digest) it always had.
  const bool single = imports.size() == 1;
  std::vector<SupplierSignals> input;
  std::set<std::string> seen;
  Sha256 request;
  for (size_t i = 0; i < imports.size(); ++i) {
    std::string at = single ? "" : absl::StrCat("imports[", i, "].");
    if (!seen.insert(imports[i].supplier_id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(at, "supplier_id: \"", imports[i].supplier_id, "\" given twice"));
    }
    if (!single) request.UpdateField(imports[i].supplier_id);
    absl::StatusOr<std::vector<Signal>> prepared =
        PrepareSignals(at, imports[i].supplier_id, imports[i].signals, &request);
    if (!prepared.ok()) return prepared.status();
    input.push_back({imports[i].supplier_id, *std::move(prepared)});
  }
  absl::StatusOr<std::string> out = Mutate(
      tenant, ctx, request.HexDigest(),
      [&](Txn& txn) -> absl::StatusOr<std::string> {
        std::vector<ImportResult> results;
        for (const SupplierSignals& one : input) {
          absl::Status st = RequireSupplier(txn, one.supplier_id);
          if (!st.ok()) return st;
          absl::StatusOr<ImportResult> r = ApplyImport(txn, one.supplier_id, one.signals);
          if (!r.ok()) return r.status();
          results.push_back(*std::move(r));
        }
        return EncodeImportResults(results);
      },
      [&](Txn& txn, const std::string&) -> absl::StatusOr<std::string> {
        std::vector<ImportResult> results;
        for (const SupplierSignals& one : input) {
          absl::StatusOr<ImportResult> r = ReplayImport(txn, one.supplier_id, one.signals);
          if (!r.ok()) return r.status();
          results.push_back(*std::move(r));
        }
        return EncodeImportResults(results);
      });
  if (!out.ok()) return out.status();
  return DecodeImportResults(*out);
}

absl::StatusOr<Page<Signal>> StoreImpl::ListSignals(absl::string_view tenant,
                                                    absl::string_view supplier_id,
                                                    const SignalFilter& filter,
                                                    const PageRequest& page,
                                                    const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (st.ok()) st = ValidateId("supplier_id", supplier_id);
  if (!st.ok()) return st;
  std::string prefix = Key(tenant, supplier_id);
  if (filter.factor != supplyrisk::v1::FACTOR_UNSPECIFIED) {
    AppendUint32(&prefix, static_cast<uint32_t>(filter.factor));
    if (!filter.issue_type.empty()) AppendString(&prefix, filter.issue_type);
  } else if (!filter.issue_type.empty()) {
    return absl::InvalidArgumentError("issue_type: filtering by issue type needs a factor");
  }
  Page<Signal> out;
  absl::StatusOr<std::string> next =
      ScanPrefix(kSignals, prefix, page, false, snapshot,
                 [&](absl::string_view k, absl::string_view v) -> absl::StatusOr<bool> {
                   absl::StatusOr<Signal> s = ParseAs<Signal>(v, "signal");
                   if (!s.ok()) return s.status();
                   if (filter.open_only && s->has_resolved_at()) return false;
                   out.items.push_back(*std::move(s));
                   out.positions.emplace_back(k);
                   return true;
                 });
  if (!next.ok()) return next.status();
  out.next_page_token = *next;
  return out;
}

}  // namespace supplyrisk::store
