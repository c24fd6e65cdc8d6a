#include "engine/policy/policy.h"

#include <fstream>
#include <sstream>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace supplyrisk::policy {
namespace {

TEST(PolicyTest, EmbeddedDefaultMatchesFileAndValidates) {
  std::ifstream in("testdata/policies/default.textproto");
  ASSERT_TRUE(in) << "default.textproto not in runfiles";
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(DefaultPolicyText(), text.str());
  const auto& p = DefaultPolicy();
  EXPECT_EQ(p.version(), "default-2026.2");
  EXPECT_TRUE(ValidatePolicy(p).ok());
  auto loaded = ParsePolicyText(text.str(), "testdata/policies/default.textproto");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*loaded, p));
}

TEST(PolicyTest, Lookups) {
  const auto& p = DefaultPolicy();
  EXPECT_EQ(GradeFor(p, 95), "A");
  EXPECT_EQ(GradeFor(p, 90), "A");
  EXPECT_EQ(GradeFor(p, 89.99), "B");
  EXPECT_EQ(GradeFor(p, 60), "D");
  EXPECT_EQ(GradeFor(p, 0), "F");
  EXPECT_EQ(PatchSlaDays(p, v1::SEVERITY_CRITICAL), 14);
  EXPECT_EQ(PatchSlaDays(p, v1::SEVERITY_LOW), 0);
  EXPECT_EQ(FadeDays(p, "certificate_expired"), 45);
  EXPECT_EQ(FadeDays(p, "something_else"), 60);
  EXPECT_EQ(SeverityPoints(p, v1::SEVERITY_POSITIVE), 0);
  EXPECT_GT(SeverityPoints(p, v1::SEVERITY_HIGH), SeverityPoints(p, v1::SEVERITY_MEDIUM));
  v1::Remediation r;
  r.set_effort(v1::EFFORT_LOW);
  EXPECT_EQ(EffortDays(p, r), p.effort_days_low());
  r.set_effort_days(7);
  EXPECT_EQ(EffortDays(p, r), 7);
  ASSERT_NE(FindRequiredLevel(p, 4), nullptr);
  EXPECT_EQ(FindRequiredLevel(p, 5), nullptr);
}

TEST(PolicyTest, SyntaxErrorNamesLine) {
  auto r = ParsePolicyText("version: \"x\"\nbogus_field: 3\n", "p.textproto");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("p.textproto:2:"), absl::string_view::npos) << r.status();
  EXPECT_NE(r.status().message().find("bogus_field"), absl::string_view::npos);
}

TEST(PolicyTest, ValidationNamesField) {
  v1::ScoringPolicy p = DefaultPolicy();
  p.mutable_grade_bands(2)->set_min_score(85);
  auto s = ValidatePolicy(p);
  EXPECT_NE(s.message().find("grade_bands[2].min_score"), absl::string_view::npos) << s;

  p = DefaultPolicy();
  p.set_decay_floor(1.5);
  EXPECT_NE(ValidatePolicy(p).message().find("decay_floor"), absl::string_view::npos);

  p = DefaultPolicy();
  p.mutable_factor_weights(0)->set_weight(0.5);
  EXPECT_NE(ValidatePolicy(p).message().find("signals_weight"), absl::string_view::npos);

  p = DefaultPolicy();
  p.clear_version();
  EXPECT_NE(ValidatePolicy(p).message().find("version"), absl::string_view::npos);

  p = DefaultPolicy();
  p.mutable_required_levels()->RemoveLast();
  EXPECT_NE(ValidatePolicy(p).message().find("star 4"), absl::string_view::npos);
}

}  // namespace
}  // namespace supplyrisk::policy
