#include "engine/policy/required_level.h"

namespace supplyrisk::policy {

RequiredLevel RequiredStar(const supplyrisk::v1::Engagement& engagement) {
  RequiredLevel level;
  for (int dc : engagement.data_classes()) {
    if (dc == supplyrisk::v1::DATA_CLASS_IMPORTANT_CONFIDENTIAL) {
      level.reasons.push_back("important_confidential_data");
      break;
    }
  }
  if (engagement.outage_unacceptable()) level.reasons.push_back("outage_unacceptable");
  switch (engagement.access()) {
    case supplyrisk::v1::ACCESS_LEVEL_REMOTE:
    case supplyrisk::v1::ACCESS_LEVEL_PRIVILEGED:
    case supplyrisk::v1::ACCESS_LEVEL_ONSITE_OT:
      level.reasons.push_back("access_to_internal_systems");
      break;
    default:
      break;
  }
  level.star = level.reasons.empty() ? 3 : 4;
  return level;
}

}  // namespace supplyrisk::policy
