#ifndef SUPPLYRISK_ENGINE_QUESTIONNAIRE_FORMAT_H_
#define SUPPLYRISK_ENGINE_QUESTIONNAIRE_FORMAT_H_

// How template values read in lint problems, diffs and coverage reports, so that the three show a
// weight, a credit or an enum the same way.

#include <string>

#include "absl/strings/string_view.h"

namespace supplyrisk::questionnaire {

// The shortest decimal form that reads back as exactly `x` ("1", "0.5", "0.3333333333333333",
// "1e+06"); "inf", "-inf" and "nan" for the non-finite values. Two different weights never print
// alike, so a diff never reports "share 0.333333 -> 0.333333".
std::string FormatNumber(double x);

// True when `s` holds something other than ASCII white space: a text field that is present in
// substance, not just set.
bool HasText(absl::string_view s);

// `enum_name` without `prefix` when it starts with it ("ANSWER_TYPE_YES_NO", "ANSWER_TYPE_" ->
// "YES_NO"); unchanged otherwise.
absl::string_view WithoutPrefix(absl::string_view enum_name, absl::string_view prefix);

}  // namespace supplyrisk::questionnaire

#endif  // SUPPLYRISK_ENGINE_QUESTIONNAIRE_FORMAT_H_
