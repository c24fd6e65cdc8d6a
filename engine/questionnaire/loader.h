#ifndef SUPPLYRISK_ENGINE_QUESTIONNAIRE_LOADER_H_
#define SUPPLYRISK_ENGINE_QUESTIONNAIRE_LOADER_H_

// Loading a template from its textproto form, keeping the line of every field so that each problem
// the lint finds can be reported as FILE:LINE: field: message.

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::questionnaire {

// One problem in a template file. `line` is 1-based; 0 when the template has no source text (built
// in memory) or, for a syntax error, when the parser gave no position. `field` is a readable path
// such as "sections[2].questions[5].options[1].credit", "syntax" for a parse error, or empty for
// the template as a whole.
// An error makes a template invalid; a warning is reported but does not stop a tenant template
// from being stored or used (shipped templates are linted with warnings turned into errors).
enum class Severity { kError, kWarning };

struct Problem {
  std::string file;
  int line = 0;
  std::string field;
  std::string message;
  Severity severity = Severity::kError;
};

// "FILE:LINE: field: message", "FILE:LINE: warning: field: message" for a warning; parts that are
// unknown are left out ("field: message" when there is no file).
std::string FormatProblem(const Problem& p);

// Line of each field path that appeared in the source text.
class FieldLines {
 public:
  void Set(std::string path, int line) { lines_[std::move(path)] = line; }

  // The 1-based line of `path`; when the field did not appear in the text (a missing field), the
  // line of its nearest enclosing field that did, so a problem about a missing ja text points at
  // the question that lacks it. 1 when nothing encloses it, including in a text that sets no field
  // at all, so every problem of a file has a line.
  int LineOf(absl::string_view path) const;

 private:
  absl::flat_hash_map<std::string, int> lines_;
};

// A parsed template with its source lines. When `syntax_errors` is non-empty the text did not parse
// and `tmpl` is incomplete; it must not be linted or used.
struct LoadedTemplate {
  std::string file;
  supplyrisk::v1::Template tmpl;
  FieldLines lines;
  std::vector<Problem> syntax_errors;

  bool ok() const { return syntax_errors.empty(); }
};

// Parses textproto `text`; `file` is the name problems carry. Unknown fields and malformed text are
// syntax errors, reported with their line; so is a string field that is not UTF-8 (an escape can
// spell one; the API's wire format refuses it), reported with its field path.
LoadedTemplate ParseTemplateText(absl::string_view text, std::string file);

// The readable path of a field, as Problem.field and FieldLines use it: FieldPath("", "sections",
// 2) is "sections[2]" and FieldPath("sections[2]", "title") is "sections[2].title".
std::string FieldPath(absl::string_view parent, absl::string_view field);
std::string FieldPath(absl::string_view parent, absl::string_view field, int index);

}  // namespace supplyrisk::questionnaire

#endif  // SUPPLYRISK_ENGINE_QUESTIONNAIRE_LOADER_H_
