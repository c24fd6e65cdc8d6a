// `supplyrisk score`: scores one supplier's response (and signal history) against a questionnaire
// template, optionally for an engagement, and prints the assessment.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/commands.h"
#include "engine/catalog/catalog.h"
#include "engine/io/file_loaders.h"
#include "engine/policy/policy.h"
#include "engine/questionnaire/loader.h"
#include "engine/scoring/input_text.h"
#include "engine/scoring/report.h"
#include "engine/scoring/scorer.h"

namespace supplyrisk::cli {
namespace {

constexpr char kUsage[] =
    "usage: supplyrisk score --template T.textproto --response R.textproto\n"
    "         [--profile P.textproto] [--signals S.jsonl] [--engagement "
    "E.textproto]\n"
    "         [--policy POLICY.textproto] [--catalog C.textproto] [--readiness "
    "FILE]...\n"
    "         [--as_of YYYY-MM-DD] [--format text|json] [--explain TARGET]...\n"
    "  --readiness defaults to scs-star3.textproto and scs-star4.textproto "
    "beside the template\n"
    "  --as_of defaults to the response's submitted_at\n"
    "  --explain overall | cell:L1/ORGANIZATION | factor:DNS_HEALTH | all\n";

struct Flags {
  std::string template_path, response, profile, signals, engagement, policy, catalog, as_of;
  std::string format = "text";
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
    else if (name == "--signals")
      f->signals = value;
    else if (name == "--engagement")
      f->engagement = value;
    else if (name == "--policy")
      f->policy = value;
    else if (name == "--catalog")
      f->catalog = value;
    else if (name == "--as_of")
      f->as_of = value;
    else if (name == "--format")
      f->format = value;
    else if (name == "--readiness")
      f->readiness.push_back(value);
    else if (name == "--explain")
      f->explain.push_back(value);
    else {
      *problem = absl::StrCat("unknown flag ", name);
      return false;
    }
  }
  if (f->template_path.empty())
    *problem = "--template is required";
  else if (f->response.empty())
    *problem = "--response is required";
  else if (f->format != "text" && f->format != "json")
    *problem = "--format must be text or json";
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

std::string Dir(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

}  // namespace

int RunScoreCommand(const std::vector<std::string>& args) {
  Flags flags;
  std::string problem;
  if (!ParseFlags(args, &flags, &problem)) return Usage(problem);

  const catalog::CatalogIndex* catalog = &catalog::BuiltinCatalog();
  absl::StatusOr<catalog::CatalogIndex> custom_catalog = absl::UnknownError("unset");
  if (!flags.catalog.empty()) {
    custom_catalog = io::LoadCatalogFile(flags.catalog);
    if (!custom_catalog.ok()) return Fail(custom_catalog.status());
    catalog = &*custom_catalog;
  }
  auto tmpl = LoadTemplate(flags.template_path);
  if (!tmpl.ok()) return Fail(tmpl.status());
  if (flags.readiness.empty()) {
    for (const char* name : {"scs-star3.textproto", "scs-star4.textproto"}) {
      const std::string path = absl::StrCat(Dir(flags.template_path), "/", name);
      if (io::FileExists(path)) flags.readiness.push_back(path);
    }
  }
  std::vector<v1::Template> readiness;
  readiness.reserve(flags.readiness.size());
  for (const auto& path : flags.readiness) {
    auto r = LoadTemplate(path);
    if (!r.ok()) return Fail(r.status());
    readiness.push_back(*std::move(r));
  }
  v1::ScoringPolicy policy = policy::DefaultPolicy();
  if (!flags.policy.empty()) {
    auto p = io::LoadPolicyFile(flags.policy);
    if (!p.ok()) return Fail(p.status());
    policy = *std::move(p);
  }
  v1::Response response;
  if (auto s = io::LoadTextProtoFile(flags.response, &response); !s.ok()) return Fail(s);
  v1::SupplierProfile profile;
  if (!flags.profile.empty()) {
    if (auto s = io::LoadTextProtoFile(flags.profile, &profile); !s.ok()) return Fail(s);
  }
  v1::Engagement engagement;
  if (!flags.engagement.empty()) {
    if (auto s = io::LoadTextProtoFile(flags.engagement, &engagement); !s.ok()) {
      return Fail(s);
    }
  }
  std::vector<v1::Signal> signals;
  if (!flags.signals.empty()) {
    auto loaded = io::LoadSignalsFile(flags.signals);
    if (!loaded.ok()) return Fail(loaded.status());
    signals = *std::move(loaded);
  }
  absl::Time as_of;
  if (!flags.as_of.empty()) {
    auto t = scoring::ParseAsOf(flags.as_of);
    if (!t.ok()) return Usage(std::string(t.status().message()));
    as_of = *t;
  } else if (response.has_submitted_at()) {
    as_of = absl::FromUnixSeconds(response.submitted_at().seconds());
  } else {
    return Usage("--as_of is required when the response has no submitted_at");
  }

  scoring::ModelInput model_input;
  model_input.catalog = catalog;
  model_input.questionnaire = &*tmpl;
  for (const auto& r : readiness) model_input.readiness.push_back(&r);
  model_input.policy = &policy;
  auto model = scoring::ScoringModel::Create(model_input);
  if (!model.ok()) return Fail(model.status());
  scoring::SupplierInput in;
  in.profile = &profile;
  in.response = &response;
  in.signals = signals;
  in.engagement = flags.engagement.empty() ? nullptr : &engagement;
  in.as_of = as_of;
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
  for (const auto& t : targets) {
    auto x = scoring::Explain(**model, in, t);
    if (!x.ok()) return Usage(std::string(x.status().message()));
    *assessment.add_explanations() = *std::move(x);
  }
  if (flags.format == "json") {
    auto json = scoring::FormatAssessmentJson(assessment);
    if (!json.ok()) return Fail(json.status());
    std::fputs(json->c_str(), stdout);
  } else {
    std::fputs(scoring::FormatAssessmentText(assessment).c_str(), stdout);
  }
  return 0;
}

}  // namespace supplyrisk::cli
