// What makes a rescoring "unchanged": the facts digest of an assessment. Two assessments have the
// same facts digest when everything but their name and as_of is equal (model version, engagement,
// decision, every score, finding and readiness item, with as_of-dependent facts such as due dates
// and answer ages included, so those changing is a change) and they were scored on the same inputs
// apart from as_of. The store keeps the latest version's digest in the supplier's summary, so a
// rescoring compares 32 bytes, not two assessments.
#ifndef SUPPLYRISK_SERVICE_ASSESS_FACTS_DIGEST_H_
#define SUPPLYRISK_SERVICE_ASSESS_FACTS_DIGEST_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"
#include "supplyrisk/v1/supplier.pb.h"

namespace supplyrisk::assess {

// Hex SHA-256 of the scoring inputs without as_of: the model digest and every input's (kind,
// name, digest) as the assessment lists them (Assessment.inputs, sorted by the engine). Revisions
// (etags) do not count: an input written again with the same content is the same input.
std::string InputsKey(absl::string_view model_digest,
                      const google::protobuf::RepeatedPtrField<v1::AssessmentInput>& inputs);

// Hex SHA-256 over `inputs_key` and the deterministic serialisation of `a` without name, as_of,
// input_digest (it covers as_of; `inputs_key` stands for it) and the answer-only confirmation
// fields.
std::string FactsDigest(const v1::Assessment& a, absl::string_view inputs_key);

}  // namespace supplyrisk::assess

#endif  // SUPPLYRISK_SERVICE_ASSESS_FACTS_DIGEST_H_
