#ifndef SUPPLYRISK_ENGINE_QUESTIONNAIRE_LINT_H_
#define SUPPLYRISK_ENGINE_QUESTIONNAIRE_LINT_H_

// Validation of templates: every problem is collected (not just the first), each with the readable
// path of the field at fault and, when the template came from a file, its line.

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "engine/catalog/catalog.h"
#include "engine/questionnaire/loader.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::questionnaire {

// Other templates the caller knows, by template id (files linted together, a registry). Used to
// check that a readiness profile includes a lower star profile; a reference to a template not in
// the map is not checked.
using KnownTemplates = absl::flat_hash_map<std::string, const supplyrisk::v1::Template*>;

struct LintOptions {
  // The signal-link rules (a question evidencing a measure that a scan observes must link one of
  // the measure's issue types as SIGNAL_RELATION_CONTRADICTS; a link names an issue type the
  // catalogue's observed_by lists, with its factor and meaning) are warnings for tenant templates,
  // which may predate them, and errors for the templates the product ships.
  bool shipped = false;
};

// Whether any of `problems` is an error (not only warnings).
bool HasErrors(const std::vector<Problem>& problems);

// Every problem of a loaded template, ordered by line (then by the order found). A template with
// syntax errors yields just those. An empty result means the template is valid against `catalog`.
std::vector<Problem> LintTemplate(const LoadedTemplate& loaded,
                                  const catalog::CatalogIndex& catalog,
                                  const KnownTemplates* known = nullptr,
                                  const LintOptions& options = {});

// The same rules for a template built in memory; problems carry no file and line 0.
std::vector<Problem> LintTemplate(const supplyrisk::v1::Template& t,
                                  const catalog::CatalogIndex& catalog,
                                  const KnownTemplates* known = nullptr,
                                  const LintOptions& options = {});

// OK when the template has no error (warnings are ignored); otherwise InvalidArgument listing every
// error as "field: message", separated by "; ".
absl::Status ValidateTemplate(const supplyrisk::v1::Template& t,
                              const catalog::CatalogIndex& catalog,
                              const KnownTemplates* known = nullptr);

// Option ids an IPA_POINTS question must offer, in this order; the scoring engine maps them to the
// points 4 / 2 / 0 / -1.
inline constexpr const char* kIpaOptionIds[] = {"done", "partly", "not_done", "dont_know"};

}  // namespace supplyrisk::questionnaire

#endif  // SUPPLYRISK_ENGINE_QUESTIONNAIRE_LINT_H_
