#ifndef SUPPLYRISK_ENGINE_QUESTIONNAIRE_CONDITIONS_H_
#define SUPPLYRISK_ENGINE_QUESTIONNAIRE_CONDITIONS_H_

// When a question or section of a template is shown to a supplier.
//
// Conditions test the supplier profile or earlier answers. Visibility is decided here, once, so the
// scoring engine, the lint and the service agree on which questions a supplier was asked: a hidden
// question is neither counted as missing nor scored.

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/supplier.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::questionnaire {

// Answer lookup by question id. Pointers refer into the Response given to IndexAnswers, which must
// outlive the map. When a response answers a question twice the last answer wins.
using AnswerMap = absl::flat_hash_map<std::string, const supplyrisk::v1::Answer*>;

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

// The tokens an answer carries for AnswerIs: the yes/no token, the chosen option id, or every
// chosen option id of a multiple choice. Numbers, dates, text and subcontractor lists carry none,
// so AnswerIs never holds on them.
std::vector<std::string> AnswerTokens(const supplyrisk::v1::Answer& answer);

// The profile's value of `flag`; *known is false (and the result false) for a flag this build does
// not know.
bool ProfileFlagValue(supplyrisk::v1::ProfileFlag flag,
                      const supplyrisk::v1::SupplierProfile& profile, bool* known);

// True when the condition holds. An unset condition (no oneof) holds, as does an empty All; an
// empty Any does not (no alternative holds). An AnswerIs on a question absent from `answers` does
// not hold, so Not of it does. A profile flag this build does not know never holds. This function
// sees only `answers`: it cannot know that a question is hidden, so callers that need visibility
// use VisibleQuestions, which hides every question whose condition refers to a hidden question
// before evaluating it.
bool EvaluateCondition(const supplyrisk::v1::Condition& c,
                       const supplyrisk::v1::SupplierProfile& profile, const AnswerMap& answers);

// The question ids AnswerIs tests anywhere inside `c` refer to, in order of first appearance,
// without duplicates.
std::vector<std::string> ReferencedQuestions(const supplyrisk::v1::Condition& c);

// Ids of the questions shown to this supplier: the section condition AND the question condition
// hold. A question whose condition (or whose section's condition) refers to a hidden or unknown
// question is hidden, whatever the rest of the condition says; an AnswerIs on a hidden question
// never holds even when the response carries an answer for it. A question caught in a condition
// cycle (which lint rejects) is hidden.
absl::flat_hash_set<std::string> VisibleQuestions(const supplyrisk::v1::Template& t,
                                                  const supplyrisk::v1::SupplierProfile& profile,
                                                  const AnswerMap& answers);

// VisibleQuestions compiled once per template for callers that evaluate many responses: question
// ids are resolved to positions (the i-th question of the template in section order), so evaluation
// touches no strings except option tokens. Same semantics as VisibleQuestions, including the
// traversal order that decides which question of a (lint-rejected) cycle is hidden. The template
// must outlive the program. With repeated question ids (lint rejects them) every copy takes the
// visibility of the first declaration, as in VisibleQuestions.
class VisibilityProgram {
 public:
  VisibilityProgram() = default;
  explicit VisibilityProgram(const supplyrisk::v1::Template& t);

  // Number of questions of the template.
  int size() const { return static_cast<int>(questions_.size()); }

  // answers[i] is the answer to the i-th question (nullptr when unanswered), answers.size() ==
  // size(); with repeated ids, the entry at the first declaration is read. On return (*visible)[i]
  // is 1 when the i-th question is shown. `state` is scratch, reused across calls.
  void Evaluate(const supplyrisk::v1::SupplierProfile& profile,
                absl::Span<const supplyrisk::v1::Answer* const> answers,
                std::vector<unsigned char>* visible, std::vector<unsigned char>* state) const;

 private:
  struct Node {
    const supplyrisk::v1::Condition* condition = nullptr;
    int question = -1;  // AnswerIs: position of the tested question, or -1
    int first_child = 0;
    int child_count = 0;
  };
  struct ConditionProgram {
    int node = -1;
    // The condition is unset: it holds and refers to nothing.
    bool always = false;
    // Referenced question positions (-1: no such question), in order of first appearance.
    std::vector<int> refs;
  };
  struct QuestionProgram {
    int first = 0;    // position of the first question with this id
    int section = 0;  // index into sections_
    ConditionProgram condition;
  };
  class Solver;

  int Compile(const supplyrisk::v1::Condition& c,
              const absl::flat_hash_map<std::string, int>& where);
  bool Eval(int node, const supplyrisk::v1::SupplierProfile& profile,
            absl::Span<const supplyrisk::v1::Answer* const> answers) const;

  std::vector<Node> nodes_;
  std::vector<int> children_;
  std::vector<ConditionProgram> sections_;
  std::vector<QuestionProgram> questions_;
};

}  // namespace supplyrisk::questionnaire

#endif  // SUPPLYRISK_ENGINE_QUESTIONNAIRE_CONDITIONS_H_
