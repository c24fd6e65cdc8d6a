#ifndef SUPPLYRISK_ENGINE_QUESTIONNAIRE_CONDITIONS_H_
#define SUPPLYRISK_ENGINE_QUESTIONNAIRE_CONDITIONS_H_

// When a question or section of a template is shown to a supplier.
//
// Conditions test the supplier profile or earlier answers. Visibility is
// decided here, once, so the scoring engine, the lint and the service agree on
// which questions a supplier was asked: a hidden question is neither counted as
// missing nor scored.

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/supplier.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::questionnaire {

// Answer lookup by question id. Pointers refer into the Response given to
// IndexAnswers, which must outlive the map. When a response answers a question
// twice the last answer wins.
using AnswerMap =
    absl::flat_hash_map<std::string, const supplyrisk::v1::Answer*>;

AnswerMap IndexAnswers(const supplyrisk::v1::Response& response);

// The tokens Condition.AnswerIs.any_of uses for yes/no answers.
inline constexpr absl::string_view kTokenYes = "yes";
inline constexpr absl::string_view kTokenPartial = "partial";
inline constexpr absl::string_view kTokenNo = "no";
inline constexpr absl::string_view kTokenUnknown = "unknown";
inline constexpr absl::string_view kTokenNotApplicable = "not_applicable";

// The token of a yes/no value; empty for YES_NO_UNSPECIFIED.
absl::string_view YesNoToken(supplyrisk::v1::YesNo value);

// True when `token` is one of the five yes/no tokens above.
bool IsYesNoToken(absl::string_view token);

// The tokens an answer carries for AnswerIs: the yes/no token, the chosen
// option id, or every chosen option id of a multiple choice. Numbers, dates,
// text and subcontractor lists carry none, so AnswerIs never holds on them.
std::vector<std::string> AnswerTokens(const supplyrisk::v1::Answer& answer);

// True when the condition holds. An unset condition (no oneof) holds, as does
// an empty All; an empty Any does not (no alternative holds). An AnswerIs on a
// question absent from `answers` does not hold, so Not of it does. A profile
// flag this build does not know never holds. This function sees only
// `answers`: it cannot know that a question is hidden, so callers that need
// visibility use VisibleQuestions, which hides every question whose condition
// refers to a hidden question before evaluating it.
bool EvaluateCondition(const supplyrisk::v1::Condition& c,
                       const supplyrisk::v1::SupplierProfile& profile,
                       const AnswerMap& answers);

// The question ids AnswerIs tests anywhere inside `c` refer to, in order of
// first appearance, without duplicates.
std::vector<std::string> ReferencedQuestions(
    const supplyrisk::v1::Condition& c);

// Ids of the questions shown to this supplier: the section condition AND the
// question condition hold. A question whose condition (or whose section's
// condition) refers to a hidden or unknown question is hidden, whatever the
// rest of the condition says; an AnswerIs on a hidden question never holds even
// when the response carries an answer for it. A question caught in a condition
// cycle (which lint rejects) is hidden.
absl::flat_hash_set<std::string> VisibleQuestions(
    const supplyrisk::v1::Template& t,
    const supplyrisk::v1::SupplierProfile& profile, const AnswerMap& answers);

}  // namespace supplyrisk::questionnaire

#endif  // SUPPLYRISK_ENGINE_QUESTIONNAIRE_CONDITIONS_H_
