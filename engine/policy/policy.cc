#include "engine/policy/policy.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace supplyrisk::policy {

// Provided by the generated default_policy_data.cc (the embedded
// default.textproto).
extern const char kDefaultPolicyText[];

namespace {

using supplyrisk::v1::ScoringPolicy;

class Collector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    errors.push_back(absl::StrCat(line + 1, ":", column + 1, ": ", message));
  }
  void AddWarning(int line, int column, const std::string& message) override {
    AddError(line, column, message);
  }
  std::vector<std::string> errors;
};

absl::Status FieldError(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("policy: ", field, ": ", problem));
}

absl::Status CheckUnit(absl::string_view field, double v) {
  if (!(v >= 0.0 && v <= 1.0)) {
    return FieldError(field, absl::StrFormat("%g is outside [0, 1]", v));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ScoringPolicy> ParsePolicyText(absl::string_view text, absl::string_view source) {
  ScoringPolicy policy;
  google::protobuf::TextFormat::Parser parser;
  Collector collector;
  parser.RecordErrorsTo(&collector);
  if (!parser.ParseFromString(std::string(text), &policy)) {
    return absl::InvalidArgumentError(absl::StrCat(
        source, ":",
        collector.errors.empty() ? std::string(" parse error") : collector.errors.front()));
  }
  absl::Status valid = ValidatePolicy(policy);
  if (!valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": ", valid.message()));
  }
  return policy;
}

absl::Status ValidatePolicy(const ScoringPolicy& p) {
  if (p.version().empty()) return FieldError("version", "must be set");
  absl::flat_hash_set<int> seen;
  double factor_total = 0;
  for (int i = 0; i < p.factor_weights_size(); ++i) {
    const auto& fw = p.factor_weights(i);
    const std::string f = absl::StrCat("factor_weights[", i, "]");
    if (fw.factor() == supplyrisk::v1::FACTOR_UNSPECIFIED) {
      return FieldError(absl::StrCat(f, ".factor"), "must be set");
    }
    if (!seen.insert(fw.factor()).second) {
      return FieldError(absl::StrCat(f, ".factor"), "listed twice");
    }
    if (!(fw.weight() >= 0)) return FieldError(absl::StrCat(f, ".weight"), "must be >= 0");
    factor_total += fw.weight();
  }
  if (!(p.questionnaire_weight() > 0)) {
    return FieldError("questionnaire_weight", "must be > 0");
  }
  if (!(p.signals_weight() >= 0)) return FieldError("signals_weight", "must be >= 0");
  if (std::abs(factor_total - p.signals_weight()) > 1e-6) {
    return FieldError("factor_weights",
                      absl::StrFormat("weights add up to %g, not signals_weight %g", factor_total,
                                      p.signals_weight()));
  }
  seen.clear();
  for (int i = 0; i < p.severity_weights_size(); ++i) {
    const auto& sw = p.severity_weights(i);
    const std::string f = absl::StrCat("severity_weights[", i, "]");
    if (!seen.insert(sw.severity()).second) {
      return FieldError(absl::StrCat(f, ".severity"), "listed twice");
    }
    if (!(sw.points() >= 0 && sw.points() <= 100)) {
      return FieldError(absl::StrCat(f, ".points"), "must be within [0, 100]");
    }
  }
  if (!(p.diminishing_ratio() >= 0 && p.diminishing_ratio() < 1)) {
    return FieldError("diminishing_ratio", "must be within [0, 1)");
  }
  if (!(p.positive_credit_points() >= 0)) {
    return FieldError("positive_credit_points", "must be >= 0");
  }
  if (!(p.positive_credit_cap() >= 0 && p.positive_credit_cap() <= 100)) {
    return FieldError("positive_credit_cap", "must be within [0, 100]");
  }
  if (p.default_fade_days() <= 0) return FieldError("default_fade_days", "must be > 0");
  for (const auto& [type, days] : p.fade_days()) {
    if (days <= 0) return FieldError(absl::StrCat("fade_days[\"", type, "\"]"), "must be > 0");
  }
  if (p.grade_bands_size() == 0) return FieldError("grade_bands", "must list at least one band");
  for (int i = 0; i < p.grade_bands_size(); ++i) {
    const auto& b = p.grade_bands(i);
    const std::string f = absl::StrCat("grade_bands[", i, "]");
    if (b.grade().empty()) return FieldError(absl::StrCat(f, ".grade"), "must be set");
    if (i > 0 && !(b.min_score() < p.grade_bands(i - 1).min_score())) {
      return FieldError(absl::StrCat(f, ".min_score"),
                        absl::StrFormat("%g is not below grade_bands[%d].min_score %g",
                                        b.min_score(), i - 1, p.grade_bands(i - 1).min_score()));
    }
  }
  if (p.grade_bands(p.grade_bands_size() - 1).min_score() > 0) {
    return FieldError(absl::StrCat("grade_bands[", p.grade_bands_size() - 1, "].min_score"),
                      "the last band must catch every score (min_score 0)");
  }
  for (int i = 0; i < p.patch_slas_size(); ++i) {
    if (p.patch_slas(i).days() <= 0) {
      return FieldError(absl::StrCat("patch_slas[", i, "].days"), "must be > 0");
    }
  }
  if (p.default_validity_days() <= 0) {
    return FieldError("default_validity_days", "must be > 0");
  }
  if (p.decay_days() <= 0) return FieldError("decay_days", "must be > 0");
  for (const auto& [name, v] : std::vector<std::pair<const char*, double>>{
           {"decay_floor", p.decay_floor()},
           {"default_evidence_cap", p.default_evidence_cap()},
           {"min_cell_coverage", p.min_cell_coverage()},
           {"contradicted_credit", p.contradicted_credit()},
           {"fail_measure_credit", p.fail_measure_credit()},
           {"confidence.evidence_floor", p.confidence().evidence_floor()},
           {"confidence.signal_floor", p.confidence().signal_floor()}}) {
    absl::Status s = CheckUnit(name, v);
    if (!s.ok()) return s;
  }
  for (const auto& [name, v] :
       std::vector<std::pair<const char*, double>>{{"fail_cell_score", p.fail_cell_score()},
                                                   {"cell_fail_cap", p.cell_fail_cap()},
                                                   {"knockout_cap", p.knockout_cap()},
                                                   {"condition_margin", p.condition_margin()}}) {
    if (!(v >= 0 && v <= 100)) {
      return FieldError(name, absl::StrFormat("%g is outside [0, 100]", v));
    }
  }
  seen.clear();
  for (int i = 0; i < p.required_levels_size(); ++i) {
    const auto& r = p.required_levels(i);
    const std::string f = absl::StrCat("required_levels[", i, "]");
    if (r.star() < 1 || r.star() > 5) {
      return FieldError(absl::StrCat(f, ".star"), "must be within 1-5");
    }
    if (!seen.insert(r.star()).second) {
      return FieldError(absl::StrCat(f, ".star"), "listed twice");
    }
    if (!(r.min_overall() >= 0 && r.min_overall() <= 100)) {
      return FieldError(absl::StrCat(f, ".min_overall"), "must be within [0, 100]");
    }
    for (int j = 0; j < r.layer_minimums_size(); ++j) {
      if (r.layer_minimums(j).layer() == supplyrisk::v1::LAYER_UNSPECIFIED) {
        return FieldError(absl::StrCat(f, ".layer_minimums[", j, "].layer"), "must be set");
      }
    }
    absl::Status s = CheckUnit(absl::StrCat(f, ".min_confidence"), r.min_confidence());
    if (!s.ok()) return s;
  }
  if (FindRequiredLevel(p, 3) == nullptr || FindRequiredLevel(p, 4) == nullptr) {
    return FieldError("required_levels", "must define star 3 and star 4");
  }
  if (p.condition_days_low() <= 0 || p.condition_days_medium() <= 0 ||
      p.condition_days_high() <= 0) {
    return FieldError("condition_days_low/medium/high", "must all be > 0");
  }
  absl::flat_hash_set<std::string> ruled;
  for (int i = 0; i < p.observation_rules_size(); ++i) {
    const auto& r = p.observation_rules(i);
    const std::string f = absl::StrCat("observation_rules[", i, "]");
    if (r.issue_types().empty()) {
      return FieldError(absl::StrCat(f, ".issue_types"), "must list at least one issue type");
    }
    for (int j = 0; j < r.issue_types_size(); ++j) {
      if (!ruled.insert(r.issue_types(j)).second) {
        return FieldError(absl::StrCat(f, ".issue_types[", j, "]"),
                          absl::StrCat("'", r.issue_types(j), "' is covered by an earlier rule"));
      }
    }
    if (!(r.exposure_multiplier() >= 1 && r.exposure_multiplier() <= 10)) {
      return FieldError(absl::StrCat(f, ".exposure_multiplier"), "must be within [1, 10]");
    }
    if (!(r.factor_ceiling() >= 0 && r.factor_ceiling() <= 100)) {
      return FieldError(absl::StrCat(f, ".factor_ceiling"), "must be within [0, 100]");
    }
  }
  if (p.age_step_days() <= 0) return FieldError("age_step_days", "must be > 0");
  if (p.issue_grace_days() < 0) return FieldError("issue_grace_days", "must be >= 0");
  if (!(p.max_age_multiplier() >= 1 && p.max_age_multiplier() <= 10)) {
    return FieldError("max_age_multiplier", "must be within [1, 10]");
  }
  for (const auto& [name, v] : std::vector<std::pair<const char*, double>>{
           {"past_sla_factor_ceiling", p.past_sla_factor_ceiling()},
           {"severe_observation_cap", p.severe_observation_cap()}}) {
    if (!(v > 0 && v <= 100)) return FieldError(name, absl::StrFormat("%g is outside (0, 100]", v));
  }
  for (int i = 0; i < p.profile_checks_size(); ++i) {
    if (p.profile_checks(i).flag() == supplyrisk::v1::PROFILE_FLAG_UNSPECIFIED) {
      return FieldError(absl::StrCat("profile_checks[", i, "].flag"), "must be set");
    }
  }
  if (p.remediation_plan_size() < 0) return FieldError("remediation_plan_size", "must be >= 0");
  if (p.max_conditions() <= 0) return FieldError("max_conditions", "must be > 0");
  if (!(p.effort_days_low() > 0 && p.effort_days_medium() > 0 && p.effort_days_high() > 0)) {
    return FieldError("effort_days_low/medium/high", "must all be > 0");
  }
  return absl::OkStatus();
}

const ScoringPolicy& DefaultPolicy() {
  static const ScoringPolicy* const policy = [] {
    auto parsed = ParsePolicyText(kDefaultPolicyText, "default.textproto");
    // The embedded text is checked by policy_test; a broken build-time copy is a bug.
    if (!parsed.ok()) {
      std::fprintf(stderr, "embedded default policy: %s\n",
                   std::string(parsed.status().message()).c_str());
      std::abort();
    }
    return new ScoringPolicy(*std::move(parsed));
  }();
  return *policy;
}

absl::string_view DefaultPolicyText() { return kDefaultPolicyText; }

double SeverityPoints(const ScoringPolicy& policy, supplyrisk::v1::Severity severity) {
  if (severity == supplyrisk::v1::SEVERITY_POSITIVE || severity == supplyrisk::v1::SEVERITY_INFO) {
    return 0;
  }
  for (const auto& sw : policy.severity_weights()) {
    if (sw.severity() == severity) return sw.points();
  }
  return 0;
}

int FadeDays(const ScoringPolicy& policy, absl::string_view issue_type) {
  auto it = policy.fade_days().find(std::string(issue_type));
  return it == policy.fade_days().end() ? policy.default_fade_days() : it->second;
}

bool IsVulnerability(const ScoringPolicy& policy, const supplyrisk::v1::Signal& s) {
  if (s.factor() != supplyrisk::v1::FACTOR_PATCHING_CADENCE) return false;
  if (policy.vulnerability_issue_types().empty()) return true;
  return std::find(policy.vulnerability_issue_types().begin(),
                   policy.vulnerability_issue_types().end(),
                   s.issue_type()) != policy.vulnerability_issue_types().end();
}

const ScoringPolicy::ObservationRule* FindObservationRule(const ScoringPolicy& policy,
                                                          absl::string_view issue_type) {
  for (const auto& rule : policy.observation_rules()) {
    for (const auto& type : rule.issue_types()) {
      if (type == issue_type) return &rule;
    }
  }
  return nullptr;
}

double FactorWeight(const ScoringPolicy& policy, supplyrisk::v1::Factor factor) {
  for (const auto& fw : policy.factor_weights()) {
    if (fw.factor() == factor) return fw.weight();
  }
  return 0;
}

std::string GradeFor(const ScoringPolicy& policy, double score) {
  for (const auto& band : policy.grade_bands()) {
    if (score >= band.min_score()) return band.grade();
  }
  return policy.grade_bands().empty() ? "" : policy.grade_bands().rbegin()->grade();
}

int PatchSlaDays(const ScoringPolicy& policy, supplyrisk::v1::Severity severity) {
  for (const auto& sla : policy.patch_slas()) {
    if (sla.severity() == severity) return sla.days();
  }
  return 0;
}

double EffortDays(const ScoringPolicy& policy, const supplyrisk::v1::Remediation& r) {
  if (r.effort_days() > 0) return r.effort_days();
  switch (r.effort()) {
    case supplyrisk::v1::EFFORT_LOW:
      return policy.effort_days_low();
    case supplyrisk::v1::EFFORT_HIGH:
      return policy.effort_days_high();
    default:
      return policy.effort_days_medium();
  }
}

int ConditionDays(const ScoringPolicy& policy, supplyrisk::v1::Effort effort) {
  switch (effort) {
    case supplyrisk::v1::EFFORT_LOW:
      return policy.condition_days_low();
    case supplyrisk::v1::EFFORT_HIGH:
      return policy.condition_days_high();
    default:
      return policy.condition_days_medium();
  }
}

const ScoringPolicy::RequiredLevel* FindRequiredLevel(const ScoringPolicy& policy, int star) {
  for (const auto& r : policy.required_levels()) {
    if (r.star() == star) return &r;
  }
  return nullptr;
}

}  // namespace supplyrisk::policy
