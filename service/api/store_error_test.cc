#include "service/api/store_error.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "service/assess/error_subject.h"
#include "service/store/store.h"

namespace supplyrisk::api {
namespace {

google::rpc::Status Details(const grpc::Status& s) {
  google::rpc::Status status;
  EXPECT_TRUE(status.ParseFromString(s.error_details()));
  return status;
}

TEST(AssessErrorTest, NotFoundNamesTheSubject) {
  grpc::Status s = AssessError(
      assess::WithSubject(absl::NotFoundError("x"), {"supplier", "suppliers/nope", ""}));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(s.error_message(), "supplier \"suppliers/nope\" not found");
  google::rpc::ResourceInfo info;
  ASSERT_EQ(Details(s).details_size(), 1);
  ASSERT_TRUE(Details(s).details(0).UnpackTo(&info));
  EXPECT_EQ(info.resource_type(), "supplier");
  EXPECT_EQ(info.resource_name(), "suppliers/nope");
}

TEST(AssessErrorTest, PreconditionKindGivesPreconditionFailure) {
  grpc::Status s =
      AssessError(assess::WithSubject(absl::FailedPreconditionError("no revision is published yet"),
                                      {"template", "templates/own", "TEMPLATE_STATE"}));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message(), "templates/own: no revision is published yet");
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(Details(s).details(0).UnpackTo(&failure));
  EXPECT_EQ(failure.violations(0).type(), "TEMPLATE_STATE");
}

TEST(AssessErrorTest, OtherErrorsKeepCodeAndMessage) {
  grpc::Status s = AssessError(assess::WithSubject(
      absl::FailedPreconditionError("request_id reused"), {"supplier", "suppliers/a", ""}));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message(), "request_id reused");
  EXPECT_TRUE(s.error_details().empty());
  s = AssessError(absl::InternalError("disk"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_TRUE(AssessError(absl::OkStatus()).ok());
}

TEST(StoreErrorTest, OnlyAnEtagMismatchSaysTheEtagDoesNotMatch) {
  // A conflict the caller named no etag for (a transaction conflict, a raced confirmation).
  grpc::Status raced =
      StoreError(absl::AbortedError("Resource busy"), "engagement", "engagements/e");
  EXPECT_EQ(raced.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(raced.error_message(), "\"engagements/e\" changed concurrently; retry");
  EXPECT_EQ(raced.error_message().find("etag"), std::string::npos);
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(Details(raced).details(0).UnpackTo(&retry));
  EXPECT_GT(retry.retry_delay().nanos(), 0);
}

TEST(AssessErrorTest, NoResponseIsAResponsePrecondition) {
  grpc::Status s = AssessError(assess::WithSubject(
      absl::FailedPreconditionError("no submitted response to score; submit one first"),
      {"supplier", "suppliers/a", "RESPONSE"}));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(Details(s).details(0).UnpackTo(&failure));
  EXPECT_EQ(failure.violations(0).type(), "RESPONSE");
  EXPECT_EQ(failure.violations(0).subject(), "suppliers/a");
  EXPECT_EQ(failure.violations(0).description(),
            "no submitted response to score; submit one first");
}

}  // namespace
}  // namespace supplyrisk::api
