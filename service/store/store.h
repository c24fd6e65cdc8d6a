// The supplyrisk store: every resource of every tenant in one RocksDB database.
//
// Contracts common to every method:
// - `tenant` is the caller's tenant from its credentials (never from a request field). It must be
//   non-empty; another tenant's data is invisible (NotFound, empty lists).
// - Ids are the last segment of a resource name ("acme" for "suppliers/acme"): non-empty, at most
//   256 bytes, no '/'. The store writes the canonical `name` into each document.
// - Every mutation is atomic: the document, its index entries, its history, its idempotency record
//   and its audit entry are written in one WriteBatch, or nothing is. When it returns OK the batch
//   is on disk (synced WAL) unless StoreOptions::sync is false.
// - Documents with an `etag` get a fresh one on every write. Update/Delete with a non-empty
//   `expected_etag` fail with Aborted when it differs from the stored one.
// - Creates accept MutationContext::request_id: the same request_id with the same request digest
//   returns the resource the first request made, read by name (as it is now: assessments are
//   immutable, other documents may have changed since), without writing; with a different digest it
//   fails with FailedPrecondition. The idempotency record holds the digest, the resource name, the
//   creation and expiry times (never the response); it expires after
//   StoreOptions::idempotency_ttl and PurgeExpiredIdempotency removes it.
// - Scoring inputs carry the digest of their content (engine/scoring/digest.h), which the store
//   computes on every write and keeps in the document, replacing whatever the caller sent:
//   Response.digest, Signal.digest (of the record as merged), Engagement.digest and
//   Supplier.profile_digest. Documents written before digests existed have an empty one; a reader
//   that needs it computes it from the document with the same function (the Assessor does), so no
//   migration is needed and the result is the same.
// - Errors: InvalidArgument (bad id/argument), NotFound, AlreadyExists, Aborted (etag),
//   FailedPrecondition (missing parent, published template, request_id reuse, newer schema),
//   AlreadyExists also for a supplier corporate number or LEI another supplier holds
//   (IdentifierHolder),
//   DataLoss (corruption), Unavailable (database locked by another process), Internal (I/O).
// - Thread-safe. Concurrent mutations are committed in groups: each caller prepares its mutation in
//   its own thread (reads, serialisation, hashes, index keys); one leader thread then takes them in
//   arrival order, re-runs only those whose reads changed since, chains their audit entries and
//   writes one synced batch for the group. An audit entry's time is when its mutation started, so
//   times along a chain are not necessarily monotonic; the sequence is the commit order.
#ifndef SUPPLYRISK_SERVICE_STORE_STORE_H_
#define SUPPLYRISK_SERVICE_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "service/store/records.pb.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/audit.pb.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/job.pb.h"
#include "supplyrisk/v1/relationship.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"
#include "supplyrisk/v1/supplier.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::store {

// Bumped when the key layout or a stored record changes incompatibly. A database written by a newer
// version is refused at open (FailedPrecondition) rather than misread.
// 2: summaries carry star_ready, confidence and latest_facts_digest; confirmations.
// 3: the party index (suppliers by corporate number and company-name key).
// 4: the party index also holds LEIs and domains.
inline constexpr int kSchemaVersion = 4;

// Whether an Aborted status is a mismatch of a caller's expected_etag. Other Aborted errors (a
// transaction conflict, the latest assessment changed while it was confirmed) are concurrent
// changes the caller did not name an etag for: retrying the call is the remedy.
bool IsEtagMismatch(const absl::Status& status);

// The supplier ("suppliers/{id}") whose corporate number or LEI an AlreadyExists status says a
// create or update wanted to take; nullopt for any other status.
std::optional<std::string> IdentifierHolder(const absl::Status& status);

struct StoreOptions {
  // Create the database if the directory holds none.
  bool create_if_missing = true;
  // Sync the WAL before acknowledging a write. Only tests and bulk loads turn this off.
  bool sync = true;
  // Bound on the shared LRU block cache.
  size_t block_cache_bytes = 64 << 20;
  // Time source for audit entries, update times and idempotency expiry.
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  absl::Duration idempotency_ttl = absl::Hours(24);
  // Most mutations committed in one group (one synced write).
  int max_group_size = 512;
};

// Who is writing and, for creates, the idempotency key.
struct MutationContext {
  std::string actor;       // for the audit log, e.g. "token:ops-admin"
  std::string request_id;  // optional; makes a create idempotent
  // Optional hex digest of the whole request; when empty the store digests the document.
  std::string request_digest;
};

// Why a supplier needs rescoring: bits of SupplierSummary.dirty_reasons, set in the same batch as
// the change to its inputs (MarkSupplierDirty) and cleared by the assessment that read them.
enum DirtyReason : uint32_t {
  kDirtySignals = 1,         // a signal appeared, was resolved or came back
  kDirtySubcontractors = 2,  // a relationship it contracts out through changed
  kDirtyResponse = 4,        // a response was submitted
  kDirtyProfile = 8,         // the supplier's profile changed
  kDirtyEngagement = 16,     // an engagement with it was created, changed or removed
};

// What CreateOrConfirmAssessment records in the supplier's summary besides the version itself.
struct AssessmentBookkeeping {
  // The assessment's facts digest (see CreateOrConfirmAssessment); empty when unknown.
  std::string facts_digest;
  // When the assessment's inputs next pass a validity limit; InfiniteFuture when never.
  absl::Time review_due = absl::InfiniteFuture();
  // SupplierSummary.dirty_generation read in the same snapshot as the inputs. The dirty mark is
  // cleared only if it is still the current generation; the default never matches one.
  uint64_t dirty_generation_seen = kNoDirtyGeneration;
  static constexpr uint64_t kNoDirtyGeneration = ~uint64_t{0};
};

// A consistent point-in-time view for long scans; pass it to read methods. Release by destroying
// it.
class Snapshot {
 public:
  virtual ~Snapshot() = default;
};

struct PageRequest {
  int page_size = 100;     // 1..1000; 0 means 100
  std::string page_token;  // opaque, from a previous page; empty for the first page
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;  // empty when there are no more items
  // positions[i] is the page token that resumes right after items[i] (same size as items): a
  // caller that returns only the first k items continues from positions[k - 1].
  std::vector<std::string> positions;
};

// Which supplier index a ListSuppliers call walks.
enum class SupplierIndex {
  kId,         // all suppliers, by id
  kGrade,      // suppliers whose latest assessment has `grade`, by id
  kDecision,   // latest assessment's decision outcome == `outcome`, by id
  kScore,      // latest overall score in [min_score, max_score], ascending score then id
  kUpdated,    // update time in [updated_from, updated_to), ascending time then id
  kOpenIssue,  // having an open (unresolved) signal of `issue_type`, by id
  kDirty,      // carrying a dirty mark (inputs changed since last scored), by id
  kReviewDue,  // latest assessment's review due at or before `due_by`, ascending time then id
};

// What FindSuppliers looks a supplier up by.
enum class SupplierIdentifier {
  kCorporateNumber,  // Supplier.corporate_number, exactly (unique within a tenant)
  kLei,              // Supplier.lei, exactly (unique within a tenant)
  kDomain,           // one of Supplier.domains, as stored (lower case, no trailing dot)
  kCompanyName,      // a display name with the same company-name key (chain::CompanyNameKey)
};

struct SupplierQuery {
  SupplierIndex index = SupplierIndex::kId;
  // Walk the index from its end: descending id, score or time.
  bool descending = false;
  std::string grade;
  supplyrisk::v1::DecisionOutcome outcome = supplyrisk::v1::DECISION_OUTCOME_UNSPECIFIED;
  double min_score = -std::numeric_limits<double>::infinity();
  double max_score = std::numeric_limits<double>::infinity();
  absl::Time updated_from = absl::InfinitePast();
  absl::Time updated_to = absl::InfiniteFuture();
  std::string issue_type;
  absl::Time due_by = absl::InfiniteFuture();
};

struct SupplierRecord {
  supplyrisk::v1::Supplier supplier;
  // Latest grade/outcome/score and open issues (a store record: service/store/records.proto).
  SupplierSummary summary;
};

struct ScorePoint {
  absl::Time as_of;
  std::string assessment_id;
  double overall_score = 0;
  std::string grade;
};

// The confirmations kept beside one assessment version.
struct ConfirmationStats {
  int64_t count = 0;
  absl::Time last = absl::InfinitePast();  // the latest confirmation's as_of; InfinitePast if none
};

// One step of ThinConfirmations.
struct ConfirmationThinning {
  int scanned = 0;  // confirmations looked at
  int removed = 0;
  // Pass as `after` to continue; empty when the tenant's confirmations are exhausted.
  std::string next_key;
};

struct SignalFilter {
  supplyrisk::v1::Factor factor = supplyrisk::v1::FACTOR_UNSPECIFIED;  // any when unspecified
  std::string issue_type;  // any when empty; needs factor
  bool open_only = false;
};

struct ImportResult {
  int created = 0;                              // issues seen for the first time
  int updated = 0;                              // last seen moved, or details changed
  int resolved = 0;                             // became resolved
  int reopened = 0;                             // resolved before, seen again after its resolution
  std::vector<supplyrisk::v1::Signal> signals;  // the stored records, in input order
};

// The signals of one supplier in a multi-supplier import.
struct SupplierSignals {
  std::string supplier_id;
  std::vector<supplyrisk::v1::Signal> signals;
};

// One step of PurgeExpiredIdempotency.
struct IdempotencyPurge {
  int scanned = 0;  // records looked at
  int purged = 0;   // expired records removed
  // Pass as `after` to continue; empty when the tenant's records are exhausted.
  std::string next_request_id;
};

struct AuditReport {
  bool intact = true;
  uint64_t entries = 0;             // entries checked
  uint64_t first_bad_sequence = 0;  // 0 when intact
  std::string problem;              // "altered", "removed", "reordered"... with detail
  std::string head_hash;            // anchor it elsewhere to detect a rewritten chain
};

class Store {
 public:
  // Opens (or creates) the database in `path`. Unavailable when another process holds its LOCK;
  // FailedPrecondition when its schema is newer than kSchemaVersion; DataLoss when corrupt.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const std::string& path,
                                                     StoreOptions options = {});
  virtual ~Store() = default;

  // ---- Templates: key (id, revision). Published revisions are immutable.
  virtual absl::StatusOr<supplyrisk::v1::Template> CreateTemplate(
      absl::string_view tenant, const supplyrisk::v1::Template& tmpl,
      const MutationContext& ctx) = 0;
  // Replaces a draft revision; FailedPrecondition when the stored one is published.
  virtual absl::StatusOr<supplyrisk::v1::Template> UpdateTemplate(
      absl::string_view tenant, const supplyrisk::v1::Template& tmpl,
      const MutationContext& ctx) = 0;
  // revision 0 = the highest revision.
  virtual absl::StatusOr<supplyrisk::v1::Template> GetTemplate(
      absl::string_view tenant, absl::string_view template_id, int revision,
      const Snapshot* snapshot = nullptr) = 0;
  // All revisions of all templates, by id then revision.
  virtual absl::StatusOr<Page<supplyrisk::v1::Template>> ListTemplates(
      absl::string_view tenant, const PageRequest& page, const Snapshot* snapshot = nullptr) = 0;

  // ---- Suppliers
  virtual absl::StatusOr<supplyrisk::v1::Supplier> CreateSupplier(
      absl::string_view tenant, absl::string_view supplier_id,
      const supplyrisk::v1::Supplier& supplier, const MutationContext& ctx) = 0;
  // CreateSupplier for each (id, supplier) in one mutation: all are stored or none is.
  // AlreadyExists naming the first taken id; InvalidArgument for an id given twice. Results in
  // input order.
  virtual absl::StatusOr<std::vector<supplyrisk::v1::Supplier>> CreateSuppliers(
      absl::string_view tenant,
      const std::vector<std::pair<std::string, supplyrisk::v1::Supplier>>& items,
      const MutationContext& ctx) = 0;
  // Replaces the stored document (apply field masks before calling).
  virtual absl::StatusOr<supplyrisk::v1::Supplier> UpdateSupplier(
      absl::string_view tenant, absl::string_view supplier_id,
      const supplyrisk::v1::Supplier& supplier, absl::string_view expected_etag,
      const MutationContext& ctx) = 0;
  // Removes the supplier, its responses, assessments, signals, summary, index entries, and the
  // relationships and engagements that name it; one audit entry per removed top-level resource.
  virtual absl::Status DeleteSupplier(absl::string_view tenant, absl::string_view supplier_id,
                                      absl::string_view expected_etag,
                                      const MutationContext& ctx) = 0;
  virtual absl::StatusOr<supplyrisk::v1::Supplier> GetSupplier(
      absl::string_view tenant, absl::string_view supplier_id,
      const Snapshot* snapshot = nullptr) = 0;
  virtual absl::StatusOr<SupplierSummary> GetSupplierSummary(
      absl::string_view tenant, absl::string_view supplier_id,
      const Snapshot* snapshot = nullptr) = 0;
  virtual absl::StatusOr<Page<SupplierRecord>> ListSuppliers(
      absl::string_view tenant, const SupplierQuery& query, const PageRequest& page,
      const Snapshot* snapshot = nullptr) = 0;
  // The suppliers found under `value`, by id. A corporate number or LEI finds at most one, except
  // for pairs stored before schema 4 made them unique. InvalidArgument when a company name has no
  // key (only legal-form words and blanks).
  virtual absl::StatusOr<Page<supplyrisk::v1::Supplier>> FindSuppliers(
      absl::string_view tenant, SupplierIdentifier by, absl::string_view value,
      const PageRequest& page, const Snapshot* snapshot = nullptr) = 0;

  // ---- Responses: "suppliers/{supplier}/responses/{response}"; the supplier must exist.
  virtual absl::StatusOr<supplyrisk::v1::Response> CreateResponse(
      absl::string_view tenant, absl::string_view supplier_id, absl::string_view response_id,
      const supplyrisk::v1::Response& response, const MutationContext& ctx) = 0;
  virtual absl::StatusOr<supplyrisk::v1::Response> UpdateResponse(
      absl::string_view tenant, absl::string_view supplier_id, absl::string_view response_id,
      const supplyrisk::v1::Response& response, absl::string_view expected_etag,
      const MutationContext& ctx) = 0;
  // Removes a response not yet submitted. FailedPrecondition for a submitted one: assessments
  // name it as their input and replays read it.
  virtual absl::Status DeleteResponse(absl::string_view tenant, absl::string_view supplier_id,
                                      absl::string_view response_id,
                                      absl::string_view expected_etag,
                                      const MutationContext& ctx) = 0;
  virtual absl::StatusOr<supplyrisk::v1::Response> GetResponse(
      absl::string_view tenant, absl::string_view supplier_id, absl::string_view response_id,
      const Snapshot* snapshot = nullptr) = 0;
  virtual absl::StatusOr<Page<supplyrisk::v1::Response>> ListResponses(
      absl::string_view tenant, absl::string_view supplier_id, const PageRequest& page,
      const Snapshot* snapshot = nullptr) = 0;

  // ---- Signals: one record per (supplier, factor, issue_type, signal id) holding first seen
  // (observed_at), last seen (last_observed_at) and resolved_at. Import upserts by the rules of
  // engine/signals/signal_lifecycle.h: first seen keeps the earliest, last seen the latest; a set
  // resolved_at resolves it; an observation after resolved_at reopens it. Empty signal ids get
  // "{factor}/{issue_type}/{asset}".
  virtual absl::StatusOr<ImportResult> ImportSignals(
      absl::string_view tenant, absl::string_view supplier_id,
      const std::vector<supplyrisk::v1::Signal>& signals, const MutationContext& ctx) = 0;
  // ImportSignals for several suppliers in one mutation: one write batch, so either every
  // supplier's signals are stored or none are (a missing supplier or a bad signal fails the whole
  // import). Results in the order of `imports`; a supplier may appear once only.
  virtual absl::StatusOr<std::vector<ImportResult>> ImportSignalsForSuppliers(
      absl::string_view tenant, const std::vector<SupplierSignals>& imports,
      const MutationContext& ctx) = 0;
  // By factor, issue type, id.
  virtual absl::StatusOr<Page<supplyrisk::v1::Signal>> ListSignals(
      absl::string_view tenant, absl::string_view supplier_id, const SignalFilter& filter,
      const PageRequest& page, const Snapshot* snapshot = nullptr) = 0;

  // ---- Assessments: immutable versions, keyed by (as_of, id) per supplier. The latest one
  // (greatest as_of, then id) sets the supplier's grade/decision/score index entries.
  virtual absl::StatusOr<supplyrisk::v1::Assessment> CreateAssessment(
      absl::string_view tenant, absl::string_view supplier_id, absl::string_view assessment_id,
      const supplyrisk::v1::Assessment& assessment, const MutationContext& ctx) = 0;
  // CreateAssessment, unless `bookkeeping.facts_digest` is non-empty and equals the facts digest
  // the supplier's latest version was stored with and the assessment's as_of is not before that
  // version's: then nothing about the version changes and a confirmation (the as_of, ctx.actor,
  // ctx.request_id; a few dozen bytes) is kept beside it instead, with no audit entry (a
  // confirmation changes no resource; see Assessment.confirm_time in the API). A confirmation for
  // an as_of already confirmed is kept once. Returns the stored version, or the confirmed one with
  // confirm_time set to the rescoring's as_of. With ctx.request_id, the idempotency record names
  // the version or the confirmation ("suppliers/{s}/assessments/{a}/confirmations/{as_of micros}"),
  // and a retry returns the same (see GetRecordedAssessment). When the version stored or confirmed
  // is the supplier's latest, the summary takes `bookkeeping.review_due` and drops its dirty mark
  // if `bookkeeping.dirty_generation_seen` is current and the as_of is not before the mark.
  virtual absl::StatusOr<supplyrisk::v1::Assessment> CreateOrConfirmAssessment(
      absl::string_view tenant, absl::string_view supplier_id, absl::string_view assessment_id,
      const supplyrisk::v1::Assessment& assessment, const AssessmentBookkeeping& bookkeeping,
      const MutationContext& ctx) = 0;
  // Drops the supplier's dirty mark, as an assessment that read its inputs would, when
  // `dirty_generation_seen` is still current and the mark is not after `as_of`: for a rescoring
  // that found nothing to score (no response submitted by as_of), so the supplier leaves the
  // dirty index until its inputs change again. Writes nothing when there is no mark to drop; no
  // audit entry (the mark is bookkeeping, not a resource). NotFound without the supplier.
  virtual absl::Status ClearDirtyMark(absl::string_view tenant, absl::string_view supplier_id,
                                      uint64_t dirty_generation_seen, absl::Time as_of,
                                      const MutationContext& ctx) = 0;
  // The assessment an idempotency record's resource names: a version as stored, or for a
  // confirmation name the confirmed version with confirm_time set (NotFound once thinned).
  virtual absl::StatusOr<supplyrisk::v1::Assessment> GetRecordedAssessment(
      absl::string_view tenant, absl::string_view resource, const Snapshot* snapshot = nullptr) = 0;
  virtual absl::StatusOr<ConfirmationStats> GetConfirmationStats(
      absl::string_view tenant, absl::string_view supplier_id, absl::string_view assessment_id,
      const Snapshot* snapshot = nullptr) = 0;
  // One small batch of confirmation thinning: looks at up to `max_records` (1..10000) of the
  // tenant's confirmations with key > `after` (from the first when empty) and removes, in one write
  // without audit entries, those with an as_of before `cutoff` except the newest of each version.
  virtual absl::StatusOr<ConfirmationThinning> ThinConfirmations(absl::string_view tenant,
                                                                 absl::Time cutoff,
                                                                 absl::string_view after = "",
                                                                 int max_records = 500) = 0;
  virtual absl::StatusOr<supplyrisk::v1::Assessment> GetAssessment(
      absl::string_view tenant, absl::string_view supplier_id, absl::string_view assessment_id,
      const Snapshot* snapshot = nullptr) = 0;
  virtual absl::StatusOr<supplyrisk::v1::Assessment> GetLatestAssessment(
      absl::string_view tenant, absl::string_view supplier_id,
      const Snapshot* snapshot = nullptr) = 0;
  // Newest first.
  virtual absl::StatusOr<Page<supplyrisk::v1::Assessment>> ListAssessments(
      absl::string_view tenant, absl::string_view supplier_id, const PageRequest& page,
      const Snapshot* snapshot = nullptr) = 0;
  // Oldest first, as_of in [from, to).
  virtual absl::StatusOr<std::vector<ScorePoint>> ScoreTrend(
      absl::string_view tenant, absl::string_view supplier_id, absl::Time from, absl::Time to,
      const Snapshot* snapshot = nullptr) = 0;

  // ---- Engagements: "engagements/{engagement}"; `supplier` must name an existing supplier.
  virtual absl::StatusOr<supplyrisk::v1::Engagement> CreateEngagement(
      absl::string_view tenant, absl::string_view engagement_id,
      const supplyrisk::v1::Engagement& engagement, const MutationContext& ctx) = 0;
  virtual absl::StatusOr<supplyrisk::v1::Engagement> UpdateEngagement(
      absl::string_view tenant, absl::string_view engagement_id,
      const supplyrisk::v1::Engagement& engagement, absl::string_view expected_etag,
      const MutationContext& ctx) = 0;
  virtual absl::Status DeleteEngagement(absl::string_view tenant, absl::string_view engagement_id,
                                        absl::string_view expected_etag,
                                        const MutationContext& ctx) = 0;
  virtual absl::StatusOr<supplyrisk::v1::Engagement> GetEngagement(
      absl::string_view tenant, absl::string_view engagement_id,
      const Snapshot* snapshot = nullptr) = 0;
  // supplier_id empty: all engagements by id; else that supplier's, by id.
  virtual absl::StatusOr<Page<supplyrisk::v1::Engagement>> ListEngagements(
      absl::string_view tenant, absl::string_view supplier_id, const PageRequest& page,
      const Snapshot* snapshot = nullptr) = 0;

  // ---- Relationships: "relationships/{relationship}"; from_supplier and to_supplier are
  // "suppliers/{id}" names of existing, distinct suppliers.
  virtual absl::StatusOr<supplyrisk::v1::Relationship> CreateRelationship(
      absl::string_view tenant, absl::string_view relationship_id,
      const supplyrisk::v1::Relationship& relationship, const MutationContext& ctx) = 0;
  virtual absl::StatusOr<supplyrisk::v1::Relationship> UpdateRelationship(
      absl::string_view tenant, absl::string_view relationship_id,
      const supplyrisk::v1::Relationship& relationship, absl::string_view expected_etag,
      const MutationContext& ctx) = 0;
  virtual absl::Status DeleteRelationship(absl::string_view tenant,
                                          absl::string_view relationship_id,
                                          absl::string_view expected_etag,
                                          const MutationContext& ctx) = 0;
  virtual absl::StatusOr<supplyrisk::v1::Relationship> GetRelationship(
      absl::string_view tenant, absl::string_view relationship_id,
      const Snapshot* snapshot = nullptr) = 0;
  // Whom `supplier_id` subcontracts to (it is from_supplier), by to-supplier then id.
  virtual absl::StatusOr<Page<supplyrisk::v1::Relationship>> ListSubcontractors(
      absl::string_view tenant, absl::string_view supplier_id, const PageRequest& page,
      const Snapshot* snapshot = nullptr) = 0;
  // Who subcontracts to `supplier_id` (it is to_supplier), by from-supplier then id.
  virtual absl::StatusOr<Page<supplyrisk::v1::Relationship>> ListContractors(
      absl::string_view tenant, absl::string_view supplier_id, const PageRequest& page,
      const Snapshot* snapshot = nullptr) = 0;

  // ---- Jobs: "jobs/{job}". The store sets create_time/update_time.
  virtual absl::StatusOr<supplyrisk::v1::Job> CreateJob(absl::string_view tenant,
                                                        absl::string_view job_id,
                                                        const supplyrisk::v1::Job& job,
                                                        const MutationContext& ctx) = 0;
  virtual absl::StatusOr<supplyrisk::v1::Job> UpdateJob(absl::string_view tenant,
                                                        absl::string_view job_id,
                                                        const supplyrisk::v1::Job& job,
                                                        absl::string_view expected_etag,
                                                        const MutationContext& ctx) = 0;
  virtual absl::StatusOr<supplyrisk::v1::Job> GetJob(absl::string_view tenant,
                                                     absl::string_view job_id,
                                                     const Snapshot* snapshot = nullptr) = 0;
  virtual absl::StatusOr<Page<supplyrisk::v1::Job>> ListJobs(
      absl::string_view tenant, const PageRequest& page, const Snapshot* snapshot = nullptr) = 0;

  // ---- Tenant
  // Removes every document, index entry, history and idempotency record of the tenant. The audit
  // chain is kept (it is the record of what happened) and gets a "delete_tenant" entry.
  virtual absl::Status DeleteTenant(absl::string_view tenant, const MutationContext& ctx) = 0;

  // ---- Audit
  // Entries with sequence > after_sequence, oldest first, at most `limit`.
  virtual absl::StatusOr<std::vector<supplyrisk::v1::AuditEntry>> ListAudit(
      absl::string_view tenant, uint64_t after_sequence, int limit,
      const Snapshot* snapshot = nullptr) = 0;
  // Walks the tenant's chain: recomputes every hash, checks sequence continuity, prev-hash links
  // and the stored head. Reports the first altered, removed or reordered entry.
  virtual absl::StatusOr<AuditReport> VerifyAudit(absl::string_view tenant) = 0;
  // Called after every committed group with its audit entries (all tenants), in chain order,
  // outside the store's locks. Use it to wake change streams; do not call the store's mutations
  // from it. Register before serving.
  virtual void AddCommitListener(
      std::function<void(const std::vector<supplyrisk::v1::AuditEntry>&)> listener) = 0;

  // ---- Maintenance
  virtual std::unique_ptr<Snapshot> GetSnapshot() = 0;
  // Hex SHA-256 over every key and value of every column family (all tenants) read from one
  // snapshot: equal digests mean byte-identical contents.
  virtual absl::StatusOr<std::string> Digest() = 0;
  // Bytes of keys plus values in each column family (all tenants, live entries only, as before
  // compaction would leave them), read from one snapshot, by column family name: what a write
  // adds, measured without the storage engine's overheads.
  virtual absl::StatusOr<std::map<std::string, int64_t>> LogicalBytes() = 0;
  // Checks the invariants a crash must never break: index entries match summaries, summaries match
  // the latest assessment and open signals, relationship indexes agree both ways, every document's
  // last audit entry carries its digest, and the audit chain verifies. Returns the first problem as
  // DataLoss.
  virtual absl::Status CheckConsistency(absl::string_view tenant) = 0;
  // Online backup into `backup_dir` (RocksDB BackupEngine), then verified with checksums. Returns
  // the backup id.
  virtual absl::StatusOr<uint32_t> Backup(const std::string& backup_dir) = 0;
  // Restores the latest (backup_id 0) or given backup into `db_path`, which must not be open.
  static absl::Status Restore(const std::string& backup_dir, const std::string& db_path,
                              uint32_t backup_id = 0);
  // One small batch of the idempotency purge: looks at up to `max_records` (1..10000) of the
  // tenant's idempotency records with request_id > `after` (from the first when empty), and removes
  // those expired at now in one write (no audit entry: records are not resources). Loop on
  // next_request_id to purge the whole tenant.
  virtual absl::StatusOr<IdempotencyPurge> PurgeExpiredIdempotency(absl::string_view tenant,
                                                                   absl::string_view after = "",
                                                                   int max_records = 500) = 0;
  // The tenant's idempotency record for `request_id` when it is live (not expired, and naming its
  // resource); nullopt otherwise. Lets a caller answer a retry before doing the request's work.
  virtual absl::StatusOr<std::optional<IdempotencyRecord>> GetIdempotencyRecord(
      absl::string_view tenant, absl::string_view request_id,
      const Snapshot* snapshot = nullptr) = 0;
  // Tenants that have ever written (they have an audit chain; a deleted tenant's chain stays), in
  // order, after `after` (from the first when empty), at most `limit` (1..10000).
  virtual absl::StatusOr<std::vector<std::string>> ListTenants(absl::string_view after,
                                                               int limit) = 0;
};

}  // namespace supplyrisk::store

#endif  // SUPPLYRISK_SERVICE_STORE_STORE_H_
