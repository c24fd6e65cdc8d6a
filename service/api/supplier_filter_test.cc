#include "service/api/supplier_filter.h"

#include "gtest/gtest.h"

namespace supplyrisk::api {
namespace {

TEST(SupplierFilterTest, ParsesConjunctions) {
  FieldViolations v;
  std::vector<FilterTerm> terms = ParseSupplierFilter(
      R"(grade = "A" AND decision = reject AND star_ready >= 3 AND factor_issue = DNS_HEALTH )"
      R"(AND update_time > "2026-01-01T00:00:00Z" AND size != large)",
      &v);
  ASSERT_TRUE(v.empty()) << v.ToStatus().error_message();
  ASSERT_EQ(terms.size(), 6u);
  EXPECT_EQ(terms[0].text, "A");
  EXPECT_EQ(terms[1].text, "DECISION_OUTCOME_REJECT");
  EXPECT_EQ(terms[2].op, FilterOp::kGe);
  EXPECT_EQ(terms[2].number, 3);
  EXPECT_EQ(terms[3].text, "FACTOR_DNS_HEALTH");
  EXPECT_EQ(terms[4].time, absl::FromUnixSeconds(1767225600));
  EXPECT_EQ(terms[5].op, FilterOp::kNe);
  EXPECT_EQ(terms[5].text, "COMPANY_SIZE_LARGE");
  EXPECT_TRUE(ParseSupplierFilter("", &v).empty());
  // Decimals in range still parse.
  terms =
      ParseSupplierFilter("overall_score >= 59.5 AND overall_score < 100 AND star_ready = 0", &v);
  ASSERT_TRUE(v.empty()) << v.ToStatus().error_message();
  EXPECT_EQ(terms[0].number, 59.5);
}

TEST(SupplierFilterTest, OrBindsTighterThanAnd) {
  FieldViolations v;
  std::vector<FilterTerm> terms = ParseSupplierFilter(
      R"(grade = "D" OR grade = "F" AND decision != approve AND star_ready >= 2 OR )"
      R"(overall_score < 40)",
      &v);
  ASSERT_TRUE(v.empty()) << v.ToStatus().error_message();
  ASSERT_EQ(terms.size(), 5u);
  std::vector<int> groups;
  for (const FilterTerm& t : terms) groups.push_back(t.group);
  EXPECT_EQ(groups, (std::vector<int>{0, 0, 1, 2, 2}));
  // Only a term alone in its group must hold for every match.
  EXPECT_FALSE(StandsAlone(terms, 0));
  EXPECT_FALSE(StandsAlone(terms, 1));
  EXPECT_TRUE(StandsAlone(terms, 2));
  EXPECT_FALSE(StandsAlone(terms, 3));
  EXPECT_FALSE(StandsAlone(terms, 4));
  terms = ParseSupplierFilter(R"(grade = "A")", &v);
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_TRUE(StandsAlone(terms, 0));
}

TEST(SupplierFilterTest, RejectsWithAMessage) {
  for (const char* bad : {"grade",
                          "grade ~ \"A\"",
                          "nope = 1",
                          "grade = \"A\" OR",
                          "NOT grade = \"A\"",
                          "grade = \"A\" XOR grade = \"B\"",
                          "(grade = \"A\" OR grade = \"B\")",
                          "star_ready >= x",
                          "decision = MAYBE",
                          "grade = \"A",
                          "update_time > tomorrow",
                          "grade < \"A\"",
                          "factor_issue != DNS_HEALTH",
                          "overall_score > nan",
                          "overall_score > inf",
                          "overall_score < -inf",
                          "overall_score > 0x10",
                          "overall_score > 101",
                          "star_ready = 2.5",
                          "star_ready >= 1e0",
                          "update_time > \"12026-01-01T00:00:00Z\"",
                          "update_time > \"1969-12-31T23:59:59Z\"",
                          "update_time > \"+2026-01-01T00:00:00Z\""}) {
    FieldViolations v;
    ParseSupplierFilter(bad, &v);
    ASSERT_FALSE(v.empty()) << bad;
    EXPECT_EQ(v.violations()[0].field, "filter");
  }
}

TEST(SupplierFilterTest, Compares) {
  EXPECT_TRUE(Compare(3, FilterOp::kGe, 3));
  EXPECT_FALSE(Compare(2, FilterOp::kGt, 3));
  EXPECT_TRUE(CompareText("A", FilterOp::kNe, "B"));
}

}  // namespace
}  // namespace supplyrisk::api
