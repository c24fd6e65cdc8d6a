#include "engine/scoring/remediation.h"

#include "gtest/gtest.h"
#include "supplyrisk/v1/assessment.pb.h"

namespace supplyrisk::scoring {
namespace {

// FillRemediationStep overwrites a reused step field by field instead of clearing it; a field added
// to RemediationStep must be written there too.
TEST(RemediationTest, FillWritesEveryFieldOfTheStep) {
  const auto* d = supplyrisk::v1::RemediationStep::descriptor();
  ASSERT_EQ(d->field_count(), 7) << "RemediationStep changed: update FillRemediationStep";
  for (const char* name : {"measure_ids", "question_ids", "advice", "effort_days", "overall_gain",
                           "gain_per_effort_day", "deadline_days"}) {
    EXPECT_NE(d->FindFieldByName(name), nullptr) << name;
  }
}

}  // namespace
}  // namespace supplyrisk::scoring
