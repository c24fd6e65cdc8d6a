// Test certificates made with OpenSSL in memory: a CA, leaves it signs, self-signed ones, with
// chosen names, dates and digests. For tests only.
#ifndef SUPPLYRISK_CLIENTS_SCAN_TLS_TEST_PKI_H_
#define SUPPLYRISK_CLIENTS_SCAN_TLS_TEST_PKI_H_

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace supplyrisk::scan::testing {

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* c) const { X509_free(c); }
};

struct TestCert {
  std::unique_ptr<EVP_PKEY, KeyFree> key;
  std::unique_ptr<X509, CertFree> cert;
};

struct CertSpec {
  std::string common_name;
  std::vector<std::string> dns_names;  // subjectAltName DNS entries
  absl::Time not_before;
  absl::Time not_after;
  bool is_ca = false;
  const EVP_MD* digest = nullptr;  // SHA-256 when null
};

// A fresh RSA-2048 key and a certificate for `spec`, signed by `issuer` (self-signed when null).
TestCert MakeCert(const CertSpec& spec, const TestCert* issuer);

// PEM files.
absl::Status WriteCertPem(const std::string& path, const std::vector<const TestCert*>& certs);
absl::Status WriteKeyPem(const std::string& path, const TestCert& cert);

}  // namespace supplyrisk::scan::testing

#endif  // SUPPLYRISK_CLIENTS_SCAN_TLS_TEST_PKI_H_
