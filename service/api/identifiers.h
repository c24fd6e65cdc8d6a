#ifndef SUPPLYRISK_SERVICE_API_IDENTIFIERS_H_
#define SUPPLYRISK_SERVICE_API_IDENTIFIERS_H_

// Validation of the real-world identifiers a supplier carries. Each function returns an empty
// string when the value is valid, else a message naming the problem (used as the description of a
// BadRequest field violation).

#include <string>

#include "absl/strings/string_view.h"
#include "engine/validation/identifiers.h"

namespace supplyrisk::api {

// Corporate numbers and LEIs are checked in the engine, where the CLI uses them too.
using validation::CorporateNumberCheckDigit;
using validation::CorporateNumberProblem;
using validation::LeiProblem;

// Converts a domain name (Unicode or ASCII) to its canonical IDNA2008 A-label form in lower case,
// e.g. "例え.JP" -> "xn--r8jz45g.jp". Rejects names that are not valid host names: an empty label,
// a label over 63 octets, a name over 253 octets, fewer than two labels, a leading or trailing
// hyphen, an all-numeric top-level label, or characters IDNA2008 disallows. On failure returns
// false and sets *problem.
bool CanonicalDomain(absl::string_view domain, std::string* canonical, std::string* problem);

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_IDENTIFIERS_H_
