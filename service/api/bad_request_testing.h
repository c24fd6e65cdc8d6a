// For tests: the google.rpc.BadRequest an INVALID_ARGUMENT status carries (errors.h), checked to
// be its one detail.
#ifndef SUPPLYRISK_SERVICE_API_BAD_REQUEST_TESTING_H_
#define SUPPLYRISK_SERVICE_API_BAD_REQUEST_TESTING_H_

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"
#include "gtest/gtest.h"

namespace supplyrisk::api {

inline google::rpc::BadRequest BadRequestOf(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::BadRequest bad_request;
  EXPECT_EQ(details.details_size(), 1);
  if (details.details_size() > 0) {
    EXPECT_TRUE(details.details(0).UnpackTo(&bad_request));
  }
  return bad_request;
}

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_BAD_REQUEST_TESTING_H_
