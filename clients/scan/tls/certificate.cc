#include "clients/scan/tls/certificate.h"

#include <arpa/inet.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>

#include "absl/strings/str_cat.h"

namespace supplyrisk::scan {
namespace {

std::string NameText(const X509_NAME* name) {
  char buf[512];
  X509_NAME_oneline(name, buf, sizeof(buf));
  return buf;
}

absl::Time ToTime(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return absl::InfinitePast();
  return absl::FromTimeT(timegm(&tm));
}

bool IsIpLiteral(absl::string_view name) {
  unsigned char buf[16];
  const std::string s(name);
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

bool WeakDigest(int md_nid) {
  return md_nid == NID_sha1 || md_nid == NID_md5 || md_nid == NID_md4 || md_nid == NID_md2 ||
         md_nid == NID_md5_sha1;
}

void CheckChain(X509* leaf, STACK_OF(X509) * served, X509_STORE* trust, CertificateReport* r) {
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                      X509_STORE_CTX_free);
  if (!ctx || X509_STORE_CTX_init(ctx.get(), trust, leaf, served) != 1) {
    r->chain = ChainStatus::kInvalid;
    r->verify_error = "cannot set up verification";
    return;
  }
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  // Dates and weak algorithms are reported as findings of their own; the chain status answers
  // only "does this lead to a trusted root".
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_NO_CHECK_TIME);
  X509_VERIFY_PARAM_set_auth_level(param, 0);
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER);
  if (X509_verify_cert(ctx.get()) == 1) {
    r->chain = ChainStatus::kTrusted;
    return;
  }
  const int err = X509_STORE_CTX_get_error(ctx.get());
  r->verify_error = X509_verify_cert_error_string(err);
  switch (err) {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      r->chain = ChainStatus::kSelfSigned;
      break;
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
      r->chain = ChainStatus::kUntrustedRoot;
      break;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
      r->chain = r->leaf_self_signed ? ChainStatus::kSelfSigned : ChainStatus::kIncomplete;
      break;
    default:
      r->chain = ChainStatus::kInvalid;
  }
}

}  // namespace

absl::string_view ChainStatusName(ChainStatus status) {
  switch (status) {
    case ChainStatus::kTrusted:
      return "trusted";
    case ChainStatus::kSelfSigned:
      return "self-signed";
    case ChainStatus::kIncomplete:
      return "incomplete";
    case ChainStatus::kUntrustedRoot:
      return "untrusted root";
    case ChainStatus::kInvalid:
      return "invalid";
  }
  return "invalid";
}

CertificateReport AnalyzeCertificates(STACK_OF(X509) * served, absl::string_view name,
                                      X509_STORE* trust, absl::Time now,
                                      absl::Duration expiry_warning) {
  CertificateReport r;
  if (served == nullptr || sk_X509_num(served) == 0) return r;
  X509* leaf = sk_X509_value(served, 0);
  r.present = true;
  r.served_certificates = sk_X509_num(served);
  r.subject = NameText(X509_get_subject_name(leaf));
  r.issuer = NameText(X509_get_issuer_name(leaf));
  r.not_before = ToTime(X509_get0_notBefore(leaf));
  r.not_after = ToTime(X509_get0_notAfter(leaf));
  r.expired = r.not_after < now;
  r.not_yet_valid = now < r.not_before;
  r.expiring_soon = !r.expired && r.not_after < now + expiry_warning;
  r.leaf_self_signed = X509_self_signed(leaf, /*verify_signature=*/1) == 1;
  const std::string host(name);
  if (IsIpLiteral(name)) {
    r.name_matches = X509_check_ip_asc(leaf, host.c_str(), 0) == 1;
  } else {
    r.name_matches = X509_check_host(leaf, host.data(), host.size(), 0, nullptr) == 1;
  }
  for (int i = 0; i < sk_X509_num(served); ++i) {
    X509* cert = sk_X509_value(served, i);
    // A root's signature on itself is never relied on; a self-signed leaf's is all there is.
    if (i > 0 && X509_self_signed(cert, 0) == 1) continue;
    int md_nid = NID_undef;
    int pk_nid = NID_undef;
    const int sig_nid = X509_get_signature_nid(cert);
    if (OBJ_find_sigid_algs(sig_nid, &md_nid, &pk_nid) == 1 && WeakDigest(md_nid)) {
      r.weak_signatures.push_back(
          absl::StrCat(NameText(X509_get_subject_name(cert)), ": ", OBJ_nid2ln(sig_nid)));
    }
  }
  CheckChain(leaf, served, trust, &r);
  return r;
}

}  // namespace supplyrisk::scan
