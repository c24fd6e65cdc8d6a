#ifndef SUPPLYRISK_SERVICE_ASSESS_BUILTIN_TEMPLATES_H_
#define SUPPLYRISK_SERVICE_ASSESS_BUILTIN_TEMPLATES_H_

// The templates shipped in testdata/templates/, embedded in the binary at build time so that
// supplyriskd needs no data files.

#include "absl/status/status.h"
#include "engine/catalog/catalog.h"
#include "engine/questionnaire/registry.h"

namespace supplyrisk::assess {

struct BuiltinTemplateText {
  const char* file;
  const char* text;
};

namespace internal {
extern const BuiltinTemplateText kBuiltinTemplateTexts[];
extern const int kBuiltinTemplateCount;
}  // namespace internal

// Parses every embedded template, lints it with the shipped rules (signal-link warnings are errors
// for built-in templates) and adds it to `registry` (which validates it); the error names the file
// and every problem. Questionnaires are added before readiness profiles.
absl::Status LoadBuiltinTemplates(questionnaire::TemplateRegistry* registry);

}  // namespace supplyrisk::assess

#endif  // SUPPLYRISK_SERVICE_ASSESS_BUILTIN_TEMPLATES_H_
