#include "clients/scan/tls/test_pki.h"

#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace supplyrisk::scan::testing {
namespace {

void AddExt(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext != nullptr) {
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
}

int SerialCounter() {
  static int serial = 1000;
  return ++serial;
}

}  // namespace

TestCert MakeCert(const CertSpec& spec, const TestCert* issuer) {
  TestCert out;
  out.key.reset(EVP_RSA_gen(2048));
  out.cert.reset(X509_new());
  X509* cert = out.cert.get();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), SerialCounter());
  ASN1_TIME_set(X509_getm_notBefore(cert), absl::ToTimeT(spec.not_before));
  ASN1_TIME_set(X509_getm_notAfter(cert), absl::ToTimeT(spec.not_after));
  X509_set_pubkey(cert, out.key.get());
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1,
                             -1, 0);
  X509* issuer_cert = issuer != nullptr ? issuer->cert.get() : cert;
  EVP_PKEY* issuer_key = issuer != nullptr ? issuer->key.get() : out.key.get();
  X509_set_issuer_name(cert, X509_get_subject_name(issuer_cert));
  AddExt(cert, issuer_cert, NID_subject_key_identifier, "hash");
  AddExt(cert, issuer_cert, NID_authority_key_identifier, "keyid:always");
  if (spec.is_ca) {
    AddExt(cert, issuer_cert, NID_basic_constraints, "critical,CA:TRUE");
    AddExt(cert, issuer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExt(cert, issuer_cert, NID_basic_constraints, "CA:FALSE");
    AddExt(cert, issuer_cert, NID_ext_key_usage, "serverAuth");
  }
  if (!spec.dns_names.empty()) {
    std::vector<std::string> sans;
    for (const std::string& n : spec.dns_names) sans.push_back("DNS:" + n);
    AddExt(cert, issuer_cert, NID_subject_alt_name, absl::StrJoin(sans, ","));
  }
  X509_sign(cert, issuer_key, spec.digest != nullptr ? spec.digest : EVP_sha256());
  return out;
}

absl::Status WriteCertPem(const std::string& path, const std::vector<const TestCert*>& certs) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return absl::InternalError(absl::StrCat("cannot write ", path));
  for (const TestCert* c : certs) PEM_write_X509(f, c->cert.get());
  std::fclose(f);
  return absl::OkStatus();
}

absl::Status WriteKeyPem(const std::string& path, const TestCert& cert) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return absl::InternalError(absl::StrCat("cannot write ", path));
  PEM_write_PrivateKey(f, cert.key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  return absl::OkStatus();
}

}  // namespace supplyrisk::scan::testing
