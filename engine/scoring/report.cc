#include "engine/scoring/report.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "engine/catalog/cpsf_names.h"
#include "google/protobuf/util/json_util.h"

namespace supplyrisk::scoring {
namespace {

// A rendered text in whichever language it was rendered in (engine/render fills one); empty for an
// assessment of facts only.
const std::string& Shown(const supplyrisk::v1::LocalizedText& t) {
  return t.en().empty() ? t.ja() : t.en();
}

std::string Strip(const std::string& name, absl::string_view prefix) {
  return absl::string_view(name).substr(0, prefix.size()) == prefix ? name.substr(prefix.size())
                                                                    : name;
}

// The decision first: it is what a procurement reader came for.
void AppendDecision(const supplyrisk::v1::Decision& d, const std::string& title, std::string* out) {
  std::string engagement = d.engagement().empty() ? "(unnamed)" : d.engagement();
  if (!title.empty()) engagement = absl::StrCat(title, " (", engagement, ")");
  absl::StrAppendFormat(
      out, "DECISION %s  (engagement %s, star %d required)\n",
      Strip(supplyrisk::v1::DecisionOutcome_Name(d.outcome()), "DECISION_OUTCOME_"), engagement,
      d.required_star());
  for (const auto& r : d.reasons()) {
    absl::StrAppendFormat(out, "  - %s: %s", r.code(), Shown(r.text()));
    std::vector<std::string> cites;
    if (!r.question_ids().empty())
      cites.push_back(absl::StrCat("questions ", absl::StrJoin(r.question_ids(), ",")));
    if (!r.measure_ids().empty())
      cites.push_back(absl::StrCat("measures ", absl::StrJoin(r.measure_ids(), ",")));
    if (!r.signal_ids().empty())
      cites.push_back(absl::StrCat("signals ", absl::StrJoin(r.signal_ids(), ",")));
    if (!cites.empty()) absl::StrAppend(out, " [", absl::StrJoin(cites, "; "), "]");
    *out += "\n";
  }
  for (const auto& cond : d.conditions()) {
    const std::string due =
        cond.has_due()
            ? absl::StrCat(", by ",
                           absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(cond.due().seconds()),
                                            absl::UTCTimeZone()))
            : "";
    absl::StrAppendFormat(
        out, "  condition (within %d days%s): %s%s\n", cond.deadline_days(), due,
        Shown(cond.remediation().advice()),
        cond.remediation().question_ids().empty()
            ? ""
            : absl::StrCat(" [", absl::StrJoin(cond.remediation().question_ids(), ","), "]"));
  }
}

}  // namespace

std::string FormatAssessmentText(const supplyrisk::v1::Assessment& a, int max_findings,
                                 const TextNames& names) {
  std::string out;
  const absl::Time as_of = absl::FromUnixSeconds(a.as_of().seconds());
  std::string supplier = a.supplier().empty() ? "(unnamed)" : a.supplier();
  if (!names.supplier.empty()) supplier = absl::StrCat(names.supplier, " (", supplier, ")");
  absl::StrAppendFormat(&out, "supplyrisk assessment  supplier %s  template %s r%d  as of %s\n",
                        supplier, a.template_id(), a.template_revision(),
                        absl::FormatTime("%Y-%m-%d", as_of, absl::UTCTimeZone()));
  absl::StrAppendFormat(&out, "model %s  input digest %s\n\n", a.model_version(), a.input_digest());
  if (a.has_decision()) {
    AppendDecision(a.decision(), names.engagement, &out);
    out += "\n";
  }
  absl::StrAppendFormat(&out, "OVERALL %.1f  grade %s  (questionnaire %.1f, signals %.1f)\n",
                        a.overall_score(), a.grade(), a.questionnaire_score(), a.signals_score());
  const auto& c = a.confidence_breakdown();
  absl::StrAppendFormat(&out,
                        "CONFIDENCE %.2f  (coverage %.2f, evidence %.2f, freshness %.2f, "
                        "consistency %.2f, signal coverage %.2f)\n",
                        a.confidence(), c.coverage(), c.evidence(), c.freshness(), c.consistency(),
                        c.signal_coverage());
  if (!a.template_band().empty() || a.template_points() > 0) {
    absl::StrAppendFormat(&out, "IPA self-check points %.0f / 100: %s\n", a.template_points(),
                          a.template_band());
  }

  out += "\nCPSF matrix: score/coverage (! failing cell, - no measures)\n";
  absl::StrAppendFormat(&out, "%-4s", "");
  for (int k = 1; k <= catalog::kComponentCount; ++k) {
    absl::StrAppendFormat(&out, " %-13s",
                          catalog::ComponentLabel(static_cast<supplyrisk::v1::Component>(k)));
  }
  absl::StrAppendFormat(&out, " %s\n", "| LAYER");
  for (int l = 0; l < 3; ++l) {
    absl::StrAppendFormat(&out, "L%-3d", l + 1);
    for (int k = 0; k < 6; ++k) {
      const auto& cell = a.cells(l * 6 + k);
      std::string v = cell.measure_count() == 0
                          ? "-"
                          : absl::StrFormat("%5.1f/%.2f%s", cell.score(), cell.coverage(),
                                            cell.failing() ? "!" : "");
      absl::StrAppendFormat(&out, " %-13s", v);
    }
    if (l < a.layers_size()) {
      absl::StrAppendFormat(&out, " | %5.1f/%.2f", a.layers(l).score(), a.layers(l).coverage());
    }
    out += "\n";
  }
  absl::StrAppendFormat(&out, "%-4s", "ALL");
  for (const auto& r : a.components()) {
    absl::StrAppendFormat(&out, " %-13s", absl::StrFormat("%5.1f/%.2f", r.score(), r.coverage()));
  }
  out += "\n\nFactors\n";
  for (const auto& f : a.factors()) {
    const std::string name = std::string(catalog::FactorLabel(f.factor()));
    if (!f.observed()) {
      absl::StrAppendFormat(&out, "  %-22s unobserved (lowers confidence)\n", name);
    } else {
      absl::StrAppendFormat(&out, "  %-22s %5.1f  %d open, %d positive\n", name, f.score(),
                            f.open_issues(), f.positive_observations());
    }
  }
  if (!a.knockouts().empty()) {
    absl::StrAppendFormat(&out, "\nKNOCKOUTS: %s\n", absl::StrJoin(a.knockouts(), ", "));
  }
  if (!a.discrepancies().empty()) {
    out += "\nDiscrepancies (observed beats claimed)\n";
    for (const auto& d : a.discrepancies()) {
      if (d.profile_flag() != v1::PROFILE_FLAG_UNSPECIFIED) {
        // A profile claim: the sections it hid are asked again.
        absl::StrAppendFormat(
            &out, "  profile: claimed '%s', shown by %s%s\n", d.claimed(), d.observed(),
            d.signal_id().empty() ? "" : absl::StrCat(" [signal ", d.signal_id(), "]"));
        continue;
      }
      absl::StrAppendFormat(&out,
                            "  %s: claimed '%s', observed %s [signal %s]  credit %.2f -> %.2f\n",
                            d.question_id(), d.claimed(), d.observed(), d.signal_id(),
                            d.credit_before(), d.credit_after());
      if (!d.voided_question_ids().empty()) {
        absl::StrAppend(&out, "      voids its follow-ups: ",
                        absl::StrJoin(d.voided_question_ids(), ", "), "\n");
      }
    }
  }
  absl::StrAppendFormat(&out, "\nTop findings (%d of %d)\n",
                        std::min(max_findings, a.findings_size()), a.findings_size());
  for (int i = 0; i < a.findings_size() && i < max_findings; ++i) {
    const auto& f = a.findings(i);
    absl::StrAppendFormat(&out, "  [%s] %s: %s\n", catalog::SeverityLabel(f.severity()),
                          Strip(supplyrisk::v1::FindingKind_Name(f.kind()), "FINDING_KIND_"),
                          Shown(f.summary()));
    if (!Shown(f.remediation()).empty()) {
      absl::StrAppendFormat(&out, "      -> %s\n", Shown(f.remediation()));
    }
  }
  bool cadence_header = false;
  for (const auto& p : a.patch_cadence()) {
    if (p.resolved_count() == 0 && p.open_count() == 0) continue;
    if (!cadence_header) {
      out += "\nPatch cadence (days first seen -> resolved)\n";
      cadence_header = true;
    }
    absl::StrAppendFormat(&out,
                          "  %-9s median %5.1f d over %d fixed (SLA %d d) %s; %d open, %d past "
                          "SLA\n",
                          catalog::SeverityLabel(p.severity()), p.median_days_to_resolve(),
                          p.resolved_count(), p.sla_days(), p.meets_sla() ? "ok" : "BREACHED",
                          p.open_count(), p.open_past_sla_signal_ids_size());
  }
  out += "\nSCS star readiness\n";
  for (const auto& s : a.stars()) {
    absl::StrAppendFormat(&out, "  star %d  %-7s (%s)", s.star(), s.met() ? "met" : "NOT met",
                          s.basis());
    if (!s.met() && s.missing_items_size() > 0) {
      absl::StrAppendFormat(&out, " missing %d: %s", s.missing_items_size(),
                            absl::StrJoin(s.missing_items(), ", "));
    }
    out += "\n";
  }
  if (!a.remediation_plan().empty()) {
    out += "\nRemediation plan (overall gain per effort day)\n";
    int i = 0;
    for (const auto& r : a.remediation_plan()) {
      absl::StrAppendFormat(&out, "  %2d. +%.1f in %.0f d (%.2f/d) %s [%s]: %s\n", ++i,
                            r.overall_gain(), r.effort_days(), r.gain_per_effort_day(),
                            absl::StrJoin(r.question_ids(), ","),
                            absl::StrJoin(r.measure_ids(), ","), Shown(r.advice()));
    }
  }
  for (const auto& x : a.explanations()) {
    out += "\n" + FormatExplanationText(x);
  }
  return out;
}

std::string FormatExplanationText(const supplyrisk::v1::Explanation& x, int max_rows) {
  std::string out = absl::StrFormat("Why %s = %.1f\n", x.target(), x.score());
  int shown = 0;
  for (const auto& c : x.contributions()) {
    if (shown++ >= max_rows) {
      absl::StrAppendFormat(&out, "  ... %d more\n", x.contributions_size() - max_rows);
      break;
    }
    absl::StrAppendFormat(&out, "  %+7.2f  %-40s %s\n", c.delta(), c.source(), c.note());
  }
  return out;
}

absl::StatusOr<std::string> FormatAssessmentJson(const supplyrisk::v1::Assessment& a) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  auto status = google::protobuf::util::MessageToJsonString(a, &json, options);
  if (!status.ok()) return absl::InternalError(std::string(status.message()));
  if (json.empty() || json.back() != '\n') json += '\n';
  return json;
}

}  // namespace supplyrisk::scoring
