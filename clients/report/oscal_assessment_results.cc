#include "clients/report/oscal_assessment_results.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/report/json_document.h"
#include "clients/report/name_uuid.h"
#include "clients/report/words.h"
#include "engine/render/texts.h"
#include "engine/scoring/digest.h"
#include "google/protobuf/util/time_util.h"

namespace supplyrisk::report {
namespace {

namespace v1 = ::supplyrisk::v1;
using google::protobuf::util::TimeUtil;

JsonValue Str(std::string text) { return JsonValue::String(std::move(text)); }

absl::Time ToTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// supplyrisk's own properties; a value OSCAL could not hold (empty) is left out.
void AddProp(JsonValue* props, absl::string_view name, std::string value) {
  if (value.empty()) return;
  JsonValue& p = props->Add(JsonValue::Object());
  p.Set("name", Str(std::string(name)));
  p.Set("ns", Str(kOscalPropertyNamespace));
  p.Set("value", Str(std::move(value)));
}

JsonValue Origin(absl::string_view type, const std::string& actor) {
  JsonValue origins = JsonValue::Array();
  JsonValue& actors = origins.Add(JsonValue::Object()).Set("actors", JsonValue::Array());
  JsonValue& a = actors.Add(JsonValue::Object());
  a.Set("type", Str(std::string(type)));
  a.Set("actor-uuid", Str(actor));
  return origins;
}

JsonValue Subject(const std::string& party) {
  JsonValue subjects = JsonValue::Array();
  JsonValue& s = subjects.Add(JsonValue::Object());
  s.Set("subject-uuid", Str(party));
  s.Set("type", Str("party"));
  return subjects;
}

std::string SourceName(const v1::Signal& s) {
  return s.source().empty() ? "(unnamed)" : s.source();
}

// The sources must be what the assessment scored (see the header).
absl::Status CheckSources(const AssessmentResultsSources& in) {
  if (in.assessment == nullptr) return absl::InvalidArgumentError("assessment: not given");
  if (in.model == nullptr) return absl::InvalidArgumentError("model: not given");
  const v1::Assessment& a = *in.assessment;
  if (!a.has_as_of()) return absl::InvalidArgumentError("assessment: as_of: not set");
  const v1::AssessmentInput* scored_response = nullptr;
  std::map<std::string, std::string> scored_signals;  // id -> hex digest
  for (const v1::AssessmentInput& input : a.inputs()) {
    if (input.kind() == v1::ASSESSMENT_INPUT_KIND_RESPONSE) scored_response = &input;
    if (input.kind() == v1::ASSESSMENT_INPUT_KIND_SIGNAL) {
      scored_signals[input.name()] = absl::BytesToHexString(input.digest());
    }
  }
  if (in.response != nullptr) {
    if (scored_response == nullptr) {
      return absl::InvalidArgumentError("response: the assessment scored no response");
    }
    if (scoring::ResponseDigest(*in.response) !=
        absl::BytesToHexString(scored_response->digest())) {
      return absl::InvalidArgumentError(
          absl::StrCat("response: ", in.response->name(),
                       " is not the version the assessment scored (its digest differs)"));
    }
  } else if (scored_response != nullptr && !scored_response->name().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("response: not given; the assessment scored ", scored_response->name()));
  }
  std::set<std::string> given;
  for (size_t i = 0; i < in.signals.size(); ++i) {
    const v1::Signal& s = *in.signals[i];
    const std::string at = absl::StrCat("signals[", i, "]: signal ", s.id());
    auto it = scored_signals.find(s.id());
    if (it == scored_signals.end()) {
      return absl::InvalidArgumentError(absl::StrCat(at, " is not among the assessment's inputs"));
    }
    if (!given.insert(s.id()).second) return absl::InvalidArgumentError(at + " is given twice");
    if (scoring::SignalDigest(s) != it->second) {
      return absl::InvalidArgumentError(
          absl::StrCat(at, " is not the version the assessment scored (its digest differs)"));
    }
  }
  for (const auto& [id, digest] : scored_signals) {
    if (given.count(id) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("signals: signal ", id, " was scored but is not given"));
    }
  }
  return absl::OkStatus();
}

// What the document is built from, and the UUIDs its parts refer to one another by.
struct Builder {
  const AssessmentResultsSources& in;
  const v1::Assessment& a;
  render::ModelTexts texts;
  std::string seed;  // names every part of this document
  std::string party, platform;
  std::map<std::string, std::string> answer_observation, signal_observation;

  explicit Builder(const AssessmentResultsSources& sources)
      : in(sources),
        a(*sources.assessment),
        texts(*sources.model, sources.lang),
        seed(a.name().empty() ? absl::StrCat("assessment:", a.input_digest()) : a.name()),
        party(NameUuid(absl::StrCat("party:", a.supplier()))),
        platform(NameUuid("platform:supplyrisk")) {}

  std::string Id(absl::string_view what, absl::string_view id) const {
    return NameUuid(absl::StrCat(seed, "/", what, "/", id));
  }
  std::string SupplierName() const {
    return in.supplier_display_name.empty() ? a.supplier() : in.supplier_display_name;
  }
  std::string Say(absl::string_view key, absl::Span<const Arg> args = {}) const {
    return Words(in.lang, key, args);
  }

  JsonValue Metadata() const;
  void AddAnswerObservations(JsonValue* observations);
  void AddSignalObservations(JsonValue* observations);
  JsonValue AssessmentAssets() const;
  JsonValue RelatedObservations(const v1::MeasureCredit& mc) const;
  // The remediation advice and the earliest condition deadline for a measure.
  std::string Advice(const std::string& measure, const std::string& title) const;
  const v1::DecisionCondition* Condition(const std::string& measure) const;
  void AddMeasure(const v1::MeasureCredit& mc, JsonValue* findings, JsonValue* risks) const;
  JsonValue Result();
  std::string Document();
};

JsonValue Builder::Metadata() const {
  JsonValue m = JsonValue::Object();
  m.Set("title", Str(Say("oscal.title", {{"supplier", SupplierName()}})));
  // The assessment's as_of, not the time of export: the same assessment gives the same document.
  m.Set("last-modified", Str(TimeUtil::ToString(a.as_of())));
  m.Set("version", Str(a.model_version().empty() ? "unversioned" : a.model_version()));
  m.Set("oscal-version", Str(kOscalVersion));
  JsonValue& parties = m.Set("parties", JsonValue::Array());
  JsonValue& p = parties.Add(JsonValue::Object());
  p.Set("uuid", Str(party));
  p.Set("type", Str("organization"));
  p.Set("name", Str(SupplierName()));
  JsonValue& props = p.Set("props", JsonValue::Array());
  AddProp(&props, "supplier", a.supplier());
  return m;
}

void Builder::AddAnswerObservations(JsonValue* observations) {
  if (in.response == nullptr) return;
  const v1::Response& r = *in.response;
  for (const v1::Answer& ans : r.answers()) {
    const std::string id = Id("observation/answer", ans.question_id());
    answer_observation[ans.question_id()] = id;
    JsonValue& o = observations->Add(JsonValue::Object());
    o.Set("uuid", Str(id));
    o.Set("title", Str(texts.QuestionText(ans.question_id())));
    std::string description = Say("oscal.answer.description", {{"answer", texts.Answer(ans)}});
    if (!ans.comment().empty()) {
      absl::StrAppend(&description, "\n",
                      Say("oscal.answer.comment", {{"comment", ans.comment()}}));
    }
    o.Set("description", Str(std::move(description)));
    JsonValue& props = o.Set("props", JsonValue::Array());
    AddProp(&props, "question-id", ans.question_id());
    o.Set("methods", JsonValue::Array()).Add(Str("INTERVIEW"));
    o.Set("origins", Origin("party", party));
    o.Set("subjects", Subject(party));
    JsonValue& evidence = o.Set("relevant-evidence", JsonValue::Array());
    for (const v1::Evidence& e : ans.evidence()) {
      JsonValue& ev = evidence.Add(JsonValue::Object());
      const std::string kind = Say(absl::StrCat("evidence.", v1::EvidenceKind_Name(e.kind())));
      std::string where = e.uri().empty() ? e.description() : e.uri();
      if (!e.uri().empty() && !e.description().empty())
        absl::StrAppend(&where, " (", e.description(), ")");
      ev.Set("description", Str(Say("oscal.answer.evidence", {{"kind", kind}, {"where", where}})));
      JsonValue& ev_props = ev.Set("props", JsonValue::Array());
      AddProp(&ev_props, "sha256", e.sha256());
    }
    const google::protobuf::Timestamp& at = ans.has_answered_at()  ? ans.answered_at()
                                            : r.has_submitted_at() ? r.submitted_at()
                                                                   : a.as_of();
    o.Set("collected", Str(TimeUtil::ToString(at)));
  }
}

void Builder::AddSignalObservations(JsonValue* observations) {
  for (const v1::Signal* sp : in.signals) {
    const v1::Signal& s = *sp;
    const std::string id = Id("observation/signal", s.id());
    signal_observation[s.id()] = id;
    JsonValue& o = observations->Add(JsonValue::Object());
    o.Set("uuid", Str(id));
    o.Set("title", Str(Say("oscal.signal.title", {{"factor", texts.Factor(s.factor())},
                                                  {"issue", s.issue_type()},
                                                  {"asset", s.asset()}})));
    const google::protobuf::Timestamp& last =
        s.has_last_observed_at() ? s.last_observed_at() : s.observed_at();
    const std::string state =
        s.has_resolved_at()
            ? Say("oscal.signal.resolved", {{"day", Day(in.lang, ToTime(s.resolved_at()))}})
            : Say("oscal.signal.open");
    std::string description =
        Say("oscal.signal.description", {{"severity", texts.Severity(s.severity())},
                                         {"first", Day(in.lang, ToTime(s.observed_at()))},
                                         {"last", Day(in.lang, ToTime(last))},
                                         {"state", state}});
    if (!s.detail().empty()) {
      absl::StrAppend(&description, "\n", Say("oscal.signal.detail", {{"detail", s.detail()}}));
    }
    o.Set("description", Str(std::move(description)));
    JsonValue& props = o.Set("props", JsonValue::Array());
    AddProp(&props, "signal-id", s.id());
    AddProp(&props, "issue-type", s.issue_type());
    AddProp(&props, "severity", v1::Severity_Name(s.severity()));
    AddProp(&props, "cve", s.cve());
    o.Set("methods", JsonValue::Array()).Add(Str("TEST"));
    o.Set("origins", Origin("tool", NameUuid(absl::StrCat("tool:", SourceName(s)))));
    o.Set("subjects", Subject(party));
    o.Set("collected", Str(TimeUtil::ToString(last)));
  }
}

JsonValue Builder::AssessmentAssets() const {
  JsonValue assets = JsonValue::Object();
  JsonValue& components = assets.Set("components", JsonValue::Array());
  std::set<std::string> sources;
  for (const v1::Signal* s : in.signals) sources.insert(SourceName(*s));
  for (const std::string& source : sources) {
    JsonValue& c = components.Add(JsonValue::Object());
    c.Set("uuid", Str(NameUuid(absl::StrCat("tool:", source))));
    c.Set("type", Str("software"));
    c.Set("title", Str(source));
    c.Set("description", Str(Say("oscal.tool.description")));
    c.Set("status", JsonValue::Object()).Set("state", Str("operational"));
  }
  JsonValue& platforms = assets.Set("assessment-platforms", JsonValue::Array());
  JsonValue& p = platforms.Add(JsonValue::Object());
  p.Set("uuid", Str(platform));
  p.Set("title", Str(Say("oscal.platform", {{"version", a.model_version()}})));
  return assets;
}

JsonValue Builder::RelatedObservations(const v1::MeasureCredit& mc) const {
  JsonValue related = JsonValue::Array();
  std::set<std::string> seen;
  auto add = [&](const std::map<std::string, std::string>& index, const std::string& key) {
    auto it = index.find(key);
    if (it == index.end() || !seen.insert(it->second).second) return;
    related.Add(JsonValue::Object()).Set("observation-uuid", Str(it->second));
  };
  for (const std::string& q : mc.question_ids()) add(answer_observation, q);
  for (const std::string& s : mc.signal_ids()) add(signal_observation, s);
  return related;
}

std::string Builder::Advice(const std::string& measure, const std::string& title) const {
  for (const v1::RemediationStep& step : a.remediation_plan()) {
    if (std::find(step.measure_ids().begin(), step.measure_ids().end(), measure) ==
        step.measure_ids().end()) {
      continue;
    }
    const std::string& advice = in.lang == Language::kJa ? step.advice().ja() : step.advice().en();
    if (!advice.empty()) return advice;
  }
  return Say("oscal.risk.statement.fallback", {{"measure", title}});
}

const v1::DecisionCondition* Builder::Condition(const std::string& measure) const {
  const v1::DecisionCondition* earliest = nullptr;
  for (const v1::DecisionCondition& c : a.decision().conditions()) {
    const auto& ids = c.remediation().measure_ids();
    const bool covers = c.id() == absl::StrCat("measure:", measure) ||
                        std::find(ids.begin(), ids.end(), measure) != ids.end();
    if (!covers || !c.has_due()) continue;
    if (earliest == nullptr || c.due() < earliest->due()) earliest = &c;
  }
  return earliest;
}

void Builder::AddMeasure(const v1::MeasureCredit& mc, JsonValue* findings, JsonValue* risks) const {
  const std::string& m = mc.measure_id();
  const double threshold = in.model->policy().fail_measure_credit();
  const bool not_applicable =
      !mc.basis().empty() &&
      std::all_of(mc.basis().begin(), mc.basis().end(),
                  [](const std::string& b) { return b == "not_applicable"; });
  // The engine's own line for a failing measure (scorer.cc), with its tolerance for rounding.
  const bool satisfied = !not_applicable && mc.credit() + 1e-9 >= threshold;
  const std::string title = texts.MeasureTitle(m);
  std::vector<std::string> basis;
  for (const std::string& b : mc.basis()) basis.push_back(Say(absl::StrCat("basis.", b)));
  const std::string description =
      not_applicable
          ? Say("oscal.finding.not_applicable")
          : Say("oscal.finding.description",
                {{"credit", Fixed(mc.credit(), 2)},
                 {"threshold", Fixed(threshold, 2)},
                 {"basis", absl::StrJoin(basis, in.lang == Language::kJa ? "、" : ", ")}});
  const bool risky = !satisfied && !not_applicable;
  const std::string risk_id = Id("risk", m);

  JsonValue& f = findings->Add(JsonValue::Object());
  f.Set("uuid", Str(Id("finding", m)));
  f.Set("title", Str(title));
  f.Set("description", Str(description));
  JsonValue& props = f.Set("props", JsonValue::Array());
  AddProp(&props, "credit", Fixed(mc.credit(), 4));
  AddProp(&props, "cell", texts.Cell(mc.layer(), mc.component()));
  f.Set("origins", Origin("assessment-platform", platform));
  JsonValue& target = f.Set("target", JsonValue::Object());
  target.Set("type", Str("objective-id"));
  target.Set("target-id", Str(m));
  JsonValue& status = target.Set("status", JsonValue::Object());
  status.Set("state", Str(satisfied ? "satisfied" : "not-satisfied"));
  status.Set("reason", Str(satisfied ? "pass" : not_applicable ? "other" : "fail"));
  JsonValue related = RelatedObservations(mc);
  f.Set("related-observations", related);
  if (risky)
    f.Set("related-risks", JsonValue::Array())
        .Add(JsonValue::Object())
        .Set("risk-uuid", Str(risk_id));
  if (!risky) return;

  JsonValue& r = risks->Add(JsonValue::Object());
  r.Set("uuid", Str(risk_id));
  r.Set("title", Str(title));
  r.Set("description",
        Str(Say("oscal.risk.description", {{"measure", title}, {"finding", description}})));
  r.Set("statement", Str(Advice(m, title)));
  r.Set("status", Str("open"));
  r.Set("origins", Origin("assessment-platform", platform));
  if (const v1::DecisionCondition* c = Condition(m); c != nullptr) {
    r.Set("deadline", Str(TimeUtil::ToString(c->due())));
  }
  r.Set("related-observations", std::move(related));
}

JsonValue Builder::Result() {
  JsonValue result = JsonValue::Object();
  result.Set("uuid", Str(Id("result", "")));
  result.Set("title", Str(Say("oscal.result.title", {{"supplier", SupplierName()},
                                                     {"day", Day(in.lang, ToTime(a.as_of()))}})));
  std::string description =
      Say("oscal.result.description", {{"grade", a.grade().empty() ? "-" : a.grade()},
                                       {"score", Fixed(a.overall_score(), 1)},
                                       {"confidence", Fixed(a.confidence(), 2)},
                                       {"questionnaire", Fixed(a.questionnaire_score(), 1)},
                                       {"signals", Fixed(a.signals_score(), 1)}});
  if (a.has_decision() && a.decision().outcome() != v1::DECISION_OUTCOME_UNSPECIFIED) {
    const std::string engagement =
        a.decision().engagement().empty() ? "-" : a.decision().engagement();
    absl::StrAppend(
        &description, "\n",
        Say("oscal.decision",
            {{"engagement", engagement},
             {"outcome",
              Say(absl::StrCat("outcome.", v1::DecisionOutcome_Name(a.decision().outcome())))}}));
  }
  result.Set("description", Str(std::move(description)));
  result.Set("start", Str(TimeUtil::ToString(a.as_of())));
  JsonValue& props = result.Set("props", JsonValue::Array());
  AddProp(&props, "grade", a.grade());
  AddProp(&props, "overall-score", Fixed(a.overall_score(), 4));
  AddProp(&props, "confidence", Fixed(a.confidence(), 4));
  AddProp(&props, "input-digest", a.input_digest());
  if (a.has_decision() && a.decision().outcome() != v1::DECISION_OUTCOME_UNSPECIFIED) {
    AddProp(&props, "decision", v1::DecisionOutcome_Name(a.decision().outcome()));
    AddProp(&props, "engagement", a.decision().engagement());
  }
  result.Set("local-definitions", JsonValue::Object()).Set("assessment-assets", AssessmentAssets());
  JsonValue& controls = result.Set("reviewed-controls", JsonValue::Object());
  JsonValue& selection =
      controls.Set("control-selections", JsonValue::Array()).Add(JsonValue::Object());
  JsonValue& include = selection.Set("include-controls", JsonValue::Array());
  for (const v1::MeasureCredit& mc : a.measure_credits()) {
    include.Add(JsonValue::Object()).Set("control-id", Str(mc.measure_id()));
  }
  if (include.size() == 0) {
    // Nothing was assessed against a measure: say so rather than leave the selection empty.
    selection.Set("description",
                  Str(Say("oscal.plan", {{"template", a.template_id()},
                                         {"revision", absl::StrCat(a.template_revision())}})));
  }
  JsonValue& observations = result.Set("observations", JsonValue::Array());
  AddAnswerObservations(&observations);
  AddSignalObservations(&observations);
  JsonValue& risks = result.Set("risks", JsonValue::Array());
  JsonValue& findings = result.Set("findings", JsonValue::Array());
  for (const v1::MeasureCredit& mc : a.measure_credits()) AddMeasure(mc, &findings, &risks);
  return result;
}

std::string Builder::Document() {
  JsonValue doc = JsonValue::Object();
  JsonValue& ar = doc.Set("assessment-results", JsonValue::Object());
  ar.Set("uuid", Str(Id("document", "")));
  ar.Set("metadata", Metadata());
  // No assessment plan is kept apart: the questionnaire revision stands in for it, described in
  // the back matter.
  const std::string plan = Id("plan", "");
  const std::string plan_text =
      Say("oscal.plan",
          {{"template", a.template_id()}, {"revision", absl::StrCat(a.template_revision())}});
  JsonValue& import = ar.Set("import-ap", JsonValue::Object());
  import.Set("href", Str(absl::StrCat("#", plan)));
  import.Set("remarks", Str(plan_text));
  ar.Set("results", JsonValue::Array()).Add(Result());
  JsonValue& resource = ar.Set("back-matter", JsonValue::Object())
                            .Set("resources", JsonValue::Array())
                            .Add(JsonValue::Object());
  resource.Set("uuid", Str(plan));
  resource.Set("title", Str(plan_text));
  JsonValue& props = resource.Set("props", JsonValue::Array());
  AddProp(&props, "template-id", a.template_id());
  AddProp(&props, "template-revision", absl::StrCat(a.template_revision()));
  return doc.Write();
}

}  // namespace

absl::StatusOr<std::string> ExportAssessmentResults(const AssessmentResultsSources& in) {
  if (absl::Status s = CheckSources(in); !s.ok()) return s;
  Builder builder(in);
  return builder.Document();
}

}  // namespace supplyrisk::report
