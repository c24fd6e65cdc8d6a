// Batch rescoring of a tenant's supplier base as a resumable job.
//
// A job is a store Job of kind "rescore" whose request is a RescoreSpec and whose result is a
// RescoreState. Run scores the chosen suppliers page by page on several threads through the
// Assessor (so each supplier's assessment is stored, or confirmed when its facts did not change),
// and rewrites the job's state after each page. Every supplier is scored as of one instant fixed
// when the job first runs; the Assessor names an assessment by its inputs and as_of, so a page
// that is scored again after a crash finds what its first attempt stored instead of adding a
// second version, and the counters come out the same as an uninterrupted run's.
//
// Example:
//   Rescorer rescorer(store, &assessor, {});
//   absl::StatusOr<v1::Job> job = rescorer.Start(tenant, "token:ops:admin", spec, "nightly-1");
//   absl::Status st = rescorer.Run(tenant, "token:ops:admin", "nightly-1");
#ifndef SUPPLYRISK_SERVICE_JOBS_RESCORER_H_
#define SUPPLYRISK_SERVICE_JOBS_RESCORER_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "service/assess/assessor.h"
#include "service/jobs/rescore_state.pb.h"
#include "service/store/store.h"
#include "supplyrisk/v1/job.pb.h"

namespace supplyrisk::jobs {

inline constexpr absl::string_view kRescoreJobKind = "rescore";

struct RescorerOptions {
  int threads = 2;      // scoring threads per page
  int page_size = 256;  // suppliers per checkpoint
  // How far up the chains a dirty-only run follows contractors of a dirty supplier.
  int contractor_depth = 3;
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  // Checked before every page: true stops the run there, leaving the job RUNNING to resume (a
  // server shutting down). May be empty.
  std::function<bool()> stopping;
  // Tests only: called after each page's checkpoint; returning false stops the run there, as if
  // the process had died (the job stays RUNNING).
  std::function<bool(const RescoreState&)> after_page;
};

class Rescorer {
 public:
  // Precondition: `store` and `assessor` outlive the Rescorer.
  Rescorer(store::Store* store, const assess::Assessor* assessor, RescorerOptions options)
      : store_(store), assessor_(assessor), options_(std::move(options)) {}

  // Records a PENDING job `job_id` for `spec`. InvalidArgument for a bad id; AlreadyExists when the
  // id is taken.
  absl::StatusOr<v1::Job> Start(absl::string_view tenant, absl::string_view actor,
                                const RescoreSpec& spec, absl::string_view job_id) const;

  // Runs a PENDING or RUNNING job to its end (SUCCEEDED), resuming from its last checkpoint; stops
  // early, leaving the job as it is, when the job is cancelled meanwhile. FailedPrecondition for a
  // job that has ended or is not a rescoring. A supplier that fails to score is counted and sampled
  // in the state, not an error of the run; a store error is, and leaves the job RUNNING to resume.
  // A policy override the job cannot score under (a real run, or an invalid policy) ends the job
  // FAILED and returns why.
  absl::Status Run(absl::string_view tenant, absl::string_view actor,
                   absl::string_view job_id) const;

  // Whether two rescorings may write the same supplier: always, unless one is a dry run (it writes
  // none) or both filter by grade and name different grades.
  static bool Overlaps(const RescoreSpec& a, const RescoreSpec& b);
  // The first PENDING or RUNNING rescoring of the tenant whose scope overlaps `spec`, if any.
  absl::StatusOr<std::optional<v1::Job>> FindOverlapping(absl::string_view tenant,
                                                         const RescoreSpec& spec) const;

  // The state a job's result holds; DataLoss when it does not parse.
  static absl::StatusOr<RescoreState> StateOf(const v1::Job& job);

 private:
  // The dirty-only targets as of `as_of`: dirty and review-due suppliers, then their contractors.
  absl::StatusOr<std::vector<std::string>> SelectDirty(absl::string_view tenant,
                                                       absl::Time as_of) const;
  // The next page of supplier ids to score, advancing `state`'s position.
  absl::StatusOr<std::vector<std::string>> NextPage(absl::string_view tenant,
                                                    const RescoreSpec& spec,
                                                    RescoreState* state) const;
  // Scores `ids` on the worker threads with `assessor` and adds the outcomes to `state`; a dry run
  // evaluates and compares facts digests instead of storing.
  void ScorePage(absl::string_view tenant, absl::string_view actor,
                 const assess::Assessor& assessor, bool dry_run,
                 const std::vector<std::string>& ids, RescoreState* state) const;

  store::Store* store_;
  const assess::Assessor* assessor_;
  RescorerOptions options_;
};

}  // namespace supplyrisk::jobs

#endif  // SUPPLYRISK_SERVICE_JOBS_RESCORER_H_
