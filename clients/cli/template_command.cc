// `supplyrisk template lint|coverage|diff`: checks templates before they are published, shows what
// of the CPSF catalogue they cover, and what changed between two revisions.
#include "clients/cli/template_command.h"

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "clients/cli/commands.h"
#include "engine/catalog/catalog.h"
#include "engine/common/json_text.h"
#include "engine/io/file_loaders.h"
#include "engine/questionnaire/coverage.h"
#include "engine/questionnaire/diff.h"
#include "engine/questionnaire/lint.h"
#include "engine/questionnaire/loader.h"

namespace supplyrisk::cli {
namespace {

using ::supplyrisk::questionnaire::LoadedTemplate;

constexpr char kUsage[] =
    "usage: supplyrisk template lint FILE... [--strict] [--catalog PATH] [--format text|json]\n"
    "       supplyrisk template coverage FILE [--json | --format text|json] [--catalog PATH]\n"
    "       supplyrisk template diff OLD NEW [--format text|json]\n"
    "  exit codes: 0 done, 1 a file has problems (lint) or does not parse, 2 usage or an\n"
    "  unreadable file\n";

struct Options {
  std::string verb;
  std::vector<std::string> files;
  bool json = false;
  // lint: the rules for shipped templates (signal-link warnings become errors).
  bool strict = false;
  std::string catalog_path;
};

// Returns an error message, or nothing when the arguments parse.
std::optional<std::string> ParseArgs(const std::vector<std::string>& args, Options* o) {
  if (args.empty()) return std::string("missing verb");
  o->verb = args[0];
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--json" || a == "--format=json") {
      o->json = true;
    } else if (a == "--format=text") {
      o->json = false;
    } else if (a == "--format") {
      if (i + 1 >= args.size()) return std::string("--format needs text or json");
      const std::string& v = args[++i];
      if (v != "text" && v != "json") return std::string("--format must be text or json");
      o->json = v == "json";
    } else if (a == "--strict") {
      o->strict = true;
    } else if (a == "--catalog") {
      if (i + 1 >= args.size()) return std::string("--catalog needs a path");
      o->catalog_path = args[++i];
    } else if (absl::StartsWith(a, "--catalog=")) {
      o->catalog_path = a.substr(std::string("--catalog=").size());
      if (o->catalog_path.empty()) return std::string("--catalog needs a path");
    } else if (a == "--") {
      for (++i; i < args.size(); ++i) o->files.push_back(args[i]);
    } else if (absl::StartsWith(a, "-") && a != "-") {
      return "unknown option '" + a + "'";
    } else {
      o->files.push_back(a);
    }
  }
  return std::nullopt;
}

int Usage(std::ostream& err, const std::string& message) {
  err << "supplyrisk template: " << message << "\n" << kUsage;
  return 2;
}

// Loads a file; prints why when it cannot be read (returns nullptr) or does not parse (returns the
// template with its syntax errors; the caller decides).
std::unique_ptr<LoadedTemplate> Load(const std::string& path, std::ostream& err) {
  auto loaded = io::LoadTemplateFile(path);
  if (!loaded.ok()) {
    err << "supplyrisk template: " << loaded.status().message() << "\n";
    return nullptr;
  }
  return std::make_unique<LoadedTemplate>(*std::move(loaded));
}

void PrintProblems(const std::vector<questionnaire::Problem>& problems, std::ostream& out) {
  for (const auto& p : problems) out << questionnaire::FormatProblem(p) << "\n";
}

// One JSON object per problem: file, line, field, message, severity.
void PrintProblemsJson(const std::vector<questionnaire::Problem>& problems, bool* first,
                       std::ostream& out) {
  for (const auto& p : problems) {
    out << (*first ? "\n " : ",\n ") << "{\"file\": " << common::JsonQuote(p.file)
        << ", \"line\": " << p.line << ", \"field\": " << common::JsonQuote(p.field)
        << ", \"message\": " << common::JsonQuote(p.message) << ", \"severity\": \""
        << (p.severity == questionnaire::Severity::kWarning ? "warning" : "error") << "\"}";
    *first = false;
  }
}

int Lint(const Options& o, const catalog::CatalogIndex& catalog, std::ostream& out,
         std::ostream& err) {
  if (o.files.empty()) return Usage(err, "lint needs at least one FILE");
  bool unreadable = false;
  std::vector<std::unique_ptr<LoadedTemplate>> loaded;
  for (const std::string& f : o.files) {
    auto t = Load(f, err);
    if (t == nullptr) {
      unreadable = true;
      continue;
    }
    loaded.push_back(std::move(t));
  }
  // Files linted together know each other: a star 4 profile can check the star 3 profile it
  // includes. The highest revision of an id stands for it.
  questionnaire::KnownTemplates known;
  for (const auto& t : loaded) {
    if (!t->ok() || t->tmpl.id().empty()) continue;
    auto& slot = known[t->tmpl.id()];
    if (slot == nullptr || slot->revision() < t->tmpl.revision()) slot = &t->tmpl;
  }
  // Warnings are printed but only errors fail the lint; --strict holds the files to the rules of
  // shipped templates, where the warnings are errors.
  questionnaire::LintOptions options;
  options.shipped = o.strict;
  bool problems = false, first = true;
  if (o.json) out << "[";
  for (const auto& t : loaded) {
    auto found = questionnaire::LintTemplate(*t, catalog, &known, options);
    problems = problems || questionnaire::HasErrors(found);
    if (o.json) {
      PrintProblemsJson(found, &first, out);
    } else {
      PrintProblems(found, out);
    }
  }
  if (o.json) out << (first ? "]\n" : "\n]\n");
  if (unreadable) return 2;
  return problems ? 1 : 0;
}

int Coverage(const Options& o, const catalog::CatalogIndex& catalog, std::ostream& out,
             std::ostream& err) {
  if (o.files.size() != 1) return Usage(err, "coverage needs exactly one FILE");
  auto t = Load(o.files[0], err);
  if (t == nullptr) return 2;
  if (!t->ok()) {
    PrintProblems(t->syntax_errors, err);
    return 1;
  }
  const auto problems = questionnaire::LintTemplate(*t, catalog);
  if (!problems.empty()) {
    err << "supplyrisk template: warning: " << o.files[0] << " has " << problems.size()
        << " lint problem(s); run `supplyrisk template lint` for the list\n";
  }
  const auto coverage = questionnaire::ComputeCoverage(t->tmpl, catalog);
  if (o.json) {
    auto json = questionnaire::RenderCoverageJson(coverage);
    if (!json.ok()) {
      err << "supplyrisk template: " << json.status().message() << "\n";
      return 1;
    }
    out << *json;
    if (!json->empty() && json->back() != '\n') out << "\n";
  } else {
    out << questionnaire::RenderCoverageText(coverage, catalog);
  }
  return 0;
}

int Diff(const Options& o, std::ostream& out, std::ostream& err) {
  if (o.files.size() != 2) return Usage(err, "diff needs OLD and NEW");
  auto a = Load(o.files[0], err);
  auto b = Load(o.files[1], err);
  if (a == nullptr || b == nullptr) return 2;
  if (!a->ok() || !b->ok()) {
    PrintProblems(a->syntax_errors, err);
    PrintProblems(b->syntax_errors, err);
    return 1;
  }
  const questionnaire::TemplateDiff diff = questionnaire::DiffTemplates(a->tmpl, b->tmpl);
  if (!o.json) {
    out << questionnaire::RenderDiff(diff);
    return 0;
  }
  out << "{\"old\": {\"id\": " << common::JsonQuote(diff.old_id)
      << ", \"revision\": " << diff.old_revision
      << "}, \"new\": {\"id\": " << common::JsonQuote(diff.new_id)
      << ", \"revision\": " << diff.new_revision << "},\n \"template_changes\": [";
  for (size_t i = 0; i < diff.template_changes.size(); ++i) {
    out << (i ? ", " : "") << common::JsonQuote(diff.template_changes[i]);
  }
  out << "],\n \"question_changes\": [";
  for (size_t i = 0; i < diff.question_changes.size(); ++i) {
    const auto& c = diff.question_changes[i];
    out << (i ? ",\n  " : "\n  ") << "{\"question_id\": " << common::JsonQuote(c.question_id)
        << ", \"kind\": " << common::JsonQuote(questionnaire::ChangeKindName(c.kind))
        << ", \"details\": [";
    for (size_t j = 0; j < c.details.size(); ++j) {
      out << (j ? ", " : "") << common::JsonQuote(c.details[j]);
    }
    out << "]}";
  }
  out << "]}\n";
  return 0;
}

}  // namespace

int RunTemplateCommandTo(const std::vector<std::string>& args, std::ostream& out,
                         std::ostream& err) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
    out << kUsage;
    return 0;
  }
  Options o;
  if (auto error = ParseArgs(args, &o)) return Usage(err, *error);
  if (o.verb != "lint" && o.verb != "coverage" && o.verb != "diff") {
    return Usage(err, "unknown verb '" + o.verb + "'");
  }
  if (o.strict && o.verb != "lint") return Usage(err, "--strict is only for lint");
  if (o.verb == "diff") {
    if (!o.catalog_path.empty()) return Usage(err, "diff does not use a catalogue");
    return Diff(o, out, err);
  }
  std::optional<catalog::CatalogIndex> custom;
  if (!o.catalog_path.empty()) {
    auto loaded = io::LoadCatalogFile(o.catalog_path);
    if (!loaded.ok()) {
      err << "supplyrisk template: " << loaded.status().message() << "\n";
      return 2;
    }
    custom.emplace(*std::move(loaded));
  }
  const catalog::CatalogIndex& catalog = custom.has_value() ? *custom : catalog::BuiltinCatalog();
  if (o.verb == "lint") return Lint(o, catalog, out, err);
  return Coverage(o, catalog, out, err);
}

int RunTemplateCommand(const std::vector<std::string>& args) {
  return RunTemplateCommandTo(args, std::cout, std::cerr);
}

}  // namespace supplyrisk::cli
