#include "engine/scoring/profile_checks.h"

#include <algorithm>

#include "absl/strings/string_view.h"
#include "engine/questionnaire/conditions.h"

namespace supplyrisk::scoring {

const char* ProfileFlagLabel(supplyrisk::v1::ProfileFlag flag) {
  switch (flag) {
    case supplyrisk::v1::PROFILE_FLAG_HANDLES_PERSONAL_DATA:
      return "handling personal data";
    case supplyrisk::v1::PROFILE_FLAG_HAS_WEBSITE:
      return "having a website";
    case supplyrisk::v1::PROFILE_FLAG_OPERATES_OT:
      return "operating control systems";
    case supplyrisk::v1::PROFILE_FLAG_SUPPLIES_IOT_DEVICES:
      return "supplying IoT devices";
    case supplyrisk::v1::PROFILE_FLAG_USES_SUBCONTRACTORS:
      return "using subcontractors";
    case supplyrisk::v1::PROFILE_FLAG_DEVELOPS_SOFTWARE:
      return "developing software";
    case supplyrisk::v1::PROFILE_FLAG_USES_CLOUD_SERVICES:
      return "using cloud services";
    default:
      return "an unknown flag";
  }
}

const char* ProfileSourceLabel(const char* source) {
  const absl::string_view s(source);
  if (s == "observation") return "an observation";
  if (s == "engagement_data_classes") return "the engagement's data classes";
  if (s == "engagement_physical_or_ot") return "the engagement (physical sites or control systems)";
  if (s == "response_subcontractors") return "the response's subcontractor list";
  return source;
}

void SetProfileFlag(supplyrisk::v1::ProfileFlag flag, bool value,
                    supplyrisk::v1::SupplierProfile* p) {
  switch (flag) {
    case supplyrisk::v1::PROFILE_FLAG_HANDLES_PERSONAL_DATA:
      p->set_handles_personal_data(value);
      break;
    case supplyrisk::v1::PROFILE_FLAG_HAS_WEBSITE:
      p->set_has_website(value);
      break;
    case supplyrisk::v1::PROFILE_FLAG_OPERATES_OT:
      p->set_operates_ot(value);
      break;
    case supplyrisk::v1::PROFILE_FLAG_SUPPLIES_IOT_DEVICES:
      p->set_supplies_iot_devices(value);
      break;
    case supplyrisk::v1::PROFILE_FLAG_USES_SUBCONTRACTORS:
      p->set_uses_subcontractors(value);
      break;
    case supplyrisk::v1::PROFILE_FLAG_DEVELOPS_SOFTWARE:
      p->set_develops_software(value);
      break;
    case supplyrisk::v1::PROFILE_FLAG_USES_CLOUD_SERVICES:
      p->set_uses_cloud_services(value);
      break;
    default:
      break;
  }
}

namespace {

bool ListsSubcontractors(const supplyrisk::v1::Response& response) {
  for (const auto& a : response.answers()) {
    if (a.has_subcontractors() && a.subcontractors().entries_size() > 0) return true;
  }
  return false;
}

}  // namespace

void CheckProfile(const supplyrisk::v1::ScoringPolicy& policy,
                  const supplyrisk::v1::SupplierProfile& profile, const SignalSet& signals,
                  const supplyrisk::v1::Engagement* engagement,
                  const supplyrisk::v1::Response& response, ProfileCheckResult* out) {
  out->profile = profile;
  out->contradictions.clear();
  for (const auto& check : policy.profile_checks()) {
    bool known = false;
    if (questionnaire::ProfileFlagValue(check.flag(), profile, &known) || !known) continue;
    ProfileContradiction c;
    c.flag = check.flag();
    bool shown = false;
    for (size_t i = 0; i < signals.sorted.size() && !shown; ++i) {
      if (!signals.state[i].observed) continue;
      const auto factor = signals.sorted[i]->factor();
      const std::string& type = signals.sorted[i]->issue_type();
      if (std::find(check.observed_factors().begin(), check.observed_factors().end(), factor) !=
              check.observed_factors().end() ||
          std::find(check.observed_issue_types().begin(), check.observed_issue_types().end(),
                    type) != check.observed_issue_types().end()) {
        c.signal = static_cast<int>(i);
        c.source = "observation";
        shown = true;
      }
    }
    if (!shown && engagement != nullptr) {
      for (int dc : engagement->data_classes()) {
        if (std::find(check.engagement_data_classes().begin(),
                      check.engagement_data_classes().end(),
                      dc) != check.engagement_data_classes().end()) {
          c.source = "engagement_data_classes";
          shown = true;
          break;
        }
      }
      if (!shown && check.engagement_physical_or_ot() && engagement->physical_or_ot()) {
        c.source = "engagement_physical_or_ot";
        shown = true;
      }
    }
    if (!shown && check.subcontractors_listed() && ListsSubcontractors(response)) {
      c.source = "response_subcontractors";
      shown = true;
    }
    if (!shown) continue;
    SetProfileFlag(check.flag(), true, &out->profile);
    out->contradictions.push_back(c);
  }
}

}  // namespace supplyrisk::scoring
