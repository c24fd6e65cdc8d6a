#include "engine/questionnaire/conditions.h"

#include <random>
#include <string>
#include <vector>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace supplyrisk::questionnaire {
namespace {

using ::supplyrisk::v1::Condition;
using ::supplyrisk::v1::Response;
using ::supplyrisk::v1::SupplierProfile;
using ::supplyrisk::v1::Template;

template <typename T>
T Parse(const std::string& text) {
  T msg;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &msg)) << text;
  return msg;
}

TEST(EvaluateConditionTest, UnsetConditionHolds) {
  EXPECT_TRUE(EvaluateCondition(Condition(), SupplierProfile(), AnswerMap()));
}

TEST(EvaluateConditionTest, ProfileFlagMatchesValue) {
  auto c = Parse<Condition>("profile { flag: PROFILE_FLAG_HAS_WEBSITE value: true }");
  SupplierProfile p;
  EXPECT_FALSE(EvaluateCondition(c, p, AnswerMap()));
  p.set_has_website(true);
  EXPECT_TRUE(EvaluateCondition(c, p, AnswerMap()));
  auto negated = Parse<Condition>("profile { flag: PROFILE_FLAG_HAS_WEBSITE value: false }");
  EXPECT_FALSE(EvaluateCondition(negated, p, AnswerMap()));
}

TEST(EvaluateConditionTest, EveryProfileFlagIsRead) {
  const std::pair<const char*, void (SupplierProfile::*)(bool)> flags[] = {
      {"PROFILE_FLAG_HANDLES_PERSONAL_DATA", &SupplierProfile::set_handles_personal_data},
      {"PROFILE_FLAG_HAS_WEBSITE", &SupplierProfile::set_has_website},
      {"PROFILE_FLAG_OPERATES_OT", &SupplierProfile::set_operates_ot},
      {"PROFILE_FLAG_SUPPLIES_IOT_DEVICES", &SupplierProfile::set_supplies_iot_devices},
      {"PROFILE_FLAG_USES_SUBCONTRACTORS", &SupplierProfile::set_uses_subcontractors},
      {"PROFILE_FLAG_DEVELOPS_SOFTWARE", &SupplierProfile::set_develops_software},
      {"PROFILE_FLAG_USES_CLOUD_SERVICES", &SupplierProfile::set_uses_cloud_services},
  };
  for (const auto& [name, setter] : flags) {
    auto c = Parse<Condition>(std::string("profile { flag: ") + name + " value: true }");
    SupplierProfile p;
    EXPECT_FALSE(EvaluateCondition(c, p, AnswerMap())) << name;
    (p.*setter)(true);
    EXPECT_TRUE(EvaluateCondition(c, p, AnswerMap())) << name;
  }
}

TEST(EvaluateConditionTest, UnspecifiedProfileFlagNeverHolds) {
  auto c = Parse<Condition>("profile { value: false }");
  EXPECT_FALSE(EvaluateCondition(c, SupplierProfile(), AnswerMap()));
}

TEST(EvaluateConditionTest, AnswerIsMatchesYesNoTokens) {
  auto r = Parse<Response>(
      "answers { question_id: 'q1' yes_no: YES_NO_PARTIAL }"
      "answers { question_id: 'q2' yes_no: YES_NO_NOT_APPLICABLE }");
  AnswerMap answers = IndexAnswers(r);
  EXPECT_TRUE(
      EvaluateCondition(Parse<Condition>("answer { question_id: 'q1' any_of: ['yes', 'partial'] }"),
                        SupplierProfile(), answers));
  EXPECT_FALSE(EvaluateCondition(Parse<Condition>("answer { question_id: 'q1' any_of: 'yes' }"),
                                 SupplierProfile(), answers));
  EXPECT_TRUE(
      EvaluateCondition(Parse<Condition>("answer { question_id: 'q2' any_of: 'not_applicable' }"),
                        SupplierProfile(), answers));
}

TEST(EvaluateConditionTest, AnswerIsOnUnansweredQuestionDoesNotHold) {
  auto c = Parse<Condition>("answer { question_id: 'q9' any_of: 'no' }");
  EXPECT_FALSE(EvaluateCondition(c, SupplierProfile(), AnswerMap()));
  // Not of an unanswered test holds: "not answered yes" is true when unanswered.
  auto n = Parse<Condition>("not { answer { question_id: 'q9' any_of: 'no' } }");
  EXPECT_TRUE(EvaluateCondition(n, SupplierProfile(), AnswerMap()));
}

TEST(EvaluateConditionTest, AnswerIsMatchesChoiceOptions) {
  auto r = Parse<Response>(
      "answers { question_id: 'single' option_id: 'cloud' }"
      "answers { question_id: 'multi' options { option_ids: ['a', 'c'] } }"
      "answers { question_id: 'num' number: 3 }");
  AnswerMap answers = IndexAnswers(r);
  EXPECT_TRUE(EvaluateCondition(
      Parse<Condition>("answer { question_id: 'single' any_of: ['onprem', 'cloud'] }"),
      SupplierProfile(), answers));
  EXPECT_FALSE(
      EvaluateCondition(Parse<Condition>("answer { question_id: 'single' any_of: 'onprem' }"),
                        SupplierProfile(), answers));
  EXPECT_TRUE(EvaluateCondition(Parse<Condition>("answer { question_id: 'multi' any_of: 'c' }"),
                                SupplierProfile(), answers));
  EXPECT_FALSE(EvaluateCondition(Parse<Condition>("answer { question_id: 'multi' any_of: 'b' }"),
                                 SupplierProfile(), answers));
  EXPECT_FALSE(EvaluateCondition(Parse<Condition>("answer { question_id: 'num' any_of: '3' }"),
                                 SupplierProfile(), answers));
}

TEST(EvaluateConditionTest, AllAnyNotCombine) {
  SupplierProfile p;
  p.set_operates_ot(true);
  auto r = Parse<Response>("answers { question_id: 'q1' yes_no: YES_NO_NO }");
  AnswerMap answers = IndexAnswers(r);
  const std::string ot = "profile { flag: PROFILE_FLAG_OPERATES_OT value: true }";
  const std::string web = "profile { flag: PROFILE_FLAG_HAS_WEBSITE value: true }";
  const std::string no = "answer { question_id: 'q1' any_of: 'no' }";
  EXPECT_TRUE(EvaluateCondition(
      Parse<Condition>("all { conditions { " + ot + " } conditions { " + no + " } }"), p, answers));
  EXPECT_FALSE(EvaluateCondition(
      Parse<Condition>("all { conditions { " + ot + " } conditions { " + web + " } }"), p,
      answers));
  EXPECT_TRUE(EvaluateCondition(
      Parse<Condition>("any { conditions { " + web + " } conditions { " + no + " } }"), p,
      answers));
  EXPECT_FALSE(
      EvaluateCondition(Parse<Condition>("any { conditions { " + web + " } }"), p, answers));
  EXPECT_TRUE(EvaluateCondition(Parse<Condition>("not { " + web + " }"), p, answers));
  EXPECT_TRUE(EvaluateCondition(Parse<Condition>("all { }"), p, answers));
  EXPECT_FALSE(EvaluateCondition(Parse<Condition>("any { }"), p, answers));
}

TEST(ReferencedQuestionsTest, CollectsNestedReferencesOnce) {
  auto c = Parse<Condition>(
      "any { conditions { answer { question_id: 'a' } }"
      "      conditions { not { all { conditions { answer { question_id: 'b' } "
      "}"
      "                                conditions { answer { question_id: 'a' "
      "} } } } } }");
  EXPECT_EQ(ReferencedQuestions(c), (std::vector<std::string>{"a", "b"}));
}

constexpr char kTemplate[] = R"pb(
  id: "t"
  sections {
    id: "base"
    questions { id: "has_web" answer_type: ANSWER_TYPE_YES_NO }
    questions {
      id: "waf"
      answer_type: ANSWER_TYPE_YES_NO
      condition { answer { question_id: "has_web" any_of: "yes" } }
    }
    questions {
      id: "waf_vendor"
      answer_type: ANSWER_TYPE_TEXT
      condition { answer { question_id: "waf" any_of: "yes" } }
    }
    questions {
      id: "no_waf_reason"
      answer_type: ANSWER_TYPE_TEXT
      condition { not { answer { question_id: "waf" any_of: "yes" } } }
    }
  }
  sections {
    id: "ot"
    condition { profile { flag: PROFILE_FLAG_OPERATES_OT value: true } }
    questions { id: "ot_isolated" answer_type: ANSWER_TYPE_YES_NO }
  }
)pb";

TEST(VisibleQuestionsTest, SectionAndQuestionConditions) {
  auto t = Parse<Template>(kTemplate);
  SupplierProfile p;
  auto r = Parse<Response>(
      "answers { question_id: 'has_web' yes_no: YES_NO_YES }"
      "answers { question_id: 'waf' yes_no: YES_NO_NO }");
  auto visible = VisibleQuestions(t, p, IndexAnswers(r));
  EXPECT_TRUE(visible.contains("has_web"));
  EXPECT_TRUE(visible.contains("waf"));
  EXPECT_FALSE(visible.contains("waf_vendor"));
  EXPECT_TRUE(visible.contains("no_waf_reason"));
  EXPECT_FALSE(visible.contains("ot_isolated"));
  p.set_operates_ot(true);
  EXPECT_TRUE(VisibleQuestions(t, p, IndexAnswers(r)).contains("ot_isolated"));
}

TEST(VisibleQuestionsTest, QuestionReferringToHiddenQuestionIsHidden) {
  auto t = Parse<Template>(kTemplate);
  // has_web is "no", so waf is hidden; its stale answer must not show waf_vendor, and no_waf_reason
  // (a Not on the hidden waf) is hidden too.
  auto r = Parse<Response>(
      "answers { question_id: 'has_web' yes_no: YES_NO_NO }"
      "answers { question_id: 'waf' yes_no: YES_NO_YES }");
  auto visible = VisibleQuestions(t, SupplierProfile(), IndexAnswers(r));
  EXPECT_TRUE(visible.contains("has_web"));
  EXPECT_FALSE(visible.contains("waf"));
  EXPECT_FALSE(visible.contains("waf_vendor"));
  EXPECT_FALSE(visible.contains("no_waf_reason"));
  EXPECT_EQ(visible.size(), 1u);
}

TEST(VisibleQuestionsTest, SectionConditionOnHiddenQuestionHidesSection) {
  auto t = Parse<Template>(R"pb(
    sections {
      id: "s1"
      condition { profile { flag: PROFILE_FLAG_OPERATES_OT value: true } }
      questions { id: "a" answer_type: ANSWER_TYPE_YES_NO }
    }
    sections {
      id: "s2"
      condition { answer { question_id: "a" any_of: "yes" } }
      questions { id: "b" answer_type: ANSWER_TYPE_YES_NO }
    }
  )pb");
  auto r = Parse<Response>("answers { question_id: 'a' yes_no: YES_NO_YES }");
  SupplierProfile p;
  EXPECT_TRUE(VisibleQuestions(t, p, IndexAnswers(r)).empty());
  p.set_operates_ot(true);
  EXPECT_EQ(VisibleQuestions(t, p, IndexAnswers(r)).size(), 2u);
}

TEST(VisibleQuestionsTest, CyclesAndUnknownReferencesAreHidden) {
  auto t = Parse<Template>(R"pb(
    sections {
      id: "s"
      questions {
        id: "a"
        answer_type: ANSWER_TYPE_YES_NO
        condition { answer { question_id: "b" any_of: "yes" } }
      }
      questions {
        id: "b"
        answer_type: ANSWER_TYPE_YES_NO
        condition { answer { question_id: "a" any_of: "yes" } }
      }
      questions {
        id: "c"
        answer_type: ANSWER_TYPE_YES_NO
        condition { not { answer { question_id: "ghost" any_of: "yes" } } }
      }
      questions { id: "d" answer_type: ANSWER_TYPE_YES_NO }
    }
    sections {
      id: "self"
      condition { answer { question_id: "e" any_of: "yes" } }
      questions { id: "e" answer_type: ANSWER_TYPE_YES_NO }
    }
  )pb");
  auto r = Parse<Response>(
      "answers { question_id: 'a' yes_no: YES_NO_YES }"
      "answers { question_id: 'b' yes_no: YES_NO_YES }"
      "answers { question_id: 'e' yes_no: YES_NO_YES }");
  auto visible = VisibleQuestions(t, SupplierProfile(), IndexAnswers(r));
  EXPECT_EQ(visible, (absl::flat_hash_set<std::string>{"d"}));
}

// The compiled program must agree with VisibleQuestions on every response: a template with nested
// All/Any/Not, profile flags, references to later, hidden and unknown questions and a cycle, under
// random profiles and answers.
TEST(VisibilityProgramTest, AgreesWithVisibleQuestions) {
  const Template t = Parse<Template>(R"pb(
    sections {
      id: "a"
      questions { id: "q1" }
      questions {
        id: "q2"
        condition { answer { question_id: "q1" any_of: "yes" any_of: "partial" } }
      }
      questions {
        id: "q3"
        condition {
          any {
            conditions { answer { question_id: "q2" any_of: "no" } }
            conditions { profile { flag: PROFILE_FLAG_OPERATES_OT value: true } }
          }
        }
      }
      questions {
        id: "q4"
        condition { not { answer { question_id: "q7" any_of: "o1" } } }
      }
    }
    sections {
      id: "b"
      condition {
        all {
          conditions { profile { flag: PROFILE_FLAG_HAS_WEBSITE value: true } }
          conditions { not { answer { question_id: "q3" any_of: "unknown" } } }
        }
      }
      questions { id: "q5" }
      questions {
        id: "q6"
        condition { answer { question_id: "q9" any_of: "yes" } }
      }
      questions {
        id: "q7"
        condition {
          any {
            conditions { answer { question_id: "q5" any_of: "yes" } }
            conditions { answer { question_id: "missing" any_of: "yes" } }
          }
        }
      }
    }
    sections {
      id: "c"
      questions {
        id: "q8"
        condition { answer { question_id: "q9" any_of: "yes" } }
      }
      questions {
        id: "q9"
        condition { answer { question_id: "q8" any_of: "yes" } }
      }
      questions {
        id: "q10"
        condition { answer { question_id: "q7" any_of: "o1" any_of: "o2" } }
      }
    }
  )pb");
  const VisibilityProgram program(t);
  ASSERT_EQ(program.size(), 10);
  std::mt19937 rng(7);
  std::vector<unsigned char> visible, state;
  int shown = 0, hidden = 0;
  for (int round = 0; round < 2000; ++round) {
    SupplierProfile profile;
    profile.set_operates_ot(rng() % 2);
    profile.set_has_website(rng() % 3 != 0);
    Response response;
    std::vector<const v1::Answer*> by_position(10, nullptr);
    for (int q = 1; q <= 10; ++q) {
      if (rng() % 5 == 0) continue;
      v1::Answer* a = response.add_answers();
      a->set_question_id("q" + std::to_string(q));
      switch (rng() % 3) {
        case 0:
          a->set_yes_no(static_cast<v1::YesNo>(rng() % 6));
          break;
        case 1:
          a->set_option_id(rng() % 2 ? "o1" : "o3");
          break;
        default:
          a->mutable_options()->add_option_ids(rng() % 2 ? "o2" : "o4");
          a->mutable_options()->add_option_ids("o5");
          break;
      }
    }
    for (const auto& a : response.answers())
      by_position[std::stoi(a.question_id().substr(1)) - 1] = &a;
    const auto expected = VisibleQuestions(t, profile, IndexAnswers(response));
    program.Evaluate(profile, by_position, &visible, &state);
    ASSERT_EQ(visible.size(), 10u);
    for (int q = 0; q < 10; ++q) {
      const std::string id = "q" + std::to_string(q + 1);
      EXPECT_EQ(visible[q] != 0, expected.contains(id)) << id << " in round " << round;
      (visible[q] ? shown : hidden)++;
    }
  }
  // Both outcomes occur, so the comparison means something.
  EXPECT_GT(shown, 1000);
  EXPECT_GT(hidden, 1000);
}

TEST(AnswerTokensTest, Tokens) {
  auto r = Parse<Response>(
      "answers { question_id: 'a' yes_no: YES_NO_UNKNOWN }"
      "answers { question_id: 'b' }"
      "answers { question_id: 'c' text: 'yes' }");
  EXPECT_EQ(AnswerTokens(r.answers(0)), std::vector<std::string>{"unknown"});
  EXPECT_TRUE(AnswerTokens(r.answers(1)).empty());
  EXPECT_TRUE(AnswerTokens(r.answers(2)).empty());
  EXPECT_TRUE(IsYesNoToken("not_applicable"));
  EXPECT_FALSE(IsYesNoToken("maybe"));
  EXPECT_EQ(YesNoToken(supplyrisk::v1::YES_NO_UNSPECIFIED), "");
}

}  // namespace
}  // namespace supplyrisk::questionnaire
