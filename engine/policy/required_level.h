#ifndef SUPPLYRISK_ENGINE_POLICY_REQUIRED_LEVEL_H_
#define SUPPLYRISK_ENGINE_POLICY_REQUIRED_LEVEL_H_

// Inherent risk of an engagement -> the SCS star the buyer should require. Following the SCS
// guidance, star 4 when the supplier will hold the buyer's important confidential data, when its
// outage would cause an unacceptable delay, or when it can reach the buyer's internal systems
// (remote, privileged or on-site control-system access); star 3 otherwise.

#include <string>
#include <vector>

#include "supplyrisk/v1/engagement.pb.h"

namespace supplyrisk::policy {

struct RequiredLevel {
  int star = 3;
  // Why star 4 is needed ("important_confidential_data", "outage_unacceptable",
  // "access_to_internal_systems"); empty for star 3.
  std::vector<std::string> reasons;
};

RequiredLevel RequiredStar(const supplyrisk::v1::Engagement& engagement);

}  // namespace supplyrisk::policy

#endif  // SUPPLYRISK_ENGINE_POLICY_REQUIRED_LEVEL_H_
