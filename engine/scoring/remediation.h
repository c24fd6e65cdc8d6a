#ifndef SUPPLYRISK_ENGINE_SCORING_REMEDIATION_H_
#define SUPPLYRISK_ENGINE_SCORING_REMEDIATION_H_

// The remediation plan, found by what-if re-scoring: for every visible question not at its best (or
// a knockout, or an invalid not-applicable), the assessment is re-aggregated as if the question
// were answered at its best, fresh, evidenced and no longer contradicted (the observed problem
// fixed). The gain in overall score (or, while a weakest-link cap holds the overall down, in the
// uncapped score it hides, if larger) divided by the remediation's effort days ranks the steps.
// Signals' factor scores are left as they are: a fix shows in the scans only when they next run.

#include <vector>

#include "engine/scoring/model.h"
#include "engine/scoring/state.h"
#include "supplyrisk/v1/assessment.pb.h"

namespace supplyrisk::scoring {

struct RankedRemediation {
  int question = 0;  // index into model.questions()
  double overall_gain = 0;
  double gain_per_effort_day = 0;
};

// Every candidate, ranked (best gain per effort day first, then question id). `questions` is
// restored before returning. Steps are materialised separately, for the plan and the decision only.
std::vector<RankedRemediation> RankRemediations(const ScoringModel& model,
                                                std::vector<QuestionEval>* questions,
                                                const Factors& factors, const Aggregate& current,
                                                int knockout_count);

supplyrisk::v1::RemediationStep MakeRemediationStep(const ScoringModel& model,
                                                    const RankedRemediation& r);

// The same written over `step` (an earlier step's memory is reused). Every field of RemediationStep
// is set; a field added to the message must be set here too (remediation_test checks the field
// count).
void FillRemediationStep(const ScoringModel& model, const RankedRemediation& r,
                         supplyrisk::v1::RemediationStep* step);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_REMEDIATION_H_
