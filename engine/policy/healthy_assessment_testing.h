// For decision tests: an assessment that meets every default requirement (overall 85, every
// layer 85 with full coverage, SCS stars 3 and 4 met, confidence 0.9), to be worsened one fact at a
// time.
#ifndef SUPPLYRISK_ENGINE_POLICY_HEALTHY_ASSESSMENT_TESTING_H_
#define SUPPLYRISK_ENGINE_POLICY_HEALTHY_ASSESSMENT_TESTING_H_

#include "supplyrisk/v1/assessment.pb.h"

namespace supplyrisk::policy {

inline v1::Assessment HealthyAssessment() {
  v1::Assessment a;
  a.set_overall_score(85);
  a.set_confidence(0.9);
  for (auto layer :
       {v1::LAYER_1_ORGANIZATIONS, v1::LAYER_2_PHYSICAL_CYBER, v1::LAYER_3_CYBERSPACE}) {
    auto* r = a.add_layers();
    r->set_layer(layer);
    r->set_score(85);
    r->set_coverage(1);
  }
  for (int star : {3, 4}) {
    auto* s = a.add_stars();
    s->set_star(star);
    s->set_met(true);
  }
  return a;
}

}  // namespace supplyrisk::policy

#endif  // SUPPLYRISK_ENGINE_POLICY_HEALTHY_ASSESSMENT_TESTING_H_
