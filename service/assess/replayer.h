// Replaying a stored assessment: its inputs loaded again from the store as of its as_of, scored
// again with its model version, and compared with what was stored. The same loading answers
// ExplainCell: an explanation is computed on demand from the inputs, once they are shown to be the
// ones the assessment scored.
#ifndef SUPPLYRISK_SERVICE_ASSESS_REPLAYER_H_
#define SUPPLYRISK_SERVICE_ASSESS_REPLAYER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/assess/assessor.h"
#include "supplyrisk/v1/assessment.pb.h"

namespace supplyrisk::assess {

struct ReplayReport {
  // The re-scored assessment serialises (deterministically) to the stored bytes.
  bool identical = false;
  // Unless identical: the first differing field's path ("overall_score", "inputs[3].digest",
  // "findings[2]") and each side's value in protobuf text form (empty for a missing side).
  std::string first_difference;
  std::string stored_value;
  std::string replayed_value;
  // Inputs whose digests no longer match the recorded ones, by kind then name.
  std::vector<v1::InputChange> changed_inputs;
  std::string model_version;
  // The assessment as scored again (named like the stored one).
  v1::Assessment replayed;
};

class Replayer {
 public:
  // Precondition: `deps` as for an Assessor (the clock is not used).
  explicit Replayer(AssessorDeps deps) : deps_(std::move(deps)) {}

  // Re-scores the stored assessment's inputs with its as_of. Errors carry an ErrorSubject:
  // NOT_FOUND for an absent assessment ("assessment"); FAILED_PRECONDITION when the server's model
  // version differs from the assessment's (naming both), or when the assessment decided an inline
  // engagement without keeping it (made before assessments kept them); else those of loading.
  absl::StatusOr<ReplayReport> Replay(absl::string_view tenant, absl::string_view supplier_id,
                                      absl::string_view assessment_id) const;

  // The explanation of `target` ("cell:L1/ORGANIZATION", "factor:DNS_HEALTH", "overall") in the
  // stored assessment, computed from its inputs. FAILED_PRECONDITION naming each changed input when
  // the inputs are no longer the ones scored (the explanation would be of another score), and as
  // Replay for another model version.
  absl::StatusOr<v1::Explanation> Explain(absl::string_view tenant, absl::string_view supplier_id,
                                          absl::string_view assessment_id,
                                          absl::string_view target) const;

  // The inputs of `replayed` that differ from those `stored` recorded (both sorted as
  // Assessment.inputs is), by kind then name. For tests and the API.
  static std::vector<v1::InputChange> ChangedInputs(const v1::Assessment& stored,
                                                    const v1::Assessment& replayed);

 private:
  AssessorDeps deps_;
};

}  // namespace supplyrisk::assess

#endif  // SUPPLYRISK_SERVICE_ASSESS_REPLAYER_H_
