// StoreImpl: the RocksDB implementation of Store, declared once here and defined by concern, as
// RocksDB splits db/db_impl/:
//   store_impl_open.cc          Open, schema version, construction
//   store_impl_write.cc         Mutate and the commit group (idempotency, one synced write)
//   store_impl_audit.cc         the audit chain: append, list, verify
//   store_impl_read.cc          snapshots, point reads, paged scans
//   store_impl_{templates,suppliers,responses,signals,assessments,engagements,relationships,
//               jobs}.cc        one file per resource family
//   store_impl_maintenance.cc   tenant delete, backup/restore, purge, digest
//   store_impl_consistency.cc   CheckConsistency
//
// Write path (group commit with a well-defined audit order): each mutation is a closure that reads
// and writes through a Txn. The writer first runs its closure in its own thread (Prepare) against
// the database as the last committed group left it: every read, serialisation, hash, etag and index
// key is computed there, in parallel with other writers and with the running group's fsync. Then it
// queues in the CommitQueue. The leader takes the group in arrival order and, per writer, checks
// the keys its preparation read against the keys written by groups committed since and by earlier
// writers of this group (hash lookups). Unchanged: the prepared writes are appended as they are.
// Changed (or a range was read): the leader runs the closure again against the database plus the
// group so far, as the whole write path did before (a failing closure is rolled back to its save
// point, and fails alone). Either way each successful mutation's audit entries are chained after
// its tenant's head in group order, and the group is written with one synced Write.
//
// Why this is serialisable: a prepared mutation is applied only when nothing it read was written
// after its reads began, so its reads, and hence its writes, are what running it at its place in
// the group would have given. Etags are made of a per-mutation stamp rather than the audit
// sequence, and the mutation's time is fixed when it starts, so nothing a closure computes depends
// on where in the chain it lands; the leader alone assigns sequences and links each entry's hash
// to the previous one, so the chain stays exactly as verifiable as before.
//
// Why not OptimisticTransactionDB: every mutation of a tenant must read and advance the same audit
// chain head, so optimistic transactions would all conflict on it and retry; a mutex around "append
// + synced commit" would serialise the fsyncs. Keeping the chain in the leader and validating only
// the documents a mutation read gives read-modify-write isolation (etags are checked against the
// state that the write is applied to) with one fsync per group, and the chain order is the commit
// order. Chains are per tenant (a tenant's entries form one contiguous key range and VerifyAudit
// reads only them); the leader keeps each tenant's head in memory and writes it once per group.
//
// RocksDB sees a single writer thread, so enable_pipelined_write / two_write_queues would not help;
// allow_concurrent_memtable_write stays at its default.
//
// Internal to service/store.
#ifndef SUPPLYRISK_SERVICE_STORE_STORE_IMPL_H_
#define SUPPLYRISK_SERVICE_STORE_STORE_IMPL_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "rocksdb/db.h"
#include "service/store/commit_queue.h"
#include "service/store/group_batch.h"
#include "service/store/key_codec.h"
#include "service/store/record_io.h"
#include "service/store/records.pb.h"
#include "service/store/schema.h"
#include "service/store/store.h"
#include "service/store/txn.h"
#include "service/store/validation.h"

namespace supplyrisk::store {

// The index component of a relationship's target: the supplier id, else "/" + the unidentified
// party's name key. Supplier ids never contain '/', so a party never shows up among a supplier's
// contractors. INVALID_ARGUMENT naming `field` for both or neither, or a party name that is not
// acceptable text.
absl::StatusOr<std::string> TargetKey(absl::string_view field,
                                      const supplyrisk::v1::Relationship& rel);

class StoreImpl : public Store {
 public:
  StoreImpl(std::string path, StoreOptions options, std::unique_ptr<rocksdb::DB> db,
            std::vector<rocksdb::ColumnFamilyHandle*> handles);
  ~StoreImpl() override;

  // ---- Templates (store_impl_templates.cc)
  absl::StatusOr<supplyrisk::v1::Template> CreateTemplate(absl::string_view tenant,
                                                          const supplyrisk::v1::Template& tmpl,
                                                          const MutationContext& ctx) override;
  absl::StatusOr<supplyrisk::v1::Template> UpdateTemplate(absl::string_view tenant,
                                                          const supplyrisk::v1::Template& tmpl,
                                                          const MutationContext& ctx) override;
  absl::StatusOr<supplyrisk::v1::Template> GetTemplate(absl::string_view tenant,
                                                       absl::string_view template_id, int revision,
                                                       const Snapshot* snapshot) override;
  absl::StatusOr<Page<supplyrisk::v1::Template>> ListTemplates(absl::string_view tenant,
                                                               const PageRequest& page,
                                                               const Snapshot* snapshot) override;

  // ---- Suppliers (store_impl_suppliers.cc)
  absl::StatusOr<supplyrisk::v1::Supplier> CreateSupplier(absl::string_view tenant,
                                                          absl::string_view supplier_id,
                                                          const supplyrisk::v1::Supplier& supplier,
                                                          const MutationContext& ctx) override;
  absl::StatusOr<std::vector<supplyrisk::v1::Supplier>> CreateSuppliers(
      absl::string_view tenant,
      const std::vector<std::pair<std::string, supplyrisk::v1::Supplier>>& items,
      const MutationContext& ctx) override;
  absl::StatusOr<supplyrisk::v1::Supplier> UpdateSupplier(absl::string_view tenant,
                                                          absl::string_view supplier_id,
                                                          const supplyrisk::v1::Supplier& supplier,
                                                          absl::string_view expected_etag,
                                                          const MutationContext& ctx) override;
  absl::Status DeleteSupplier(absl::string_view tenant, absl::string_view supplier_id,
                              absl::string_view expected_etag, const MutationContext& ctx) override;
  absl::StatusOr<supplyrisk::v1::Supplier> GetSupplier(absl::string_view tenant,
                                                       absl::string_view supplier_id,
                                                       const Snapshot* snapshot) override;
  absl::StatusOr<SupplierSummary> GetSupplierSummary(absl::string_view tenant,
                                                     absl::string_view supplier_id,
                                                     const Snapshot* snapshot) override;
  absl::StatusOr<Page<SupplierRecord>> ListSuppliers(absl::string_view tenant,
                                                     const SupplierQuery& query,
                                                     const PageRequest& page,
                                                     const Snapshot* snapshot) override;
  absl::StatusOr<Page<supplyrisk::v1::Supplier>> FindSuppliers(absl::string_view tenant,
                                                               SupplierIdentifier by,
                                                               absl::string_view value,
                                                               const PageRequest& page,
                                                               const Snapshot* snapshot) override;

  // ---- Responses (store_impl_responses.cc)
  absl::StatusOr<supplyrisk::v1::Response> CreateResponse(absl::string_view tenant,
                                                          absl::string_view supplier_id,
                                                          absl::string_view response_id,
                                                          const supplyrisk::v1::Response& response,
                                                          const MutationContext& ctx) override;
  absl::StatusOr<supplyrisk::v1::Response> UpdateResponse(absl::string_view tenant,
                                                          absl::string_view supplier_id,
                                                          absl::string_view response_id,
                                                          const supplyrisk::v1::Response& response,
                                                          absl::string_view expected_etag,
                                                          const MutationContext& ctx) override;
  absl::Status DeleteResponse(absl::string_view tenant, absl::string_view supplier_id,
                              absl::string_view response_id, absl::string_view expected_etag,
                              const MutationContext& ctx) override;
  absl::StatusOr<supplyrisk::v1::Response> GetResponse(absl::string_view tenant,
                                                       absl::string_view supplier_id,
                                                       absl::string_view response_id,
                                                       const Snapshot* snapshot) override;
  absl::StatusOr<Page<supplyrisk::v1::Response>> ListResponses(absl::string_view tenant,
                                                               absl::string_view supplier_id,
                                                               const PageRequest& page,
                                                               const Snapshot* snapshot) override;

  // ---- Signals (store_impl_signals.cc)
  absl::StatusOr<ImportResult> ImportSignals(absl::string_view tenant,
                                             absl::string_view supplier_id,
                                             const std::vector<supplyrisk::v1::Signal>& signals,
                                             const MutationContext& ctx) override;
  absl::StatusOr<std::vector<ImportResult>> ImportSignalsForSuppliers(
      absl::string_view tenant, const std::vector<SupplierSignals>& imports,
      const MutationContext& ctx) override;
  absl::StatusOr<Page<supplyrisk::v1::Signal>> ListSignals(absl::string_view tenant,
                                                           absl::string_view supplier_id,
                                                           const SignalFilter& filter,
                                                           const PageRequest& page,
                                                           const Snapshot* snapshot) override;

  // ---- Assessments (store_impl_assessments.cc)
  absl::StatusOr<supplyrisk::v1::Assessment> CreateAssessment(
      absl::string_view tenant, absl::string_view supplier_id, absl::string_view assessment_id,
      const supplyrisk::v1::Assessment& assessment, const MutationContext& ctx) override;
  absl::Status ClearDirtyMark(absl::string_view tenant, absl::string_view supplier_id,
                              uint64_t dirty_generation_seen, absl::Time as_of,
                              const MutationContext& ctx) override;
  absl::StatusOr<supplyrisk::v1::Assessment> CreateOrConfirmAssessment(
      absl::string_view tenant, absl::string_view supplier_id, absl::string_view assessment_id,
      const supplyrisk::v1::Assessment& assessment, const AssessmentBookkeeping& bookkeeping,
      const MutationContext& ctx) override;
  absl::StatusOr<supplyrisk::v1::Assessment> GetRecordedAssessment(
      absl::string_view tenant, absl::string_view resource, const Snapshot* snapshot) override;
  absl::StatusOr<ConfirmationStats> GetConfirmationStats(absl::string_view tenant,
                                                         absl::string_view supplier_id,
                                                         absl::string_view assessment_id,
                                                         const Snapshot* snapshot) override;
  absl::StatusOr<ConfirmationThinning> ThinConfirmations(absl::string_view tenant,
                                                         absl::Time cutoff, absl::string_view after,
                                                         int max_records) override;
  absl::StatusOr<supplyrisk::v1::Assessment> GetAssessment(absl::string_view tenant,
                                                           absl::string_view supplier_id,
                                                           absl::string_view assessment_id,
                                                           const Snapshot* snapshot) override;
  absl::StatusOr<supplyrisk::v1::Assessment> GetLatestAssessment(absl::string_view tenant,
                                                                 absl::string_view supplier_id,
                                                                 const Snapshot* snapshot) override;
  absl::StatusOr<Page<supplyrisk::v1::Assessment>> ListAssessments(
      absl::string_view tenant, absl::string_view supplier_id, const PageRequest& page,
      const Snapshot* snapshot) override;
  absl::StatusOr<std::vector<ScorePoint>> ScoreTrend(absl::string_view tenant,
                                                     absl::string_view supplier_id, absl::Time from,
                                                     absl::Time to,
                                                     const Snapshot* snapshot) override;

  // ---- Engagements (store_impl_engagements.cc)
  absl::StatusOr<supplyrisk::v1::Engagement> CreateEngagement(
      absl::string_view tenant, absl::string_view engagement_id,
      const supplyrisk::v1::Engagement& engagement, const MutationContext& ctx) override;
  absl::StatusOr<supplyrisk::v1::Engagement> UpdateEngagement(
      absl::string_view tenant, absl::string_view engagement_id,
      const supplyrisk::v1::Engagement& engagement, absl::string_view expected_etag,
      const MutationContext& ctx) override;
  absl::Status DeleteEngagement(absl::string_view tenant, absl::string_view engagement_id,
                                absl::string_view expected_etag,
                                const MutationContext& ctx) override;
  absl::StatusOr<supplyrisk::v1::Engagement> GetEngagement(absl::string_view tenant,
                                                           absl::string_view engagement_id,
                                                           const Snapshot* snapshot) override;
  absl::StatusOr<Page<supplyrisk::v1::Engagement>> ListEngagements(
      absl::string_view tenant, absl::string_view supplier_id, const PageRequest& page,
      const Snapshot* snapshot) override;

  // ---- Relationships (store_impl_relationships.cc)
  absl::StatusOr<supplyrisk::v1::Relationship> CreateRelationship(
      absl::string_view tenant, absl::string_view relationship_id,
      const supplyrisk::v1::Relationship& relationship, const MutationContext& ctx) override;
  absl::StatusOr<supplyrisk::v1::Relationship> UpdateRelationship(
      absl::string_view tenant, absl::string_view relationship_id,
      const supplyrisk::v1::Relationship& relationship, absl::string_view expected_etag,
      const MutationContext& ctx) override;
  absl::Status DeleteRelationship(absl::string_view tenant, absl::string_view relationship_id,
                                  absl::string_view expected_etag,
                                  const MutationContext& ctx) override;
  absl::StatusOr<supplyrisk::v1::Relationship> GetRelationship(absl::string_view tenant,
                                                               absl::string_view relationship_id,
                                                               const Snapshot* snapshot) override;
  absl::StatusOr<Page<supplyrisk::v1::Relationship>> ListSubcontractors(
      absl::string_view tenant, absl::string_view supplier_id, const PageRequest& page,
      const Snapshot* snapshot) override;
  absl::StatusOr<Page<supplyrisk::v1::Relationship>> ListContractors(
      absl::string_view tenant, absl::string_view supplier_id, const PageRequest& page,
      const Snapshot* snapshot) override;

  // ---- Jobs (store_impl_jobs.cc)
  absl::StatusOr<supplyrisk::v1::Job> CreateJob(absl::string_view tenant, absl::string_view job_id,
                                                const supplyrisk::v1::Job& job,
                                                const MutationContext& ctx) override;
  absl::StatusOr<supplyrisk::v1::Job> UpdateJob(absl::string_view tenant, absl::string_view job_id,
                                                const supplyrisk::v1::Job& job,
                                                absl::string_view expected_etag,
                                                const MutationContext& ctx) override;
  absl::StatusOr<supplyrisk::v1::Job> GetJob(absl::string_view tenant, absl::string_view job_id,
                                             const Snapshot* snapshot) override;
  absl::StatusOr<Page<supplyrisk::v1::Job>> ListJobs(absl::string_view tenant,
                                                     const PageRequest& page,
                                                     const Snapshot* snapshot) override;

  // ---- Tenant and maintenance (store_impl_maintenance.cc)
  absl::Status DeleteTenant(absl::string_view tenant, const MutationContext& ctx) override;
  absl::StatusOr<std::string> Digest() override;
  absl::StatusOr<std::map<std::string, int64_t>> LogicalBytes() override;
  absl::StatusOr<uint32_t> Backup(const std::string& backup_dir) override;
  absl::StatusOr<IdempotencyPurge> PurgeExpiredIdempotency(absl::string_view tenant,
                                                           absl::string_view after,
                                                           int max_records) override;
  absl::StatusOr<std::vector<std::string>> ListTenants(absl::string_view after, int limit) override;
  absl::StatusOr<std::optional<IdempotencyRecord>> GetIdempotencyRecord(
      absl::string_view tenant, absl::string_view request_id, const Snapshot* snapshot) override;

  // ---- Audit (store_impl_audit.cc)
  absl::StatusOr<std::vector<supplyrisk::v1::AuditEntry>> ListAudit(
      absl::string_view tenant, uint64_t after_sequence, int limit,
      const Snapshot* snapshot) override;
  absl::StatusOr<AuditReport> VerifyAudit(absl::string_view tenant) override;

  // ---- Commit listeners (store_impl_write.cc)
  void AddCommitListener(
      std::function<void(const std::vector<supplyrisk::v1::AuditEntry>&)> listener) override;

  // ---- Reads (store_impl_read.cc)
  std::unique_ptr<Snapshot> GetSnapshot() override;

  // ---- Consistency (store_impl_consistency.cc)
  absl::Status CheckConsistency(absl::string_view tenant) override;

 private:
  // ---- Write path (store_impl_write.cc)
  // The work of one mutation: reads and writes through the Txn, returns the result bytes. It may
  // run twice (see Txn), so it must not change what it captures.
  using Body = std::function<absl::StatusOr<std::string>(Txn&)>;
  struct Writer : CommitQueue::Writer {
    std::string tenant;
    const MutationContext* ctx = nullptr;
    Body body;
    absl::Time now;      // the mutation's time, the same in both runs
    uint64_t stamp = 0;  // Txn::stamp
    // The preparation (the body run in the writer's thread): the last group committed before it
    // read, what it read and wrote, and its result.
    uint64_t seen_group = 0;
    bool scanned = false;
    std::vector<std::string> reads;
    std::vector<TxnOp> ops;
    std::vector<PendingAudit> pending;
    absl::StatusOr<std::string> result;
  };
  // For a retried request_id: the result bytes `body` would return, read from the resource the
  // first request made (its name, as the idempotency record holds it).
  using Replay = std::function<absl::StatusOr<std::string>(Txn&, const std::string& resource)>;
  // Runs `body` for `tenant` in the next commit group, behind the idempotency check of
  // ctx.request_id (`default_digest` digests the request unless ctx.request_digest is set); returns
  // its result once the group's batch is durable. With a request_id, the record written beside the
  // mutation holds the digest and the name of the resource its first audit entry names; a retry
  // with the same digest returns `replay` of that name (an empty result without `replay`).
  absl::StatusOr<std::string> Mutate(absl::string_view tenant, const MutationContext& ctx,
                                     absl::string_view default_digest, Body body,
                                     Replay replay = nullptr);
  // A Replay returning the bytes stored at `key` in `cf`: the resource as it is now (NotFound when
  // it has been removed since).
  static Replay ReadBack(int cf, std::string key);
  // Runs w->body in the calling (writer's) thread against the database as the last committed group
  // left it, and keeps what it read, wrote and returned in `w`.
  void Prepare(Writer* w);
  // Prepares `w` and queues it; when leading, runs the group and then calls the commit listeners.
  absl::StatusOr<std::string> Commit(Writer* w);
  // The leader's work: in order, each writer's prepared writes (or, when what it read has changed
  // since, its body run again against the group so far), audit chaining, one synced write. Returns
  // the audit entries of the group, empty when nothing was written.
  std::vector<supplyrisk::v1::AuditEntry> RunGroup(absl::Span<CommitQueue::Writer* const> group);
  // Whether w's preparation may have read something written since (by a committed group after
  // w->seen_group, or earlier in the group being assembled), or read a range.
  bool Stale(const Writer& w, const GroupBatch& batch) const;
  // Runs w->body in the leader against the database plus `batch`; its writes go into `batch`, or
  // none of them on failure.
  absl::StatusOr<std::string> RunInLeader(Writer* w, GroupBatch* batch);
  // After group `group` was written: remembers which keys it wrote, forgetting the oldest groups.
  void TrackCommitted(uint64_t group, const absl::flat_hash_set<std::string>& keys);

  // ---- Audit chain (store_impl_audit.cc)
  // The tenant's head as this group sees it: from `group_heads`, else the cache, else disk.
  absl::StatusOr<AuditHead> LoadHead(const std::string& tenant,
                                     absl::flat_hash_map<std::string, AuditHead>& group_heads);
  // Chains `pending` after `head` (advancing it) as entries of `w`, writes them into the batch and
  // appends them to `entries`. The caller writes the head.
  void AppendAudit(const std::vector<PendingAudit>& pending, const Writer& w, AuditHead* head,
                   GroupBatch* batch, std::vector<supplyrisk::v1::AuditEntry>* entries);
  // VerifyAudit at `snapshot`; `last` (optional) receives each resource's last audit entry, for
  // CheckConsistency.
  absl::StatusOr<AuditReport> VerifyAuditAt(
      absl::string_view tenant, const Snapshot* snapshot,
      std::map<std::string, supplyrisk::v1::AuditEntry>* last);

  // ---- Read helpers (store_impl_read.cc)
  // Receives each key and value of a scan; returns whether the item counts towards the page.
  using Emit = std::function<absl::StatusOr<bool>(absl::string_view key, absl::string_view value)>;
  rocksdb::ReadOptions Ro(const Snapshot* snapshot) const;
  absl::StatusOr<bool> RawGet(int cf, const std::string& key, std::string* value,
                              const Snapshot* snapshot);
  // Walks keys in [lower, upper) (reverse: downwards), resuming after `page.page_token`. Returns
  // the next page token. A key passed to `emit` is itself the token that resumes right after it
  // (Page::positions).
  absl::StatusOr<std::string> ScanPage(int cf, const std::string& lower, const std::string& upper,
                                       const PageRequest& page, bool reverse,
                                       const Snapshot* snapshot, const Emit& emit);
  absl::StatusOr<std::string> ScanPrefix(int cf, const std::string& prefix, const PageRequest& page,
                                         bool reverse, const Snapshot* snapshot, const Emit& emit);

  template <typename T>
  absl::StatusOr<T> GetDoc(int cf, const std::string& key, absl::string_view resource,
                           const Snapshot* snapshot) {
    std::string value;
    absl::StatusOr<bool> found = RawGet(cf, key, &value, snapshot);
    if (!found.ok()) return found.status();
    if (!*found) return absl::NotFoundError(NotFoundMsg(resource));
    return ParseAs<T>(value, resource);
  }

  template <typename T>
  absl::StatusOr<Page<T>> ListDocs(int cf, const std::string& prefix, const PageRequest& page,
                                   const Snapshot* snapshot, absl::string_view what) {
    Page<T> out;
    absl::StatusOr<std::string> next =
        ScanPrefix(cf, prefix, page, false, snapshot,
                   [&](absl::string_view k, absl::string_view v) -> absl::StatusOr<bool> {
                     absl::StatusOr<T> doc = ParseAs<T>(v, what);
                     if (!doc.ok()) return doc.status();
                     out.items.push_back(*std::move(doc));
                     out.positions.emplace_back(k);
                     return true;
                   });
    if (!next.ok()) return next.status();
    out.next_page_token = *next;
    return out;
  }

  // Pages through an index whose last key component is the id of a document in `doc_cf`; `name_of`
  // turns that id into the document's resource name.
  template <typename T>
  absl::StatusOr<Page<T>> ListByIndex(int index_cf, const std::string& prefix, int skip_strings,
                                      int doc_cf, std::string (*name_of)(absl::string_view),
                                      absl::string_view tenant, const PageRequest& page,
                                      const Snapshot* snapshot) {
    std::unique_ptr<Snapshot> own;
    if (snapshot == nullptr) {
      own = GetSnapshot();
      snapshot = own.get();
    }
    const std::string tp = TenantPrefix(tenant);
    Page<T> out;
    absl::StatusOr<std::string> next =
        ScanPrefix(index_cf, prefix, page, false, snapshot,
                   [&](absl::string_view k, absl::string_view) -> absl::StatusOr<bool> {
                     std::string id = LastComponent(k, tp, skip_strings, 0);
                     std::string name = name_of(id);
                     absl::StatusOr<T> doc = GetDoc<T>(doc_cf, Key(tenant, id), name, snapshot);
                     if (!doc.ok()) {
                       return absl::DataLossError(absl::StrCat("index entry names missing ", name));
                     }
                     out.items.push_back(*std::move(doc));
                     out.positions.emplace_back(k);
                     return true;
                   });
    if (!next.ok()) return next.status();
    out.next_page_token = *next;
    return out;
  }

  // ---- Resource helpers shared across families
  // NotFound unless the supplier exists (store_impl_suppliers.cc).
  static absl::Status RequireSupplier(Txn& txn, absl::string_view supplier_id);
  // The version path of CreateOrConfirmAssessment (store_impl_assessments.cc).
  absl::StatusOr<supplyrisk::v1::Assessment> StoreAssessmentVersion(
      absl::string_view tenant, absl::string_view supplier_id, absl::string_view assessment_id,
      const supplyrisk::v1::Assessment& assessment, const AssessmentBookkeeping& bookkeeping,
      const MutationContext& ctx);
  // The confirmation path (store_impl_confirmations.cc): Aborted when the latest version no longer
  // has `bookkeeping.facts_digest` (a new version landed meanwhile), so the caller stores a
  // version instead.
  absl::StatusOr<supplyrisk::v1::Assessment> ConfirmLatest(
      absl::string_view tenant, absl::string_view supplier_id,
      const supplyrisk::v1::Assessment& assessment, const AssessmentBookkeeping& bookkeeping,
      const MutationContext& ctx);
  // Deletes a relationship's document and both index entries (store_impl_relationships.cc).
  // Replaces `supplier_id`'s QUESTIONNAIRE relationships by those `response` (being submitted)
  // declares; DECLARED and DISCOVERED ones stay.
  static absl::Status ReplaceQuestionnaireRelationships(Txn& txn, absl::string_view supplier_id,
                                                        const supplyrisk::v1::Response& response);
  static absl::Status RemoveRelationship(Txn& txn, const std::string& rel_id,
                                         const supplyrisk::v1::Relationship& rel);
  absl::StatusOr<supplyrisk::v1::Template> PutTemplate(absl::string_view tenant,
                                                       const supplyrisk::v1::Template& tmpl,
                                                       const MutationContext& ctx, bool create);
  absl::StatusOr<supplyrisk::v1::Response> PutResponse(absl::string_view tenant,
                                                       absl::string_view supplier_id,
                                                       absl::string_view response_id,
                                                       const supplyrisk::v1::Response& response,
                                                       absl::string_view expected_etag,
                                                       const MutationContext& ctx, bool create);
  absl::StatusOr<supplyrisk::v1::Engagement> PutEngagement(
      absl::string_view tenant, absl::string_view engagement_id,
      const supplyrisk::v1::Engagement& engagement, absl::string_view expected_etag,
      const MutationContext& ctx, bool create);
  absl::StatusOr<supplyrisk::v1::Relationship> PutRelationship(
      absl::string_view tenant, absl::string_view relationship_id,
      const supplyrisk::v1::Relationship& relationship, absl::string_view expected_etag,
      const MutationContext& ctx, bool create);
  absl::StatusOr<supplyrisk::v1::Job> PutJob(absl::string_view tenant, absl::string_view job_id,
                                             const supplyrisk::v1::Job& job,
                                             absl::string_view expected_etag,
                                             const MutationContext& ctx, bool create);

  std::string path_;
  StoreOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // by Cf, then unknown ones

  CommitQueue queue_;
  // Written only by the current commit leader (leadership is handed over under the queue's lock).
  absl::flat_hash_map<std::string, AuditHead> heads_;
  // Conflict tracking for prepared mutations (leader only): the last group that wrote each
  // TrackedKey, for groups oldest_tracked_group_..last_group_, and each tracked group's keys.
  absl::flat_hash_map<std::string, uint64_t> last_write_group_;
  std::deque<std::pair<uint64_t, std::vector<std::string>>> tracked_groups_;
  size_t tracked_keys_ = 0;
  uint64_t oldest_tracked_group_ = 1;
  uint64_t last_group_ = 0;
  // The last group whose Write returned; every write of it and of earlier groups is visible to a
  // read that starts after loading this (acquire).
  std::atomic<uint64_t> committed_group_{0};
  // Mutation stamps: a random start, so stamps of different processes do not collide, counting up.
  std::atomic<uint64_t> next_stamp_;

  std::mutex listeners_mu_;
  std::vector<std::function<void(const std::vector<supplyrisk::v1::AuditEntry>&)>> listeners_;
};

}  // namespace supplyrisk::store

#endif  // SUPPLYRISK_SERVICE_STORE_STORE_IMPL_H_
