#ifndef SUPPLYRISK_SERVICE_API_ERRORS_H_
#define SUPPLYRISK_SERVICE_API_ERRORS_H_

// Canonical gRPC errors carrying google.rpc.Status details (in the grpc-status-details-bin
// trailer), so clients get machine-readable reasons: every invalid field of a request in one
// BadRequest, the failed precondition of an etag, the resource that was not found.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/validation/violations.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/status.h"

namespace supplyrisk::api {

// Collects every problem of a request before any answer is given: validation never stops at the
// first bad field. Each is {field path into the request, e.g. "supplier.domains[2]", description};
// the engine's input checks (engine/validation) add to it directly.
class FieldViolations : public validation::Violations {
 public:
  // INVALID_ARGUMENT with one BadRequest listing the violations; OK when there are none. The reply
  // stays small enough for a trailer: at most 25 (and about 3 KB) are listed, then one entry counts
  // the rest; long texts are clipped.
  grpc::Status ToStatus() const;
  // The same BadRequest under another code, e.g. ALREADY_EXISTS for ids that are taken.
  grpc::Status ToStatus(grpc::StatusCode code) const;

  using Violation = validation::Violation;
};

// A status with one detail message packed into google.rpc.Status.details. Every function below
// clips the texts it echoes (names, messages) to a few hundred bytes.
grpc::Status StatusWithDetail(grpc::StatusCode code, absl::string_view message,
                              const google::protobuf::Message& detail);

// INVALID_ARGUMENT naming one field.
grpc::Status InvalidField(absl::string_view field, absl::string_view description);
// NOT_FOUND with a ResourceInfo. Used for absent resources and for other tenants' resources alike,
// so a caller cannot learn what another tenant has.
grpc::Status NotFound(absl::string_view resource_type, absl::string_view name);
// ALREADY_EXISTS with a ResourceInfo naming the resource that already holds what the caller asked
// for (a supplier holding a corporate number), so an integrator can update it instead.
grpc::Status AlreadyHeld(absl::string_view resource_type, absl::string_view holder,
                         absl::string_view message);
// ABORTED with a PreconditionFailure of type "ETAG".
grpc::Status EtagMismatch(absl::string_view name);
// ABORTED for a write that raced another one on `name` (no etag of the caller's is involved):
// "changed concurrently; retry", with a short RetryInfo.
grpc::Status ConcurrentChange(absl::string_view name);
// FAILED_PRECONDITION with a PreconditionFailure.
grpc::Status FailedPrecondition(absl::string_view type, absl::string_view subject,
                                absl::string_view description);
// RESOURCE_EXHAUSTED with RetryInfo and a QuotaFailure.
grpc::Status RateLimited(absl::string_view tenant, absl::Duration retry_after);

// Maps a library status to the same canonical code and message.
grpc::Status FromAbsl(const absl::Status& status);

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_ERRORS_H_
