#include "service/api/identifiers.h"

#include <idn2.h>

#include <cstdlib>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace supplyrisk::api {
namespace {

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

bool CanonicalDomain(absl::string_view domain, std::string* canonical, std::string* problem) {
  std::string input(domain);
  if (!input.empty() && input.back() == '.') input.pop_back();  // absolute form
  if (input.empty()) {
    *problem = "must not be empty";
    return false;
  }
  if (input.size() > 1024) {
    *problem = "is too long";
    return false;
  }
  if (input.find('\0') != std::string::npos) {
    *problem = "contains a NUL character";
    return false;
  }
  char* ascii = nullptr;
  int rc = idn2_to_ascii_8z(input.c_str(), &ascii, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
  if (rc != IDN2_OK) {
    *problem = absl::StrCat("is not a valid IDNA2008 domain name (", idn2_strerror(rc), ")");
    return false;
  }
  std::string a_label = absl::AsciiStrToLower(ascii);
  idn2_free(ascii);
  if (a_label.size() > 253) {
    *problem = "is longer than 253 octets";
    return false;
  }
  std::vector<absl::string_view> labels = absl::StrSplit(a_label, '.');
  if (labels.size() < 2) {
    *problem = "must have at least two labels, e.g. example.jp";
    return false;
  }
  for (absl::string_view label : labels) {
    if (label.empty()) {
      *problem = "has an empty label";
      return false;
    }
    if (label.size() > 63) {
      *problem = "has a label longer than 63 octets";
      return false;
    }
    if (label.front() == '-' || label.back() == '-') {
      *problem = absl::StrCat("label \"", label, "\" starts or ends with a hyphen");
      return false;
    }
    for (char c : label) {
      if (!(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-')) {
        *problem = absl::StrCat("label \"", label,
                                "\" has a character other than letters, digits, hyphen");
        return false;
      }
    }
  }
  if (AllDigits(labels.back())) {
    *problem = "top-level label must not be all digits";
    return false;
  }
  *canonical = std::move(a_label);
  return true;
}

}  // namespace supplyrisk::api
