// The chain rules of a scoring policy, with the defaults for what the policy leaves unset, checked.
#ifndef SUPPLYRISK_ENGINE_CHAIN_POLICY_RULES_H_
#define SUPPLYRISK_ENGINE_CHAIN_POLICY_RULES_H_

#include "absl/status/statusor.h"
#include "engine/chain/concentration.h"
#include "engine/chain/effective_risk.h"
#include "supplyrisk/v1/policy.pb.h"

namespace supplyrisk::chain {

// InvalidArgument naming the field ("chain.max_depth: 1 to 10") when a set value is out of range.
absl::StatusOr<ChainRules> ChainRulesFromPolicy(const v1::ScoringPolicy& policy);
absl::StatusOr<ConcentrationRules> ConcentrationRulesFromPolicy(const v1::ScoringPolicy& policy);

}  // namespace supplyrisk::chain

#endif  // SUPPLYRISK_ENGINE_CHAIN_POLICY_RULES_H_
