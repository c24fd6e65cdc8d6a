#include "engine/scoring/review_due.h"

#include <algorithm>
#include <cstdint>

#include "engine/scoring/signal_factors.h"

namespace supplyrisk::scoring {
namespace {

// The first instant after `as_of` at which an answer dated `answered` changes its decay, given its
// validity and the policy's decay length; InfiniteFuture when it never will again. The age in whole
// days (DaysBetween) is k from answered + k days, so the decay factor can change only at those
// instants, and only while the age is in (validity, validity + decay_days].
absl::Time NextDecayStep(absl::Time answered, int validity_days, int decay_days, absl::Time as_of) {
  if (answered > as_of) return answered;
  const int64_t last_step = int64_t{validity_days} + std::max(decay_days, 0);
  // Whole days elapsed by as_of, and the next day boundary strictly after it.
  const int64_t elapsed = absl::ToInt64Hours(as_of - answered) / 24;
  const int64_t next = std::max<int64_t>(elapsed + 1, int64_t{validity_days} + 1);
  if (next > last_step) return absl::InfiniteFuture();
  return answered + absl::Hours(24 * next);
}

}  // namespace

absl::Time NextReviewDue(const ScoringModel& model, const supplyrisk::v1::Response& response,
                         absl::Time as_of) {
  const bool submitted = response.has_submitted_at();
  const absl::Time submitted_at = submitted ? ToTime(response.submitted_at()) : absl::Time();
  const int decay_days = model.policy().decay_days();
  absl::Time due = absl::InfiniteFuture();
  for (const auto& a : response.answers()) {
    const int q = model.QuestionIndex(a.question_id());
    if (q < 0) continue;
    const bool dated = a.has_answered_at();
    if (!dated && !submitted) continue;
    const absl::Time answered = dated ? ToTime(a.answered_at()) : submitted_at;
    due = std::min(due,
                   NextDecayStep(answered, model.questions()[q].validity_days, decay_days, as_of));
  }
  return due;
}

}  // namespace supplyrisk::scoring
