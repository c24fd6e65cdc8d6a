#ifndef SUPPLYRISK_ENGINE_QUESTIONNAIRE_BUILTIN_TEMPLATES_H_
#define SUPPLYRISK_ENGINE_QUESTIONNAIRE_BUILTIN_TEMPLATES_H_

// The templates shipped in testdata/templates/, embedded in the binary at build time so that
// neither supplyriskd nor the CLI needs data files: the server and `supplyrisk score` score on the
// same questionnaires and readiness profiles.

#include <vector>

#include "absl/status/status.h"
#include "engine/catalog/catalog.h"
#include "engine/questionnaire/registry.h"

namespace supplyrisk::questionnaire {

struct BuiltinTemplateText {
  const char* file;
  const char* text;
};

namespace internal {
extern const BuiltinTemplateText kBuiltinTemplateTexts[];
extern const int kBuiltinTemplateCount;
}  // namespace internal

// Parses every embedded template and adds it to `registry` (which validates it); the error names
// the file and every problem. Questionnaires are added before readiness profiles.
absl::Status LoadBuiltinTemplates(TemplateRegistry* registry);

// The readiness profiles of `registry` (latest published revision of each), lowest star first: the
// SCS star criteria the server checks every assessment against.
std::vector<const supplyrisk::v1::Template*> ReadinessProfiles(const TemplateRegistry& registry);

}  // namespace supplyrisk::questionnaire

#endif  // SUPPLYRISK_ENGINE_QUESTIONNAIRE_BUILTIN_TEMPLATES_H_
