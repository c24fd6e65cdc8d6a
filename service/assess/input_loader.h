// Loading what one assessment scores: the supplier's profile, its latest response submitted by
// as_of, its signals (all from one store snapshot), the prepared model for the response's
// questionnaire, and the digests the store keeps with each input. Shared by the Assessor, which
// scores and stores, and the Replayer, which re-scores a stored assessment's inputs.
#ifndef SUPPLYRISK_SERVICE_ASSESS_INPUT_LOADER_H_
#define SUPPLYRISK_SERVICE_ASSESS_INPUT_LOADER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/scoring/scoring_input.h"
#include "service/assess/assessor.h"
#include "service/assess/model_cache.h"
#include "service/store/store.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/chain.pb.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"
#include "supplyrisk/v1/supplier.pb.h"

namespace supplyrisk::assess {

// One supplier's inputs as of one time. Not copyable: Input() points into it.
struct LoadedInputs {
  LoadedInputs() = default;
  LoadedInputs(const LoadedInputs&) = delete;
  LoadedInputs& operator=(const LoadedInputs&) = delete;
  LoadedInputs(LoadedInputs&&) = default;
  LoadedInputs& operator=(LoadedInputs&&) = default;

  std::string supplier_name;
  v1::Supplier supplier;
  // The latest response submitted at or before as_of; with no such response, an empty response
  // of the default questionnaire (unnamed), so every question counts as unanswered.
  v1::Response response;
  // Whether `response` is a stored, submitted response (false: the empty stand-in above).
  bool has_response = false;
  std::vector<v1::Signal> signals;
  absl::Time as_of;
  std::shared_ptr<const PreparedModel> model;
  // The stored digests (computed here for documents written before the store kept them).
  scoring::InputDigests digests;
  // With an engagement: its subcontractor chain as read from the same snapshot, before the
  // supplier's own score (chain_loader.h), which the engine completes and decides on.
  std::optional<v1::EffectiveRisk> chain;
  // The supplier summary's dirty mark generation in the same snapshot: an assessment of these
  // inputs clears the mark only if no change has bumped it since (store::AssessmentBookkeeping).
  uint64_t dirty_generation = store::AssessmentBookkeeping::kNoDirtyGeneration;

  // The engine's input: these, and `engagement` (optional; its stored digest is used only when it
  // is a stored engagement, i.e. named). The result points into this and into `engagement`.
  scoring::SupplierInput Input(const v1::Engagement* engagement);

 private:
  // The digests with the engagement's, for the last Input() call.
  scoring::InputDigests with_engagement_;
};

// What the service adds to the engine's assessment of `inputs.Input(engagement)`: whose it is, the
// engagement decided (its name, or the engagement itself when inline). The Assessor and the
// Replayer both use it, so a replay adds exactly what was stored.
void AddServiceFacts(const LoadedInputs& inputs, const v1::Engagement* engagement,
                     v1::Assessment* assessment);

// Loads the inputs of `supplier_id` as of `as_of` from one store snapshot, with `engagement`'s
// subcontractor chain when one is given (the relationships in force at as_of to the policy's
// depth cap, and the receiving parties' latest assessments by then). Errors carry an
// ErrorSubject: NOT_FOUND for an absent supplier ("supplier") or template ("template"), the
// store's errors otherwise.
absl::StatusOr<LoadedInputs> LoadInputs(const AssessorDeps& deps, absl::string_view tenant,
                                        absl::string_view supplier_id, absl::Time as_of,
                                        const v1::Engagement* engagement = nullptr);

}  // namespace supplyrisk::assess

#endif  // SUPPLYRISK_SERVICE_ASSESS_INPUT_LOADER_H_
