#ifndef SUPPLYRISK_ENGINE_SCORING_SCORER_H_
#define SUPPLYRISK_ENGINE_SCORING_SCORER_H_

// The scoring engine's entry points: answers + signals (+ engagement) -> an Assessment with the
// CPSF matrix, factor scores, overall score and grade, confidence, measure credits, discrepancies,
// findings, star readiness, remediation plan and decision.
//
// Pure and deterministic: no I/O, no clock (as_of is an input), no unordered iteration into the
// output. Identical inputs give byte-identical assessments (deterministic serialization), whatever
// the order of answers or signals; the assessment carries the model version, its inputs as facts
// (kind, name, digest; inputs.h) and an input digest combining them with the model and as_of.
// Stored per-input digests (SupplierInput::digests) are used as given; missing ones are computed.
//
// Invalid input (an answer to a question the template lacks, a question answered twice, an answer
// of the wrong type, an unknown option, a malformed date, a signal without id, factor, severity or
// observed_at, a response for another template) is an InvalidArgument naming the field.

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/scoring/model.h"
#include "engine/scoring/scoring_input.h"
#include "supplyrisk/v1/assessment.pb.h"

namespace supplyrisk::scoring {

// Scores one supplier with a prepared model. `out` is cleared first; reusing one Assessment across
// calls reuses its memory (an arena Assessment works too). Threads may score concurrently with one
// model: working memory is kept per thread between calls, never shared.
absl::Status ScoreSupplier(const ScoringModel& model, const SupplierInput& input,
                           const ScoreOptions& options, supplyrisk::v1::Assessment* out);

// Prepares the model and scores (convenient for one-off scoring; batch callers keep a model).
absl::StatusOr<supplyrisk::v1::Assessment> Score(const ScoringInput& input,
                                                 const ScoreOptions& options = {});

// The contributions behind one score: "overall", "cell:L1/ORGANIZATION", "factor:DNS_HEALTH".
absl::StatusOr<supplyrisk::v1::Explanation> Explain(const ScoringModel& model,
                                                    const SupplierInput& input,
                                                    absl::string_view target);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_SCORER_H_
