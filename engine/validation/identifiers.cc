#include "engine/validation/identifiers.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace supplyrisk::validation {
namespace {

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

int CorporateNumberCheckDigit(absl::string_view base12) {
  int sum = 0;
  // Position 1 is the rightmost base digit; odd positions weigh 1, even ones 2.
  for (int position = 1; position <= 12; ++position) {
    int digit = base12[12 - position] - '0';
    sum += digit * (position % 2 == 1 ? 1 : 2);
  }
  return 9 - sum % 9;
}

std::string CorporateNumberProblem(absl::string_view number) {
  if (number.size() != 13) {
    return absl::StrCat("must be 13 digits, got ", number.size(), " characters");
  }
  if (!AllDigits(number)) return "must contain only the digits 0-9";
  int expected = CorporateNumberCheckDigit(number.substr(1));
  if (number[0] - '0' != expected) {
    return absl::StrCat("check digit ", number.substr(0, 1), " is wrong (expected ", expected, ")");
  }
  return "";
}

std::string LeiProblem(absl::string_view lei) {
  if (lei.size() != 20) {
    return absl::StrCat("must be 20 characters, got ", lei.size());
  }
  for (size_t i = 0; i < lei.size(); ++i) {
    char c = lei[i];
    bool ok =
        absl::ascii_isdigit(static_cast<unsigned char>(c)) || (i < 18 && c >= 'A' && c <= 'Z');
    if (!ok) {
      return i < 18 ? absl::StrCat("character ", i + 1, " must be an upper-case letter or digit")
                    : "the last two characters must be digits";
    }
  }
  // ISO 7064 MOD 97-10 over the digit expansion, folded one digit at a time.
  int remainder = 0;
  for (char c : lei) {
    int value = absl::ascii_isdigit(static_cast<unsigned char>(c)) ? c - '0' : c - 'A' + 10;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  if (remainder != 1) return "check digits do not verify (ISO 7064 MOD 97-10)";
  return "";
}

}  // namespace supplyrisk::validation
