#ifndef SUPPLYRISK_ENGINE_SCORING_DISCREPANCIES_H_
#define SUPPLYRISK_ENGINE_SCORING_DISCREPANCIES_H_

// Observed beats claimed. A question's signal links say which observations bear on it, on which
// assets (SignalLink.asset_patterns; none: any asset):
//  - CONTRADICTS: an open issue of that factor and type (severity low or worse) on a covered asset
//    contradicts a positive answer: its credit drops to policy.contradicted_credit and a
//    discrepancy shows both sides. Failing an open issue, a vulnerability type is contradicted by
//    its history: a covered vulnerability seen open, first to last sighting, for longer than the
//    patch SLA of its severity. On a knockout question the contradicted claim is a knockout, as the
//    observed state is a "no".
//  - CONFIRMS: an open observation of that type confirms the answer and stands in for the required
//    evidence (the no-evidence cap is lifted).
//  - An allowed not-applicable whose subject a link sees (any open observation it covers, positive
//    ones included) is contradicted too: a discrepancy (and a knockout on a knockout question).
// An answer that is already negative is consistent with the signal: no discrepancy.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/scoring/model.h"
#include "engine/scoring/state.h"
#include "supplyrisk/v1/assessment.pb.h"

namespace supplyrisk::scoring {

void ApplySignalLinks(const ScoringModel& model, const SignalSet& signals,
                      std::vector<QuestionEval>* questions);

// The discrepancy of a contradicted question, both sides spelt out.
void FillDiscrepancy(const ScoringModel& model, const SignalSet& signals, int question,
                     const QuestionEval& eval, supplyrisk::v1::Discrepancy* out);

// The answer as a short token: "yes", "partial", an option id, a number, a date.
std::string AnswerText(const supplyrisk::v1::Answer* answer);
// The same, appended to *out.
void AppendAnswerText(const supplyrisk::v1::Answer* answer, std::string* out);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_DISCREPANCIES_H_
