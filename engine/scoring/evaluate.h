#ifndef SUPPLYRISK_ENGINE_SCORING_EVALUATE_H_
#define SUPPLYRISK_ENGINE_SCORING_EVALUATE_H_

// One supplier's inputs evaluated against a prepared model: which questions it was asked and what
// existed at as_of, every answer's credit, the signals open at as_of and the factor scores, the
// claims the scans disprove (with the follow-ups they take along), the profile flags the scans or
// the engagement contradict, and the aggregate scores. The assessment builder (scorer.cc) and
// Explain read the result. Internal to engine/scoring.

#include <vector>

#include "absl/status/status.h"
#include "engine/scoring/model.h"
#include "engine/scoring/profile_checks.h"
#include "engine/scoring/scoring_input.h"
#include "engine/scoring/state.h"

namespace supplyrisk::scoring {

// The working state of one run; a thread keeps one and reuses its memory across suppliers.
struct Run {
  std::vector<QuestionEval> questions;
  // The response's answer to each question (visible or not), as given.
  std::vector<const supplyrisk::v1::Answer*> answers;
  // The same, without answers given after as_of: what existed at as_of.
  std::vector<const supplyrisk::v1::Answer*> counted_answers;
  // What visibility reads: counted_answers, a gating answer that earns nothing read as its honest
  // worst (ScoringModel::worst_answer).
  std::vector<const supplyrisk::v1::Answer*> visibility_answers;
  // Scratch for disproved parents: the answers with one replaced by its honest worst.
  std::vector<const supplyrisk::v1::Answer*> what_if_answers;
  std::vector<unsigned char> what_if_visible;
  ProfileCheckResult profile_check;
  std::vector<unsigned char> visible, visibility_state;
  std::vector<const supplyrisk::v1::Answer*> sorted_answers;
  SignalSet signals;
  Factors factors;
  Aggregate aggregate;
  int knockouts = 0;
};

// The profile scored when the input gives none: every flag false, no SECURITY ACTION.
const supplyrisk::v1::SupplierProfile& DefaultProfile();

// Fills *run from `in`, resetting every part of it. A response for another template, an unknown or
// repeated question, an answer of the wrong type or a malformed signal is an InvalidArgument
// naming the field.
absl::Status Evaluate(const ScoringModel& model, const SupplierInput& in, Run* run);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_EVALUATE_H_
