#ifndef SUPPLYRISK_ENGINE_SCORING_STARS_H_
#define SUPPLYRISK_ENGINE_SCORING_STARS_H_

// SCS star readiness. Stars 1 and 2 reuse the SECURITY ACTION self-declaration in the supplier
// profile. Stars 3 and 4 come from readiness profiles: an item is met when every one of its
// measures reaches the item's min_credit (a measure the supplier legitimately marked not
// applicable, or whose questions are all hidden by its profile, counts as met; one the
// questionnaire never asks about does not). A profile that includes another (star 4 builds on star
// 3) also needs the included profile's items.

#include <vector>

#include "engine/scoring/model.h"
#include "engine/scoring/state.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/supplier.pb.h"

namespace supplyrisk::scoring {

// Appends the readiness of every star to *out (an assessment's stars), sorted by star. The cleared
// elements a reused field keeps are filled in place, so their strings' memory is reused.
void AddStars(const ScoringModel& model, const Aggregate& aggregate,
              const supplyrisk::v1::SupplierProfile& profile,
              google::protobuf::RepeatedPtrField<supplyrisk::v1::StarReadiness>* out);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_STARS_H_
