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
#include "absl/types/span.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"
#include "supplyrisk/v1/supplier.pb.h"

namespace supplyrisk::assess {

// Hex SHA-256 of the scoring inputs without as_of: the engine's input digest (model, profile,
// response, signals in the given order, engagement) at a fixed instant. `signals` must come in a
// deterministic order (the store lists them by key).
std::string InputsKey(absl::string_view model_digest, const v1::SupplierProfile& profile,
                      const v1::Response& response, absl::Span<const v1::Signal* const> signals,
                      const v1::Engagement* engagement);

// Hex SHA-256 over `inputs_key` and the deterministic serialisation of `a` without name, as_of,
// input_digest (it covers as_of; `inputs_key` stands for it) and the answer-only confirmation
// fields.
std::string FactsDigest(const v1::Assessment& a, absl::string_view inputs_key);

}  // namespace supplyrisk::assess

#endif  // SUPPLYRISK_SERVICE_ASSESS_FACTS_DIGEST_H_
