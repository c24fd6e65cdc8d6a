#include "engine/chain/policy_rules.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace supplyrisk::chain {

absl::StatusOr<ChainRules> ChainRulesFromPolicy(const v1::ScoringPolicy& policy) {
  const auto& p = policy.chain();
  ChainRules rules;
  if (p.max_depth() != 0) rules.max_depth = p.max_depth();
  if (p.attenuation() != 0) rules.attenuation = p.attenuation();
  if (p.unknown_confidence_penalty() != 0) {
    rules.unknown_confidence_penalty = p.unknown_confidence_penalty();
  }
  switch (p.rule()) {
    case v1::ScoringPolicy::ChainPolicy::COMBINATION_RULE_UNSPECIFIED:
    case v1::ScoringPolicy::ChainPolicy::COMBINATION_RULE_WEAKEST_LINK:
      rules.rule = CombinationRule::kWeakestLink;
      break;
    case v1::ScoringPolicy::ChainPolicy::COMBINATION_RULE_COMPROMISE_PROBABILITY:
      rules.rule = CombinationRule::kCompromiseProbability;
      break;
    default:
      return absl::InvalidArgumentError(absl::StrCat("chain.rule: unknown rule ", p.rule()));
  }
  if (std::string problem = ValidateChainRules(rules); !problem.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("chain.", problem));
  }
  return rules;
}

absl::StatusOr<ConcentrationRules> ConcentrationRulesFromPolicy(const v1::ScoringPolicy& policy) {
  ConcentrationRules rules;
  const double share = policy.chain().spof_share();
  if (share != 0) {
    if (!(share > 0 && share <= 1)) {
      return absl::InvalidArgumentError("chain.spof_share: in (0, 1]");
    }
    rules.spof_share = share;
  }
  return rules;
}

}  // namespace supplyrisk::chain
