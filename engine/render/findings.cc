// Finding summaries and remediations, one function per kind of finding.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/render/renderer.h"

namespace supplyrisk::render {
namespace {

using supplyrisk::v1::Finding;

std::string Count(int n) { return absl::StrCat(n); }

// The first of the questions the template gives advice for; the first question's fallback
// advice when none has any; empty without questions.
std::string FirstAdvice(const Renderer& r, const Finding& f) {
  for (const auto& q : f.question_ids()) {
    if (r.HasAdvice(q)) return r.QuestionAdvice(q);
  }
  return f.question_ids().empty() ? "" : r.QuestionAdvice(f.question_ids(0));
}

void Discrepancy(const Renderer& r, const Finding& f, std::string* summary, std::string* fix) {
  if (f.question_ids().empty()) {
    *summary = r.Say("finding.discrepancy.profile",
                     {{"flag", r.ProfileFlag(f.profile_flag())},
                      {"source", r.Coded("profile_source", f.profile_source())}});
    *fix = r.Say("finding.discrepancy.profile.fix");
    return;
  }
  std::vector<std::string> claims;
  for (int i = 0; i < f.question_ids_size(); ++i) {
    const std::string& q = f.question_ids(i);
    claims.push_back(r.Say("finding.discrepancy.claim",
                           {{"question", r.QuestionText(q)},
                            {"answer", r.Answer(q, i < f.answers_size() ? f.answers(i) : "")}}));
  }
  const std::string asset = f.assets().empty() ? "" : f.assets(0);
  *summary =
      r.Say(f.history() ? "finding.discrepancy.history" : "finding.discrepancy.observed",
            {{"issue", f.issue_type()}, {"asset", asset}, {"count", Count(f.question_ids_size())}});
  *summary += r.Join(claims, "sep.claims");
  if (f.voided_count() > 0) {
    *summary += r.Say("finding.discrepancy.voided", {{"count", Count(f.voided_count())}});
  }
  *fix = FirstAdvice(r, f);
}

void Knockout(const Renderer& r, const Finding& f, std::string* summary, std::string* fix) {
  const std::string q = f.question_ids().empty() ? "" : f.question_ids(0);
  const std::string text = r.QuestionText(q);
  if (!f.signal_ids().empty()) {
    *summary =
        r.Say("finding.knockout.contradicted", {{"question", text}, {"signal", f.signal_ids(0)}});
  } else if (f.answers().empty()) {
    *summary = r.Say("finding.knockout.unanswered", {{"question", text}});
  } else {
    *summary = r.Say("finding.knockout.answered",
                     {{"question", text}, {"answer", r.Answer(q, f.answers(0))}});
  }
  *fix = FirstAdvice(r, f);
}

void Severe(const Renderer& r, const Finding& f, std::string* summary, std::string* fix) {
  std::vector<std::string> items;
  for (const auto& o : f.observations()) {
    const std::string days = Count(o.open_days());
    items.push_back(r.Say(o.open_days() > 0 ? "finding.severe.item_open" : "finding.severe.item",
                          {{"issue", o.issue_type()}, {"asset", o.asset()}, {"days", days}}));
  }
  if (f.signal_ids_size() > f.observations_size()) items.push_back(r.Say("finding.severe.more"));
  *summary = r.Say("finding.severe", {{"count", Count(f.signal_ids_size())},
                                      {"observations", r.Join(items, "sep.list")},
                                      {"cap", Fixed(f.cap(), 0)}});
  *fix = r.Say("finding.severe.fix");
}

void OpenSignal(const Renderer& r, const Finding& f, std::string* summary, std::string* fix) {
  *summary = r.Say("finding.open_signal", {{"count", Count(f.signal_ids_size())},
                                           {"issue", f.issue_type()},
                                           {"factor", r.Factor(f.factor())}});
  if (!f.assets().empty()) {
    const std::vector<std::string> assets(f.assets().begin(), f.assets().end());
    *summary += r.Say("finding.open_signal.assets", {{"assets", r.Join(assets, "sep.list")}});
  }
  *fix = r.Say("finding.open_signal.fix", {{"issue", f.issue_type()}});
}

void PatchSla(const Renderer& r, const Finding& f, std::string* summary, std::string* fix) {
  const std::string sev = r.Severity(f.vulnerability_severity());
  const std::string days = Count(f.days());
  if (!f.signal_ids().empty()) {
    *summary = r.Say("finding.patch_sla.open",
                     {{"count", Count(f.signal_ids_size())}, {"severity", sev}, {"days", days}});
    *fix = r.Say("finding.patch_sla.open.fix", {{"days", days}});
  } else {
    *summary = r.Say("finding.patch_sla.median",
                     {{"median", Fixed(f.value(), 1)}, {"severity", sev}, {"days", days}});
    *fix = r.Say("finding.patch_sla.median.fix");
  }
}

// Findings counting questions: "<n> answer(s) ..." and a fixed remediation.
void Counted(const Renderer& r, const Finding& f, absl::string_view key, std::string* summary,
             std::string* fix) {
  *summary = r.Say(key, {{"count", Count(f.question_ids_size())}, {"days", Count(f.days())}});
  *fix = r.Say(absl::StrCat(key, ".fix"));
}

}  // namespace

void RenderFinding(const Renderer& r, Finding* f) {
  std::string summary, fix;
  switch (f->kind()) {
    case supplyrisk::v1::FINDING_KIND_DISCREPANCY:
      Discrepancy(r, *f, &summary, &fix);
      break;
    case supplyrisk::v1::FINDING_KIND_KNOCKOUT:
      Knockout(r, *f, &summary, &fix);
      break;
    case supplyrisk::v1::FINDING_KIND_INVALID_NOT_APPLICABLE:
      summary = r.Say(
          "finding.invalid_na",
          {{"question", r.QuestionText(f->question_ids().empty() ? "" : f->question_ids(0))}});
      break;
    case supplyrisk::v1::FINDING_KIND_SEVERE_OBSERVATION:
      Severe(r, *f, &summary, &fix);
      break;
    case supplyrisk::v1::FINDING_KIND_FAILING_CELL:
      summary = r.Say("finding.failing_cell", {{"cell", r.Cell(f->layer(), f->component())},
                                               {"score", Fixed(f->value(), 1)},
                                               {"threshold", Fixed(f->threshold(), 0)},
                                               {"cap", Fixed(f->cap(), 0)}});
      break;
    case supplyrisk::v1::FINDING_KIND_FAILING_MEASURE: {
      const std::string m = f->measure_ids().empty() ? "" : f->measure_ids(0);
      summary =
          r.Say("finding.failing_measure",
                {{"measure", m}, {"title", r.MeasureTitle(m)}, {"credit", Fixed(f->value(), 2)}});
      fix = FirstAdvice(r, *f);
      break;
    }
    case supplyrisk::v1::FINDING_KIND_MISSING_EVIDENCE:
      Counted(r, *f, "finding.missing_evidence", &summary, &fix);
      break;
    case supplyrisk::v1::FINDING_KIND_STALE_ANSWER:
      Counted(r, *f, "finding.stale_answer", &summary, &fix);
      break;
    case supplyrisk::v1::FINDING_KIND_FUTURE_DATED:
      Counted(r, *f, "finding.future_dated", &summary, &fix);
      break;
    case supplyrisk::v1::FINDING_KIND_UNANSWERED:
      Counted(r, *f, "finding.unanswered", &summary, &fix);
      break;
    case supplyrisk::v1::FINDING_KIND_OPEN_SIGNAL:
      OpenSignal(r, *f, &summary, &fix);
      break;
    case supplyrisk::v1::FINDING_KIND_PATCH_SLA_BREACH:
      PatchSla(r, *f, &summary, &fix);
      break;
    default:
      summary = supplyrisk::v1::FindingKind_Name(f->kind());
      break;
  }
  f->clear_summary();
  *MutableText(r.lang(), f->mutable_summary()) = std::move(summary);
  f->clear_remediation();
  if (!fix.empty()) *MutableText(r.lang(), f->mutable_remediation()) = std::move(fix);
}

}  // namespace supplyrisk::render
