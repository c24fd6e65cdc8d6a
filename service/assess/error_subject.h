// The resource an assess error is about, carried inside the absl::Status as a payload, so that the
// API can answer with the matching error details (the resource that was not found, the precondition
// that failed) without the assess package knowing any wire format.
#ifndef SUPPLYRISK_SERVICE_ASSESS_ERROR_SUBJECT_H_
#define SUPPLYRISK_SERVICE_ASSESS_ERROR_SUBJECT_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace supplyrisk::assess {

struct ErrorSubject {
  std::string resource_type;  // "supplier", "template"
  std::string name;           // "suppliers/acme", "templates/cpsf-supplier@2"
  // For FAILED_PRECONDITION: the kind of precondition, e.g. "TEMPLATE_STATE"; empty for errors that
  // come from the store as they are.
  std::string precondition;
};

// `status` (not OK) with `subject` attached; an OK status is returned unchanged.
absl::Status WithSubject(absl::Status status, const ErrorSubject& subject);

// The subject attached by WithSubject, if any.
std::optional<ErrorSubject> SubjectOf(const absl::Status& status);

}  // namespace supplyrisk::assess

#endif  // SUPPLYRISK_SERVICE_ASSESS_ERROR_SUBJECT_H_
