#ifndef SUPPLYRISK_ENGINE_SCORING_IPA_POINTS_H_
#define SUPPLYRISK_ENGINE_SCORING_IPA_POINTS_H_

// Points for SCORING_METHOD_IPA_POINTS templates (the IPA self-check): each visible single-choice
// question earns the policy's points for the chosen option id (done 4, partly 2, not done 0, don't
// know -1); unanswered earns 0; an answer a signal contradicts (or a follow-up of one) earns what
// the lowest honest option earns, as observed beats claimed. The total is scaled to 0-100 against
// the best possible total (25 questions x 4 = 100 for the IPA tool) and placed in the template's
// bands (highest first).

#include <string>
#include <vector>

#include "engine/scoring/model.h"
#include "engine/scoring/state.h"

namespace supplyrisk::scoring {

struct IpaResult {
  bool applies = false;
  double points = 0;  // scaled 0-100
  std::string band;   // the band's English label, else its Japanese one
};

IpaResult ComputeIpaPoints(const ScoringModel& model, const std::vector<QuestionEval>& questions);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_IPA_POINTS_H_
