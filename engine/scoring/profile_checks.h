#ifndef SUPPLYRISK_ENGINE_SCORING_PROFILE_CHECKS_H_
#define SUPPLYRISK_ENGINE_SCORING_PROFILE_CHECKS_H_

// Profile flags checked against what the scans and the engagement show.
//
// A flag such as "has a website" or "handles personal data" decides which sections a supplier is
// asked; set to false it hides them. A supplier could hide a weak area that way, so each flag the
// policy lists in profile_checks is tested: when it is false but an observation of one of its
// factors or issue types exists (open or not, positive included), the engagement entrusts one of
// its data classes or involves physical/OT work, or the response lists subcontractors, the flag is
// contradicted. Scoring then uses the corrected profile (the flag true): the hidden questions are
// shown, and count unanswered until answered. Flags set to true are never corrected (claiming more
// scope only asks more questions).
//
// Example:
//   ProfileCheckResult r;
//   CheckProfile(policy, profile, signals, engagement, response, &r);
//   // r.profile is the profile to score with; r.contradictions one entry per corrected flag.

#include <vector>

#include "engine/scoring/state.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/policy.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/supplier.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::scoring {

struct ProfileContradiction {
  supplyrisk::v1::ProfileFlag flag = supplyrisk::v1::PROFILE_FLAG_UNSPECIFIED;
  // The first observation (index into SignalSet::sorted) showing the subject, or -1 when the
  // engagement or the response shows it.
  int signal = -1;
  // What showed it (Finding.profile_source): "observation", "engagement_data_classes",
  // "engagement_physical_or_ot" or "response_subcontractors".
  const char* source = "";
};

struct ProfileCheckResult {
  supplyrisk::v1::SupplierProfile profile;
  std::vector<ProfileContradiction> contradictions;
};

// Precondition: `signals` is prepared (PrepareSignals) for the same as_of; `engagement` may be
// null.
void CheckProfile(const supplyrisk::v1::ScoringPolicy& policy,
                  const supplyrisk::v1::SupplierProfile& profile, const SignalSet& signals,
                  const supplyrisk::v1::Engagement* engagement,
                  const supplyrisk::v1::Response& response, ProfileCheckResult* out);

// What the flag says, for a reader: "handling personal data", "having a website", ...
const char* ProfileFlagLabel(supplyrisk::v1::ProfileFlag flag);
// What a ProfileContradiction::source code names, for Discrepancy.observed: "an observation",
// "the engagement's data classes", ...; the code itself when unknown.
const char* ProfileSourceLabel(const char* source);
// Sets `flag` in *profile; a flag this build does not know is left alone.
void SetProfileFlag(supplyrisk::v1::ProfileFlag flag, bool value,
                    supplyrisk::v1::SupplierProfile* profile);

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_PROFILE_CHECKS_H_
