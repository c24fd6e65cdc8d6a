// Jobs: "jobs/{job}", long-running operations as stored; the store sets create and update times.
#include "absl/strings/str_cat.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "service/store/store_impl.h"

namespace supplyrisk::store {

using ::supplyrisk::v1::Job;

absl::StatusOr<Job> StoreImpl::PutJob(absl::string_view tenant, absl::string_view job_id,
                                      const Job& job, absl::string_view expected_etag,
                                      const MutationContext& ctx, bool create) {
  absl::Status st = ValidateId("job_id", job_id);
  if (!st.ok()) return st;
  Job doc = job;
  doc.set_name(names::Job(job_id));
  doc.clear_etag();
  doc.clear_create_time();
  doc.clear_update_time();
  absl::StatusOr<std::string> out = Mutate(
      tenant, ctx, Sha256Hex(SerializeDeterministic(doc)),
      [&](Txn& txn) -> absl::StatusOr<std::string> {
        std::string key = Key(txn.tenant, job_id);
        Job stored;
        absl::StatusOr<bool> found = txn.GetMsg(kJobs, key, &stored, doc.name());
        if (!found.ok()) return found.status();
        Job d = doc;
        if (create) {
          if (*found) return absl::AlreadyExistsError(absl::StrCat(doc.name(), " already exists"));
          *d.mutable_create_time() = MicrosTs(ToMicros(txn.now));
        } else {
          if (!*found) return absl::NotFoundError(NotFoundMsg(doc.name()));
          absl::Status st = CheckEtag(doc.name(), stored.etag(), expected_etag);
          if (!st.ok()) return st;
          *d.mutable_create_time() = stored.create_time();
        }
        *d.mutable_update_time() = MicrosTs(ToMicros(txn.now));
        return StoreDoc(txn, kJobs, key, d.name(), &d, create ? "create" : "update");
      },
      ReadBack(kJobs, Key(tenant, job_id)));
  if (!out.ok()) return out.status();
  return ParseAs<Job>(*out, "job");
}

absl::StatusOr<Job> StoreImpl::CreateJob(absl::string_view tenant, absl::string_view job_id,
                                         const Job& job, const MutationContext& ctx) {
  return PutJob(tenant, job_id, job, "", ctx, true);
}

absl::StatusOr<Job> StoreImpl::UpdateJob(absl::string_view tenant, absl::string_view job_id,
                                         const Job& job, absl::string_view expected_etag,
                                         const MutationContext& ctx) {
  return PutJob(tenant, job_id, job, expected_etag, ctx, false);
}

absl::StatusOr<Job> StoreImpl::GetJob(absl::string_view tenant, absl::string_view job_id,
                                      const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (st.ok()) st = ValidateId("job_id", job_id);
  if (!st.ok()) return st;
  return GetDoc<Job>(kJobs, Key(tenant, job_id), names::Job(job_id), snapshot);
}

absl::StatusOr<Page<Job>> StoreImpl::ListJobs(absl::string_view tenant, const PageRequest& page,
                                              const Snapshot* snapshot) {
  absl::Status st = ValidateTenant(tenant);
  if (!st.ok()) return st;
  return ListDocs<Job>(kJobs, TenantPrefix(tenant), page, snapshot, "job");
}

}  // namespace supplyrisk::store
