#include "engine/scoring/review_due.h"

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "engine/policy/policy.h"
#include "engine/questionnaire/test_catalog.h"
#include "engine/scoring/scorer.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace supplyrisk::scoring {
namespace {

namespace v1 = ::supplyrisk::v1;

// Two yes/no questions: one with its own validity, one on the policy's default.
constexpr char kTemplate[] = R"pb(
  id: "review-due"
  revision: 1
  kind: TEMPLATE_KIND_QUESTIONNAIRE
  sections {
    id: "s"
    questions {
      id: "q30"
      answer_type: ANSWER_TYPE_YES_NO
      weight: 1
      validity_days: 30
      measures { measure_id: "CPS.MA-1" }
    }
    questions {
      id: "qdefault"
      answer_type: ANSWER_TYPE_YES_NO
      weight: 1
      measures { measure_id: "CPS.AM-1" }
    }
  }
)pb";

const absl::Time kAnswered = absl::FromUnixSeconds(1767225600);  // 2026-01-01

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

class ReviewDueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kTemplate, &tmpl_));
    ModelInput in;
    in.catalog = &questionnaire::testing::TestCatalog();
    in.questionnaire = &tmpl_;
    in.policy = &policy::DefaultPolicy();
    auto m = ScoringModel::Create(in);
    ASSERT_TRUE(m.ok()) << m.status();
    model_ = *std::move(m);
    response_.set_name("suppliers/s/responses/r");
    response_.set_template_id("review-due");
    response_.set_template_revision(1);
    *response_.mutable_submitted_at() = Ts(kAnswered);
    for (const char* q : {"q30", "qdefault"}) {
      v1::Answer* a = response_.add_answers();
      a->set_question_id(q);
      a->set_yes_no(v1::YES_NO_YES);
    }
  }

  double ScoreAt(absl::Time as_of) {
    SupplierInput input;
    input.response = &response_;
    input.as_of = as_of;
    v1::Assessment a;
    absl::Status st = ScoreSupplier(*model_, input, {}, &a);
    EXPECT_TRUE(st.ok()) << st;
    return a.overall_score();
  }

  int Validity() const { return policy::DefaultPolicy().default_validity_days(); }
  int Decay() const { return policy::DefaultPolicy().decay_days(); }

  v1::Template tmpl_;
  std::unique_ptr<ScoringModel> model_;
  v1::Response response_;
};

TEST_F(ReviewDueTest, FreshAnswersAreDueWhenTheShortestValidityEnds) {
  ASSERT_GT(Validity(), 31) << "the default validity must outlast the question's own";
  EXPECT_EQ(NextReviewDue(*model_, response_, kAnswered + absl::Hours(24 * 10)),
            kAnswered + absl::Hours(24 * 31));
}

TEST_F(ReviewDueTest, DecayingAnswersAreDueTheNextDay) {
  const absl::Time as_of = kAnswered + absl::Hours(24 * 40) + absl::Hours(5);
  EXPECT_EQ(NextReviewDue(*model_, response_, as_of), kAnswered + absl::Hours(24 * 41));
}

TEST_F(ReviewDueTest, NothingIsDueOnceEveryAnswerHasDecayedToTheFloor) {
  const int last = std::max(30 + Decay(), Validity() + Decay());
  const absl::Time as_of = kAnswered + absl::Hours(24 * last);
  EXPECT_EQ(NextReviewDue(*model_, response_, as_of), absl::InfiniteFuture());
  EXPECT_EQ(ScoreAt(as_of), ScoreAt(as_of + absl::Hours(24 * 1000)));
}

TEST_F(ReviewDueTest, AnAnswerDatedAfterAsOfIsDueWhenItStartsToCount) {
  *response_.mutable_answers(0)->mutable_answered_at() = Ts(kAnswered + absl::Hours(24 * 3));
  EXPECT_EQ(NextReviewDue(*model_, response_, kAnswered), kAnswered + absl::Hours(24 * 3));
}

TEST_F(ReviewDueTest, UndatedAnswersNeverFallDue) {
  response_.clear_submitted_at();
  EXPECT_EQ(NextReviewDue(*model_, response_, kAnswered), absl::InfiniteFuture());
}

// The property a rescoring relies on: before the due time the score is what it was at as_of, so
// skipping the supplier until then loses nothing; at the due time it has moved.
TEST_F(ReviewDueTest, ScoreHoldsUntilDueAndMovesAtIt) {
  for (int day = 0; day < Validity() + Decay() + 5; day += 3) {
    const absl::Time as_of = kAnswered + absl::Hours(24 * day) + absl::Minutes(day * 7);
    const absl::Time due = NextReviewDue(*model_, response_, as_of);
    const double now = ScoreAt(as_of);
    if (due == absl::InfiniteFuture()) {
      EXPECT_EQ(now, ScoreAt(as_of + absl::Hours(24 * 400))) << "day " << day;
      continue;
    }
    ASSERT_GT(due, as_of);
    EXPECT_EQ(now, ScoreAt(due - absl::Microseconds(1))) << "day " << day;
    EXPECT_LT(ScoreAt(due), now) << "day " << day;
  }
}

}  // namespace
}  // namespace supplyrisk::scoring
