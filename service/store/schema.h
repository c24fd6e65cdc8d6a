// The store's on-disk layout: column families and key builders. Internal to service/store (tests
// use it to inspect and tamper with the raw database).
//
// Every key starts with the encoded tenant, so a tenant is one contiguous range in every column
// family. Components are encoded with key_codec.h, so keys sort like their tuples.
#ifndef SUPPLYRISK_SERVICE_STORE_SCHEMA_H_
#define SUPPLYRISK_SERVICE_STORE_SCHEMA_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace supplyrisk::store {

enum Cf : int {
  kMeta = 0,         // "default": schema version, audit heads
  kTemplates,        // T|template_id|u32 revision -> Template
  kSuppliers,        // T|supplier -> Supplier
  kSummaries,        // T|supplier -> SupplierSummary
  kResponses,        // T|supplier|response -> Response
  kSignals,          // T|supplier|u32 factor|issue_type|signal_id -> Signal
  kAssessments,      // T|supplier|i64 as_of micros|assessment -> Assessment
  kEngagements,      // T|engagement -> Engagement
  kRelationships,    // T|relationship -> Relationship
  kJobs,             // T|job -> Job
  kIdempotency,      // T|request_id -> IdempotencyRecord
  kAudit,            // T|u64 sequence -> AuditEntry
  kIdxGrade,         // T|grade|supplier -> ""
  kIdxDecision,      // T|u32 outcome|supplier -> ""
  kIdxScore,         // T|double score|supplier -> ""
  kIdxUpdated,       // T|i64 micros|supplier -> ""
  kIdxIssue,         // T|issue_type|supplier -> ""
  kIdxRelFrom,       // T|from|to|relationship -> ""
  kIdxRelTo,         // T|to|from|relationship -> ""
  kIdxEngagement,    // T|supplier|engagement -> ""
  kIdxAssessmentId,  // T|supplier|assessment -> i64 as_of micros
  kConfirmations,    // T|supplier|assessment|i64 as_of micros -> Confirmation
  kIdxDirty,         // T|supplier -> "" while its summary carries a dirty mark
  kIdxReviewDue,     // T|i64 review due micros|supplier -> ""
  kIdxParty,         // T|kind ("n", "k", "l", "d")|value|supplier -> ""
  kNumCfs,
};

// Column family names, indexed by Cf.
const char* CfName(int cf);

// Keys in kMeta.
inline constexpr absl::string_view kSchemaVersionKey = "\x01schema_version";
// kAuditHeadPrefix + the encoded tenant: one per tenant that has ever written.
inline constexpr absl::string_view kAuditHeadPrefix = "\x02audit_head";
std::string AuditHeadKey(absl::string_view tenant);

// The encoded tenant: the prefix of all of its keys.
std::string TenantPrefix(absl::string_view tenant);

// The kIdxParty keys a supplier is found under: its corporate number and the company-name key
// (chain::CompanyNameKey) of each display name, which a questionnaire's subcontractor entries are
// matched by; its LEI and each of its domains, which integrators look suppliers up by.
inline constexpr absl::string_view kPartyByNumber = "n";
inline constexpr absl::string_view kPartyByNameKey = "k";
inline constexpr absl::string_view kPartyByLei = "l";
inline constexpr absl::string_view kPartyByDomain = "d";
// TenantPrefix + each component encoded as a string.
std::string Key(absl::string_view tenant, absl::string_view a);
std::string Key(absl::string_view tenant, absl::string_view a, absl::string_view b);
std::string Key(absl::string_view tenant, absl::string_view a, absl::string_view b,
                absl::string_view c);

std::string TemplateKey(absl::string_view tenant, absl::string_view id, uint32_t revision);
std::string SignalKey(absl::string_view tenant, absl::string_view supplier, int factor,
                      absl::string_view issue_type, absl::string_view signal_id);
std::string AssessmentKey(absl::string_view tenant, absl::string_view supplier,
                          int64_t as_of_micros, absl::string_view assessment);
std::string ConfirmationKey(absl::string_view tenant, absl::string_view supplier,
                            absl::string_view assessment, int64_t as_of_micros);
std::string AuditKey(absl::string_view tenant, uint64_t sequence);
std::string DecisionIndexKey(absl::string_view tenant, int outcome, absl::string_view supplier);
std::string ScoreIndexKey(absl::string_view tenant, double score, absl::string_view supplier);
std::string UpdatedIndexKey(absl::string_view tenant, int64_t micros, absl::string_view supplier);

int64_t ToMicros(absl::Time t);

// The string component of `key` that follows `skip_strings` string components and then
// `skip_fixed_bytes` fixed-width bytes after the tenant prefix: the id at the end of an index key.
std::string LastComponent(absl::string_view key, absl::string_view tenant_prefix, int skip_strings,
                          int skip_fixed_bytes);

}  // namespace supplyrisk::store

#endif  // SUPPLYRISK_SERVICE_STORE_SCHEMA_H_
