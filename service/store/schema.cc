#include "service/store/schema.h"

#include <algorithm>

#include "service/store/key_codec.h"

namespace supplyrisk::store {

const char* CfName(int cf) {
  static const char* const kNames[kNumCfs] = {
      "default",           "templates",     "suppliers",    "summaries",      "responses",
      "signals",           "assessments",   "engagements",  "relationships",  "jobs",
      "idempotency",       "audit",         "idx_grade",    "idx_decision",   "idx_score",
      "idx_updated",       "idx_issue",     "idx_rel_from", "idx_rel_to",     "idx_engagement",
      "idx_assessment_id", "confirmations", "idx_dirty",    "idx_review_due", "idx_party",
  };
  return kNames[cf];
}

std::string AuditHeadKey(absl::string_view tenant) {
  std::string key(kAuditHeadPrefix);
  AppendString(&key, tenant);
  return key;
}

std::string TenantPrefix(absl::string_view tenant) {
  std::string key;
  AppendString(&key, tenant);
  return key;
}

std::string Key(absl::string_view tenant, absl::string_view a) {
  std::string key = TenantPrefix(tenant);
  AppendString(&key, a);
  return key;
}

std::string Key(absl::string_view tenant, absl::string_view a, absl::string_view b) {
  std::string key = Key(tenant, a);
  AppendString(&key, b);
  return key;
}

std::string Key(absl::string_view tenant, absl::string_view a, absl::string_view b,
                absl::string_view c) {
  std::string key = Key(tenant, a, b);
  AppendString(&key, c);
  return key;
}

std::string TemplateKey(absl::string_view tenant, absl::string_view id, uint32_t revision) {
  std::string key = Key(tenant, id);
  AppendUint32(&key, revision);
  return key;
}

std::string SignalKey(absl::string_view tenant, absl::string_view supplier, int factor,
                      absl::string_view issue_type, absl::string_view signal_id) {
  std::string key = Key(tenant, supplier);
  AppendUint32(&key, static_cast<uint32_t>(factor));
  AppendString(&key, issue_type);
  AppendString(&key, signal_id);
  return key;
}

std::string AssessmentKey(absl::string_view tenant, absl::string_view supplier,
                          int64_t as_of_micros, absl::string_view assessment) {
  std::string key = Key(tenant, supplier);
  AppendInt64(&key, as_of_micros);
  AppendString(&key, assessment);
  return key;
}

std::string ConfirmationKey(absl::string_view tenant, absl::string_view supplier,
                            absl::string_view assessment, int64_t as_of_micros) {
  std::string key = Key(tenant, supplier, assessment);
  AppendInt64(&key, as_of_micros);
  return key;
}

std::string AuditKey(absl::string_view tenant, uint64_t sequence) {
  std::string key = TenantPrefix(tenant);
  AppendUint64(&key, sequence);
  return key;
}

std::string DecisionIndexKey(absl::string_view tenant, int outcome, absl::string_view supplier) {
  std::string key = TenantPrefix(tenant);
  AppendUint32(&key, static_cast<uint32_t>(outcome));
  AppendString(&key, supplier);
  return key;
}

std::string ScoreIndexKey(absl::string_view tenant, double score, absl::string_view supplier) {
  std::string key = TenantPrefix(tenant);
  AppendDouble(&key, score);
  AppendString(&key, supplier);
  return key;
}

std::string UpdatedIndexKey(absl::string_view tenant, int64_t micros, absl::string_view supplier) {
  std::string key = TenantPrefix(tenant);
  AppendInt64(&key, micros);
  AppendString(&key, supplier);
  return key;
}

int64_t ToMicros(absl::Time t) { return absl::ToUnixMicros(t); }

std::string LastComponent(absl::string_view key, absl::string_view tenant_prefix, int skip_strings,
                          int skip_fixed_bytes) {
  key.remove_prefix(tenant_prefix.size());
  std::string s;
  for (int i = 0; i < skip_strings; ++i) ConsumeString(&key, &s);
  key.remove_prefix(std::min<size_t>(skip_fixed_bytes, key.size()));
  ConsumeString(&key, &s);
  return s;
}

}  // namespace supplyrisk::store
