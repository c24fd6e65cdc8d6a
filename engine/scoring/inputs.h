#ifndef SUPPLYRISK_ENGINE_SCORING_INPUTS_H_
#define SUPPLYRISK_ENGINE_SCORING_INPUTS_H_

// An assessment's inputs as facts, and its input digest.
//
// Each input (the supplier profile, the response, each signal record, the engagement) has its own
// digest (digest.h: ProfileDigest, ResponseDigest, SignalDigest, EngagementDigest). The store
// computes it when it writes the input and hands it to scoring with the input (InputDigests); a
// caller without a store (the CLI, the library) leaves it out and the digest is computed from the
// message, with the same result.
//
// The assessment lists its inputs (Assessment.inputs) sorted by kind, then name, then digest, and
// its input_digest is SHA-256 over a version tag, the model digest, as_of and each input's (kind,
// name, digest), each a tagged, length-prefixed part: a few dozen short parts, whatever the size
// of the inputs. Revisions (etags) are recorded but not digested: writing the same content again
// makes the same input.

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/scoring/scoring_input.h"
#include "supplyrisk/v1/assessment.pb.h"

namespace supplyrisk::scoring {

// The name an assessment gives a supplier's profile input: the supplier's resource name.
// `supplier` is input.supplier when set, else derived from the engagement or the response name.
std::string InputSupplierName(const SupplierInput& input);

// Fills out->inputs (replacing them) and out->input_digest from `input`: stored digests where
// input.digests has them, the others computed from the messages.
void RecordInputs(absl::string_view model_digest, const SupplierInput& input,
                  supplyrisk::v1::Assessment* out);

// input_digest from inputs already sorted as Assessment.inputs is (for checks that recompute it).
std::string CombinedInputDigest(
    absl::string_view model_digest, absl::Time as_of,
    const google::protobuf::RepeatedPtrField<supplyrisk::v1::AssessmentInput>& sorted_inputs);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_INPUTS_H_
