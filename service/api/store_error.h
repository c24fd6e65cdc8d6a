// Library errors to API errors with machine-readable details: the resource that was not found, the
// etag or other precondition that failed.
#ifndef SUPPLYRISK_SERVICE_API_STORE_ERROR_H_
#define SUPPLYRISK_SERVICE_API_STORE_ERROR_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace supplyrisk::api {

// Maps a store error: NOT_FOUND gets ResourceInfo for `name`; ABORTED gets an ETAG
// PreconditionFailure when it is a mismatch of the caller's etag (store::IsEtagMismatch), else it
// is a concurrent change ("changed concurrently; retry"); ALREADY_EXISTS for an identifier another
// supplier holds (store::IdentifierHolder) gets a ResourceInfo naming that supplier; other codes
// keep their code and message.
grpc::Status StoreError(const absl::Status& status, absl::string_view resource_type,
                        absl::string_view name);

// Maps an error of the assess package by the assess::ErrorSubject it carries: a precondition kind
// gets a PreconditionFailure, otherwise as StoreError for the subject; without a subject, the same
// code and message.
grpc::Status AssessError(const absl::Status& status);

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_STORE_ERROR_H_
