#include "service/assess/error_subject.h"

#include "gtest/gtest.h"

namespace supplyrisk::assess {
namespace {

TEST(ErrorSubjectTest, RoundTrips) {
  absl::Status s = WithSubject(absl::FailedPreconditionError("no revision is published yet"),
                               {"template", "templates/x", "TEMPLATE_STATE"});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "no revision is published yet");
  std::optional<ErrorSubject> subject = SubjectOf(s);
  ASSERT_TRUE(subject.has_value());
  EXPECT_EQ(subject->resource_type, "template");
  EXPECT_EQ(subject->name, "templates/x");
  EXPECT_EQ(subject->precondition, "TEMPLATE_STATE");
}

TEST(ErrorSubjectTest, OkAndPlainStatusesHaveNone) {
  EXPECT_TRUE(WithSubject(absl::OkStatus(), {"supplier", "suppliers/a", ""}).ok());
  EXPECT_FALSE(SubjectOf(absl::NotFoundError("x")).has_value());
}

}  // namespace
}  // namespace supplyrisk::assess
