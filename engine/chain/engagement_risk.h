// The effective risk an engagement carries down its supplier's subcontractor chain, computed before
// the supplier itself is scored. Shared by the server (over the chain read from the store) and the
// CLI (over relationship files, or no relationships at all), so both record the same facts.
//
//   PartyDirectory parties(graph, party_records, relationships);
//   absl::StatusOr<v1::EffectiveRisk> risk =
//       EngagementEffectiveRisk(graph, parties, root, engagement, policy);
#ifndef SUPPLYRISK_ENGINE_CHAIN_ENGAGEMENT_RISK_H_
#define SUPPLYRISK_ENGINE_CHAIN_ENGAGEMENT_RISK_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/chain/chain_proto.h"
#include "engine/chain/graph.h"
#include "supplyrisk/v1/chain.pb.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/policy.pb.h"
#include "supplyrisk/v1/relationship.pb.h"

namespace supplyrisk::chain {

// A relationship is in force at `t` when it has started (no start_time, or start_time <= t) and
// not ended (no end_time, or t < end_time). Only relationships in force at an assessment's as_of
// carry risk into it.
bool InForce(const v1::Relationship& relationship, absl::Time t);

// The root's own standing is ignored (the assessment being made replaces its previous one):
// own_assessed is false and the own score is left for the scorer, which completes it with the
// assessment's overall score; what the chain inherits does not depend on it. The engagement's
// data classes and access are the scope carried from the root. Errors: the policy's chain rules
// out of range (INVALID_ARGUMENT naming the field).
// Precondition: 0 <= root < graph.size(); `parties` was built over `graph`.
absl::StatusOr<v1::EffectiveRisk> EngagementEffectiveRisk(const SupplyGraph& graph,
                                                          const PartyDirectory& parties, int root,
                                                          const v1::Engagement& engagement,
                                                          const v1::ScoringPolicy& policy);

// Completes `risk` (from EngagementEffectiveRisk) with the supplier's own score: the effective
// score is the lower of the own and the inherited score (inheritance never raises it), lowered says
// whether the chain lowered it, and the scores and confidence factor are rounded to 1e-6 so the
// stored facts do not depend on the floating-point path. The caller grades effective_score.
void CompleteWithOwnScore(double own_score, v1::EffectiveRisk* risk);

}  // namespace supplyrisk::chain

#endif  // SUPPLYRISK_ENGINE_CHAIN_ENGAGEMENT_RISK_H_
