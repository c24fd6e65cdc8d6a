#include "service/api/store_error.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "service/assess/error_subject.h"

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

}  // namespace
}  // namespace supplyrisk::api
