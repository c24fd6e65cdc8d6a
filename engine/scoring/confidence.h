#ifndef SUPPLYRISK_ENGINE_SCORING_CONFIDENCE_H_
#define SUPPLYRISK_ENGINE_SCORING_CONFIDENCE_H_

// Confidence 0-1: how far the score can be trusted, kept apart from the score itself.
//  - coverage: share of the visible scored question weight answered with a known value
//    (unanswered and unknown do not count; an allowed not-applicable, a known answer, does);
//  - evidence: share of positive answers to evidence-requiring questions backed by evidence or a
//    confirming signal (1 when none requires it);
//  - freshness: weight-averaged staleness factor of the answers;
//  - consistency: 1 minus the share of signal-linked positive answers that were contradicted;
//  - signal_coverage: share of the factor weight with any observation.
// confidence = coverage x freshness x consistency x (ef + (1-ef) evidence) x
//              (sf + (1-sf) signal_coverage),
// with the floors ef, sf from the policy, so every missing input lowers it and none can raise a
// poorly answered questionnaire.

#include <vector>

#include "engine/scoring/model.h"
#include "engine/scoring/state.h"
#include "supplyrisk/v1/assessment.pb.h"

namespace supplyrisk::scoring {

double ComputeConfidence(const ScoringModel& model, const std::vector<QuestionEval>& questions,
                         const Factors& factors, supplyrisk::v1::ConfidenceBreakdown* out);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_CONFIDENCE_H_
