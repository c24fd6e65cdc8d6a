#include "clients/scan/tls/certificate.h"

#include <openssl/x509_vfy.h>

#include "clients/scan/tls/test_pki.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan {
namespace {

using testing::CertSpec;
using testing::MakeCert;
using testing::TestCert;

const absl::Time kNow = absl::FromUnixSeconds(1764547200);  // 2025-12-01

struct Chain {
  STACK_OF(X509) * stack = sk_X509_new_null();
  ~Chain() { sk_X509_free(stack); }  // the certificates belong to the TestCerts
};

TEST(CertificateTest, ServedRootThatIsNotTrustedIsAnUntrustedRoot) {
  TestCert root = MakeCert(
      {"Private Root", {}, kNow - absl::Hours(24), kNow + absl::Hours(24 * 3650), true}, nullptr);
  TestCert leaf = MakeCert(
      {"host", {"host.example"}, kNow - absl::Hours(24), kNow + absl::Hours(24 * 90)}, &root);
  Chain chain;
  sk_X509_push(chain.stack, leaf.cert.get());
  sk_X509_push(chain.stack, root.cert.get());
  X509_STORE* empty = X509_STORE_new();
  CertificateReport r =
      AnalyzeCertificates(chain.stack, "host.example", empty, kNow, absl::Hours(24 * 30));
  X509_STORE_free(empty);
  EXPECT_TRUE(r.present);
  EXPECT_EQ(r.served_certificates, 2);
  EXPECT_EQ(r.chain, ChainStatus::kUntrustedRoot) << r.verify_error;
  EXPECT_TRUE(r.name_matches);
  EXPECT_FALSE(r.leaf_self_signed);
  EXPECT_FALSE(r.expired);
  EXPECT_FALSE(r.expiring_soon);
  EXPECT_TRUE(r.weak_signatures.empty());
}

TEST(CertificateTest, TrustedChainWithWildcardAndDates) {
  TestCert root =
      MakeCert({"Root", {}, kNow - absl::Hours(24), kNow + absl::Hours(24 * 3650), true}, nullptr);
  CertSpec spec{"wild", {"*.example.jp"}, kNow + absl::Hours(24), kNow + absl::Hours(48)};
  spec.digest = EVP_sha1();
  TestCert leaf = MakeCert(spec, &root);
  Chain chain;
  sk_X509_push(chain.stack, leaf.cert.get());
  X509_STORE* store = X509_STORE_new();
  X509_STORE_add_cert(store, root.cert.get());
  CertificateReport r =
      AnalyzeCertificates(chain.stack, "www.example.jp", store, kNow, absl::Hours(24 * 30));
  EXPECT_EQ(r.chain, ChainStatus::kTrusted) << r.verify_error;
  EXPECT_TRUE(r.name_matches);
  EXPECT_TRUE(r.not_yet_valid);
  EXPECT_EQ(r.weak_signatures.size(), 1u);
  r = AnalyzeCertificates(chain.stack, "a.b.example.jp", store, kNow, absl::Hours(24 * 30));
  EXPECT_FALSE(r.name_matches);  // a wildcard covers one label
  X509_STORE_free(store);
}

TEST(CertificateTest, NoCertificate) {
  CertificateReport r = AnalyzeCertificates(nullptr, "x", nullptr, kNow, absl::Hours(1));
  EXPECT_FALSE(r.present);
}

}  // namespace
}  // namespace supplyrisk::scan
