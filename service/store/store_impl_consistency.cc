// CheckConsistency: the invariants a crash must never break, recomputed from one snapshot.
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "service/store/party_index.h"
#include "service/store/store_impl.h"
#include "service/store/supplier_summary.h"

namespace supplyrisk::store {

using ::supplyrisk::v1::Assessment;
using ::supplyrisk::v1::AuditEntry;
using ::supplyrisk::v1::Engagement;
using ::supplyrisk::v1::Relationship;
using ::supplyrisk::v1::Response;
using ::supplyrisk::v1::Signal;
using ::supplyrisk::v1::Supplier;
using ::supplyrisk::v1::Template;

namespace {

// The party index entries (party_index.h) of the stored supplier `bytes`, into `expected`.
absl::Status AddPartyKeys(absl::string_view tenant, const std::string& id, const std::string& bytes,
                          std::set<std::pair<int, std::string>>* expected) {
  absl::StatusOr<Supplier> doc = ParseAs<Supplier>(bytes, "supplier");
  if (!doc.ok()) return doc.status();
  for (std::string& e : PartyIndexKeys(tenant, id, *doc)) expected->insert({kIdxParty, e});
  return absl::OkStatus();
}

}  // namespace

absl::Status StoreImpl::CheckConsistency(absl::string_view tenant) {
  absl::Status st = ValidateTenant(tenant);
  if (!st.ok()) return st;
  std::unique_ptr<Snapshot> snap = GetSnapshot();
  const Snapshot* s = snap.get();
  auto bad = [](std::string msg) { return absl::DataLossError(msg); };
  std::map<std::string, AuditEntry> last;
  absl::StatusOr<AuditReport> report = VerifyAuditAt(tenant, s, &last);
  if (!report.ok()) return report.status();
  if (!report->intact) {
    return bad(
        absl::StrCat("audit chain broken at ", report->first_bad_sequence, ": ", report->problem));
  }
  const std::string tp = TenantPrefix(tenant);
  // Every row of a column family in this tenant.
  auto rows = [&](int cf) -> absl::StatusOr<std::vector<std::pair<std::string, std::string>>> {
    std::vector<std::pair<std::string, std::string>> out;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(Ro(s), handles_[cf]));
    for (it->Seek(tp); it->Valid() && it->key().starts_with(tp); it->Next()) {
      out.emplace_back(it->key().ToString(), it->value().ToString());
    }
    if (!it->status().ok()) return FromRocks(it->status(), "scan");
    return out;
  };
  std::set<std::pair<int, std::string>> expected_index, actual_index;
  std::map<std::string, std::string> docs;  // resource -> stored bytes
  auto suppliers = rows(kSuppliers);
  if (!suppliers.ok()) return suppliers.status();
  std::set<std::string> supplier_ids;
  for (const auto& [k, v] : *suppliers) {
    std::string id = LastComponent(k, tp, 0, 0);
    supplier_ids.insert(id);
    docs[names::Supplier(id)] = v;
    if (absl::Status st = AddPartyKeys(tenant, id, v, &expected_index); !st.ok()) return st;
  }
  // Summaries recomputed from assessments and signals.
  std::map<std::string, SupplierSummary> recomputed;
  auto assessments = rows(kAssessments);
  if (!assessments.ok()) return assessments.status();
  std::set<std::pair<std::string, std::string>> assessment_ids;
  for (const auto& [k, v] : *assessments) {
    absl::string_view in(k);
    in.remove_prefix(tp.size());
    std::string sid, aid;
    int64_t as_of;
    if (!ConsumeString(&in, &sid) || !ConsumeInt64(&in, &as_of) || !ConsumeString(&in, &aid)) {
      return bad("malformed assessment key");
    }
    absl::StatusOr<Assessment> a = ParseAs<Assessment>(v, "assessment");
    if (!a.ok()) return a.status();
    if (!supplier_ids.count(sid))
      return bad(absl::StrCat("assessment ", aid, " of missing supplier ", sid));
    SupplierSummary& r = recomputed[sid];
    r.set_assessment_count(r.assessment_count() + 1);
    // Keys sort by (as_of, id), so the last one seen is the latest.
    SetLatest(*a, as_of, aid, "", &r);
    assessment_ids.insert({sid, aid});
    docs[a->name()] = v;
    std::string micros;
    if (!RawGet(kIdxAssessmentId, Key(tenant, sid, aid), &micros, s).value_or(false)) {
      return bad(absl::StrCat("assessment ", a->name(), " has no id index entry"));
    }
  }
  auto id_index = rows(kIdxAssessmentId);
  if (!id_index.ok()) return id_index.status();
  if (id_index->size() != assessment_ids.size()) {
    return bad("assessment id index and assessments disagree");
  }
  auto confirmations = rows(kConfirmations);
  if (!confirmations.ok()) return confirmations.status();
  for (const auto& [k, v] : *confirmations) {
    absl::string_view in(k);
    in.remove_prefix(tp.size());
    std::string sid, aid;
    int64_t as_of;
    if (!ConsumeString(&in, &sid) || !ConsumeString(&in, &aid) || !ConsumeInt64(&in, &as_of)) {
      return bad("malformed confirmation key");
    }
    if (!assessment_ids.count({sid, aid})) {
      return bad(absl::StrCat("confirmation of missing ", names::Assessment(sid, aid)));
    }
  }
  auto signals = rows(kSignals);
  if (!signals.ok()) return signals.status();
  for (const auto& [k, v] : *signals) {
    absl::StatusOr<Signal> sig = ParseAs<Signal>(v, "signal");
    if (!sig.ok()) return sig.status();
    absl::StatusOr<std::string> sid = SupplierIdFromName("supplier", sig->supplier());
    if (!sid.ok() || !supplier_ids.count(*sid)) return bad("signal of a missing supplier");
    if (!sig->has_resolved_at()) {
      auto& open = *recomputed[*sid].mutable_open_issues();
      open[sig->issue_type()] += 1;
    }
  }
  auto summaries = rows(kSummaries);
  if (!summaries.ok()) return summaries.status();
  if (summaries->size() != supplier_ids.size()) return bad("summaries and suppliers disagree");
  for (const auto& [k, v] : *summaries) {
    std::string id = LastComponent(k, tp, 0, 0);
    if (!supplier_ids.count(id)) return bad(absl::StrCat("summary of missing supplier ", id));
    absl::StatusOr<SupplierSummary> sum = ParseAs<SupplierSummary>(v, "summary");
    if (!sum.ok()) return sum.status();
    SupplierSummary want = recomputed[id];
    want.set_update_time_micros(sum->update_time_micros());
    // The facts digest is not a function of the stored assessment (it covers the inputs too).
    want.set_latest_facts_digest(sum->latest_facts_digest());
    // Neither is a function of stored documents: the dirty mark follows changes as they happen,
    // the review due time the inputs an assessment was scored with. Their index entries are
    // checked.
    want.set_dirty_reasons(sum->dirty_reasons());
    want.set_dirty_since_micros(sum->dirty_since_micros());
    want.set_dirty_generation(sum->dirty_generation());
    want.set_review_due_micros(sum->review_due_micros());
    if (SerializeDeterministic(want) != SerializeDeterministic(*sum)) {
      return bad(absl::StrCat("summary of ", names::Supplier(id),
                              " does not match its assessments and signals"));
    }
    for (auto& e : SummaryIndexKeys(tenant, id, *sum)) expected_index.insert(e);
  }
  auto responses = rows(kResponses);
  if (!responses.ok()) return responses.status();
  for (const auto& [k, v] : *responses) {
    absl::StatusOr<Response> r = ParseAs<Response>(v, "response");
    if (!r.ok()) return r.status();
    if (!supplier_ids.count(LastComponent(k, tp, 0, 0))) {
      return bad(absl::StrCat("response ", r->name(), " of a missing supplier"));
    }
    docs[r->name()] = v;
  }
  auto engagements = rows(kEngagements);
  if (!engagements.ok()) return engagements.status();
  for (const auto& [k, v] : *engagements) {
    absl::StatusOr<Engagement> e = ParseAs<Engagement>(v, "engagement");
    if (!e.ok()) return e.status();
    absl::StatusOr<std::string> sid = SupplierIdFromName("supplier", e->supplier());
    if (!sid.ok() || !supplier_ids.count(*sid))
      return bad(absl::StrCat(e->name(), " names a missing supplier"));
    expected_index.insert({kIdxEngagement, Key(tenant, *sid, LastComponent(k, tp, 0, 0))});
    docs[e->name()] = v;
  }
  auto relationships = rows(kRelationships);
  if (!relationships.ok()) return relationships.status();
  for (const auto& [k, v] : *relationships) {
    absl::StatusOr<Relationship> r = ParseAs<Relationship>(v, "relationship");
    if (!r.ok()) return r.status();
    absl::StatusOr<std::string> from = SupplierIdFromName("from", r->from_supplier());
    absl::StatusOr<std::string> to = TargetKey("to", *r);
    if (!from.ok() || !to.ok() || !supplier_ids.count(*from) ||
        (!r->to_supplier().empty() && !supplier_ids.count(*to))) {
      return bad(absl::StrCat(r->name(), " names a missing supplier"));
    }
    std::string rid = LastComponent(k, tp, 0, 0);
    expected_index.insert({kIdxRelFrom, Key(tenant, *from, *to, rid)});
    expected_index.insert({kIdxRelTo, Key(tenant, *to, *from, rid)});
    docs[r->name()] = v;
  }
  auto jobs = rows(kJobs);
  if (!jobs.ok()) return jobs.status();
  for (const auto& [k, v] : *jobs) docs[names::Job(LastComponent(k, tp, 0, 0))] = v;
  auto templates = rows(kTemplates);
  if (!templates.ok()) return templates.status();
  for (const auto& [k, v] : *templates) {
    absl::StatusOr<Template> t = ParseAs<Template>(v, "template");
    if (!t.ok()) return t.status();
    docs[names::TemplateRevision(t->id(), t->revision())] = v;
  }
  for (int cf : {kIdxGrade, kIdxDecision, kIdxScore, kIdxUpdated, kIdxIssue, kIdxRelFrom, kIdxRelTo,
                 kIdxEngagement, kIdxDirty, kIdxReviewDue, kIdxParty}) {
    auto idx = rows(cf);
    if (!idx.ok()) return idx.status();
    for (const auto& [k, v] : *idx) actual_index.insert({cf, k});
  }
  if (expected_index != actual_index) {
    for (const auto& e : expected_index) {
      if (!actual_index.count(e))
        return bad(absl::StrCat("missing index entry in ", CfName(e.first)));
    }
    for (const auto& e : actual_index) {
      if (!expected_index.count(e))
        return bad(absl::StrCat("stray index entry in ", CfName(e.first)));
    }
  }
  // Each document is the one its last audit entry describes, and vice versa.
  for (const auto& [resource, value] : docs) {
    auto it = last.find(resource);
    if (it == last.end()) return bad(absl::StrCat(resource, " has no audit entry"));
    if (it->second.action() == "delete")
      return bad(absl::StrCat(resource, " exists but was audited as deleted"));
    if (it->second.change_digest() != Sha256Hex(value)) {
      return bad(absl::StrCat(resource, " differs from its last audited change"));
    }
  }
  for (const auto& [resource, entry] : last) {
    if (entry.action() == "create" || entry.action() == "update") {
      if (!docs.count(resource)) return bad(absl::StrCat(resource, " was audited but is missing"));
    }
  }
  return absl::OkStatus();
}

}  // namespace supplyrisk::store
