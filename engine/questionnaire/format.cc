#include "engine/questionnaire/format.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"

namespace supplyrisk::questionnaire {

std::string FormatNumber(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  // %g with 6 digits reads best for the values templates hold; more digits only when 6 would print
  // two different numbers alike.
  for (int precision = 6; precision < 17; ++precision) {
    std::string text = absl::StrFormat("%.*g", precision, x);
    if (std::strtod(text.c_str(), nullptr) == x) return text;
  }
  return absl::StrFormat("%.17g", x);
}

bool HasText(absl::string_view s) { return !absl::StripAsciiWhitespace(s).empty(); }

absl::string_view WithoutPrefix(absl::string_view enum_name, absl::string_view prefix) {
  if (absl::StartsWith(enum_name, prefix)) enum_name.remove_prefix(prefix.size());
  return enum_name;
}

}  // namespace supplyrisk::questionnaire
