#ifndef SUPPLYRISK_SERVICE_API_IDENTIFIERS_H_
#define SUPPLYRISK_SERVICE_API_IDENTIFIERS_H_

// Validation of the real-world identifiers a supplier carries. Each function returns an empty
// string when the value is valid, else a message naming the problem (used as the description of a
// BadRequest field violation).

#include <string>

#include "absl/strings/string_view.h"

namespace supplyrisk::api {

// Check digit of a Japanese corporate number (法人番号) from its 12 base digits: 9 minus the sum of
// the digits weighted 1, 2, 1, 2, ... from the rightmost, modulo 9. Requires 12 ASCII digits.
int CorporateNumberCheckDigit(absl::string_view base12);

// 13 ASCII digits whose first digit is the check digit of the other 12.
std::string CorporateNumberProblem(absl::string_view number);

// ISO 17442 LEI: 18 upper-case alphanumerics then 2 check digits, valid under ISO 7064 MOD 97-10
// (letters A=10 ... Z=35; the whole number mod 97 is 1).
std::string LeiProblem(absl::string_view lei);

// Converts a domain name (Unicode or ASCII) to its canonical IDNA2008 A-label form in lower case,
// e.g. "例え.JP" -> "xn--r8jz45g.jp". Rejects names that are not valid host names: an empty label,
// a label over 63 octets, a name over 253 octets, fewer than two labels, a leading or trailing
// hyphen, an all-numeric top-level label, or characters IDNA2008 disallows. On failure returns
// false and sets *problem.
bool CanonicalDomain(absl::string_view domain, std::string* canonical, std::string* problem);

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_IDENTIFIERS_H_
