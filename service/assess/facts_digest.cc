#include "service/assess/facts_digest.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/common/sha256.h"
#include "engine/scoring/digest.h"

namespace supplyrisk::assess {

std::string InputsKey(absl::string_view model_digest, const v1::SupplierProfile& profile,
                      const v1::Response& response, absl::Span<const v1::Signal* const> signals,
                      const v1::Engagement* engagement) {
  // The engine's own canonical input encoding, at one fixed instant for every rescoring.
  return scoring::SupplierInputDigest(model_digest, profile, response, signals, engagement,
                                      absl::UnixEpoch());
}

std::string FactsDigest(const v1::Assessment& a, absl::string_view inputs_key) {
  v1::Assessment facts = a;
  facts.clear_name();
  facts.clear_as_of();
  facts.clear_input_digest();
  facts.clear_confirm_time();
  facts.clear_confirmation_count();
  facts.clear_last_confirm_time();
  // Length-prefixed parts, so no inputs key and facts can be re-split into another pair.
  return Sha256Hex(absl::StrCat("supplyrisk-facts-1/", inputs_key.size(), ":", inputs_key, "/",
                                SerializeDeterministic(facts)));
}

}  // namespace supplyrisk::assess
