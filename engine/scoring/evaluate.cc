#include "engine/scoring/evaluate.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "engine/questionnaire/conditions.h"
#include "engine/scoring/aggregate.h"
#include "engine/scoring/discrepancies.h"
#include "engine/scoring/measure_credit.h"
#include "engine/scoring/signal_factors.h"

namespace supplyrisk::scoring {
namespace {

// An answer that earns nothing whatever the question: none, "unknown", "not applicable" or an
// unknown option ("dont_know").
bool EarnsNothing(const supplyrisk::v1::Answer* a) {
  if (a == nullptr) return true;
  switch (a->value_case()) {
    case supplyrisk::v1::Answer::VALUE_NOT_SET:
      return true;
    case supplyrisk::v1::Answer::kYesNo:
      return a->yes_no() == supplyrisk::v1::YES_NO_UNKNOWN ||
             a->yes_no() == supplyrisk::v1::YES_NO_NOT_APPLICABLE;
    case supplyrisk::v1::Answer::kOptionId:
      return IsUnknownOption(a->option_id());
    default:
      return false;
  }
}

// A disproved parent takes its follow-ups with it: the questions shown only because of an answer a
// signal contradicts (they would be hidden had the parent been answered with its honest worst) lose
// their credit, as the claim they rest on is gone.
void VoidFollowUps(const ScoringModel& model, const supplyrisk::v1::SupplierProfile& profile,
                   Run* run) {
  const size_t nq = run->questions.size();
  for (size_t p = 0; p < nq; ++p) {
    const QuestionEval& parent = run->questions[p];
    if (!parent.visible || parent.contradicting_signal < 0 || parent.na_contradicted) continue;
    const supplyrisk::v1::Answer* worst = model.worst_answer(static_cast<int>(p));
    if (worst == nullptr) continue;
    run->what_if_answers = run->visibility_answers;
    run->what_if_answers[p] = worst;
    model.visibility().Evaluate(profile, run->what_if_answers, &run->what_if_visible,
                                &run->visibility_state);
    const double contradicted = model.policy().contradicted_credit();
    for (size_t q = 0; q < nq; ++q) {
      QuestionEval& e = run->questions[q];
      if (!e.visible || run->what_if_visible[q] != 0 || e.voided_by >= 0) continue;
      e.voided_by = static_cast<int>(p);
      e.credit = std::min(e.credit, contradicted);
      e.effective = e.credit;
    }
  }
}

}  // namespace

const supplyrisk::v1::SupplierProfile& DefaultProfile() {
  static const auto* const p = new supplyrisk::v1::SupplierProfile();
  return *p;
}

absl::Status Evaluate(const ScoringModel& model, const SupplierInput& in, Run* run) {
  if (in.response == nullptr) return absl::InvalidArgumentError("response: missing");
  const auto& response = *in.response;
  const auto& t = model.questionnaire();
  if (!response.template_id().empty() && response.template_id() != t.id()) {
    return absl::InvalidArgumentError(absl::StrCat("response.template_id: '",
                                                   response.template_id(),
                                                   "' does not match template '", t.id(), "'"));
  }
  if (response.template_revision() != 0 && t.revision() != 0 &&
      response.template_revision() != t.revision()) {
    return absl::InvalidArgumentError(
        absl::StrCat("response.template_revision: ", response.template_revision(),
                     " does not match template revision ", t.revision()));
  }
  const size_t nq = model.questions().size();
  run->questions.assign(nq, QuestionEval());
  run->answers.assign(nq, nullptr);
  // Responses usually list answers in template order: try the question after the previous one
  // before looking the id up.
  int guess = 0;
  for (int i = 0; i < response.answers_size(); ++i) {
    const auto& a = response.answers(i);
    int q = -1;
    if (guess < static_cast<int>(nq) &&
        model.questions()[guess].question->id() == a.question_id()) {
      q = guess;
    } else {
      q = model.QuestionIndex(a.question_id());
    }
    if (q < 0) {
      return absl::InvalidArgumentError(absl::StrCat("response.answers[", i, "].question_id: '",
                                                     a.question_id(),
                                                     "' is not a question of template ", t.id()));
    }
    if (run->answers[q] != nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("response.answers[", i, "].question_id: '",
                                                     a.question_id(), "' answered twice"));
    }
    run->answers[q] = &a;
    run->questions[q].answer = &a;
    guess = q + 1;
  }
  // Point in time: an answer given after as_of did not exist then. Its time is answered_at, else
  // the response's submitted_at.
  const bool submitted = response.has_submitted_at();
  const absl::Time submitted_at = submitted ? ToTime(response.submitted_at()) : absl::Time();
  run->counted_answers = run->answers;
  for (size_t q = 0; q < nq; ++q) {
    const auto* a = run->answers[q];
    if (a == nullptr) continue;
    const bool dated = a->has_answered_at();
    if ((dated || submitted) && (dated ? ToTime(a->answered_at()) : submitted_at) > in.as_of) {
      run->counted_answers[q] = nullptr;
      run->questions[q].answer = nullptr;
      run->questions[q].after_as_of = true;
    }
  }
  absl::Status s = PrepareSignals(in.signals, model.policy(), in.as_of, &run->signals);
  if (!s.ok()) return s;
  // Profile flags the scans or the engagement contradict are corrected before visibility.
  CheckProfile(model.policy(), in.profile != nullptr ? *in.profile : DefaultProfile(), run->signals,
               in.engagement, response, &run->profile_check);
  const auto& profile = run->profile_check.profile;
  if (model.has_conditions()) {
    run->visibility_answers = run->counted_answers;
    for (size_t q = 0; q < nq; ++q) {
      if (model.gating(static_cast<int>(q)) && EarnsNothing(run->counted_answers[q])) {
        run->visibility_answers[q] = model.worst_answer(static_cast<int>(q));
      }
    }
    model.visibility().Evaluate(profile, run->visibility_answers, &run->visible,
                                &run->visibility_state);
    for (size_t q = 0; q < nq; ++q) {
      run->questions[q].visible = run->visible[q] != 0;
    }
    if (!run->profile_check.contradictions.empty()) {
      // Questions the false flag hid count unanswered, whatever the response says about them:
      // the supplier declared them out of scope, so nothing it wrote there earns credit.
      model.visibility().Evaluate(in.profile != nullptr ? *in.profile : DefaultProfile(),
                                  run->visibility_answers, &run->what_if_visible,
                                  &run->visibility_state);
      for (size_t q = 0; q < nq; ++q) {
        if (run->visible[q] != 0 && run->what_if_visible[q] == 0) {
          run->questions[q].profile_shown = true;
          run->questions[q].answer = nullptr;
        }
      }
    }
  }
  run->knockouts = 0;
  for (size_t q = 0; q < nq; ++q) {
    QuestionEval& e = run->questions[q];
    if (!e.visible) {
      e.answer = nullptr;
      continue;
    }
    const auto* a = e.answer;
    const bool dated = a != nullptr && a->has_answered_at();
    s = EvaluateAnswer(model, model.questions()[q], a,
                       dated ? ToTime(a->answered_at()) : submitted_at, dated || submitted,
                       in.as_of, &e);
    if (!s.ok()) return s;
  }
  ScoreFactors(run->signals, model.policy(), &run->factors);
  ApplySignalLinks(model, run->signals, &run->questions);
  if (model.has_conditions()) VoidFollowUps(model, profile, run);
  for (const auto& e : run->questions) {
    if (e.visible && e.knockout) ++run->knockouts;
  }
  AggregateScores(model, run->questions, run->factors, run->knockouts > 0, &run->aggregate);
  return absl::OkStatus();
}

}  // namespace supplyrisk::scoring
