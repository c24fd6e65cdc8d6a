// Every template the product ships (testdata/templates, embedded in the server) passes every lint
// rule with the shipped options, so the signal-link rules hold as errors: an edit that drops the
// links of a question about something a scan observes fails here. Also checks that links naming
// a specific asset stay scoped to it.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "engine/catalog/catalog.h"
#include "engine/questionnaire/asset_patterns.h"
#include "engine/questionnaire/lint.h"
#include "engine/questionnaire/loader.h"
#include "gtest/gtest.h"

namespace supplyrisk::questionnaire {
namespace {

namespace fs = std::filesystem;
using ::supplyrisk::v1::Question;
using ::supplyrisk::v1::SignalLink;
using ::supplyrisk::v1::Template;

constexpr char kDir[] = "testdata/templates";

std::vector<std::unique_ptr<LoadedTemplate>> LoadShipped() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kDir)) {
    if (e.is_regular_file() && e.path().extension() == ".textproto") {
      files.push_back(e.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<std::unique_ptr<LoadedTemplate>> out;
  for (const std::string& f : files) {
    std::ifstream in(f);
    std::stringstream text;
    text << in.rdbuf();
    out.push_back(std::make_unique<LoadedTemplate>(ParseTemplateText(text.str(), f)));
  }
  return out;
}

const Template* Find(const std::vector<std::unique_ptr<LoadedTemplate>>& all,
                     const std::string& id) {
  for (const auto& l : all) {
    if (l->tmpl.id() == id) return &l->tmpl;
  }
  return nullptr;
}

const Question* FindQuestion(const Template& t, const std::string& id) {
  for (const auto& s : t.sections()) {
    for (const auto& q : s.questions()) {
      if (q.id() == id) return &q;
    }
  }
  return nullptr;
}

// Whether a signal of `issue_type` on `asset` would bear on question `id`.
bool Bears(const Template& t, const std::string& id, const std::string& issue_type,
           const std::string& asset) {
  const Question* q = FindQuestion(t, id);
  EXPECT_NE(q, nullptr) << id;
  if (q == nullptr) return false;
  for (const SignalLink& l : q->signal_links()) {
    if (l.issue_type() == issue_type && LinkAppliesToAsset(l, asset)) return true;
  }
  return false;
}

TEST(ShippedTemplatesTest, PassEveryRuleWithShippedOptions) {
  const auto all = LoadShipped();
  ASSERT_GE(all.size(), 4u);
  KnownTemplates known;
  for (const auto& l : all) {
    ASSERT_TRUE(l->ok()) << FormatProblem(l->syntax_errors[0]);
    known[l->tmpl.id()] = &l->tmpl;
  }
  LintOptions shipped;
  shipped.shipped = true;
  for (const auto& l : all) {
    std::vector<std::string> problems;
    for (const Problem& p : LintTemplate(*l, catalog::BuiltinCatalog(), &known, shipped)) {
      problems.push_back(FormatProblem(p));
    }
    EXPECT_TRUE(problems.empty()) << absl::StrJoin(problems, "\n");
  }
}

TEST(ShippedTemplatesTest, EveryQuestionnaireLetsScansContradictIt) {
  for (const auto& l : LoadShipped()) {
    if (l->tmpl.kind() != supplyrisk::v1::TEMPLATE_KIND_QUESTIONNAIRE) continue;
    int linked = 0;
    for (const auto& s : l->tmpl.sections()) {
      for (const auto& q : s.questions()) {
        for (const auto& link : q.signal_links()) {
          if (link.relation() == supplyrisk::v1::SIGNAL_RELATION_CONTRADICTS) {
            ++linked;
            break;
          }
        }
      }
    }
    EXPECT_GT(linked, 0) << l->file << " has no question a scan can contradict";
  }
}

TEST(ShippedTemplatesTest, VpnGatewayQuestionIgnoresOtherHosts) {
  const auto all = LoadShipped();
  const Template* t = Find(all, "cpsf-supplier");
  ASSERT_NE(t, nullptr);
  // The gateway as scanners name it: a host, host:port, an address on the SSL-VPN port.
  for (const char* asset :
       {"vpn.okada-seimitsu.example.jp", "vpn.example.jp:443", "sslvpn.example.jp:443",
        "remote.example.jp:443", "198.51.100.7:10443"}) {
    EXPECT_TRUE(Bears(*t, "pt.remote_gateway", "tls_weak_protocol", asset)) << asset;
    EXPECT_TRUE(Bears(*t, "pt.remote_gateway", "unpatched_cve", asset)) << asset;
  }
  // A portal's weak TLS is no discrepancy on the gateway question, but still one on the TLS
  // question about every public service.
  for (const char* asset : {"tracking.kanto-logi.example.jp", "tracking.kanto-logi.example.jp:443",
                            "www.example.jp:443", "https://www.example.jp/"}) {
    EXPECT_FALSE(Bears(*t, "pt.remote_gateway", "tls_weak_protocol", asset)) << asset;
    EXPECT_TRUE(Bears(*t, "pt.tls", "tls_weak_protocol", asset)) << asset;
  }
  // MFA missing on the VPN login contradicts remote-access MFA, not cloud-service MFA.
  EXPECT_TRUE(
      Bears(*t, "ac.mfa_remote", "mfa_not_enforced_on_login", "vpn.mizuno-parts.example.jp"));
  EXPECT_FALSE(Bears(*t, "cl.mfa", "mfa_not_enforced_on_login", "vpn.mizuno-parts.example.jp"));
  EXPECT_TRUE(Bears(*t, "cl.mfa", "mfa_not_enforced_on_login", "webmail.example.jp"));
}

TEST(ShippedTemplatesTest, SmeBasicQuestionsAreLinked) {
  const auto all = LoadShipped();
  const Template* t = Find(all, "sme-basic");
  ASSERT_NE(t, nullptr);
  EXPECT_TRUE(Bears(*t, "q01_os_updates", "endpoint_outdated_os", "pc-12.example.jp"));
  EXPECT_TRUE(Bears(*t, "q02_antivirus", "botnet_activity", "198.51.100.24"));
  EXPECT_TRUE(Bears(*t, "q03_strong_passwords", "leaked_credentials", "admin@example.jp"));
  EXPECT_TRUE(Bears(*t, "q04_sharing_settings", "exposed_smb", "198.51.100.24:445"));
  // Sending data outside: the mail servers' TLS, not the web site's.
  EXPECT_TRUE(Bears(*t, "q08_protect_sent_data", "tls_weak_protocol", "mail.example.jp:587"));
  EXPECT_FALSE(Bears(*t, "q08_protect_sent_data", "tls_weak_protocol", "www.example.jp:443"));
}

}  // namespace
}  // namespace supplyrisk::questionnaire
