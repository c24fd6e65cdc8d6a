#include "engine/chain/engagement_risk.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/chain/effective_risk.h"
#include "engine/chain/policy_rules.h"
#include "engine/chain/scope.h"

namespace supplyrisk::chain {
namespace {

double Round(double v) { return std::round(v * 1e6) / 1e6; }

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

}  // namespace

bool InForce(const v1::Relationship& relationship, absl::Time t) {
  if (relationship.has_start_time() && TimeOf(relationship.start_time()) > t) return false;
  if (relationship.has_end_time() && TimeOf(relationship.end_time()) <= t) return false;
  return true;
}

absl::StatusOr<v1::EffectiveRisk> EngagementEffectiveRisk(const SupplyGraph& graph,
                                                          const PartyDirectory& parties, int root,
                                                          const v1::Engagement& engagement,
                                                          const v1::ScoringPolicy& policy) {
  absl::StatusOr<ChainRules> rules = ChainRulesFromPolicy(policy);
  if (!rules.ok()) return rules.status();
  std::vector<PartyStanding> standings = parties.standings();
  standings[root] = PartyStanding{};
  const Scope scope = Scope::FromFields(engagement.data_classes(), engagement.access());
  const EffectiveRisk risk = ComputeEffectiveRisk(graph, standings, root, scope, *rules);
  v1::EffectiveRisk out = EffectiveRiskToProto(graph, risk, parties, *rules, policy.version());
  out.set_engagement(engagement.name());
  return out;
}

void CompleteWithOwnScore(double own_score, v1::EffectiveRisk* risk) {
  risk->set_own_assessed(true);
  risk->set_own_score(own_score);
  risk->set_inherited_score(Round(risk->inherited_score()));
  risk->set_worst_imposed(Round(risk->worst_imposed()));
  risk->set_confidence_factor(Round(risk->confidence_factor()));
  risk->set_effective_score(std::min(own_score, risk->inherited_score()));
  risk->set_lowered(risk->effective_score() < own_score);
}

}  // namespace supplyrisk::chain
