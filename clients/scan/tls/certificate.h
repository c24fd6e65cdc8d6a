// What a served certificate chain says: validity dates, self-signature, the name, signature
// algorithms, and whether it leads to a trusted root.
#ifndef SUPPLYRISK_CLIENTS_SCAN_TLS_CERTIFICATE_H_
#define SUPPLYRISK_CLIENTS_SCAN_TLS_CERTIFICATE_H_

#include <openssl/x509.h>

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace supplyrisk::scan {

enum class ChainStatus {
  kTrusted,        // the served chain verifies against the trust store
  kSelfSigned,     // the leaf is self-signed and not trusted
  kIncomplete,     // an issuer is neither served nor trusted: missing intermediates
  kUntrustedRoot,  // the served chain ends in a self-signed root that is not trusted
  kInvalid,        // some other verification failure (bad signature, not a CA, ...)
};

absl::string_view ChainStatusName(ChainStatus status);

struct CertificateReport {
  bool present = false;  // false when the server sent no certificate
  std::string subject;
  std::string issuer;
  absl::Time not_before;
  absl::Time not_after;
  bool expired = false;
  bool expiring_soon = false;  // valid now, expires within the warning window
  bool not_yet_valid = false;
  bool leaf_self_signed = false;
  bool name_matches = false;
  // "<subject>: <signature algorithm>" for each served certificate signed with SHA-1 or MD5
  // (self-signed roots excluded: their own signature is never checked).
  std::vector<std::string> weak_signatures;
  int served_certificates = 0;
  ChainStatus chain = ChainStatus::kInvalid;
  std::string verify_error;  // OpenSSL's reason when not kTrusted
};

// Analyses `served` (leaf first, as the server sent it) for `name` (a DNS name or an IP literal)
// at `now`, verifying against `trust`. Validity dates are judged here, not by the verification,
// so an expired but otherwise sound chain still reads kTrusted.
CertificateReport AnalyzeCertificates(STACK_OF(X509) * served, absl::string_view name,
                                      X509_STORE* trust, absl::Time now,
                                      absl::Duration expiry_warning);

}  // namespace supplyrisk::scan

#endif  // SUPPLYRISK_CLIENTS_SCAN_TLS_CERTIFICATE_H_
