// Scans sites served by a real nginx on 127.0.0.1 (free ports, certificates from a CA the test
// makes with the openssl CLI): a well-configured site yields no signal, a poor one each expected
// signal and no other. nginx runs as one process (master_process off) that dies with the test.
#include <arpa/inet.h>
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

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "clients/scan/web/web_scanner.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supplyrisk::scan::web {
namespace {

using ::testing::HasSubstr;

constexpr char kNginx[] = "/usr/sbin/nginx";
constexpr char kOpenssl[] = "/usr/bin/openssl";

// Starts argv[0] with `argv`; the child is killed if the test process dies.
pid_t Spawn(const std::vector<std::string>& argv) {
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

// Runs a command to completion within 10 s; its exit status, or -1 on a timeout (then killed).
int RunToCompletion(const std::vector<std::string>& argv) {
  const pid_t pid = Spawn(argv);
  if (pid < 0) return -1;
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (absl::Now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return -1;
  }
  close(fd);
  return ntohs(addr.sin_port);
}

bool Accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

constexpr char kNginxConf[] = R"(worker_processes 1;
master_process off;
pid DIR/nginx.pid;
error_log DIR/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path DIR/client_body;
  proxy_temp_path DIR/proxy;
  fastcgi_temp_path DIR/fastcgi;
  uwsgi_temp_path DIR/uwsgi;
  scgi_temp_path DIR/scgi;
  ssl_certificate DIR/leaf.pem;
  ssl_certificate_key DIR/leaf.key;
  default_type text/plain;
  # The well-configured site.
  server {
    listen 127.0.0.1:GOOD_HTTP;
    server_tokens off;
    return 301 https://$host:GOOD_HTTPS$request_uri;
  }
  server {
    listen 127.0.0.1:GOOD_HTTPS ssl;
    server_tokens off;
    add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
    add_header Content-Security-Policy "default-src 'self'; frame-ancestors 'none'" always;
    add_header X-Content-Type-Options nosniff always;
    add_header Set-Cookie "sid=s3cr3t; Path=/; Secure; HttpOnly; SameSite=Strict" always;
    location / { return 200 "good\n"; }
  }
  # The poor site: no redirect, a too-short HSTS, no CSP, no framing or nosniff header, an
  # insecure cookie, the version in Server.
  server {
    listen 127.0.0.1:POOR_HTTP;
    server_tokens on;
    add_header Set-Cookie "track=1; Path=/";
    location / { return 200 "poor\n"; }
  }
  server {
    listen 127.0.0.1:POOR_HTTPS ssl;
    server_tokens on;
    add_header Strict-Transport-Security "max-age=300";
    add_header Set-Cookie "track=1; Path=/";
    location / { return 200 "poor\n"; }
  }
}
)";

class WebScannerIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (access(kNginx, X_OK) != 0) {
      setup_error_ = "nginx not found at /usr/sbin/nginx: install the Debian package nginx";
      return;
    }
    if (access(kOpenssl, X_OK) != 0) {
      setup_error_ = "openssl not found: install the Debian package openssl";
      return;
    }
    const char* tmp = std::getenv("TEST_TMPDIR");
    dir_ = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/web_scan_", getpid());
    mkdir(dir_.c_str(), 0700);
    if (!MakeCertificates()) return;
    for (int* port : {&good_http_, &good_https_, &poor_http_, &poor_https_, &closed_}) {
      *port = FreePort();
    }
    std::ofstream(dir_ + "/nginx.conf")
        << absl::StrReplaceAll(kNginxConf, {{"DIR", dir_},
                                            {"GOOD_HTTPS", std::to_string(good_https_)},
                                            {"GOOD_HTTP", std::to_string(good_http_)},
                                            {"POOR_HTTPS", std::to_string(poor_https_)},
                                            {"POOR_HTTP", std::to_string(poor_http_)}});
    nginx_ = Spawn({kNginx, "-p", dir_, "-e", dir_ + "/error.log", "-c", dir_ + "/nginx.conf", "-g",
                    "daemon off;"});
    const absl::Time deadline = absl::Now() + absl::Seconds(5);
    while (!(Accepts(good_http_) && Accepts(good_https_) && Accepts(poor_http_) &&
             Accepts(poor_https_))) {
      int status = 0;
      if (nginx_ <= 0 || waitpid(nginx_, &status, WNOHANG) != 0 || absl::Now() > deadline) {
        setup_error_ = absl::StrCat("nginx did not start: ", ReadFile(dir_ + "/error.log"));
        StopNginx();
        return;
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
  }

  static void TearDownTestSuite() { StopNginx(); }

  static void StopNginx() {
    if (nginx_ <= 0) return;
    kill(nginx_, SIGTERM);
    int status = 0;
    const absl::Time deadline = absl::Now() + absl::Seconds(3);
    while (waitpid(nginx_, &status, WNOHANG) == 0) {
      if (absl::Now() > deadline) {
        kill(nginx_, SIGKILL);
        waitpid(nginx_, &status, 0);
        break;
      }
      absl::SleepFor(absl::Milliseconds(10));
    }
    nginx_ = -1;
  }

  static bool MakeCertificates() {
    const std::string d = dir_ + "/";
    std::ofstream(d + "ext.cnf") << "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                                 << "extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n";
    const std::vector<std::vector<std::string>> steps = {
        {kOpenssl,
         "req",
         "-x509",
         "-newkey",
         "ec",
         "-pkeyopt",
         "ec_paramgen_curve:P-256",
         "-nodes",
         "-keyout",
         d + "ca.key",
         "-out",
         d + "ca.pem",
         "-days",
         "2",
         "-subj",
         "/CN=supplyrisk test CA",
         "-addext",
         "basicConstraints=critical,CA:TRUE",
         "-addext",
         "keyUsage=critical,keyCertSign,cRLSign"},
        {kOpenssl, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", d + "leaf.key", "-out", d + "leaf.csr", "-subj", "/CN=127.0.0.1"},
        {kOpenssl, "x509", "-req", "-in", d + "leaf.csr", "-CA", d + "ca.pem", "-CAkey",
         d + "ca.key", "-CAcreateserial", "-days", "2", "-out", d + "leaf.pem", "-extfile",
         d + "ext.cnf"},
    };
    for (const auto& step : steps) {
      if (RunToCompletion(step) != 0) {
        setup_error_ = absl::StrCat("openssl ", step[1], " failed");
        return false;
      }
    }
    return true;
  }

  void SetUp() override { ASSERT_TRUE(setup_error_.empty()) << setup_error_; }

  static ScanOptions Options(bool trust_test_ca = true) {
    ScanOptions options;
    options.fetch.connect_timeout = absl::Seconds(2);
    options.fetch.total_timeout = absl::Seconds(5);
    if (trust_test_ca) options.fetch.ca_file = dir_ + "/ca.pem";
    options.supplier = "suppliers/test";
    return options;
  }

  static WebReport Scan(int http_port, int https_port, const ScanOptions& options) {
    SiteTarget site;
    site.host = "127.0.0.1";
    site.http_port = http_port;
    site.https_port = https_port;
    absl::StatusOr<WebReport> report = ScanSite(site, options, absl::Now());
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : WebReport();
  }

  static std::multiset<std::string> CheckIds(const WebReport& report) {
    std::multiset<std::string> ids;
    for (const Finding& f : report.findings) ids.insert(f.check_id);
    return ids;
  }

  static std::string Detail(const WebReport& report, const std::string& id) {
    for (const Finding& f : report.findings) {
      if (f.check_id == id) return f.detail;
    }
    return "";
  }

  static std::string Describe(const WebReport& report) {
    std::string text;
    for (const Finding& f : report.findings)
      absl::StrAppend(&text, f.check_id, ": ", f.detail, "\n");
    return text;
  }

  static inline std::string setup_error_;
  static inline std::string dir_;
  static inline pid_t nginx_ = -1;
  static inline int good_http_ = 0, good_https_ = 0, poor_http_ = 0, poor_https_ = 0, closed_ = 0;
};

TEST_F(WebScannerIntegrationTest, GoodSiteYieldsNoSignal) {
  WebReport report = Scan(good_http_, good_https_, Options());
  EXPECT_TRUE(report.findings.empty()) << Describe(report);
  EXPECT_TRUE(report.signals.empty());
  EXPECT_EQ(report.score, 100);
  EXPECT_EQ(report.site, absl::StrCat("https://127.0.0.1:", good_https_, "/"));
}

TEST_F(WebScannerIntegrationTest, PoorSiteYieldsEachExpectedSignalAndNoOther) {
  WebReport report = Scan(poor_http_, poor_https_, Options());
  const std::multiset<std::string> expected = {
      "web.no_https_redirect",   "web.hsts_missing",       "web.csp_missing",
      "web.framing_allowed",     "web.xcto_missing",       "web.cookie_not_secure",
      "web.cookie_not_httponly", "web.cookie_no_samesite", "web.version_disclosure"};
  EXPECT_EQ(CheckIds(report), expected) << Describe(report);
  EXPECT_THAT(Detail(report, "web.no_https_redirect"), HasSubstr("answers 200 without"));
  EXPECT_THAT(Detail(report, "web.hsts_missing"), HasSubstr("max-age=300 is below 15552000"));
  EXPECT_THAT(Detail(report, "web.version_disclosure"), HasSubstr("Server: nginx/1."));
  EXPECT_THAT(Detail(report, "web.cookie_not_secure"), HasSubstr("cookie track"));
  ASSERT_EQ(report.signals.size(), expected.size());
  int score = 100;
  for (const v1::Signal& signal : report.signals) {
    EXPECT_EQ(signal.factor(), v1::FACTOR_APPLICATION_SECURITY);
    EXPECT_EQ(signal.supplier(), "suppliers/test");
    EXPECT_THAT(signal.source(), HasSubstr("supplyrisk-scan/web/1.0 checks/"));
  }
  for (const std::string& id : std::set<std::string>(expected.begin(), expected.end())) {
    const v1::ScanCheck* check = CheckCatalog::BuiltIn().Find(id);
    if (check->status() == v1::SCAN_CHECK_STATUS_SCORED) score -= check->deduction();
  }
  EXPECT_EQ(report.score, std::max(score, 0));
}

TEST_F(WebScannerIntegrationTest, UntrustedCertificateMeansNoHttps) {
  // Without the test CA the certificate does not verify: verification is on.
  WebReport report = Scan(good_http_, good_https_, Options(/*trust_test_ca=*/false));
  const std::multiset<std::string> expected = {"web.no_https", "web.hsts_missing",
                                               "web.csp_missing", "web.framing_allowed",
                                               "web.xcto_missing"};
  EXPECT_EQ(CheckIds(report), expected) << Describe(report);
  EXPECT_THAT(Detail(report, "web.no_https"), HasSubstr("certificate"));
  EXPECT_THAT(Detail(report, "web.hsts_missing"), HasSubstr("no HTTPS response"));
}

TEST_F(WebScannerIntegrationTest, NothingListeningMeansNoHttpsOnly) {
  WebReport report = Scan(closed_, closed_, Options());
  EXPECT_EQ(CheckIds(report), std::multiset<std::string>{"web.no_https"}) << Describe(report);
}

}  // namespace
}  // namespace supplyrisk::scan::web
