#ifndef SUPPLYRISK_ENGINE_SCORING_COMPENSATION_H_
#define SUPPLYRISK_ENGINE_SCORING_COMPENSATION_H_

// Compensating controls. A compensable question (e.g. "control systems are patched", which an
// unpatchable controller cannot meet) may earn credit from its compensating measures (network
// isolation, restricted maintenance PCs): compensation.max_credit times the weakest of those
// measures' own credits. All of them must be in place for full compensation, the credit never
// exceeds max_credit, and it only ever replaces a lower credit (max, never a sum). Own credits
// exclude compensation, so compensation cannot feed on itself.

#include <vector>

#include "engine/scoring/model.h"

namespace supplyrisk::scoring {

// `own_credit` and `in_scope` are per measure. A compensating measure outside the scope of this
// supplier's questions counts as 0.
double CompensationCredit(const QuestionInfo& info, const std::vector<double>& own_credit,
                          const std::vector<unsigned char>& in_scope);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_COMPENSATION_H_
