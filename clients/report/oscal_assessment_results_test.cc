// The OSCAL export of scored testdata/suppliers cases, read back as JSON (google.protobuf.Struct):
// one finding per measure with the satisfied line where the policy draws it, links that resolve,
// risks exactly for the measures not satisfied, determinism, and sources that must be what was
// scored. Schema validity itself is oscal_schema_test's.
#include "clients/report/oscal_assessment_results.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/report/scored_case.h"
#include "engine/policy/policy.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace supplyrisk::report {
namespace {

namespace v1 = ::supplyrisk::v1;
using google::protobuf::Struct;
using google::protobuf::Value;

using Scored = ScoredCase;

std::unique_ptr<Scored> Score(const std::string& name, render::Language lang) {
  auto s = ScoreCase("testdata/suppliers", name, lang);
  EXPECT_TRUE(s.ok()) << s.status();
  return *std::move(s);
}

AssessmentResultsSources Sources(const Scored& s, render::Language lang) { return s.Sources(lang); }

Struct Parse(const std::string& json) {
  Struct doc;
  auto status = google::protobuf::util::JsonStringToMessage(json, &doc);
  EXPECT_TRUE(status.ok()) << status;
  return doc;
}

const Value& Field(const Value& v, const std::string& key) {
  static const Value* const kNull = new Value();
  auto it = v.struct_value().fields().find(key);
  return it == v.struct_value().fields().end() ? *kNull : it->second;
}

const Value& Result(const Struct& doc) {
  return Field(doc.fields().at("assessment-results"), "results").list_value().values(0);
}

std::string Text(const Value& v) { return v.string_value(); }

class OscalExportTest : public ::testing::TestWithParam<std::string> {};

TEST_P(OscalExportTest, FindingsRisksAndObservationsFollowTheAssessment) {
  for (render::Language lang : {render::Language::kEn, render::Language::kJa}) {
    auto s = Score(GetParam(), lang);
    auto json = ExportAssessmentResults(Sources(*s, lang));
    ASSERT_TRUE(json.ok()) << json.status();
    const Struct doc = Parse(*json);
    const Value& result = Result(doc);
    const double threshold = policy::DefaultPolicy().fail_measure_credit();

    // Observations: one per answer (INTERVIEW) and per signal (TEST), uuids unique.
    std::set<std::string> observation_ids;
    int interviews = 0, tests = 0;
    for (const Value& o : Field(result, "observations").list_value().values()) {
      EXPECT_TRUE(observation_ids.insert(Text(Field(o, "uuid"))).second);
      const std::string method = Text(Field(o, "methods").list_value().values(0));
      interviews += method == "INTERVIEW";
      tests += method == "TEST";
    }
    EXPECT_EQ(interviews, s->c.response.answers_size());
    EXPECT_EQ(tests, static_cast<int>(s->c.signals.size()));

    std::map<std::string, const Value*> risks;
    for (const Value& r : Field(result, "risks").list_value().values()) {
      risks[Text(Field(r, "uuid"))] = &r;
      EXPECT_EQ(Text(Field(r, "status")), "open");
      EXPECT_FALSE(Text(Field(r, "statement")).empty());
    }
    // Findings: one per measure credit, in order; satisfied exactly at or above the threshold.
    const auto& findings = Field(result, "findings").list_value().values();
    ASSERT_EQ(findings.size(), s->a.measure_credits_size());
    size_t risky = 0;
    for (int i = 0; i < s->a.measure_credits_size(); ++i) {
      const v1::MeasureCredit& mc = s->a.measure_credits(i);
      const Value& f = findings[i];
      const Value& target = Field(f, "target");
      EXPECT_EQ(Text(Field(target, "target-id")), mc.measure_id());
      const std::string state = Text(Field(Field(target, "status"), "state"));
      const bool not_applicable =
          mc.basis_size() > 0 &&
          std::all_of(mc.basis().begin(), mc.basis().end(),
                      [](const std::string& b) { return b == "not_applicable"; });
      const bool satisfied = !not_applicable && mc.credit() + 1e-9 >= threshold;
      EXPECT_EQ(state, satisfied ? "satisfied" : "not-satisfied") << mc.measure_id();
      // An unanswered measure never reads as satisfied.
      if (mc.basis_size() == 1 && mc.basis(0) == "unanswered") {
        EXPECT_EQ(state, "not-satisfied");
      }
      for (const Value& ref : Field(f, "related-observations").list_value().values()) {
        EXPECT_EQ(observation_ids.count(Text(Field(ref, "observation-uuid"))), 1u);
      }
      const auto& related_risks = Field(f, "related-risks").list_value().values();
      if (satisfied || not_applicable) {
        EXPECT_EQ(related_risks.size(), 0) << mc.measure_id();
      } else {
        ASSERT_EQ(related_risks.size(), 1) << mc.measure_id();
        EXPECT_EQ(risks.count(Text(Field(related_risks[0], "risk-uuid"))), 1u);
        ++risky;
      }
    }
    EXPECT_EQ(risky, risks.size());

    // The same sources give the same bytes.
    auto again = ExportAssessmentResults(Sources(*s, lang));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*json, *again);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, OscalExportTest,
                         ::testing::Values("game-reopened-rdp", "web-agency-appsec",
                                           "almost-nothing", "game-blank-cell",
                                           "sme-selfcheck-retailer", "saas-vendor-strong"));

TEST(OscalExport, UuidsDoNotDependOnTheLanguage) {
  auto en = Score("game-blank-cell", render::Language::kEn);
  auto ja = Score("game-blank-cell", render::Language::kJa);
  const Struct a = Parse(*ExportAssessmentResults(Sources(*en, render::Language::kEn)));
  const Struct b = Parse(*ExportAssessmentResults(Sources(*ja, render::Language::kJa)));
  const auto& fa = Field(Result(a), "findings").list_value().values();
  const auto& fb = Field(Result(b), "findings").list_value().values();
  ASSERT_EQ(fa.size(), fb.size());
  for (int i = 0; i < fa.size(); ++i) {
    EXPECT_EQ(Text(Field(fa[i], "uuid")), Text(Field(fb[i], "uuid")));
    EXPECT_NE(Text(Field(fa[i], "title")), Text(Field(fb[i], "title")));
  }
}

TEST(OscalExport, ARiskCarriesTheDeadlineOfTheConditionCoveringItsMeasure) {
  auto s = Score("game-blank-cell", render::Language::kEn);
  const Struct doc = Parse(*ExportAssessmentResults(Sources(*s, render::Language::kEn)));
  int with_deadline = 0;
  for (const Value& r : Field(Result(doc), "risks").list_value().values()) {
    if (!Text(Field(r, "deadline")).empty()) ++with_deadline;
  }
  ASSERT_EQ(s->a.decision().outcome(), v1::DECISION_OUTCOME_APPROVE_WITH_CONDITIONS);
  EXPECT_GT(with_deadline, 0);
}

TEST(OscalExport, AMeasureDeclaredNotApplicableIsNeitherSatisfiedNorARisk) {
  auto s = Score("web-agency-appsec", render::Language::kEn);
  const Struct doc = Parse(*ExportAssessmentResults(Sources(*s, render::Language::kEn)));
  bool seen = false;
  for (const Value& f : Field(Result(doc), "findings").list_value().values()) {
    if (Text(Field(Field(f, "target"), "target-id")) != "CPS.BE-2") continue;
    seen = true;
    const Value& status = Field(Field(f, "target"), "status");
    EXPECT_EQ(Text(Field(status, "state")), "not-satisfied");
    EXPECT_EQ(Text(Field(status, "reason")), "other");
    EXPECT_EQ(Field(f, "related-risks").list_value().values_size(), 0);
  }
  EXPECT_TRUE(seen);
}

TEST(OscalExport, MarkupInSupplierTextsStaysText) {
  auto s = Score("game-reopened-rdp", render::Language::kEn);
  AssessmentResultsSources in = Sources(*s, render::Language::kEn);
  const std::string name = "<script>alert(\"x\")</script> & \\ \n\t株式会社";
  in.supplier_display_name = name;
  auto json = ExportAssessmentResults(in);
  ASSERT_TRUE(json.ok());
  const Struct doc = Parse(*json);
  const Value& party = Field(doc.fields().at("assessment-results"), "metadata");
  EXPECT_EQ(Text(Field(Field(party, "parties").list_value().values(0), "name")), name);
}

TEST(OscalExport, SourcesOtherThanThoseScoredAreRefused) {
  auto s = Score("game-reopened-rdp", render::Language::kEn);
  ASSERT_GE(s->c.signals.size(), 2u);
  {  // A signal changed after scoring.
    v1::Signal changed = s->c.signals[0];
    changed.set_severity(v1::SEVERITY_LOW);
    AssessmentResultsSources in = Sources(*s, render::Language::kEn);
    in.signals[0] = &changed;
    auto json = ExportAssessmentResults(in);
    EXPECT_EQ(json.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StrContains(json.status().message(), "signals[0]")) << json.status();
  }
  {  // A signal scored but left out.
    AssessmentResultsSources in = Sources(*s, render::Language::kEn);
    in.signals.pop_back();
    auto json = ExportAssessmentResults(in);
    EXPECT_TRUE(absl::StrContains(json.status().message(), "was scored but is not given"))
        << json.status();
  }
  {  // A signal given twice.
    AssessmentResultsSources in = Sources(*s, render::Language::kEn);
    in.signals.push_back(in.signals[0]);
    auto json = ExportAssessmentResults(in);
    EXPECT_TRUE(absl::StrContains(json.status().message(), "given twice")) << json.status();
  }
  {  // A signal never scored.
    v1::Signal extra = s->c.signals[0];
    extra.set_id("never-scored");
    AssessmentResultsSources in = Sources(*s, render::Language::kEn);
    in.signals.push_back(&extra);
    auto json = ExportAssessmentResults(in);
    EXPECT_TRUE(absl::StrContains(json.status().message(), "not among the assessment's inputs"))
        << json.status();
  }
  {  // An answer changed after scoring.
    v1::Response improved = s->c.response;
    for (v1::Answer& a : *improved.mutable_answers()) {
      if (a.has_yes_no()) {
        a.set_yes_no(a.yes_no() == v1::YES_NO_YES ? v1::YES_NO_NO : v1::YES_NO_YES);
        break;
      }
    }
    AssessmentResultsSources in = Sources(*s, render::Language::kEn);
    in.response = &improved;
    auto json = ExportAssessmentResults(in);
    EXPECT_TRUE(absl::StartsWith(json.status().message(), "response:")) << json.status();
  }
  {  // The response left out.
    AssessmentResultsSources in = Sources(*s, render::Language::kEn);
    in.response = nullptr;
    auto json = ExportAssessmentResults(in);
    EXPECT_TRUE(absl::StartsWith(json.status().message(), "response: not given")) << json.status();
  }
}

// A worse answer never gives more satisfied findings nor fewer risks.
TEST(OscalExport, AWorseAnswerNeverReadsBetter) {
  auto count = [](const Scored& s) {
    const Struct doc = Parse(*ExportAssessmentResults(Sources(s, render::Language::kEn)));
    int satisfied = 0;
    for (const Value& f : Field(Result(doc), "findings").list_value().values()) {
      satisfied += Text(Field(Field(Field(f, "target"), "status"), "state")) == "satisfied";
    }
    return std::make_pair(satisfied, Field(Result(doc), "risks").list_value().values_size());
  };
  auto base = Score("saas-vendor-strong", render::Language::kEn);
  const auto [satisfied, risks] = count(*base);
  for (int i = 0; i < base->c.response.answers_size(); ++i) {
    if (base->c.response.answers(i).yes_no() != v1::YES_NO_YES) continue;
    auto worse = Score("saas-vendor-strong", render::Language::kEn);
    worse->c.response.mutable_answers(i)->set_yes_no(v1::YES_NO_NO);
    ASSERT_TRUE(worse->Rescore(render::Language::kEn).ok());
    const auto [s2, r2] = count(*worse);
    EXPECT_LE(s2, satisfied) << base->c.response.answers(i).question_id();
    EXPECT_GE(r2, risks) << base->c.response.answers(i).question_id();
  }
}

}  // namespace
}  // namespace supplyrisk::report
