// The HTML reports' structure and escaping, on scored supplier cases: the decision sheet's
// sections in the order a reader needs them, hostile strings as text, honest portfolio flips.
// Rendering in a browser is report_pages_test's.
#include "clients/report/reports.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "clients/report/html_page.h"
#include "clients/report/report_common.h"
#include "clients/report/scored_case.h"
#include "gtest/gtest.h"

namespace supplyrisk::report {
namespace {

namespace v1 = ::supplyrisk::v1;
using render::Language;

std::unique_ptr<ScoredCase> Scored(const std::string& name, Language lang) {
  auto s = ScoreCase("testdata/suppliers", name, lang);
  EXPECT_TRUE(s.ok()) << s.status();
  return *std::move(s);
}

TEST(Reports, TheDecisionSheetPutsItsSectionsInTheReadersOrder) {
  auto s = Scored("game-reopened-rdp", Language::kEn);
  SupplierReportInput in;
  in.assessment = &s->a;
  in.lang = Language::kEn;
  const std::string html = DecisionSheetHtml(in);
  size_t last = 0;
  for (const char* id : {"header", "outcome", "conditions", "figures", "findings", "discrepancies",
                         "chain", "factors", "trend", "audit"}) {
    const size_t at = html.find(absl::StrCat("id=\"", id, "\""));
    ASSERT_NE(at, std::string::npos) << id;
    EXPECT_GT(at, last) << id << " is out of order";
    last = at;
  }
  EXPECT_TRUE(absl::StrContains(html, "reject"));
  EXPECT_TRUE(absl::StrContains(html, s->a.input_digest()));
}

TEST(Reports, SupplierStringsAreEscapedEverywhere) {
  auto s = Scored("game-reopened-rdp", Language::kJa);
  const std::string hostile = "<script>x</script>\"'&";
  v1::Supplier supplier;
  supplier.set_name(s->a.supplier());
  supplier.mutable_display_name()->set_ja(hostile);
  supplier.set_corporate_number("<b>1</b>");
  s->a.mutable_findings(0)->mutable_summary()->set_ja(hostile);
  SupplierReportInput in;
  in.assessment = &s->a;
  in.supplier = &supplier;
  in.lang = Language::kJa;
  for (const std::string& html : {DecisionSheetHtml(in), SupplierReportHtml(in)}) {
    EXPECT_FALSE(absl::StrContains(html, "<script>"));
    EXPECT_FALSE(absl::StrContains(html, "<b>1</b>"));
    EXPECT_TRUE(absl::StrContains(html, "&lt;script&gt;x&lt;/script&gt;&quot;&#39;&amp;"));
  }
  PortfolioInput p;
  p.latest = {&s->a};
  p.suppliers = {&supplier};
  p.lang = Language::kJa;
  EXPECT_FALSE(absl::StrContains(PortfolioReportHtml(p), "<script>"));
}

TEST(Reports, FlipsAreShownOnlyAgainstEarlierAssessments) {
  auto now = Scored("saas-vendor-strong", Language::kEn);
  auto before = Scored("game-reopened-rdp", Language::kEn);
  before->a.set_supplier(now->a.supplier());
  PortfolioInput p;
  p.latest = {&now->a};
  p.lang = Language::kEn;
  EXPECT_TRUE(absl::StrContains(PortfolioReportHtml(p), "No earlier assessments were given"));
  p.previous = {&now->a};
  EXPECT_TRUE(absl::StrContains(PortfolioReportHtml(p), "No decision changed."));
  p.previous = {&before->a};
  const std::string html = PortfolioReportHtml(p);
  const size_t flips = html.find("id=\"flips\"");
  ASSERT_NE(flips, std::string::npos);
  EXPECT_NE(html.find("<td class=\"short\">reject</td>", flips), std::string::npos)
      << html.substr(flips);
}

TEST(Reports, TheChainSectionFlagsASinglePointOfFailureTheSupplierDependsOn) {
  auto s = Scored("saas-vendor-strong", Language::kEn);
  v1::SharedParty spof;
  spof.mutable_party()->set_party_name("Cloud <Host> KK");
  spof.set_dependents(7);
  spof.set_critical_share(0.6);
  spof.set_single_point_of_failure(true);
  SupplierReportInput in;
  in.assessment = &s->a;
  in.lang = Language::kEn;
  EXPECT_FALSE(absl::StrContains(DecisionSheetHtml(in), "single point of failure"));
  in.concentrations = {&spof};
  const std::string html = DecisionSheetHtml(in);
  const size_t chain = html.find("id=\"chain\"");
  const size_t flag = html.find(
      "Concentration: Cloud &lt;Host&gt; KK serves 7 suppliers of the base "
      "(60% of the critical ones): a single point of failure");
  ASSERT_NE(flag, std::string::npos) << html.substr(chain, 800);
  EXPECT_GT(flag, chain);
  EXPECT_LT(flag, html.find("id=\"factors\""));
}

TEST(Reports, FactorLettersAndShortening) {
  EXPECT_EQ(FactorLetter(100), 'A');
  EXPECT_EQ(FactorLetter(90), 'A');
  EXPECT_EQ(FactorLetter(89.99), 'B');
  EXPECT_EQ(FactorLetter(50), 'E');
  EXPECT_EQ(FactorLetter(49.9), 'F');
  EXPECT_EQ(FactorLetter(0), 'F');
  // Never cut inside a character: 株 is three bytes.
  const std::string cut = Shorten("株株株株", 4);
  EXPECT_EQ(cut, "株\xE2\x80\xA6");
  EXPECT_EQ(Shorten("short", 10), "short");
  EXPECT_EQ(Escape("a\x01<b"), "a\xEF\xBF\xBD&lt;b");
}

}  // namespace
}  // namespace supplyrisk::report
