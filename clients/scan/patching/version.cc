#include "clients/scan/patching/version.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"

namespace supplyrisk::scan {
namespace {

struct Run {
  bool digits = false;
  std::string text;
};

std::vector<Run> Split(absl::string_view v) {
  std::vector<Run> runs;
  for (char c : v) {
    const bool digit = absl::ascii_isdigit(static_cast<unsigned char>(c));
    const bool alpha = absl::ascii_isalpha(static_cast<unsigned char>(c));
    if (!digit && !alpha) {
      runs.emplace_back();  // a separator ends the run
      continue;
    }
    if (runs.empty() || runs.back().text.empty() || runs.back().digits != digit) {
      if (runs.empty() || !runs.back().text.empty()) runs.emplace_back();
      runs.back().digits = digit;
    }
    runs.back().text.push_back(digit ? c : absl::ascii_tolower(static_cast<unsigned char>(c)));
  }
  std::vector<Run> out;
  for (Run& r : runs) {
    if (!r.text.empty()) out.push_back(std::move(r));
  }
  return out;
}

int CompareDigits(const std::string& a, const std::string& b) {
  size_t i = a.find_first_not_of('0');
  size_t j = b.find_first_not_of('0');
  absl::string_view x = i == std::string::npos ? "" : absl::string_view(a).substr(i);
  absl::string_view y = j == std::string::npos ? "" : absl::string_view(b).substr(j);
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  return x.compare(y);
}

bool IsPreRelease(const Run& r) {
  return !r.digits && (r.text == "alpha" || r.text == "beta" || r.text == "rc" || r.text == "pre" ||
                       r.text == "dev" || r.text == "preview");
}

}  // namespace

int CompareVersions(absl::string_view a, absl::string_view b) {
  const std::vector<Run> x = Split(a);
  const std::vector<Run> y = Split(b);
  size_t n = x.size() < y.size() ? x.size() : y.size();
  for (size_t i = 0; i < n; ++i) {
    if (x[i].digits != y[i].digits) return x[i].digits ? 1 : -1;
    int c = x[i].digits ? CompareDigits(x[i].text, y[i].text) : x[i].text.compare(y[i].text);
    if (c != 0) return c < 0 ? -1 : 1;
  }
  if (x.size() == y.size()) return 0;
  if (x.size() > y.size()) return IsPreRelease(x[n]) ? -1 : 1;
  return IsPreRelease(y[n]) ? 1 : -1;
}

}  // namespace supplyrisk::scan
