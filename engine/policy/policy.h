#ifndef SUPPLYRISK_ENGINE_POLICY_POLICY_H_
#define SUPPLYRISK_ENGINE_POLICY_POLICY_H_

// The scoring policy: versioned data (weights, severities, fades, grade bands, SLAs, required
// levels). This file loads and validates it and answers the small look-ups the engine needs, so no
// number of the model is hard-coded in the scoring code.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "supplyrisk/v1/common.pb.h"
#include "supplyrisk/v1/policy.pb.h"
#include "supplyrisk/v1/signal.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::policy {

// Parses a textproto policy and validates it. `source` names the text in errors
// ("default.textproto:12:3: ..."). Unknown fields are errors.
absl::StatusOr<supplyrisk::v1::ScoringPolicy> ParsePolicyText(absl::string_view text,
                                                              absl::string_view source);

// Checks every field the engine relies on; the error names the field and the problem, e.g.
// "grade_bands[2].min_score: 85 is not below grade_bands[1].min_score 80".
absl::Status ValidatePolicy(const supplyrisk::v1::ScoringPolicy& policy);

// The built-in default (testdata/policies/default.textproto, embedded at build time).
const supplyrisk::v1::ScoringPolicy& DefaultPolicy();
// Its source text, for tools that print or diff it.
absl::string_view DefaultPolicyText();

// Points one open issue of `severity` takes off its factor (0 for positive/info/unlisted).
double SeverityPoints(const supplyrisk::v1::ScoringPolicy& policy,
                      supplyrisk::v1::Severity severity);

// Days after its last observation at which an issue of `issue_type` stops counting.
int FadeDays(const supplyrisk::v1::ScoringPolicy& policy, absl::string_view issue_type);

// Whether a signal is a vulnerability for the patch SLAs: a patching-cadence signal of one of
// policy.vulnerability_issue_types (any patching-cadence signal when that list is empty).
bool IsVulnerability(const supplyrisk::v1::ScoringPolicy& policy,
                     const supplyrisk::v1::Signal& signal);

// The observation rule covering `issue_type`, or nullptr.
const supplyrisk::v1::ScoringPolicy::ObservationRule* FindObservationRule(
    const supplyrisk::v1::ScoringPolicy& policy, absl::string_view issue_type);

// Weight of a factor in the overall blend (0 when not listed).
double FactorWeight(const supplyrisk::v1::ScoringPolicy& policy, supplyrisk::v1::Factor factor);

// Grade of an overall score: the first band (highest first) whose min_score it reaches.
std::string GradeFor(const supplyrisk::v1::ScoringPolicy& policy, double score);

// Patch SLA in days for a severity; 0 when the policy sets none.
int PatchSlaDays(const supplyrisk::v1::ScoringPolicy& policy, supplyrisk::v1::Severity severity);

// Person-days of a remediation: its effort_days, else the policy default for its effort, else the
// medium default.
double EffortDays(const supplyrisk::v1::ScoringPolicy& policy,
                  const supplyrisk::v1::Remediation& remediation);

// Days allowed to fix a condition of the given effort.
int ConditionDays(const supplyrisk::v1::ScoringPolicy& policy, supplyrisk::v1::Effort effort);

// The requirements for an SCS star, or nullptr when the policy has none for it.
const supplyrisk::v1::ScoringPolicy::RequiredLevel* FindRequiredLevel(
    const supplyrisk::v1::ScoringPolicy& policy, int star);

}  // namespace supplyrisk::policy

#endif  // SUPPLYRISK_ENGINE_POLICY_POLICY_H_
