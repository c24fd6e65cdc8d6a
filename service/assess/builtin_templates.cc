#include "service/assess/builtin_templates.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/questionnaire/lint.h"
#include "engine/questionnaire/loader.h"

namespace supplyrisk::assess {

absl::Status LoadBuiltinTemplates(questionnaire::TemplateRegistry* registry) {
  std::vector<questionnaire::LoadedTemplate> loaded;
  for (int i = 0; i < internal::kBuiltinTemplateCount; ++i) {
    const BuiltinTemplateText& t = internal::kBuiltinTemplateTexts[i];
    loaded.push_back(questionnaire::ParseTemplateText(t.text, t.file));
    if (!loaded.back().ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("built-in template ", t.file, ": ",
                       questionnaire::FormatProblem(loaded.back().syntax_errors[0])));
    }
  }
  // Readiness profiles may include other profiles; add questionnaires first, then profiles by star
  // so an included lower star is known.
  std::stable_sort(loaded.begin(), loaded.end(), [](const auto& a, const auto& b) {
    auto rank = [](const questionnaire::LoadedTemplate& l) {
      return l.tmpl.kind() == v1::TEMPLATE_KIND_READINESS_PROFILE ? 1 + l.tmpl.readiness().star()
                                                                  : 0;
    };
    return rank(a) < rank(b);
  });
  // Shipped templates are held to every rule: the signal-link rules, warnings for a tenant's
  // templates, are errors here.
  questionnaire::LintOptions shipped;
  shipped.shipped = true;
  questionnaire::KnownTemplates known;
  for (const questionnaire::LoadedTemplate& l : loaded) known[l.tmpl.id()] = &l.tmpl;
  for (const questionnaire::LoadedTemplate& l : loaded) {
    std::vector<questionnaire::Problem> problems =
        questionnaire::LintTemplate(l, registry->catalog(), &known, shipped);
    if (!problems.empty()) {
      std::vector<std::string> parts;
      for (const questionnaire::Problem& p : problems) {
        parts.push_back(questionnaire::FormatProblem(p));
      }
      return absl::InvalidArgumentError(
          absl::StrCat("built-in template ", l.file, ": ", absl::StrJoin(parts, "; ")));
    }
  }
  for (questionnaire::LoadedTemplate& l : loaded) {
    absl::Status added = registry->Add(l.tmpl);
    if (!added.ok()) {
      return absl::Status(added.code(),
                          absl::StrCat("built-in template ", l.file, ": ", added.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace supplyrisk::assess
