#include "service/api/errors.h"

#include <string>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace supplyrisk::api {
namespace {

google::rpc::BadRequest Unpack(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::BadRequest bad_request;
  EXPECT_EQ(details.details_size(), 1);
  EXPECT_TRUE(details.details(0).UnpackTo(&bad_request));
  return bad_request;
}

TEST(FieldViolationsTest, ListsEveryViolationOfASmallRequest) {
  FieldViolations v;
  v.Add("a", "bad");
  v.Add("b", "worse");
  grpc::Status status = v.ToStatus();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad_request = Unpack(status);
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
  google::rpc::BadRequest bad_request = Unpack(status);
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
