// CompanyNameKey, applied to the company names suppliers declare for their subcontractors.
// Contract: no crash or UB; the key of valid UTF-8 is valid UTF-8 with no ASCII upper case, blank
// or punctuation (for a valid UTF-8 name); ASCII case and blanks between words do not change the
// key.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "engine/chain/declared_subcontractors.h"
#include "fuzz/fuzz_check.h"

namespace {

// Whether `s` is well-formed UTF-8 (RFC 3629: no overlongs, surrogates or code points past
// U+10FFFF).
bool ValidUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n;
    unsigned cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      n = 2;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      n = 3;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      n = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      const unsigned char b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3f);
    }
    const unsigned min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string name(reinterpret_cast<const char*>(data), size);
  const std::string key = supplyrisk::chain::CompanyNameKey(name);
  // A stray byte swallows the bytes after it as one sequence (kept as is), so the character
  // rules hold for valid UTF-8 only; names reach the key from protobuf strings, which are.
  if (!ValidUtf8(name)) return 0;
  for (const char c : key) {
    const unsigned char u = static_cast<unsigned char>(c);
    FUZZ_CHECK(!absl::ascii_isupper(u), "the key has no ASCII upper case");
    FUZZ_CHECK(!absl::ascii_isspace(u), "the key has no ASCII blank");
    FUZZ_CHECK(u >= 0x80 || absl::ascii_isalnum(u), "the key has no ASCII punctuation");
  }
  FUZZ_CHECK(ValidUtf8(key), "the key of valid UTF-8 is valid UTF-8");
  FUZZ_CHECK(supplyrisk::chain::CompanyNameKey(absl::AsciiStrToUpper(name)) == key,
             "ASCII case does not change the key");
  FUZZ_CHECK(supplyrisk::chain::CompanyNameKey(name + " ") == key,
             "a trailing blank does not change the key");
  return 0;
}
