#ifndef SUPPLYRISK_SERVICE_ASSESS_BUILTIN_TEMPLATES_H_
#define SUPPLYRISK_SERVICE_ASSESS_BUILTIN_TEMPLATES_H_

// The shipped templates live in the engine (engine/questionnaire/builtin_templates.h), so the CLI
// scores on the same ones as the server.

#include "engine/questionnaire/builtin_templates.h"

namespace supplyrisk::assess {

using questionnaire::LoadBuiltinTemplates;

}  // namespace supplyrisk::assess

#endif  // SUPPLYRISK_SERVICE_ASSESS_BUILTIN_TEMPLATES_H_
