#include "engine/questionnaire/builtin_templates.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/questionnaire/lint.h"
#include "engine/questionnaire/loader.h"

namespace supplyrisk::questionnaire {

absl::Status LoadBuiltinTemplates(TemplateRegistry* registry) {
  std::vector<LoadedTemplate> loaded;
  for (int i = 0; i < internal::kBuiltinTemplateCount; ++i) {
    const BuiltinTemplateText& t = internal::kBuiltinTemplateTexts[i];
    loaded.push_back(ParseTemplateText(t.text, t.file));
    if (!loaded.back().ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "built-in template ", t.file, ": ", FormatProblem(loaded.back().syntax_errors[0])));
    }
  }
  // Readiness profiles may include other profiles; add questionnaires first, then profiles by star
  // so an included lower star is known.
  std::stable_sort(loaded.begin(), loaded.end(), [](const auto& a, const auto& b) {
    auto rank = [](const LoadedTemplate& l) {
      return l.tmpl.kind() == v1::TEMPLATE_KIND_READINESS_PROFILE ? 1 + l.tmpl.readiness().star()
                                                                  : 0;
    };
    return rank(a) < rank(b);
  });
  // Shipped templates are held to every rule: the signal-link rules, warnings for a tenant's
  // templates, are errors here.
  LintOptions shipped;
  shipped.shipped = true;
  KnownTemplates known;
  for (const LoadedTemplate& l : loaded) known[l.tmpl.id()] = &l.tmpl;
  for (const LoadedTemplate& l : loaded) {
    std::vector<Problem> problems = LintTemplate(l, registry->catalog(), &known, shipped);
    if (!problems.empty()) {
      std::vector<std::string> parts;
      for (const Problem& p : problems) parts.push_back(FormatProblem(p));
      return absl::InvalidArgumentError(
          absl::StrCat("built-in template ", l.file, ": ", absl::StrJoin(parts, "; ")));
    }
  }
  for (LoadedTemplate& l : loaded) {
    absl::Status added = registry->Add(l.tmpl);
    if (!added.ok()) {
      return absl::Status(added.code(),
                          absl::StrCat("built-in template ", l.file, ": ", added.message()));
    }
  }
  return absl::OkStatus();
}

std::vector<const supplyrisk::v1::Template*> ReadinessProfiles(const TemplateRegistry& r) {
  std::vector<std::pair<int, std::string>> profiles;
  for (const std::string& id : r.TemplateIds()) {
    const supplyrisk::v1::Template* t = r.LatestPublished(id);
    if (t != nullptr && t->kind() == supplyrisk::v1::TEMPLATE_KIND_READINESS_PROFILE) {
      profiles.emplace_back(t->readiness().star(), id);
    }
  }
  std::sort(profiles.begin(), profiles.end());
  std::vector<const supplyrisk::v1::Template*> out;
  for (const auto& p : profiles) out.push_back(r.LatestPublished(p.second));
  return out;
}

}  // namespace supplyrisk::questionnaire
