// `supplyrisk score`: scores one supplier's response (and signal history) against a questionnaire
// template, optionally for an engagement, and prints the assessment. Every input goes through the
// same validation as the server's (engine/validation), and the readiness profiles are the server's
// built-in ones unless --readiness names others, so the same inputs, model and as_of give the
// server's assessment (--format binpb prints its deterministic bytes).
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "clients/cli/chain_files.h"
#include "clients/cli/commands.h"
#include "clients/report/oscal_assessment_results.h"
#include "engine/catalog/catalog.h"
#include "engine/chain/chain_proto.h"
#include "engine/chain/engagement_risk.h"
#include "engine/chain/graph.h"
#include "engine/common/resource_names.h"
#include "engine/common/sha256.h"
#include "engine/io/file_loaders.h"
#include "engine/policy/policy.h"
#include "engine/questionnaire/builtin_templates.h"
#include "engine/questionnaire/loader.h"
#include "engine/questionnaire/registry.h"
#include "engine/render/language.h"
#include "engine/render/render.h"
#include "engine/scoring/input_text.h"
#include "engine/scoring/report.h"
#include "engine/scoring/scorer.h"
#include "engine/validation/inputs.h"

namespace supplyrisk::cli {
namespace {

constexpr char kUsage[] =
    "usage: supplyrisk score --response R.textproto [--template T.textproto]\n"
    "         [--profile P.textproto | --supplier S.textproto] [--signals S.jsonl]\n"
    "         [--engagement E.textproto]\n"
    "         [--policy POLICY.textproto] [--catalog C.textproto] [--readiness FILE|ID]...\n"
    "         [--relationships R.jsonl [--parties P.jsonl]]\n"
    "         [--as_of TIME] [--clock_skew DURATION] [--format text|json|binpb|oscal]\n"
    "         [--explain TARGET]... [--lang ja|en]\n"
    "  --template defaults to the built-in template the response names (template_id)\n"
    "  --readiness: a readiness profile file, or the id of a built-in one (scs-star3); by\n"
    "    default the built-in profiles, as the server uses; a profile another includes is\n"
    "    taken from the built-in set when not given\n"
    "  --relationships, --parties: with --engagement, the supplier's subcontractor chain as\n"
    "    `supplyrisk chain` reads it; those in force at --as_of that receive the engagement's\n"
    "    data or access enter the decision. Without them the supplier has no subcontractors\n"
    "    on record, and the decision says nothing of any\n"
    "  --supplier: the supplier (a supplyrisk.v1.Supplier textproto): the text output names it,\n"
    "    and its profile is scored unless --profile is given; its name must be the response's\n"
    "  --as_of YYYY-MM-DD or RFC 3339; defaults to the response's submitted_at; no input may be\n"
    "    dated later than now + --clock_skew (default 5m), nor may --as_of\n"
    "  --format binpb: the assessment's deterministic protobuf serialisation (what the server\n"
    "    stores, less its resource name)\n"
    "  --format oscal: an OSCAL 1.0.6 Assessment Results document (JSON): a finding per CPSF\n"
    "    measure, an observation per answer and per signal, a risk per measure not satisfied\n"
    "  --explain overall | cell:L1/ORGANIZATION | factor:DNS_HEALTH | all\n"
    "  --lang: the language the text and json outputs are rendered in (default ja); binpb holds\n"
    "    the facts only, as stored\n";

struct Flags {
  std::string template_path, response, profile, signals, engagement, policy, catalog, as_of;
  std::string relationships, parties, supplier;
  std::string clock_skew = "5m";
  std::string format = "text";
  std::string lang = "ja";
  std::vector<std::string> readiness, explain;
};

int Usage(const std::string& problem) {
  std::fprintf(stderr, "supplyrisk score: %s\n%s", problem.c_str(), kUsage);
  return 2;
}

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "supplyrisk score: %s\n", std::string(s.message()).c_str());
  return 1;
}

bool ParseFlags(const std::vector<std::string>& args, Flags* f, std::string* problem) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::string value;
    const size_t eq = name.find('=');
    if (absl::StartsWith(name, "--") && eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (absl::StartsWith(name, "--")) {
      if (i + 1 >= args.size()) {
        *problem = absl::StrCat(name, " needs a value");
        return false;
      }
      value = args[++i];
    } else {
      *problem = absl::StrCat("unexpected argument '", name, "'");
      return false;
    }
    if (name == "--template")
      f->template_path = value;
    else if (name == "--response")
      f->response = value;
    else if (name == "--profile")
      f->profile = value;
    else if (name == "--supplier")
      f->supplier = value;
    else if (name == "--signals")
      f->signals = value;
    else if (name == "--engagement")
      f->engagement = value;
    else if (name == "--relationships")
      f->relationships = value;
    else if (name == "--parties")
      f->parties = value;
    else if (name == "--policy")
      f->policy = value;
    else if (name == "--catalog")
      f->catalog = value;
    else if (name == "--as_of")
      f->as_of = value;
    else if (name == "--clock_skew")
      f->clock_skew = value;
    else if (name == "--format")
      f->format = value;
    else if (name == "--readiness")
      f->readiness.push_back(value);
    else if (name == "--explain")
      f->explain.push_back(value);
    else if (name == "--lang")
      f->lang = value;
    else {
      *problem = absl::StrCat("unknown flag ", name);
      return false;
    }
  }
  if (f->response.empty())
    *problem = "--response is required";
  else if (f->format != "text" && f->format != "json" && f->format != "binpb" &&
           f->format != "oscal")
    *problem = "--format must be text, json, binpb or oscal";
  else if (!render::ParseLanguage(f->lang, "--lang").ok())
    *problem = "--lang must be ja or en";
  else if (f->engagement.empty() && !(f->relationships.empty() && f->parties.empty()))
    *problem = "--relationships and --parties need --engagement";
  else if (f->relationships.empty() && !f->parties.empty())
    *problem = "--parties needs --relationships";
  return problem->empty();
}

absl::StatusOr<v1::Template> LoadTemplate(const std::string& path) {
  auto loaded = io::LoadTemplateFile(path);
  if (!loaded.ok()) return loaded.status();
  if (!loaded->ok()) {
    return absl::InvalidArgumentError(questionnaire::FormatProblem(loaded->syntax_errors[0]));
  }
  return std::move(loaded->tmpl);
}

// "FILE: field: problem" per violation, one error listing them all.
absl::Status Refuse(const std::string& file, const validation::Violations& v) {
  std::string message = absl::StrCat(file, ": invalid input");
  for (const auto& x : v.violations()) {
    absl::StrAppend(&message, "\n  ", file, ": ", x.field, ": ", x.description);
  }
  return absl::InvalidArgumentError(message);
}

// The readiness profiles to score with: the built-in ones by default; else each --readiness value,
// a file or the id of a built-in profile. A profile included by another one and not given is taken
// from the built-in set; one that is nowhere is an error, never a silently skipped star.
absl::Status ResolveReadiness(const std::vector<std::string>& values,
                              const questionnaire::TemplateRegistry& builtin,
                              std::vector<v1::Template>* out) {
  if (values.empty()) {
    for (const v1::Template* t : questionnaire::ReadinessProfiles(builtin)) out->push_back(*t);
  }
  for (const std::string& value : values) {
    if (io::FileExists(value)) {
      absl::StatusOr<v1::Template> t = LoadTemplate(value);
      if (!t.ok()) return t.status();
      if (t->kind() != v1::TEMPLATE_KIND_READINESS_PROFILE) {
        return absl::InvalidArgumentError(
            absl::StrCat("--readiness ", value, ": ", t->id(), " is not a readiness profile"));
      }
      out->push_back(*std::move(t));
      continue;
    }
    const v1::Template* t = builtin.LatestPublished(value);
    if (t == nullptr || t->kind() != v1::TEMPLATE_KIND_READINESS_PROFILE) {
      return absl::NotFoundError(absl::StrCat("--readiness ", value,
                                              ": neither a file nor the id of a built-in "
                                              "readiness profile"));
    }
    out->push_back(*t);
  }
  // Includes, transitively: add what is missing from the built-in set.
  for (size_t i = 0; i < out->size(); ++i) {
    const std::string included = (*out)[i].readiness().includes_template_id();
    if (included.empty()) continue;
    bool present = false;
    for (const v1::Template& t : *out) present |= t.id() == included;
    if (present) continue;
    const v1::Template* t = builtin.LatestPublished(included);
    if (t == nullptr || t->kind() != v1::TEMPLATE_KIND_READINESS_PROFILE) {
      return absl::NotFoundError(absl::StrCat(
          "readiness profile ", (*out)[i].id(), " includes ", included,
          ", which is neither given with --readiness nor a built-in readiness profile"));
    }
    out->push_back(*t);
  }
  return absl::OkStatus();
}

// The 1-based line of each signal of a JSON Lines file, as ParseSignalsJsonl counts them.
std::vector<int> SignalLines(absl::string_view text) {
  std::vector<int> lines;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    lines.push_back(line_no);
  }
  return lines;
}

// The supplier a response is for, from its name "suppliers/{s}/responses/{r}"; empty if unnamed.
// The engagement's effective risk down the supplier's chain, as the server computes it from the
// relationships it stores: those in force at `as_of`, from the files given (none without).
absl::StatusOr<v1::EffectiveRisk> EngagementChain(const Flags& flags, const std::string& supplier,
                                                  const v1::Engagement& engagement,
                                                  const v1::ScoringPolicy& policy,
                                                  absl::Time as_of) {
  std::vector<v1::Relationship> relationships;
  std::vector<v1::ChainNode> parties;
  if (!flags.relationships.empty()) {
    auto loaded = LoadRelationshipsFile(flags.relationships);
    if (!loaded.ok()) return loaded.status();
    for (v1::Relationship& r : *loaded) {
      if (chain::InForce(r, as_of)) relationships.push_back(std::move(r));
    }
  }
  if (!flags.parties.empty()) {
    auto loaded = LoadPartiesFile(flags.parties);
    if (!loaded.ok()) return loaded.status();
    parties = *std::move(loaded);
  }
  std::vector<chain::Relationship> edges;
  for (const v1::Relationship& r : relationships) edges.push_back(chain::FromProto(r));
  const chain::SupplyGraph graph = chain::SupplyGraph::Build({supplier}, std::move(edges));
  const chain::PartyDirectory directory(graph, parties, relationships);
  absl::StatusOr<v1::EffectiveRisk> risk =
      chain::EngagementEffectiveRisk(graph, directory, *graph.Find(supplier), engagement, policy);
  if (!risk.ok()) {
    return absl::Status(risk.status().code(), absl::StrCat("policy: ", risk.status().message()));
  }
  return risk;
}

std::string ResponseSupplier(const v1::Response& r) {
  std::vector<absl::string_view> parts = absl::StrSplit(r.name(), '/');
  if (parts.size() == 4 && parts[0] == "suppliers") return names::Supplier(parts[1]);
  return "";
}

// Renders the assessment in the language asked for and prints it as text, JSON or OSCAL.
int PrintRendered(const Flags& flags, const scoring::ScoringModel& model,
                  const v1::Response& response, const std::vector<v1::Signal>& signals,
                  const scoring::TextNames& names, v1::Assessment* assessment) {
  // The text a person reads is rendered from the facts in the language asked for.
  if (auto s = render::RenderAssessment(model, *render::ParseLanguage(flags.lang), assessment);
      !s.ok()) {
    return Fail(s);
  }
  if (flags.format == "oscal") {
    report::AssessmentResultsSources sources;
    sources.assessment = assessment;
    sources.model = &model;
    sources.response = &response;
    for (const v1::Signal& s : signals) sources.signals.push_back(&s);
    sources.lang = *render::ParseLanguage(flags.lang);
    auto oscal = report::ExportAssessmentResults(sources);
    if (!oscal.ok()) return Fail(oscal.status());
    std::fputs(oscal->c_str(), stdout);
    return 0;
  }
  if (flags.format == "json") {
    auto json = scoring::FormatAssessmentJson(*assessment);
    if (!json.ok()) return Fail(json.status());
    std::fputs(json->c_str(), stdout);
  } else {
    std::fputs(scoring::FormatAssessmentText(*assessment, 12, names).c_str(), stdout);
  }
  return 0;
}

}  // namespace

int RunScoreCommand(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  Flags flags;
  std::string problem;
  if (!ParseFlags(args, &flags, &problem)) return Usage(problem);
  absl::Duration clock_skew;
  if (!absl::ParseDuration(flags.clock_skew, &clock_skew) || clock_skew < absl::ZeroDuration()) {
    return Usage(
        absl::StrCat("--clock_skew: '", flags.clock_skew, "' is not a duration such as 5m or 30s"));
  }
  const validation::TimeLimits limits{absl::Now(), clock_skew};

  const catalog::CatalogIndex* catalog = &catalog::BuiltinCatalog();
  absl::StatusOr<catalog::CatalogIndex> custom_catalog = absl::UnknownError("unset");
  if (!flags.catalog.empty()) {
    custom_catalog = io::LoadCatalogFile(flags.catalog);
    if (!custom_catalog.ok()) return Fail(custom_catalog.status());
    catalog = &*custom_catalog;
  }
  questionnaire::TemplateRegistry builtin(catalog::BuiltinCatalog());
  if (auto s = questionnaire::LoadBuiltinTemplates(&builtin); !s.ok()) return Fail(s);

  v1::Response response;
  if (auto s = io::LoadTextProtoFile(flags.response, &response); !s.ok()) return Fail(s);
  v1::Template tmpl;
  std::string template_source = flags.template_path;
  if (!flags.template_path.empty()) {
    auto t = LoadTemplate(flags.template_path);
    if (!t.ok()) return Fail(t.status());
    tmpl = *std::move(t);
  } else {
    const v1::Template* t = response.template_revision() > 0
                                ? builtin.Get(response.template_id(), response.template_revision())
                                : builtin.LatestPublished(response.template_id());
    if (t == nullptr) {
      return Fail(absl::NotFoundError(absl::StrCat(
          flags.response, ": template_id: no built-in template \"", response.template_id(),
          "\" revision ", response.template_revision(), "; give it with --template")));
    }
    tmpl = *t;
    template_source = absl::StrCat("built-in ", tmpl.id());
  }
  std::vector<v1::Template> readiness;
  if (auto s = ResolveReadiness(flags.readiness, builtin, &readiness); !s.ok()) return Fail(s);
  v1::ScoringPolicy policy = policy::DefaultPolicy();
  if (!flags.policy.empty()) {
    auto p = io::LoadPolicyFile(flags.policy);
    if (!p.ok()) return Fail(p.status());
    policy = *std::move(p);
  }
  v1::SupplierProfile profile;
  if (!flags.profile.empty()) {
    if (auto s = io::LoadTextProtoFile(flags.profile, &profile); !s.ok()) return Fail(s);
  }
  // --supplier: the supplier record (textproto), for its name; its profile when --profile is not
  // given.
  v1::Supplier supplier_record;
  const bool has_supplier = !flags.supplier.empty();
  if (has_supplier) {
    if (auto s = io::LoadTextProtoFile(flags.supplier, &supplier_record); !s.ok()) return Fail(s);
    if (flags.profile.empty()) profile = supplier_record.profile();
  }
  v1::Engagement engagement;
  if (!flags.engagement.empty()) {
    if (auto s = io::LoadTextProtoFile(flags.engagement, &engagement); !s.ok()) {
      return Fail(s);
    }
  }
  std::vector<v1::Signal> signals;
  std::vector<int> signal_lines;
  if (!flags.signals.empty()) {
    auto text = io::ReadFile(flags.signals);
    if (!text.ok()) return Fail(text.status());
    auto parsed = scoring::ParseSignalsJsonl(*text, flags.signals);
    if (!parsed.ok()) return Fail(parsed.status());
    signals = *std::move(parsed);
    signal_lines = SignalLines(*text);
  }
  absl::Time as_of;
  if (!flags.as_of.empty()) {
    auto t = scoring::ParseAsOf(flags.as_of);
    if (!t.ok()) return Usage(std::string(t.status().message()));
    as_of = *t;
    if (as_of > limits.latest()) {
      return Usage(absl::StrCat("--as_of ", flags.as_of,
                                " is in the future (later than now + --clock_skew)"));
    }
  } else if (response.has_submitted_at()) {
    as_of = absl::FromUnixSeconds(response.submitted_at().seconds());
  } else {
    return Usage("--as_of is required when the response has no submitted_at");
  }

  // The same checks as the server's, on every input.
  {
    validation::Violations v;
    validation::ValidateResponse("", response, tmpl, limits, &v);
    if (!v.empty()) return Fail(Refuse(flags.response, v));
  }
  std::string supplier = ResponseSupplier(response);
  if (has_supplier) {
    if (!supplier.empty() && supplier_record.name() != supplier) {
      validation::Violations v;
      v.Add("name", absl::StrCat(supplier_record.name(), ", but the response (", response.name(),
                                 ") is for ", supplier));
      return Fail(Refuse(flags.supplier, v));
    }
    if (supplier.empty()) supplier = supplier_record.name();
  }
  if (!flags.engagement.empty()) {
    validation::Violations v;
    validation::ValidateEngagement("", engagement, &v);
    if (v.empty() && !supplier.empty() && engagement.supplier() != supplier) {
      v.Add("supplier", absl::StrCat("names ", engagement.supplier(), ", but the response (",
                                     response.name(), ") is for ", supplier));
    }
    if (!v.empty()) return Fail(Refuse(flags.engagement, v));
    if (supplier.empty()) supplier = engagement.supplier();
  }
  for (size_t i = 0; i < signals.size(); ++i) {
    const std::string at = absl::StrCat(flags.signals, ":", signal_lines[i]);
    validation::Violations v;
    validation::ValidateSignal("", signals[i], limits, &v);
    if (v.empty() && !supplier.empty() && signals[i].supplier() != supplier) {
      v.Add("supplier",
            absl::StrCat(
                "names ", signals[i].supplier(), ", but the ",
                flags.engagement.empty() || !response.name().empty() ? "response" : "engagement",
                " is for ", supplier));
    }
    if (!v.empty()) return Fail(Refuse(at, v));
    if (supplier.empty()) supplier = signals[i].supplier();
  }

  scoring::ModelInput model_input;
  model_input.catalog = catalog;
  model_input.questionnaire = &tmpl;
  for (const auto& r : readiness) model_input.readiness.push_back(&r);
  model_input.policy = &policy;
  auto model = scoring::ScoringModel::Create(model_input);
  if (!model.ok()) {
    return Fail(absl::Status(model.status().code(),
                             absl::StrCat(template_source, ": ", model.status().message())));
  }
  scoring::SupplierInput in;
  in.profile = &profile;
  in.response = &response;
  in.signals = signals;
  in.engagement = flags.engagement.empty() ? nullptr : &engagement;
  in.as_of = as_of;
  std::optional<v1::EffectiveRisk> chain;
  if (in.engagement != nullptr) {
    auto risk = EngagementChain(flags, supplier, engagement, policy, as_of);
    if (!risk.ok()) return Fail(risk.status());
    in.chain = &chain.emplace(*std::move(risk));
  }
  // The profile input is named by the supplier, as the server names it.
  in.supplier = supplier;
  scoring::ScoreOptions options;
  std::vector<std::string> targets;
  for (const auto& t : flags.explain) {
    if (t == "all")
      options.explain_all = true;
    else
      targets.push_back(t);
  }
  v1::Assessment assessment;
  if (auto s = scoring::ScoreSupplier(**model, in, options, &assessment); !s.ok()) return Fail(s);
  // What the server adds from the stored resources: whose assessment it is, and the engagement
  // decided. Only the assessment's own resource name stays the server's.
  assessment.set_supplier(supplier);
  if (in.engagement != nullptr) assessment.mutable_decision()->set_engagement(engagement.name());
  for (const auto& t : targets) {
    auto x = scoring::Explain(**model, in, t);
    if (!x.ok()) return Usage(std::string(x.status().message()));
    *assessment.add_explanations() = *std::move(x);
  }
  if (flags.format == "binpb") {
    const std::string bytes = SerializeDeterministic(assessment);
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    return 0;
  }
  // Names beside the ids: the supplier's from --supplier, the engagement's title.
  scoring::TextNames names;
  if (has_supplier) {
    names.supplier = flags.lang == "en" && !supplier_record.display_name().en().empty()
                         ? supplier_record.display_name().en()
                         : supplier_record.display_name().ja();
    if (names.supplier.empty()) names.supplier = supplier_record.display_name().en();
  }
  if (in.engagement != nullptr) names.engagement = engagement.title();
  return PrintRendered(flags, **model, response, signals, names, &assessment);
}

}  // namespace supplyrisk::cli