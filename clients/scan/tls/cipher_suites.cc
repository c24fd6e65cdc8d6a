#include "clients/scan/tls/cipher_suites.h"

namespace supplyrisk::scan {
namespace {

using K = KeyExchange;
using C = SuiteClass;

constexpr CipherSuite kSuites[] = {
    // Mozilla intermediate (guidelines 5.7), TLS 1.2.
    {0xC02B, "ECDHE-ECDSA-AES128-GCM-SHA256", K::kEcdhe, C::kIntermediate},
    {0xC02F, "ECDHE-RSA-AES128-GCM-SHA256", K::kEcdhe, C::kIntermediate},
    {0xC02C, "ECDHE-ECDSA-AES256-GCM-SHA384", K::kEcdhe, C::kIntermediate},
    {0xC030, "ECDHE-RSA-AES256-GCM-SHA384", K::kEcdhe, C::kIntermediate},
    {0xCCA9, "ECDHE-ECDSA-CHACHA20-POLY1305", K::kEcdhe, C::kIntermediate},
    {0xCCA8, "ECDHE-RSA-CHACHA20-POLY1305", K::kEcdhe, C::kIntermediate},
    {0x009E, "DHE-RSA-AES128-GCM-SHA256", K::kDhe, C::kIntermediate},
    {0x009F, "DHE-RSA-AES256-GCM-SHA384", K::kDhe, C::kIntermediate},
    {0xCCAA, "DHE-RSA-CHACHA20-POLY1305", K::kDhe, C::kIntermediate},
    // Outside the profile, not weak by themselves.
    {0xC023, "ECDHE-ECDSA-AES128-SHA256", K::kEcdhe, C::kOutside},
    {0xC027, "ECDHE-RSA-AES128-SHA256", K::kEcdhe, C::kOutside},
    {0xC024, "ECDHE-ECDSA-AES256-SHA384", K::kEcdhe, C::kOutside},
    {0xC028, "ECDHE-RSA-AES256-SHA384", K::kEcdhe, C::kOutside},
    {0x0067, "DHE-RSA-AES128-SHA256", K::kDhe, C::kOutside},
    {0x006B, "DHE-RSA-AES256-SHA256", K::kDhe, C::kOutside},
    {0x009C, "AES128-GCM-SHA256", K::kRsa, C::kOutside},
    {0x009D, "AES256-GCM-SHA384", K::kRsa, C::kOutside},
    {0x003C, "AES128-SHA256", K::kRsa, C::kOutside},
    {0x003D, "AES256-SHA256", K::kRsa, C::kOutside},
    // CBC with HMAC-SHA1.
    {0xC009, "ECDHE-ECDSA-AES128-SHA", K::kEcdhe, C::kCbcSha1},
    {0xC00A, "ECDHE-ECDSA-AES256-SHA", K::kEcdhe, C::kCbcSha1},
    {0xC013, "ECDHE-RSA-AES128-SHA", K::kEcdhe, C::kCbcSha1},
    {0xC014, "ECDHE-RSA-AES256-SHA", K::kEcdhe, C::kCbcSha1},
    {0x0033, "DHE-RSA-AES128-SHA", K::kDhe, C::kCbcSha1},
    {0x0039, "DHE-RSA-AES256-SHA", K::kDhe, C::kCbcSha1},
    {0x002F, "AES128-SHA", K::kRsa, C::kCbcSha1},
    {0x0035, "AES256-SHA", K::kRsa, C::kCbcSha1},
    {0x0041, "CAMELLIA128-SHA", K::kRsa, C::kCbcSha1},
    {0x0084, "CAMELLIA256-SHA", K::kRsa, C::kCbcSha1},
    {0xC004, "ECDH-ECDSA-AES128-SHA", K::kStaticEcdh, C::kCbcSha1},
    {0xC005, "ECDH-ECDSA-AES256-SHA", K::kStaticEcdh, C::kCbcSha1},
    {0xC00E, "ECDH-RSA-AES128-SHA", K::kStaticEcdh, C::kCbcSha1},
    {0xC00F, "ECDH-RSA-AES256-SHA", K::kStaticEcdh, C::kCbcSha1},
    // DES and 3DES.
    {0x000A, "DES-CBC3-SHA", K::kRsa, C::kDes},
    {0x0016, "EDH-RSA-DES-CBC3-SHA", K::kDhe, C::kDes},
    {0xC012, "ECDHE-RSA-DES-CBC3-SHA", K::kEcdhe, C::kDes},
    {0xC008, "ECDHE-ECDSA-DES-CBC3-SHA", K::kEcdhe, C::kDes},
    {0x0009, "DES-CBC-SHA", K::kRsa, C::kDes},
    {0x0015, "EDH-RSA-DES-CBC-SHA", K::kDhe, C::kDes},
    // RC4.
    {0x0004, "RC4-MD5", K::kRsa, C::kRc4},
    {0x0005, "RC4-SHA", K::kRsa, C::kRc4},
    {0xC011, "ECDHE-RSA-RC4-SHA", K::kEcdhe, C::kRc4},
    {0xC007, "ECDHE-ECDSA-RC4-SHA", K::kEcdhe, C::kRc4},
    // EXPORT grades.
    {0x0003, "EXP-RC4-MD5", K::kRsa, C::kExport},
    {0x0006, "EXP-RC2-CBC-MD5", K::kRsa, C::kExport},
    {0x0008, "EXP-DES-CBC-SHA", K::kRsa, C::kExport},
    {0x0014, "EXP-EDH-RSA-DES-CBC-SHA", K::kDhe, C::kExport},
    // NULL encryption.
    {0x0001, "NULL-MD5", K::kRsa, C::kNull},
    {0x0002, "NULL-SHA", K::kRsa, C::kNull},
    {0x003B, "NULL-SHA256", K::kRsa, C::kNull},
    {0xC010, "ECDHE-RSA-NULL-SHA", K::kEcdhe, C::kNull},
    {0xC006, "ECDHE-ECDSA-NULL-SHA", K::kEcdhe, C::kNull},
    // Anonymous key exchange (no server authentication).
    {0x0034, "ADH-AES128-SHA", K::kAnonymous, C::kAnonymous},
    {0x003A, "ADH-AES256-SHA", K::kAnonymous, C::kAnonymous},
    {0x00A6, "ADH-AES128-GCM-SHA256", K::kAnonymous, C::kAnonymous},
    {0x00A7, "ADH-AES256-GCM-SHA384", K::kAnonymous, C::kAnonymous},
    {0xC018, "AECDH-AES128-SHA", K::kAnonymous, C::kAnonymous},
    {0xC019, "AECDH-AES256-SHA", K::kAnonymous, C::kAnonymous},
    {0x0018, "ADH-RC4-MD5", K::kAnonymous, C::kAnonymous},
    {0x001B, "ADH-DES-CBC3-SHA", K::kAnonymous, C::kAnonymous},
};

}  // namespace

absl::Span<const CipherSuite> KnownCipherSuites() { return kSuites; }

const CipherSuite* FindCipherSuite(uint16_t id) {
  for (const CipherSuite& suite : kSuites) {
    if (suite.id == id) return &suite;
  }
  return nullptr;
}

bool IsWeak(const CipherSuite& suite, uint16_t tls_version) {
  switch (suite.suite_class) {
    case SuiteClass::kIntermediate:
    case SuiteClass::kOutside:
      return false;
    case SuiteClass::kCbcSha1:
      return tls_version >= 0x0303;
    default:
      return true;
  }
}

bool LacksForwardSecrecy(const CipherSuite& suite) {
  return suite.kx == KeyExchange::kRsa || suite.kx == KeyExchange::kStaticEcdh;
}

absl::string_view WeaknessName(SuiteClass suite_class) {
  switch (suite_class) {
    case SuiteClass::kCbcSha1:
      return "CBC-SHA1";
    case SuiteClass::kRc4:
      return "RC4";
    case SuiteClass::kDes:
      return "3DES/DES";
    case SuiteClass::kExport:
      return "EXPORT";
    case SuiteClass::kNull:
      return "NULL";
    case SuiteClass::kAnonymous:
      return "anonymous";
    default:
      return "";
  }
}

}  // namespace supplyrisk::scan
