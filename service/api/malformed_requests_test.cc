#include "service/api/malformed_requests.h"

#include <string>

#include "absl/strings/match.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "service/api/bad_request_testing.h"
#include "supplyrisk/v1/signal_service.pb.h"
#include "supplyrisk/v1/supplier_service.pb.h"

namespace supplyrisk::api {
namespace {

TEST(MalformedRequestsTest, InvalidUtf8IsRecordedForTheParsingThreadWithItsField) {
  InstallProtobufLogHandler();
  TakeParseComplaint();
  // CreateSupplierRequest{supplier{industry: "\xff"}}: field 1 (3 bytes) holding field 7 (1 byte).
  v1::CreateSupplierRequest request;
  EXPECT_FALSE(request.ParseFromString(std::string("\x0a\x03\x3a\x01\xff", 5)));
  const std::optional<std::string> complaint = TakeParseComplaint();
  ASSERT_TRUE(complaint.has_value());
  EXPECT_EQ(*complaint, "supplyrisk.v1.Supplier.industry");
  EXPECT_FALSE(TakeParseComplaint().has_value()) << "taking clears the record";

  const grpc::Status status = MalformedRequest("SupplierService/CreateSupplier", complaint);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const google::rpc::BadRequest bad = BadRequestOf(status);
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "industry");
  EXPECT_TRUE(absl::StrContains(bad.field_violations(0).description(), "not valid UTF-8"));
  EXPECT_TRUE(absl::StrContains(status.error_message(), "industry")) << status.error_message();
}

TEST(MalformedRequestsTest, BytesThatAreNoMessageNameTheRequest) {
  InstallProtobufLogHandler();
  TakeParseComplaint();
  v1::ImportSignalsRequest request;
  // A length-delimited field claiming more bytes than follow: refused without a log line.
  EXPECT_FALSE(request.ParseFromString(std::string("\x0a\x7f\x01", 3)));
  const std::optional<std::string> complaint = TakeParseComplaint();
  const grpc::Status status = MalformedRequest("SignalService/ImportSignals", complaint);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const google::rpc::BadRequest bad = BadRequestOf(status);
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "request");
  EXPECT_TRUE(
      absl::StrContains(bad.field_violations(0).description(), "SignalService/ImportSignals"));
}

}  // namespace
}  // namespace supplyrisk::api
