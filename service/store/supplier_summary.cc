#include "service/store/supplier_summary.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "service/store/key_codec.h"
#include "service/store/schema.h"

namespace supplyrisk::store {

std::vector<std::pair<int, std::string>> SummaryIndexKeys(absl::string_view tenant,
                                                          absl::string_view supplier,
                                                          const SupplierSummary& s) {
  std::vector<std::pair<int, std::string>> keys;
  if (s.has_assessment()) {
    keys.emplace_back(kIdxGrade, Key(tenant, s.grade(), supplier));
    keys.emplace_back(kIdxDecision, DecisionIndexKey(tenant, s.outcome(), supplier));
    keys.emplace_back(kIdxScore, ScoreIndexKey(tenant, s.overall_score(), supplier));
  }
  keys.emplace_back(kIdxUpdated, UpdatedIndexKey(tenant, s.update_time_micros(), supplier));
  for (const auto& [issue, count] : s.open_issues()) {
    if (count > 0) keys.emplace_back(kIdxIssue, Key(tenant, issue, supplier));
  }
  if (s.dirty_reasons() != 0) keys.emplace_back(kIdxDirty, Key(tenant, supplier));
  if (s.review_due_micros() > 0) {
    std::string due = TenantPrefix(tenant);
    AppendInt64(&due, s.review_due_micros());
    AppendString(&due, supplier);
    keys.emplace_back(kIdxReviewDue, std::move(due));
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

void WriteSummary(Txn& txn, absl::string_view tenant, absl::string_view supplier,
                  const SupplierSummary* before, const SupplierSummary* after) {
  if (before != nullptr) {
    for (const auto& [cf, key] : SummaryIndexKeys(tenant, supplier, *before)) txn.Delete(cf, key);
  }
  std::string key = Key(tenant, supplier);
  if (after == nullptr) {
    txn.Delete(kSummaries, key);
    return;
  }
  for (const auto& [cf, k] : SummaryIndexKeys(tenant, supplier, *after)) txn.Put(cf, k, "");
  txn.Put(kSummaries, key, SerializeDeterministic(*after));
}

int HighestStarMet(const supplyrisk::v1::Assessment& a) {
  int best = 0;
  for (const supplyrisk::v1::StarReadiness& star : a.stars()) {
    if (star.met() && star.star() > best) best = star.star();
  }
  return best;
}

void SetLatest(const supplyrisk::v1::Assessment& a, int64_t as_of_micros,
               absl::string_view assessment_id, absl::string_view facts_digest,
               SupplierSummary* s) {
  s->set_has_assessment(true);
  s->set_grade(a.grade());
  s->set_outcome(a.decision().outcome());
  s->set_overall_score(a.overall_score());
  s->set_latest_as_of_micros(as_of_micros);
  s->set_latest_assessment_id(std::string(assessment_id));
  s->set_star_ready(HighestStarMet(a));
  s->set_confidence(a.confidence());
  s->set_latest_facts_digest(std::string(facts_digest));
}

void AddDirtyMark(uint32_t reasons, int64_t now_micros, SupplierSummary* s) {
  if (s->dirty_reasons() == 0) s->set_dirty_since_micros(now_micros);
  s->set_dirty_reasons(s->dirty_reasons() | reasons);
  s->set_dirty_generation(s->dirty_generation() + 1);
}

void ApplyRescoreBookkeeping(const AssessmentBookkeeping& b, int64_t as_of_micros,
                             SupplierSummary* s) {
  s->set_review_due_micros(b.review_due == absl::InfiniteFuture() ? 0 : ToMicros(b.review_due));
  if (s->dirty_reasons() != 0 && b.dirty_generation_seen == s->dirty_generation() &&
      as_of_micros >= s->dirty_since_micros()) {
    s->clear_dirty_reasons();
    s->clear_dirty_since_micros();
  }
}

absl::Status MarkSupplierDirty(Txn& txn, absl::string_view supplier_id, uint32_t reasons) {
  SupplierSummary s;
  absl::StatusOr<bool> found = txn.GetMsg(kSummaries, Key(txn.tenant, supplier_id), &s, "summary");
  if (!found.ok()) return found.status();
  if (!*found) return absl::OkStatus();  // not a supplier of this tenant: nothing to rescore
  SupplierSummary after = s;
  AddDirtyMark(reasons, ToMicros(txn.now), &after);
  WriteSummary(txn, txn.tenant, supplier_id, &s, &after);
  return absl::OkStatus();
}

absl::StatusOr<SupplierSummary> LoadSummary(Txn& txn, absl::string_view supplier_id) {
  SupplierSummary s;
  absl::StatusOr<bool> found = txn.GetMsg(kSummaries, Key(txn.tenant, supplier_id), &s, "summary");
  if (!found.ok()) return found.status();
  if (!*found) {
    return absl::DataLossError(
        absl::StrCat("summary of ", names::Supplier(supplier_id), " is missing"));
  }
  return s;
}

}  // namespace supplyrisk::store
