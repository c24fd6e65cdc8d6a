#include "engine/questionnaire/lint.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/questionnaire/conditions.h"
#include "engine/questionnaire/format.h"
#include "engine/questionnaire/linter.h"

namespace supplyrisk::questionnaire::lint_internal {

// Ids of sections, questions, options and items: no spaces or punctuation that would need quoting
// in a URL, a condition or a report.
bool ValidId(const std::string& id) {
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') {
      return false;
    }
  }
  return !id.empty();
}

bool SnakeCase(const std::string& s) {
  if (s.empty() || !absl::ascii_islower(static_cast<unsigned char>(s[0]))) {
    return false;
  }
  for (char c : s) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '_') {
      return false;
    }
  }
  return s.back() != '_' && s.find("__") == std::string::npos;
}

// "YES_NO" for ANSWER_TYPE_YES_NO; the number of a value the enum lacks.
std::string TypeName(AnswerType type) {
  const std::string& name = supplyrisk::v1::AnswerType_Name(type);
  if (name.empty()) return absl::StrCat(static_cast<int>(type));
  return std::string(WithoutPrefix(name, "ANSWER_TYPE_"));
}

bool IsChoice(AnswerType type) {
  return type == supplyrisk::v1::ANSWER_TYPE_SINGLE_CHOICE ||
         type == supplyrisk::v1::ANSWER_TYPE_MULTIPLE_CHOICE;
}

bool IsBanded(AnswerType type) {
  return type == supplyrisk::v1::ANSWER_TYPE_NUMBER || type == supplyrisk::v1::ANSWER_TYPE_DATE;
}

// Question types that earn credit toward measures.
bool IsScored(AnswerType type) {
  return type == supplyrisk::v1::ANSWER_TYPE_YES_NO || IsChoice(type) || IsBanded(type);
}

std::vector<Problem> Linter::Run() {
  CheckHeader();
  IndexQuestions();
  for (int s = 0; s < t_.sections_size(); ++s) CheckSection(s);
  CheckCycles();
  CheckReadiness();
  std::stable_sort(out_.begin(), out_.end(),
                   [](const Problem& a, const Problem& b) { return a.line < b.line; });
  return std::move(out_);
}

void Linter::CheckText(const std::string& path, const LocalizedText& text, bool required) {
  const bool ja = HasText(text.ja());
  const bool en = HasText(text.en());
  if (!required && !ja && !en) return;
  if (!ja) Add(FieldPath(path, "ja"), "Japanese text is missing");
  if (!en) Add(FieldPath(path, "en"), "English text is missing");
}

void Linter::CheckMeasureId(const std::string& path, const std::string& id,
                            absl::string_view what) {
  if (id.empty()) {
    Add(path, absl::StrCat(what, " id is missing"));
  } else if (catalog_.FindMeasure(id) == nullptr) {
    Add(path, absl::StrCat("unknown ", what, " '", id, "': not in the catalogue"));
  }
}

void Linter::CheckHeader() {
  if (t_.id().empty()) {
    Add("id", "template id is missing");
  } else if (!ValidId(t_.id())) {
    Add("id", absl::StrCat("template id '", t_.id(),
                           "' may contain only letters, digits, '_', '-' "
                           "and '.'"));
  }
  if (t_.revision() < 1) {
    Add("revision", absl::StrCat("revision must be >= 1 (got ", t_.revision(), ")"));
  }
  if (t_.state() == supplyrisk::v1::TEMPLATE_STATE_UNSPECIFIED) {
    Add("state",
        "state is not set: use TEMPLATE_STATE_DRAFT or "
        "TEMPLATE_STATE_PUBLISHED");
  }
  CheckText("title", t_.title(), true);
  CheckText("description", t_.description(), false);
  switch (t_.kind()) {
    case supplyrisk::v1::TEMPLATE_KIND_QUESTIONNAIRE:
      if (t_.sections().empty()) {
        Add("sections", "a questionnaire needs at least one section");
      }
      if (t_.has_readiness()) {
        Add("readiness", "only a readiness profile has readiness criteria");
      }
      break;
    case supplyrisk::v1::TEMPLATE_KIND_READINESS_PROFILE:
      if (!t_.sections().empty()) {
        Add("sections[0]", "a readiness profile has no sections");
      }
      if (!t_.has_readiness()) {
        Add("readiness", "a readiness profile needs readiness criteria");
      }
      break;
    default:
      Add("kind",
          "kind is not set: use TEMPLATE_KIND_QUESTIONNAIRE or "
          "TEMPLATE_KIND_READINESS_PROFILE");
  }
  CheckScoring();
}

void Linter::CheckScoring() {
  const auto& scoring = t_.scoring();
  if (!Ipa()) {
    if (!scoring.bands().empty()) {
      Add("scoring.bands[0]", "score bands are only used by SCORING_METHOD_IPA_POINTS");
    }
    return;
  }
  if (scoring.bands().empty()) {
    Add("scoring.bands", "SCORING_METHOD_IPA_POINTS needs score bands");
    return;
  }
  for (int i = 0; i < scoring.bands_size(); ++i) {
    const std::string path = FieldPath("scoring", "bands", i);
    const auto& band = scoring.bands(i);
    if (!std::isfinite(band.min()) || band.min() < 0 || band.min() > 100) {
      Add(FieldPath(path, "min"),
          absl::StrCat("min must be in [0, 100] (got ", FormatNumber(band.min()), ")"));
    } else if (i > 0 && !(band.min() < scoring.bands(i - 1).min())) {
      Add(FieldPath(path, "min"),
          absl::StrCat("bands must be listed highest first: min ", FormatNumber(band.min()),
                       " is not below the previous min ",
                       FormatNumber(scoring.bands(i - 1).min())));
    }
    CheckText(FieldPath(path, "label"), band.label(), true);
    CheckText(FieldPath(path, "advice"), band.advice(), true);
  }
  const auto& last = scoring.bands(scoring.bands_size() - 1);
  if (std::isfinite(last.min()) && last.min() > 0) {
    Add(FieldPath(FieldPath("scoring", "bands", scoring.bands_size() - 1), "min"),
        absl::StrCat("the lowest band must start at 0 so that every score "
                     "falls in a band (got ",
                     FormatNumber(last.min()), ")"));
  }
}

}  // namespace supplyrisk::questionnaire::lint_internal

namespace supplyrisk::questionnaire {

using ::supplyrisk::questionnaire::lint_internal::Linter;
using ::supplyrisk::v1::Template;

bool HasErrors(const std::vector<Problem>& problems) {
  for (const Problem& p : problems) {
    if (p.severity == Severity::kError) return true;
  }
  return false;
}

std::vector<Problem> LintTemplate(const LoadedTemplate& loaded,
                                  const catalog::CatalogIndex& catalog, const KnownTemplates* known,
                                  const LintOptions& options) {
  if (!loaded.ok()) return loaded.syntax_errors;
  return Linter(loaded.tmpl, loaded.file, &loaded.lines, catalog, known, options).Run();
}

std::vector<Problem> LintTemplate(const Template& t, const catalog::CatalogIndex& catalog,
                                  const KnownTemplates* known, const LintOptions& options) {
  const std::string no_file;
  return Linter(t, no_file, nullptr, catalog, known, options).Run();
}

absl::Status ValidateTemplate(const Template& t, const catalog::CatalogIndex& catalog,
                              const KnownTemplates* known) {
  std::vector<Problem> problems = LintTemplate(t, catalog, known);
  if (problems.empty()) return absl::OkStatus();
  std::vector<std::string> parts;
  parts.reserve(problems.size());
  for (const Problem& p : problems) {
    if (p.severity == Severity::kError) parts.push_back(FormatProblem(p));
  }
  if (parts.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("template '", t.id(), "' revision ", t.revision(),
                                                 " is invalid: ", absl::StrJoin(parts, "; ")));
}

}  // namespace supplyrisk::questionnaire
