#ifndef SUPPLYRISK_ENGINE_SCORING_EXPLAIN_H_
#define SUPPLYRISK_ENGINE_SCORING_EXPLAIN_H_

// The "why" behind a number. Targets: "overall", "cell:L<n>/<COMPONENT>" (e.g.
// "cell:L1/ORGANIZATION"), "factor:<FACTOR>" (e.g. "factor:DNS_HEALTH").
//
// Contributions add up exactly to the score. A question contributes its answer's raw credit scaled
// by its share of the target; separate entries show what the evidence cap ("cap:evidence:<q>"),
// staleness ("cap:stale:<q>"), a contradicting signal ("signal:<id>") and compensation
// ("compensation:<q>") changed. For the overall score, factors below the questionnaire score
// contribute their weighted score split into a base and each open issue's deduction, and
// weakest-link caps appear as "cap:knockout" / "cap:failing_cell". Unanswered questions are listed
// with delta 0 so the gaps are visible.

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/scoring/model.h"
#include "engine/scoring/state.h"
#include "supplyrisk/v1/assessment.pb.h"

namespace supplyrisk::scoring {

absl::StatusOr<supplyrisk::v1::Explanation> ExplainTarget(
    const ScoringModel& model, const std::vector<QuestionEval>& questions, const SignalSet& signals,
    const Factors& factors, const Aggregate& aggregate, absl::string_view target);

// The targets explain_all fills: overall, each cell with measures, each factor.
std::vector<std::string> AllTargets(const Aggregate& aggregate);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_EXPLAIN_H_
