// The TLS 1.0-1.2 cipher suites the checker offers one by one to learn what a server accepts,
// each classed against Mozilla's "intermediate" server profile.
//
// Source: Mozilla Server Side TLS guidelines 5.7
// (https://ssl-config.mozilla.org/guidelines/5.7.json, "intermediate"): TLS 1.2 and 1.3 only; for
// TLS 1.2 ECDHE-ECDSA/RSA with AES-GCM or ChaCha20-Poly1305 and DHE-RSA with AES-GCM or
// ChaCha20-Poly1305. Everything else is outside the profile. Of that, this checker calls "weak"
// what is broken or unauthenticated on its own: RC4, DES and 3DES (64-bit blocks, Sweet32), EXPORT
// grades, NULL encryption, anonymous key exchange, and CBC with an HMAC-SHA1 record MAC when
// TLS 1.2 is negotiated (Lucky13-class padding oracles; below 1.2 the protocol itself is the
// finding). AES-CBC with SHA-256/384 and static-RSA GCM are outside the profile but not weak by
// themselves; static RSA and static (EC)DH key exchange are reported as no forward secrecy instead.
// Suite numbers: IANA "TLS Cipher Suites" registry; names are OpenSSL's.
#ifndef SUPPLYRISK_CLIENTS_SCAN_TLS_CIPHER_SUITES_H_
#define SUPPLYRISK_CLIENTS_SCAN_TLS_CIPHER_SUITES_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace supplyrisk::scan {

enum class KeyExchange { kEcdhe, kDhe, kRsa, kStaticEcdh, kAnonymous };

enum class SuiteClass {
  kIntermediate,  // in Mozilla's intermediate profile
  kOutside,       // outside it, not weak by itself (AES-CBC-SHA256, RSA-GCM)
  kCbcSha1,       // weak when TLS 1.2 is negotiated
  kRc4,
  kDes,  // DES and 3DES
  kExport,
  kNull,
  kAnonymous,
};

struct CipherSuite {
  uint16_t id;
  const char* name;
  KeyExchange kx;
  SuiteClass suite_class;
};

// Every suite the checker knows, intermediate first.
absl::Span<const CipherSuite> KnownCipherSuites();

// Null when `id` is not in KnownCipherSuites().
const CipherSuite* FindCipherSuite(uint16_t id);

// Whether a suite accepted at `tls_version` (0x0301..0x0303) is weak in the sense above.
bool IsWeak(const CipherSuite& suite, uint16_t tls_version);

// Whether its key exchange lacks forward secrecy (static RSA or static ECDH).
bool LacksForwardSecrecy(const CipherSuite& suite);

// "RC4", "3DES/DES", "EXPORT", "NULL", "anonymous", "CBC-SHA1", "" for the others.
absl::string_view WeaknessName(SuiteClass suite_class);

}  // namespace supplyrisk::scan

#endif  // SUPPLYRISK_CLIENTS_SCAN_TLS_CIPHER_SUITES_H_
