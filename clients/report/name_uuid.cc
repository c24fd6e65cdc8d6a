#include "clients/report/name_uuid.h"

#include <openssl/sha.h>

#include <cstdint>
#include <string>

namespace supplyrisk::report {
namespace {

// supplyrisk's namespace: itself a version 5 UUID, of "supplyrisk" in the URL namespace
// (6ba7b811-9dad-11d1-80b4-00c04fd430c8), fixed here so it never changes with the code.
// 6a52e78f-0f0d-5ac6-9bd5-8d1826219f76.
constexpr unsigned char kNamespace[16] = {0x6a, 0x52, 0xe7, 0x8f, 0x0f, 0x0d, 0x5a, 0xc6,
                                          0x9b, 0xd5, 0x8d, 0x18, 0x26, 0x21, 0x9f, 0x76};

}  // namespace

std::string NameUuid(absl::string_view namespace_bytes, absl::string_view name) {
  std::string input(namespace_bytes);
  input.append(name.data(), name.size());
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);  // version 5
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0x0f]);
  }
  return out;
}

std::string NameUuid(absl::string_view name) {
  return NameUuid(absl::string_view(reinterpret_cast<const char*>(kNamespace), 16), name);
}

}  // namespace supplyrisk::report
