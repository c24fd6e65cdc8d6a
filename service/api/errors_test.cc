#include "service/api/errors.h"

#include <string>

#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "service/api/bad_request_testing.h"

namespace supplyrisk::api {
namespace {

TEST(FieldViolationsTest, ListsEveryViolationOfASmallRequest) {
  FieldViolations v;
  v.Add("a", "bad");
  v.Add("b", "worse");
  grpc::Status status = v.ToStatus();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad_request = BadRequestOf(status);
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(1).field(), "b");
}

TEST(FieldViolationsTest, ManyViolationsStayWithinATrailer) {
  FieldViolations v;
  for (int i = 0; i < 1000; ++i) {
    v.Add("requests[" + std::to_string(i) + "].supplier.display_name", std::string(5000, 'x'));
  }
  grpc::Status status = v.ToStatus();
  // Sent base64-encoded in a trailer that clients cap at 8 KiB by default.
  EXPECT_LT(status.error_details().size(), 4000u);
  EXPECT_LT(status.error_message().size(), 1000u);
  google::rpc::BadRequest bad_request = BadRequestOf(status);
  int n = bad_request.field_violations_size();
  ASSERT_GE(n, 2);
  EXPECT_EQ(bad_request.field_violations(0).field(), "requests[0].supplier.display_name");
  EXPECT_EQ(bad_request.field_violations(n - 1).field(), "");
  EXPECT_NE(bad_request.field_violations(n - 1).description().find(std::to_string(1000 - (n - 1)) +
                                                                   " more"),
            std::string::npos);
}

TEST(NotFoundTest, LongNamesAreClipped) {
  grpc::Status status = NotFound("template", std::string(100000, 't'));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_LT(status.error_message().size(), 1000u);
  EXPECT_LT(status.error_details().size(), 1000u);
}

}  // namespace
}  // namespace supplyrisk::api
