#include "clients/scan/tls/tls_checker.h"

#include <set>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan {
namespace {

TlsReport CleanReport() {
  TlsReport report;
  report.asset = "www.example.jp:443";
  report.server_name = "www.example.jp";
  for (const char* v : {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}) {
    ProtocolProbe p;
    p.version = v;
    p.offered = absl::StrContains(v, "1.2") || absl::StrContains(v, "1.3");
    report.protocols.push_back(p);
  }
  report.certificate.present = true;
  report.certificate.subject = "/CN=www.example.jp";
  report.certificate.not_after = absl::FromUnixSeconds(1900000000);
  report.certificate.name_matches = true;
  report.certificate.chain = ChainStatus::kTrusted;
  return report;
}

std::set<std::string> IssueTypes(const TlsReport& report) {
  Observation seen;
  seen.observed_at = absl::FromUnixSeconds(1764547200);
  absl::StatusOr<std::vector<v1::Signal>> signals =
      TlsSignals(report, seen, CheckCatalog::BuiltIn());
  EXPECT_TRUE(signals.ok()) << signals.status();
  std::set<std::string> out;
  if (!signals.ok()) return out;
  for (const v1::Signal& s : *signals) {
    EXPECT_EQ(s.asset(), "www.example.jp:443");
    EXPECT_TRUE(absl::StrContains(s.source(), "tls/1.0")) << s.source();
    out.insert(s.issue_type());
  }
  return out;
}

TEST(TlsSignalsTest, CleanReportYieldsNothing) { EXPECT_TRUE(IssueTypes(CleanReport()).empty()); }

TEST(TlsSignalsTest, EachObservationMapsToItsCheck) {
  TlsReport report = CleanReport();
  report.protocols[1].offered = true;
  report.suites.push_back({0x0005, "RC4-SHA", 0x0303, true, true});
  report.certificate.chain = ChainStatus::kUntrustedRoot;
  report.certificate.weak_signatures = {"/CN=www.example.jp: sha1WithRSAEncryption"};
  EXPECT_EQ(IssueTypes(report),
            (std::set<std::string>{"tls_weak_protocol", "tls_weak_cipher", "tls_no_forward_secrecy",
                                   "certificate_untrusted", "certificate_weak_signature"}));
}

TEST(TlsSignalsTest, NoCertificateMeansNoCertificateSignals) {
  TlsReport report = CleanReport();
  report.certificate = CertificateReport();
  EXPECT_TRUE(IssueTypes(report).empty());
}

}  // namespace
}  // namespace supplyrisk::scan
