#include "service/api/store_error.h"

#include <optional>

#include "service/api/errors.h"
#include "service/assess/error_subject.h"
#include "service/store/store.h"

namespace supplyrisk::api {

grpc::Status StoreError(const absl::Status& status, absl::string_view resource_type,
                        absl::string_view name) {
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      return NotFound(resource_type, name);
    case absl::StatusCode::kAborted:
      // Only a caller that sent an etag is told it does not match; any other conflict is a write
      // that raced this one.
      if (store::IsEtagMismatch(status)) return EtagMismatch(name);
      return ConcurrentChange(name);
    case absl::StatusCode::kAlreadyExists:
      if (std::optional<std::string> holder = store::IdentifierHolder(status)) {
        return AlreadyHeld("supplier", *holder, status.message());
      }
      return FromAbsl(status);
    default:
      return FromAbsl(status);
  }
}

grpc::Status AssessError(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  std::optional<assess::ErrorSubject> subject = assess::SubjectOf(status);
  if (!subject.has_value()) return FromAbsl(status);
  if (!subject->precondition.empty() && status.code() == absl::StatusCode::kFailedPrecondition) {
    return FailedPrecondition(subject->precondition, subject->name, status.message());
  }
  return StoreError(status, subject->resource_type, subject->name);
}

}  // namespace supplyrisk::api
