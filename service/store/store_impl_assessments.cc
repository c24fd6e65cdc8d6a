// Assessments: immutable versions keyed by (as_of, id) per supplier, with an id index. The latest
// one (greatest as_of, then id) sets the supplier's summary and its grade, decision and score index
// entries.
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "service/store/recorded_assessment.h"
#include "service/store/store_impl.h"
#include "service/store/supplier_summary.h"

namespace supplyrisk::store {

using ::supplyrisk::v1::Assessment;

absl::StatusOr<Assessment> StoreImpl::CreateAssessment(absl::string_view tenant,
                                                       absl::string_view supplier_id,
                                                       absl::string_view assessment_id,
                                                       const Assessment& assessment,
                                                       const MutationContext& ctx) {
  return StoreAssessmentVersion(tenant, supplier_id, assessment_id, assessment, {}, ctx);
}

absl::StatusOr<Assessment> StoreImpl::CreateOrConfirmAssessment(
    absl::string_view tenant, absl::string_view supplier_id, absl::string_view assessment_id,
    const Assessment& assessment, const AssessmentBookkeeping& bookkeeping,
    const MutationContext& ctx) {
  const std::string& facts_digest = bookkeeping.facts_digest;
  if (!facts_digest.empty()) {
    // A cheap look first: only a supplier whose latest version has these facts can be confirmed;
    // ConfirmLatest checks it again in the commit group.
    absl::StatusOr<SupplierSummary> sum = GetSupplierSummary(tenant, supplier_id, nullptr);
    if (sum.ok() && sum->has_assessment() && sum->latest_facts_digest() == facts_digest &&
        (!assessment.has_as_of() || TsMicros(assessment.as_of()) >= sum->latest_as_of_micros())) {
      absl::StatusOr<Assessment> confirmed =
          ConfirmLatest(tenant, supplier_id, assessment, bookkeeping, ctx);
      if (!IsLatestChanged(confirmed.status())) return confirmed;
    }
  }
  return StoreAssessmentVersion(tenant, supplier_id, assessment_id, assessment, bookkeeping, ctx);
}

absl::StatusOr<Assessment> StoreImpl::StoreAssessmentVersion(
    absl::string_view tenant, absl::string_view supplier_id, absl::string_view assessment_id,
    const Assessment& assessment, const AssessmentBookkeeping& bookkeeping,
    const MutationContext& ctx) {
  absl::Status st = ValidateId("supplier_id", supplier_id);
  if (st.ok()) st = ValidateId("assessment_id", assessment_id);
  if (!st.ok()) return st;
  if (std::isnan(assessment.overall_score())) {
    return absl::InvalidArgumentError("assessment.overall_score: must be a number");
  }
  Assessment doc = assessment;
  doc.set_name(names::Assessment(supplier_id, assessment_id));
  doc.set_supplier(names::Supplier(supplier_id));
  // Answer-only fields: never part of a stored version.
  doc.clear_confirm_time();
  doc.clear_confirmation_count();
  doc.clear_last_confirm_time();
  absl::StatusOr<std::string> out = Mutate(
      tenant, ctx, Sha256Hex(SerializeDeterministic(doc)),
      [&](Txn& txn) -> absl::StatusOr<std::string> {
        const std::string& t = txn.tenant;
        absl::Status st = RequireSupplier(txn, supplier_id);
        if (!st.ok()) return st;
        std::string id_key = Key(t, supplier_id, assessment_id);
        std::string existing;
        absl::StatusOr<bool> found = txn.Get(kIdxAssessmentId, id_key, &existing);
        if (!found.ok()) return found.status();
        if (*found) return absl::AlreadyExistsError(absl::StrCat(doc.name(), " already exists"));
        Assessment d = doc;
        if (!d.has_as_of()) *d.mutable_as_of() = MicrosTs(ToMicros(txn.now));
        int64_t as_of = TsMicros(d.as_of());
        std::string value = SerializeDeterministic(d);
        txn.Put(kAssessments, AssessmentKey(t, supplier_id, as_of, assessment_id), value);
        std::string micros;
        AppendInt64(&micros, as_of);
        txn.Put(kIdxAssessmentId, id_key, micros);
        absl::StatusOr<SupplierSummary> before = LoadSummary(txn, supplier_id);
        if (!before.ok()) return before.status();
        SupplierSummary after = *before;
        bool latest =
            !before->has_assessment() ||
            std::make_pair(as_of, std::string(assessment_id)) >
                std::make_pair(before->latest_as_of_micros(), before->latest_assessment_id());
        if (latest) {
          SetLatest(d, as_of, assessment_id, bookkeeping.facts_digest, &after);
          ApplyRescoreBookkeeping(bookkeeping, as_of, &after);
        }
        after.set_assessment_count(before->assessment_count() + 1);
        after.set_update_time_micros(ToMicros(txn.now));
        WriteSummary(txn, t, supplier_id, &*before, &after);
        txn.Audit("create", d.name(), Sha256Hex(value));
        return value;
      },
      // Assessments are immutable: a retry reads the one the first request stored (or confirmed).
      [](Txn& txn, const std::string& resource) { return ReadRecorded(txn, resource); });
  if (!out.ok()) return out.status();
  return ParseAs<Assessment>(*out, "assessment");
}

absl::StatusOr<Assessment> StoreImpl::GetAssessment(absl::string_view tenant,
                                                    absl::string_view supplier_id,
                                                    absl::string_view assessment_id,
                                                    const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (st.ok()) st = ValidateId("supplier_id", supplier_id);
  if (st.ok()) st = ValidateId("assessment_id", assessment_id);
  if (!st.ok()) return st;
  std::unique_ptr<Snapshot> own;
  if (snapshot == nullptr) {
    own = GetSnapshot();
    snapshot = own.get();
  }
  std::string resource = names::Assessment(supplier_id, assessment_id);
  std::string micros;
  absl::StatusOr<bool> found =
      RawGet(kIdxAssessmentId, Key(tenant, supplier_id, assessment_id), &micros, snapshot);
  if (!found.ok()) return found.status();
  if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
  absl::string_view in(micros);
  int64_t as_of;
  if (!ConsumeInt64(&in, &as_of)) return absl::DataLossError("assessment id index is corrupt");
  absl::StatusOr<Assessment> a = GetDoc<Assessment>(
      kAssessments, AssessmentKey(tenant, supplier_id, as_of, assessment_id), resource, snapshot);
  if (absl::IsNotFound(a.status())) {
    return absl::DataLossError(absl::StrCat("index names missing ", resource));
  }
  return a;
}

absl::StatusOr<Assessment> StoreImpl::GetLatestAssessment(absl::string_view tenant,
                                                          absl::string_view supplier_id,
                                                          const Snapshot* snapshot) {
  PageRequest one;
  one.page_size = 1;
  absl::StatusOr<Page<Assessment>> page = ListAssessments(tenant, supplier_id, one, snapshot);
  if (!page.ok()) return page.status();
  if (page->items.empty()) {
    return absl::NotFoundError(absl::StrCat(names::Supplier(supplier_id), " has no assessment"));
  }
  return page->items[0];
}

absl::StatusOr<Page<Assessment>> StoreImpl::ListAssessments(absl::string_view tenant,
                                                            absl::string_view supplier_id,
                                                            const PageRequest& page,
                                                            const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (st.ok()) st = ValidateId("supplier_id", supplier_id);
  if (!st.ok()) return st;
  Page<Assessment> out;
  absl::StatusOr<std::string> next =
      ScanPrefix(kAssessments, Key(tenant, supplier_id), page, /*reverse=*/true, snapshot,
                 [&](absl::string_view k, absl::string_view v) -> absl::StatusOr<bool> {
                   absl::StatusOr<Assessment> a = ParseAs<Assessment>(v, "assessment");
                   if (!a.ok()) return a.status();
                   out.items.push_back(*std::move(a));
                   out.positions.emplace_back(k);
                   return true;
                 });
  if (!next.ok()) return next.status();
  out.next_page_token = *next;
  return out;
}

absl::StatusOr<std::vector<ScorePoint>> StoreImpl::ScoreTrend(absl::string_view tenant,
                                                              absl::string_view supplier_id,
                                                              absl::Time from, absl::Time to,
                                                              const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (st.ok()) st = ValidateId("supplier_id", supplier_id);
  if (!st.ok()) return st;
  std::string prefix = Key(tenant, supplier_id);
  std::string lower = prefix, upper = prefix;
  AppendInt64(&lower, ToMicros(from));
  AppendInt64(&upper, ToMicros(to));
  std::vector<ScorePoint> out;
  if (lower >= upper) return out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(Ro(snapshot), handles_[kAssessments]));
  for (it->Seek(lower); it->Valid() && it->key().compare(upper) < 0; it->Next()) {
    absl::StatusOr<Assessment> a = ParseAs<Assessment>(Sv(it->value()), "assessment");
    if (!a.ok()) return a.status();
    ScorePoint p;
    p.as_of = absl::FromUnixMicros(TsMicros(a->as_of()));
    p.assessment_id = a->name().substr(a->name().rfind('/') + 1);
    p.overall_score = a->overall_score();
    p.grade = a->grade();
    out.push_back(std::move(p));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan assessments");
  return out;
}

}  // namespace supplyrisk::store
