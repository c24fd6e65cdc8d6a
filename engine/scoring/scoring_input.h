#ifndef SUPPLYRISK_ENGINE_SCORING_SCORING_INPUT_H_
#define SUPPLYRISK_ENGINE_SCORING_SCORING_INPUT_H_

// What the scoring engine reads. The engine does no I/O and reads no clock: every input, including
// the time of scoring, is given here, so a past assessment can be replayed.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "engine/catalog/catalog.h"
#include "supplyrisk/v1/chain.pb.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/policy.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"
#include "supplyrisk/v1/supplier.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::scoring {

// The slow-changing half: catalogue, questionnaire, readiness profiles and policy. A ScoringModel
// is prepared from it once and scores many suppliers.
struct ModelInput {
  const catalog::CatalogIndex* catalog = nullptr;
  // A TEMPLATE_KIND_QUESTIONNAIRE template.
  const supplyrisk::v1::Template* questionnaire = nullptr;
  // TEMPLATE_KIND_READINESS_PROFILE templates (SCS star 3, star 4); may be empty.
  std::vector<const supplyrisk::v1::Template*> readiness;
  const supplyrisk::v1::ScoringPolicy* policy = nullptr;
};

// Per-input digests the store computed when it wrote the inputs (hex SHA-256, as in the resources'
// digest fields; digest.h defines them). Each empty one is computed from its message, so a caller
// without a store gives none and gets the same assessment.
struct InputDigests {
  std::string profile;
  std::string response;
  // Parallel to SupplierInput::signals, or empty.
  std::vector<std::string> signals;
  std::string engagement;
};

// The per-supplier half.
struct SupplierInput {
  // Optional: a default (all false, no SECURITY ACTION) profile when null.
  const supplyrisk::v1::SupplierProfile* profile = nullptr;
  const supplyrisk::v1::Response* response = nullptr;
  // The signal history of the supplier, in any order.
  absl::Span<const supplyrisk::v1::Signal> signals;
  // Optional: no decision is made without an engagement.
  const supplyrisk::v1::Engagement* engagement = nullptr;
  // The time of scoring: ages, fades and SLAs are measured to it. Signals observed after it are
  // ignored.
  absl::Time as_of = absl::UnixEpoch();
  // Optional: the supplier's resource name, naming the profile input; derived from the engagement
  // or the response name when empty.
  absl::string_view supplier;
  // Optional: stored digests of the inputs (see InputDigests).
  const InputDigests* digests = nullptr;
  // Optional, with an engagement: its subcontractor chain as read (engine/chain), before this
  // supplier's own score (own_assessed false). The engine completes it with the overall score
  // into Assessment.effective_risk, multiplies the confidence by its confidence_factor and
  // decides on it; it is an input (ASSESSMENT_INPUT_KIND_CHAIN). Ignored without an engagement.
  const supplyrisk::v1::EffectiveRisk* chain = nullptr;
};

struct ScoringInput {
  ModelInput model;
  SupplierInput supplier;
};

struct ScoreOptions {
  // Also fill Assessment.explanations for "overall", every cell and every factor.
  bool explain_all = false;
};

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_SCORING_INPUT_H_
