#include "engine/validation/inputs.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace supplyrisk::validation {
namespace {

using google::protobuf::TextFormat;

// 2026-11-01T00:00:00Z.
const absl::Time kNow = absl::FromUnixSeconds(1793491200);

TimeLimits Limits() { return TimeLimits{kNow, kDefaultClockSkew}; }

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

std::vector<std::string> Fields(const Violations& v) {
  std::vector<std::string> out;
  for (const auto& x : v.violations()) out.push_back(x.field);
  return out;
}

std::string Description(const Violations& v, absl::string_view field) {
  for (const auto& x : v.violations()) {
    if (x.field == field) return x.description;
  }
  return "";
}

v1::Template TestTemplate() {
  v1::Template t;
  EXPECT_TRUE(TextFormat::ParseFromString(
      R"pb(
        id: "t"
        revision: 1
        sections {
          id: "s"
          questions { id: "yn" answer_type: ANSWER_TYPE_YES_NO }
          questions {
            id: "many"
            answer_type: ANSWER_TYPE_MULTIPLE_CHOICE
            options { id: "a" }
            options { id: "b" }
          }
          questions { id: "last_restore_test" answer_type: ANSWER_TYPE_DATE }
          questions {
            id: "days_to_patch"
            answer_type: ANSWER_TYPE_NUMBER
            bands { min: 0 max: 15 credit: 1 }
            bands { min: 15 credit: 0.5 }
          }
          questions {
            id: "share"
            answer_type: ANSWER_TYPE_NUMBER
            bands { min: 0 max: 50 credit: 0 }
            bands { min: 50 max: 100.5 credit: 1 }
          }
          questions { id: "subs" answer_type: ANSWER_TYPE_SUBCONTRACTORS }
        }
      )pb",
      &t));
  return t;
}

v1::Signal GoodSignal() {
  v1::Signal s;
  EXPECT_TRUE(TextFormat::ParseFromString(
      R"pb(
        id: "s1"
        supplier: "suppliers/acme"
        factor: FACTOR_DNS_HEALTH
        issue_type: "spf_softfail"
        severity: SEVERITY_LOW
        asset: "acme.example.jp"
      )pb",
      &s));
  *s.mutable_observed_at() = Ts(kNow - absl::Hours(48));
  return s;
}

v1::Answer YesAnswer() {
  v1::Answer a;
  a.set_question_id("yn");
  a.set_yes_no(v1::YES_NO_YES);
  return a;
}

void ValidateOne(const v1::Answer& a, Violations* v) {
  google::protobuf::RepeatedPtrField<v1::Answer> answers;
  *answers.Add() = a;
  ValidateAnswers("answers", answers, TestTemplate(), Limits(), v);
}

TEST(ValidateAnswersTest, ValidAnswersPass) {
  v1::Answer a = YesAnswer();
  *a.mutable_answered_at() = Ts(kNow - absl::Hours(1));
  v1::Evidence* e = a.add_evidence();
  e->set_kind(v1::EVIDENCE_KIND_DOCUMENT);
  e->set_uri("https://example.jp/policy.pdf");
  Violations v;
  ValidateOne(a, &v);
  EXPECT_TRUE(v.empty()) << Fields(v)[0];
}

TEST(ValidateAnswersTest, EmptyEvidenceIsRefused) {
  v1::Answer a = YesAnswer();
  a.add_evidence()->set_kind(v1::EVIDENCE_KIND_DOCUMENT);
  Violations v;
  ValidateOne(a, &v);
  // The item as a whole, and the reference every item needs.
  EXPECT_EQ(Fields(v),
            (std::vector<std::string>{"answers[0].evidence[0]", "answers[0].evidence[0].uri"}));
  EXPECT_NE(Description(v, "answers[0].evidence[0]").find("empty evidence"), std::string::npos);
}

TEST(ValidateAnswersTest, EvidenceWithOnlyAHashOrDescriptionNeedsItsUri) {
  v1::Answer a = YesAnswer();
  v1::Evidence* e = a.add_evidence();
  e->set_kind(v1::EVIDENCE_KIND_RECORD);
  e->set_description("restore log, March");
  Violations v;
  ValidateOne(a, &v);
  EXPECT_EQ(Fields(v), (std::vector<std::string>{"answers[0].evidence[0].uri"}));
}

TEST(ValidateAnswersTest, FutureAnsweredAtIsRefused) {
  v1::Answer a = YesAnswer();
  *a.mutable_answered_at() = Ts(kNow + absl::Minutes(6));
  Violations v;
  ValidateOne(a, &v);
  EXPECT_EQ(Fields(v), (std::vector<std::string>{"answers[0].answered_at"}));
  EXPECT_NE(Description(v, "answers[0].answered_at").find("in the future"), std::string::npos);
}

TEST(ValidateAnswersTest, AnsweredAtWithinTheSkewPasses) {
  v1::Answer a = YesAnswer();
  *a.mutable_answered_at() = Ts(kNow + absl::Minutes(4));
  Violations v;
  ValidateOne(a, &v);
  EXPECT_TRUE(v.empty());
}

TEST(ValidateAnswersTest, FutureDateIsRefused) {
  v1::Answer a;
  a.set_question_id("last_restore_test");
  a.set_date("2026-11-02");
  Violations v;
  ValidateOne(a, &v);
  EXPECT_EQ(Fields(v), (std::vector<std::string>{"answers[0].date"}));
  EXPECT_EQ(Description(v, "answers[0].date"), "in the future: later than 2026-11-01");
  a.set_date("2026-11-01");
  Violations today;
  ValidateOne(a, &today);
  EXPECT_TRUE(today.empty());
}

TEST(ValidateAnswersTest, OptionChosenTwiceIsRefused) {
  v1::Answer a;
  a.set_question_id("many");
  a.mutable_options()->add_option_ids("a");
  a.mutable_options()->add_option_ids("b");
  a.mutable_options()->add_option_ids("a");
  Violations v;
  ValidateOne(a, &v);
  EXPECT_EQ(Fields(v), (std::vector<std::string>{"answers[0].options.option_ids[2]"}));
  EXPECT_EQ(Description(v, "answers[0].options.option_ids[2]"), "chosen twice");
}

TEST(ValidateAnswersTest, NoClockMeansNoFutureCheck) {
  v1::Answer a = YesAnswer();
  *a.mutable_answered_at() = Ts(kNow + absl::Hours(24 * 365));
  google::protobuf::RepeatedPtrField<v1::Answer> answers;
  *answers.Add() = a;
  Violations v;
  ValidateAnswers("answers", answers, TestTemplate(), TimeLimits{}, &v);
  EXPECT_TRUE(v.empty());
}

TEST(ValidateResponseTest, FutureSubmittedAtAndWrongTemplateAreRefused) {
  v1::Response r;
  r.set_template_id("other");
  *r.mutable_submitted_at() = Ts(kNow + absl::Hours(1));
  *r.add_answers() = YesAnswer();
  r.mutable_answers(0)->add_evidence()->set_kind(v1::EVIDENCE_KIND_DOCUMENT);
  Violations v;
  ValidateResponse("response", r, TestTemplate(), Limits(), &v);
  EXPECT_EQ(Fields(v), (std::vector<std::string>{"response.template_id", "response.submitted_at",
                                                 "response.answers[0].evidence[0]",
                                                 "response.answers[0].evidence[0].uri"}));
}

TEST(ValidateResponseTest, WrongRevisionIsRefused) {
  v1::Response r;
  r.set_template_id("t");
  r.set_template_revision(2);
  Violations v;
  ValidateResponse("", r, TestTemplate(), Limits(), &v);
  EXPECT_EQ(Fields(v), (std::vector<std::string>{"template_revision"}));
}

TEST(ValidateSignalTest, ValidSignalPasses) {
  Violations v;
  ValidateSignal("signal", GoodSignal(), Limits(), &v);
  EXPECT_TRUE(v.empty());
}

TEST(ValidateSignalTest, FutureTimesAreRefused) {
  v1::Signal s = GoodSignal();
  *s.mutable_observed_at() = Ts(kNow + absl::Minutes(10));
  *s.mutable_last_observed_at() = Ts(kNow + absl::Minutes(20));
  *s.mutable_resolved_at() = Ts(kNow + absl::Minutes(30));
  Violations v;
  ValidateSignal("signals[3]", s, Limits(), &v);
  EXPECT_EQ(Fields(v),
            (std::vector<std::string>{"signals[3].observed_at", "signals[3].last_observed_at",
                                      "signals[3].resolved_at"}));
}

TEST(ValidateSignalTest, LastObservedOrResolvedBeforeObservedIsRefused) {
  v1::Signal s = GoodSignal();
  *s.mutable_last_observed_at() = Ts(kNow - absl::Hours(72));
  *s.mutable_resolved_at() = Ts(kNow - absl::Hours(49));
  Violations v;
  ValidateSignal("signal", s, Limits(), &v);
  EXPECT_EQ(Fields(v), (std::vector<std::string>{"signal.last_observed_at", "signal.resolved_at"}));
  EXPECT_EQ(Description(v, "signal.resolved_at"), "before observed_at");
}

TEST(ValidateSignalTest, MissingFieldsAreNamed) {
  v1::Signal s;
  Violations v;
  ValidateSignal("", s, Limits(), &v);
  EXPECT_EQ(Fields(v), (std::vector<std::string>{"supplier", "factor", "issue_type", "severity",
                                                 "asset", "observed_at"}));
}

TEST(ValidateEngagementTest, EveryProblemIsNamed) {
  v1::Engagement e;
  e.set_supplier("vendors/acme");
  e.add_data_classes(v1::DATA_CLASS_PUBLIC);
  e.add_data_classes(v1::DATA_CLASS_PUBLIC);
  Violations v;
  ValidateEngagement("engagement", e, &v);
  EXPECT_EQ(Fields(v),
            (std::vector<std::string>{"engagement.supplier", "engagement.data_classes[1]",
                                      "engagement.access", "engagement.criticality"}));
}

TEST(CheckTimestampTest, RangeAndNanos) {
  google::protobuf::Timestamp t;
  t.set_seconds(253402300800);
  t.set_nanos(-1);
  Violations v;
  CheckTimestamp("t", t, &v);
  EXPECT_EQ(v.size(), 2u);
}

TEST(CheckTextTest, LengthAndControlCharacters) {
  Violations v;
  CheckText("a", "line\nnext\ttab", 100, &v);
  CheckText("a", "小林文具店 Kobayashi ÄÖ 𝄞", 100, &v);
  EXPECT_TRUE(v.empty()) << Fields(v)[0];
  CheckText("b", std::string("bell\a"), 100, &v);
  CheckText("c", "too long", 3, &v);
  CheckText("nul", std::string("hosting\0\x1b[2J", 12), 100, &v);
  CheckText("c1", "next\xc2\x85line", 100, &v);  // U+0085
  CheckText("bidi",
            "invoice\xe2\x80\xae"
            "fdp.exe",
            100, &v);  // U+202E
  CheckText("isolate",
            "a\xe2\x81\xa6"
            "b",
            100, &v);  // U+2066
  CheckText("bad_utf8", "caf\xc3", 100, &v);
  CheckText("overlong", "\xc0\xaf", 100, &v);
  CheckText("surrogate", "\xed\xa0\x80", 100, &v);
  EXPECT_EQ(Fields(v), (std::vector<std::string>{"b", "c", "nul", "c1", "bidi", "isolate",
                                                 "bad_utf8", "overlong", "surrogate"}));
  EXPECT_EQ(Description(v, "bad_utf8"), "not valid UTF-8 at byte 3");
}

TEST(IsBlankTest, BlanksOfEveryKind) {
  EXPECT_TRUE(IsBlank(""));
  EXPECT_TRUE(IsBlank(" \t\n"));
  EXPECT_TRUE(IsBlank("\xe3\x80\x80\xc2\xa0 "));  // ideographic and no-break spaces
  EXPECT_FALSE(IsBlank(" a "));
  EXPECT_FALSE(IsBlank("\xe3\x80\x81"));  // 、 is not a blank
}

TEST(ValidateAnswersTest, NumbersOutsideTheBandsAreRefused) {
  for (double ok : {0.0, 14.5, 15.0, 9999.0}) {
    v1::Answer a;
    a.set_question_id("days_to_patch");
    a.set_number(ok);
    Violations v;
    ValidateOne(a, &v);
    EXPECT_TRUE(v.empty()) << ok;
  }
  v1::Answer a;
  a.set_question_id("days_to_patch");
  a.set_number(-3);
  Violations v;
  ValidateOne(a, &v);
  EXPECT_EQ(Description(v, "answers[0].number"), "below the question's range: at least 0");
  a.set_question_id("share");
  a.set_number(100.5);
  Violations above;
  ValidateOne(a, &above);
  EXPECT_EQ(Description(above, "answers[0].number"), "above the question's range: less than 100.5");
}

TEST(ValidateAnswersTest, SubcontractorServicesAreBoundedAndClean) {
  v1::Answer a;
  a.set_question_id("subs");
  auto* e = a.mutable_subcontractors()->add_entries();
  e->set_company_name("\xe3\x80\x80 ");  // blanks only
  e->add_services("hosting");
  e->add_services(std::string("hosting\0\x1b[2J", 12));
  e->add_services("hosting");
  e->add_services("  ");
  Violations v;
  ValidateOne(a, &v);
  const std::string at = "answers[0].subcontractors.entries[0]";
  EXPECT_EQ(Fields(v), (std::vector<std::string>{at + ".company_name", at + ".services[1]",
                                                 at + ".services[2]", at + ".services[3]"}));
  EXPECT_EQ(Description(v, at + ".services[2]"), "listed twice");

  auto* many = a.mutable_subcontractors()->mutable_entries(0);
  many->set_company_name("Cloud KK");
  many->clear_services();
  for (int i = 0; i < 100000; ++i) many->add_services(absl::StrCat("s", i));
  Violations bounded;
  ValidateOne(a, &bounded);
  EXPECT_EQ(Fields(bounded), (std::vector<std::string>{at + ".services"}));
}

}  // namespace
}  // namespace supplyrisk::validation
