// Integration tests against `openssl s_server` processes started here on free loopback ports,
// with certificates made by the test. Each case asserts the exact set of signals.
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/scan/ports/tcp.h"
#include "clients/scan/testing/loopback_port.h"
#include "clients/scan/tls/test_pki.h"
#include "clients/scan/tls/tls_checker.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan {
namespace {

using testing::CertSpec;
using testing::MakeCert;
using testing::TestCert;

constexpr char kOpenssl[] = "/usr/bin/openssl";
// Mozilla intermediate, RSA certificates.
constexpr char kGoodCiphers[] =
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305";

int FreePort() { return loopback::UnusedPort(); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// One `openssl s_server` on 127.0.0.1; killed (with its process group) on destruction, and by
// the kernel should this test process die first.
class SServer {
 public:
  SServer(const std::string& dir, const std::vector<std::string>& extra) {
    port_ = FreePort();
    log_ = absl::StrCat(dir, "/s_server.", port_, ".log");
    std::vector<std::string> args = {
        kOpenssl, "s_server", "-accept", absl::StrCat("127.0.0.1:", port_), "-www", "-quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      setpgid(0, 0);
      freopen("/dev/null", "r", stdin);
      freopen(log_.c_str(), "w", stdout);
      freopen(log_.c_str(), "a", stderr);
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(kOpenssl, argv.data());
      _exit(127);
    }
  }
  ~SServer() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }

  // Waits up to 5 s for the server to accept connections.
  ::testing::AssertionResult Ready() {
    const absl::Time deadline = absl::Now() + absl::Seconds(5);
    while (absl::Now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return ::testing::AssertionFailure() << "s_server exited: " << ReadFile(log_);
      }
      if (TcpConnection::Connect("127.0.0.1", port_, absl::Milliseconds(200)).ok()) {
        return ::testing::AssertionSuccess();
      }
      absl::SleepFor(absl::Milliseconds(50));
    }
    return ::testing::AssertionFailure() << "s_server not ready after 5 s: " << ReadFile(log_);
  }
  int port() const { return port_; }
  std::string log() const { return ReadFile(log_); }

 private:
  int port_ = 0;
  pid_t pid_ = -1;
  std::string log_;
};

class TlsIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* tmp = std::getenv("TEST_TMPDIR");
    std::string templ = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/tlsXXXXXX");
    dir_ = new std::string(mkdtemp(templ.data()));
    const absl::Time now = absl::Now();
    ca_ = new TestCert(MakeCert(
        {"Test Root CA", {}, now - absl::Hours(24 * 10), now + absl::Hours(24 * 3650), true},
        nullptr));
    ASSERT_TRUE(testing::WriteCertPem(*dir_ + "/ca.pem", {ca_}).ok());
  }
  static void TearDownTestSuite() {
    delete ca_;
    delete dir_;
  }

  void SetUp() override {
    ASSERT_EQ(access(kOpenssl, X_OK), 0)
        << kOpenssl << " is missing: install the Debian package \"openssl\"";
  }

  // Writes `leaf` (and `chain` after it) and its key; returns the s_server arguments for them.
  std::vector<std::string> Files(const std::string& name, const TestCert& leaf,
                                 const std::vector<const TestCert*>& chain = {}) {
    const std::string cert = absl::StrCat(*dir_, "/", name, ".pem");
    const std::string key = absl::StrCat(*dir_, "/", name, ".key");
    EXPECT_TRUE(testing::WriteCertPem(cert, {&leaf}).ok());
    EXPECT_TRUE(testing::WriteKeyPem(key, leaf).ok());
    std::vector<std::string> args = {"-cert", cert, "-key", key};
    if (!chain.empty()) {
      const std::string chain_file = absl::StrCat(*dir_, "/", name, ".chain.pem");
      EXPECT_TRUE(testing::WriteCertPem(chain_file, chain).ok());
      args.insert(args.end(), {"-cert_chain", chain_file});
    }
    return args;
  }

  static std::vector<std::string> GoodServer(std::vector<std::string> args) {
    args.insert(args.end(), {"-no_tls1", "-no_tls1_1", "-cipher", kGoodCiphers});
    return args;
  }

  CertSpec Leaf(absl::Duration valid_from, absl::Duration valid_to) {
    const absl::Time now = absl::Now();
    return CertSpec{"localhost", {"localhost"}, now + valid_from, now + valid_to, false};
  }

  // Runs the checker against `server` as "localhost" and returns the report and issue types.
  std::set<std::string> Check(SServer& server, TlsReport* report_out = nullptr) {
    EXPECT_TRUE(server.Ready());
    TlsTarget target{"127.0.0.1", server.port(), "localhost"};
    TlsOptions options;
    options.ca_file = *dir_ + "/ca.pem";
    options.connect_timeout = absl::Seconds(2);
    options.handshake_timeout = absl::Seconds(3);
    absl::StatusOr<TlsReport> report = CheckTls(target, options);
    EXPECT_TRUE(report.ok()) << report.status() << "\n" << server.log();
    if (!report.ok()) return {"<error>"};
    Observation seen;
    seen.observed_at = absl::Now();
    absl::StatusOr<std::vector<v1::Signal>> signals =
        TlsSignals(*report, seen, CheckCatalog::BuiltIn());
    EXPECT_TRUE(signals.ok()) << signals.status();
    std::set<std::string> types;
    for (const v1::Signal& s : *signals) {
      types.insert(s.issue_type());
      EXPECT_EQ(s.asset(), absl::StrCat("127.0.0.1:", server.port()));
      EXPECT_FALSE(s.detail().empty());
    }
    if (report_out != nullptr) *report_out = *std::move(report);
    return types;
  }

  static std::set<std::string> Types(const std::vector<std::string>& check_ids) {
    std::set<std::string> out;
    for (const std::string& id : check_ids) {
      const v1::ScanCheck* check = CheckCatalog::BuiltIn().Find(id);
      EXPECT_NE(check, nullptr) << id;
      if (check != nullptr) out.insert(check->issue_type());
    }
    return out;
  }

  static std::string* dir_;
  static TestCert* ca_;
};

std::string* TlsIntegrationTest::dir_ = nullptr;
TestCert* TlsIntegrationTest::ca_ = nullptr;

// The names of the accepted suites classed weak, in the server's order.
std::vector<std::string> WeakSuiteNames(const TlsReport& report) {
  std::vector<std::string> weak;
  for (const AcceptedSuite& s : report.suites) {
    if (s.weak) weak.push_back(s.name);
  }
  return weak;
}

TEST_F(TlsIntegrationTest, GoodServerYieldsNoSignal) {
  TestCert leaf = MakeCert(Leaf(-absl::Hours(24), absl::Hours(24 * 365)), ca_);
  SServer server(*dir_, GoodServer(Files("good", leaf)));
  TlsReport report;
  EXPECT_EQ(Check(server, &report), Types({}));
  ASSERT_EQ(report.protocols.size(), 4u);
  EXPECT_FALSE(report.protocols[0].offered) << report.protocols[0].detail;
  EXPECT_FALSE(report.protocols[1].offered) << report.protocols[1].detail;
  EXPECT_TRUE(absl::StrContains(report.protocols[1].detail, "protocol version"))
      << report.protocols[1].detail;  // alert 70
  EXPECT_TRUE(report.protocols[2].offered) << report.protocols[2].detail;
  EXPECT_TRUE(report.protocols[3].offered) << report.protocols[3].detail;
  EXPECT_EQ(report.certificate.chain, ChainStatus::kTrusted) << report.certificate.verify_error;
  EXPECT_TRUE(report.certificate.name_matches);
  EXPECT_TRUE(report.suites_complete);
  std::vector<std::string> names;
  for (const AcceptedSuite& s : report.suites) names.push_back(s.name);
  EXPECT_EQ(names.size(), 3u) << absl::StrJoin(names, ",");
}

TEST_F(TlsIntegrationTest, ExpiredCertificate) {
  TestCert leaf = MakeCert(Leaf(-absl::Hours(24 * 60), -absl::Hours(24)), ca_);
  SServer server(*dir_, GoodServer(Files("expired", leaf)));
  EXPECT_EQ(Check(server), Types({"tls.certificate_expired"}));
}

TEST_F(TlsIntegrationTest, CertificateExpiringWithin30Days) {
  TestCert leaf = MakeCert(Leaf(-absl::Hours(24), absl::Hours(24 * 10)), ca_);
  SServer server(*dir_, GoodServer(Files("expiring", leaf)));
  EXPECT_EQ(Check(server), Types({"tls.certificate_expiring"}));
}

TEST_F(TlsIntegrationTest, SelfSignedCertificate) {
  TestCert leaf = MakeCert(Leaf(-absl::Hours(24), absl::Hours(24 * 365)), nullptr);
  SServer server(*dir_, GoodServer(Files("self", leaf)));
  TlsReport report;
  EXPECT_EQ(Check(server, &report), Types({"tls.certificate_self_signed"}));
  EXPECT_EQ(report.certificate.chain, ChainStatus::kSelfSigned);
}

TEST_F(TlsIntegrationTest, NameMismatch) {
  CertSpec spec = Leaf(-absl::Hours(24), absl::Hours(24 * 365));
  spec.common_name = "other.example";
  spec.dns_names = {"other.example"};
  TestCert leaf = MakeCert(spec, ca_);
  SServer server(*dir_, GoodServer(Files("mismatch", leaf)));
  EXPECT_EQ(Check(server), Types({"tls.certificate_name_mismatch"}));
}

TEST_F(TlsIntegrationTest, MissingIntermediateIsIncompleteNotSelfSigned) {
  const absl::Time now = absl::Now();
  TestCert intermediate = MakeCert(
      {"Test Intermediate", {}, now - absl::Hours(24), now + absl::Hours(24 * 365), true}, ca_);
  TestCert leaf = MakeCert(Leaf(-absl::Hours(24), absl::Hours(24 * 365)), &intermediate);
  {
    SServer server(*dir_, GoodServer(Files("leafonly", leaf)));
    TlsReport report;
    EXPECT_EQ(Check(server, &report), Types({"tls.certificate_chain_incomplete"}));
    EXPECT_EQ(report.certificate.chain, ChainStatus::kIncomplete);
  }
  // The same leaf served with its intermediate verifies.
  SServer server(*dir_, GoodServer(Files("withchain", leaf, {&intermediate})));
  EXPECT_EQ(Check(server), Types({}));
}

TEST_F(TlsIntegrationTest, Sha1SignedCertificate) {
  CertSpec spec = Leaf(-absl::Hours(24), absl::Hours(24 * 365));
  spec.digest = EVP_sha1();
  TestCert leaf = MakeCert(spec, ca_);
  // The server itself refuses a SHA-1 certificate above security level 0.
  std::vector<std::string> args = Files("sha1", leaf);
  args.insert(args.end(),
              {"-no_tls1", "-no_tls1_1", "-cipher", absl::StrCat(kGoodCiphers, ":@SECLEVEL=0")});
  SServer server(*dir_, args);
  EXPECT_EQ(Check(server), Types({"tls.certificate_weak_signature"}));
}

TEST_F(TlsIntegrationTest, Tls10Offered) {
  TestCert leaf = MakeCert(Leaf(-absl::Hours(24), absl::Hours(24 * 365)), ca_);
  std::vector<std::string> args = Files("tls1", leaf);
  args.insert(args.end(), {"-tls1", "-cipher", "DEFAULT@SECLEVEL=0"});
  SServer server(*dir_, args);
  TlsReport report;
  // DEFAULT includes static-RSA AES-CBC suites: no forward secrecy. CBC-SHA1 at TLS 1.0 is the
  // protocol's finding, not a separate weak-cipher one.
  EXPECT_EQ(Check(server, &report), Types({"tls.protocol_legacy", "tls.no_forward_secrecy"}));
  EXPECT_TRUE(report.protocols[0].offered) << report.protocols[0].detail;
  EXPECT_FALSE(report.protocols[2].offered);
  // A server that speaks only TLS 1.0 answers a TLS 1.2-only hello with a TLS 1.0 ServerHello
  // ("unsupported protocol" here); one that knows the version but refuses it sends alert 70
  // ("tlsv1 alert protocol version").
  EXPECT_TRUE(absl::StrContains(report.protocols[2].detail, "protocol"))
      << report.protocols[2].detail;
  ASSERT_FALSE(report.suites.empty());
  EXPECT_EQ(report.suites[0].version, 0x0301);
}

TEST_F(TlsIntegrationTest, CbcSha1AtTls12IsWeak) {
  TestCert leaf = MakeCert(Leaf(-absl::Hours(24), absl::Hours(24 * 365)), ca_);
  std::vector<std::string> args = Files("cbc", leaf);
  args.insert(args.end(), {"-no_tls1", "-no_tls1_1", "-cipher",
                           "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA"});
  SServer server(*dir_, args);
  TlsReport report;
  EXPECT_EQ(Check(server, &report), Types({"tls.cipher_weak"}));
  EXPECT_EQ(WeakSuiteNames(report), std::vector<std::string>{"ECDHE-RSA-AES128-SHA"});
}

TEST_F(TlsIntegrationTest, AnonymousSuiteIsWeak) {
  TestCert leaf = MakeCert(Leaf(-absl::Hours(24), absl::Hours(24 * 365)), ca_);
  std::vector<std::string> args = Files("anon", leaf);
  args.insert(args.end(), {"-no_tls1", "-no_tls1_1", "-cipher",
                           "ADH-AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0"});
  SServer server(*dir_, args);
  TlsReport report;
  EXPECT_EQ(Check(server, &report), Types({"tls.cipher_weak"}));
  EXPECT_EQ(WeakSuiteNames(report), std::vector<std::string>{"ADH-AES128-SHA"});
}

TEST_F(TlsIntegrationTest, ClosedPortIsUnavailable) {
  TlsTarget target{"127.0.0.1", FreePort(), "localhost"};
  TlsOptions options;
  options.ca_file = *dir_ + "/ca.pem";
  absl::StatusOr<TlsReport> report = CheckTls(target, options);
  EXPECT_TRUE(absl::IsUnavailable(report.status())) << report.status();
}

TEST_F(TlsIntegrationTest, BadInputNamesTheField) {
  TlsOptions options;
  EXPECT_EQ(CheckTls({"", 443, ""}, options).status().message(), "host: missing");
  EXPECT_TRUE(absl::IsInvalidArgument(CheckTls({"127.0.0.1", 0, ""}, options).status()));
  options.ca_file = *dir_ + "/missing.pem";
  EXPECT_TRUE(
      absl::StrContains(CheckTls({"127.0.0.1", 1, ""}, options).status().message(), "ca_file"));
}

}  // namespace
}  // namespace supplyrisk::scan
