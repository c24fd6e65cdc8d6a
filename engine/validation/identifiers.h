#ifndef SUPPLYRISK_ENGINE_VALIDATION_IDENTIFIERS_H_
#define SUPPLYRISK_ENGINE_VALIDATION_IDENTIFIERS_H_

// Validation of the real-world identifiers a supplier carries. Each function returns an empty
// string when the value is valid, else a message naming the problem (used as the description of a
// field violation).

#include <string>

#include "absl/strings/string_view.h"

namespace supplyrisk::validation {

// Check digit of a Japanese corporate number (法人番号) from its 12 base digits: 9 minus the sum of
// the digits weighted 1, 2, 1, 2, ... from the rightmost, modulo 9. Requires 12 ASCII digits.
int CorporateNumberCheckDigit(absl::string_view base12);

// 13 ASCII digits whose first digit is the check digit of the other 12.
std::string CorporateNumberProblem(absl::string_view number);

// ISO 17442 LEI: 18 upper-case alphanumerics then 2 check digits, valid under ISO 7064 MOD 97-10
// (letters A=10 ... Z=35; the whole number mod 97 is 1).
std::string LeiProblem(absl::string_view lei);

}  // namespace supplyrisk::validation

#endif  // SUPPLYRISK_ENGINE_VALIDATION_IDENTIFIERS_H_
