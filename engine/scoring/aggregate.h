#ifndef SUPPLYRISK_ENGINE_SCORING_AGGREGATE_H_
#define SUPPLYRISK_ENGINE_SCORING_AGGREGATE_H_

// Question credits -> measure credits -> the 18 CPSF cells, layer and component roll-ups, the
// questionnaire score and the overall score.
//
//  - A measure's credit is the weight-averaged effective credit of the visible questions
//    evidencing it. Unanswered, unknown and not-applicable answers count as 0 (unknown is not
//    good; scope is declared by the profile, which is checked, not per question). A measure with
//    no visible question is out of scope for this supplier (e.g. control-system questions hidden
//    for an office-only firm).
//  - A cell's score is the mean credit of its in-scope measures x 100; its coverage the share of
//    their question weight that carries an answer. Roll-ups average measure credits.
//  - Questionnaire score Q: the mean credit of all in-scope measures x 100.
//  - Overall before caps = (qw x Q + sum over factors of w_f x min(Q, F_f)) / (qw + sum w_f), an
//    unobserved factor contributing Q. A clean scan thus confirms claims but cannot lift the score
//    above them, while a poor one pulls it down; so a new issue never raises the score.
//  - Weakest link: a knockout, a failing cell (in-scope measures, score below fail_cell_score,
//    whatever its coverage: a blank cell fails as an all-"no" one does) and a severe open
//    observation each set a ceiling (knockout_cap, cell_fail_cap, severe_observation_cap). The
//    overall is scaled into [0, lowest ceiling], not clipped to it: a high average cannot hide a
//    zero, and two suppliers under the same ceiling are still ordered by everything else.

#include <vector>

#include "engine/scoring/model.h"
#include "engine/scoring/state.h"

namespace supplyrisk::scoring {

void AggregateScores(const ScoringModel& model, const std::vector<QuestionEval>& questions,
                     const Factors& factors, bool any_knockout, Aggregate* out);

// The overall score before weakest-link caps for questionnaire score `q`.
double BlendOverall(const ScoringModel& model, const Factors& factors, double q);

// Whether a cell with these figures fails (and so caps the overall score).
bool CellFails(const supplyrisk::v1::ScoringPolicy& policy, int count, double score,
               double coverage);

// The lowest ceiling the weakest-link rules set (100 when none applies).
double OverallCeiling(const supplyrisk::v1::ScoringPolicy& policy, bool any_knockout,
                      bool any_failing_cell, bool any_severe_observation);

// The overall score after the caps: pre_cap x OverallCeiling / 100.
double CapOverall(const supplyrisk::v1::ScoringPolicy& policy, double pre_cap, bool any_knockout,
                  bool any_failing_cell, bool any_severe_observation);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_AGGREGATE_H_
