// Confirmations: a rescoring whose facts equal the latest version's is kept as a few bytes beside
// that version (T|supplier|assessment|i64 as_of -> Confirmation) instead of a new version; old ones
// are thinned in small batches, keeping the newest of each version.
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "service/store/recorded_assessment.h"
#include "service/store/store_impl.h"
#include "service/store/supplier_summary.h"

namespace supplyrisk::store {
namespace {

// Bound on one thinning step.
constexpr int kMaxThinBatch = 10000;

// The (supplier, assessment) a confirmation key belongs to, as its encoded key prefix, and its
// as_of; false when the key does not parse.
bool SplitConfirmationKey(absl::string_view key, size_t tenant_prefix, std::string* version,
                          int64_t* as_of) {
  absl::string_view in = key.substr(tenant_prefix);
  std::string sid, aid;
  if (!ConsumeString(&in, &sid) || !ConsumeString(&in, &aid)) return false;
  *version = std::string(key.substr(0, key.size() - in.size()));
  return ConsumeInt64(&in, as_of) && in.empty();
}

}  // namespace

using ::supplyrisk::v1::Assessment;

absl::StatusOr<Assessment> StoreImpl::ConfirmLatest(absl::string_view tenant,
                                                    absl::string_view supplier_id,
                                                    const Assessment& assessment,
                                                    const AssessmentBookkeeping& bookkeeping,
                                                    const MutationContext& ctx) {
  absl::Status st = ValidateId("supplier_id", supplier_id);
  if (!st.ok()) return st;
  if (ctx.request_id.size() > kMaxIdBytes) {
    return absl::InvalidArgumentError("request_id: longer than 256 bytes");
  }
  // A confirmation has no audit entry, so it keeps its own idempotency record (Mutate names the
  // resource of the first audit entry): the record names the confirmation.
  const std::string digest = ctx.request_digest.empty()
                                 ? Sha256Hex(SerializeDeterministic(assessment))
                                 : ctx.request_digest;
  MutationContext plain;
  plain.actor = ctx.actor;
  absl::StatusOr<std::string> named =
      Mutate(tenant, plain, "", [&](Txn& txn) -> absl::StatusOr<std::string> {
        std::string idem_key;
        if (!ctx.request_id.empty()) {
          idem_key = Key(txn.tenant, ctx.request_id);
          IdempotencyRecord rec;
          absl::StatusOr<bool> found =
              txn.GetMsg(kIdempotency, idem_key, &rec, "idempotency record");
          if (!found.ok()) return found.status();
          if (*found && !rec.resource().empty() && rec.expire_time_micros() > ToMicros(txn.now)) {
            if (rec.request_digest() != digest) {
              return absl::FailedPreconditionError(absl::StrCat(
                  "request_id \"", ctx.request_id, "\" was already used for a different request"));
            }
            return rec.resource();  // a retry: what the first request made
          }
        }
        absl::Status st = RequireSupplier(txn, supplier_id);
        if (!st.ok()) return st;
        absl::StatusOr<SupplierSummary> sum = LoadSummary(txn, supplier_id);
        if (!sum.ok()) return sum.status();
        const int64_t as_of =
            assessment.has_as_of() ? TsMicros(assessment.as_of()) : ToMicros(txn.now);
        if (!sum->has_assessment() || sum->latest_facts_digest() != bookkeeping.facts_digest ||
            as_of < sum->latest_as_of_micros()) {
          return LatestChangedError();
        }
        const std::string& aid = sum->latest_assessment_id();
        std::string key = ConfirmationKey(txn.tenant, supplier_id, aid, as_of);
        std::string existing;
        absl::StatusOr<bool> found = txn.Get(kConfirmations, key, &existing);
        if (!found.ok()) return found.status();
        if (!*found) {  // the same as_of confirmed twice is kept once
          Confirmation c;
          c.set_actor(ctx.actor);
          c.set_request_id(ctx.request_id);
          c.set_record_time_micros(ToMicros(txn.now));
          txn.Put(kConfirmations, key, SerializeDeterministic(c));
        }
        SupplierSummary after = *sum;
        ApplyRescoreBookkeeping(bookkeeping, as_of, &after);
        if (after.review_due_micros() != sum->review_due_micros() ||
            after.dirty_reasons() != sum->dirty_reasons()) {
          WriteSummary(txn, txn.tenant, supplier_id, &*sum, &after);
        }
        std::string name = ConfirmationName(supplier_id, aid, as_of);
        if (!idem_key.empty()) {
          IdempotencyRecord rec;
          rec.set_request_digest(digest);
          rec.set_resource(name);
          rec.set_create_time_micros(ToMicros(txn.now));
          rec.set_expire_time_micros(ToMicros(txn.now + options_.idempotency_ttl));
          txn.Put(kIdempotency, idem_key, SerializeDeterministic(rec));
        }
        return name;
      });
  if (!named.ok()) return named.status();
  return GetRecordedAssessment(tenant, *named, nullptr);
}

absl::StatusOr<Assessment> StoreImpl::GetRecordedAssessment(absl::string_view tenant,
                                                            absl::string_view resource,
                                                            const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (!st.ok()) return st;
  RecordedName name;
  if (!ParseRecordedName(resource, &name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("resource: \"", resource, "\" names no assessment or confirmation"));
  }
  std::unique_ptr<Snapshot> own;
  if (snapshot == nullptr) {
    own = GetSnapshot();
    snapshot = own.get();
  }
  absl::StatusOr<Assessment> a =
      GetAssessment(tenant, name.supplier_id, name.assessment_id, snapshot);
  if (!a.ok() || !name.confirmation) return a;
  std::string value;
  absl::StatusOr<bool> found =
      RawGet(kConfirmations,
             ConfirmationKey(tenant, name.supplier_id, name.assessment_id, name.as_of_micros),
             &value, snapshot);
  if (!found.ok()) return found.status();
  if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
  *a->mutable_confirm_time() = MicrosTs(name.as_of_micros);
  return a;
}

absl::StatusOr<ConfirmationStats> StoreImpl::GetConfirmationStats(absl::string_view tenant,
                                                                  absl::string_view supplier_id,
                                                                  absl::string_view assessment_id,
                                                                  const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (st.ok()) st = ValidateId("supplier_id", supplier_id);
  if (st.ok()) st = ValidateId("assessment_id", assessment_id);
  if (!st.ok()) return st;
  const std::string prefix = Key(tenant, supplier_id, assessment_id);
  ConfirmationStats stats;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(Ro(snapshot), handles_[kConfirmations]));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    absl::string_view rest = Sv(it->key()).substr(prefix.size());
    int64_t as_of = 0;
    if (!ConsumeInt64(&rest, &as_of)) return absl::DataLossError("confirmation key does not parse");
    ++stats.count;
    stats.last = absl::FromUnixMicros(as_of);  // keys ascend by as_of
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan confirmations");
  return stats;
}

absl::StatusOr<ConfirmationThinning> StoreImpl::ThinConfirmations(absl::string_view tenant,
                                                                  absl::Time cutoff,
                                                                  absl::string_view after,
                                                                  int max_records) {
  absl::Status st = ValidateTenant(tenant);
  if (!st.ok()) return st;
  if (max_records < 1 || max_records > kMaxThinBatch) {
    return absl::InvalidArgumentError("max_records: must be in 1..10000");
  }
  const std::string prefix = TenantPrefix(tenant);
  if (!after.empty() && !absl::StartsWith(after, prefix)) {
    return absl::InvalidArgumentError("after: not a confirmation key of this tenant");
  }
  const std::string upper = PrefixSuccessor(prefix);
  const int64_t cutoff_micros = ToMicros(cutoff);
  ConfirmationThinning progress;
  std::vector<std::string> old;
  {
    // Candidates from a snapshot, outside the commit group. A key is the newest of its version
    // when the next key belongs to another version (keys ascend by as_of within a version).
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), handles_[kConfirmations]));
    it->Seek(after.empty() ? prefix : std::string(after));
    if (!after.empty() && it->Valid() && Sv(it->key()) == after) it->Next();
    std::string key, version, next_version;
    int64_t as_of = 0, next_as_of = 0;
    bool have = false;
    for (; it->Valid() && it->key().compare(upper) < 0; it->Next()) {
      std::string k = it->key().ToString();
      if (!SplitConfirmationKey(k, prefix.size(), &next_version, &next_as_of)) {
        return absl::DataLossError("confirmation key does not parse");
      }
      if (have) {
        ++progress.scanned;
        if (next_version == version && as_of < cutoff_micros) old.push_back(key);
        progress.next_key = key;
        if (progress.scanned >= max_records) break;
      }
      key = std::move(k);
      version = next_version;
      as_of = next_as_of;
      have = true;
    }
    if (!it->status().ok()) return FromRocks(it->status(), "scan confirmations");
    // The tenant's last key is the newest of its version: nothing left to thin.
    if (progress.scanned < max_records) progress.next_key.clear();
  }
  if (old.empty()) return progress;
  MutationContext ctx;
  ctx.actor = "system:confirmation-thinning";
  int removed = 0;
  absl::StatusOr<std::string> out =
      Mutate(tenant, ctx, "", [&](Txn& txn) -> absl::StatusOr<std::string> {
        removed = 0;
        // Removing an older confirmation never removes a version's newest: a newer key existed in
        // the snapshot and confirmations are only ever removed here, so it still does.
        for (const std::string& k : old) {
          std::string v;
          absl::StatusOr<bool> found = txn.Get(kConfirmations, k, &v);
          if (!found.ok()) return found.status();
          if (!*found) continue;
          txn.Delete(kConfirmations, k);
          ++removed;
        }
        return std::string();
      });
  if (!out.ok()) return out.status();
  progress.removed = removed;
  return progress;
}

}  // namespace supplyrisk::store
