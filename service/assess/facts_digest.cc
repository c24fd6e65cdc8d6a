#include "service/assess/facts_digest.h"

#include "absl/strings/str_cat.h"
#include "engine/common/sha256.h"

namespace supplyrisk::assess {

std::string InputsKey(absl::string_view model_digest,
                      const google::protobuf::RepeatedPtrField<v1::AssessmentInput>& inputs) {
  // Length-prefixed parts, so no two lists encode alike.
  std::string text = absl::StrCat("supplyrisk-inputs-1/", model_digest.size(), ":", model_digest);
  for (const v1::AssessmentInput& in : inputs) {
    absl::StrAppend(&text, "/", static_cast<int>(in.kind()), ":", in.name().size(), ":", in.name(),
                    ":", in.digest().size(), ":", in.digest());
  }
  return Sha256Hex(text);
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
