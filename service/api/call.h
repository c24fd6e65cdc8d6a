#ifndef SUPPLYRISK_SERVICE_API_CALL_H_
#define SUPPLYRISK_SERVICE_API_CALL_H_

// What every RPC does around its handler: authenticate, authorize against the role matrix,
// rate-limit the tenant, refuse calls whose deadline has passed, and write one JSON log line with
// the method, request id, tenant, role, code and latency (never a credential).

#include <cstdio>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/server_context.h"
#include "service/api/auth.h"

namespace supplyrisk::api {

// JSON lines to a stream (stderr in the daemon). Thread-safe.
class CallLog {
 public:
  explicit CallLog(FILE* out) : out_(out) {}
  struct Record {
    absl::string_view method;
    absl::string_view request_id;
    absl::string_view tenant;
    absl::string_view role;
    absl::string_view principal;
    grpc::StatusCode code;
    double latency_ms;
    absl::string_view message;
  };
  void Write(const Record& record);
  // A non-call event, e.g. {"event":"listening","address":...}; values are escaped.
  void Event(absl::string_view event, absl::string_view key, absl::string_view value);

 private:
  absl::Mutex mu_;
  FILE* out_;
};

struct CallEnv {
  const Authenticator* auth = nullptr;
  RateLimiter* limiter = nullptr;  // null: no limit
  CallLog* log = nullptr;          // null: no log
};

// Runs `body` for the authenticated, authorized caller of `method` ("Service/Method") and returns
// its status; returns UNAUTHENTICATED, PERMISSION_DENIED, RESOURCE_EXHAUSTED or DEADLINE_EXCEEDED
// without running it when the call may not proceed.
grpc::Status Serve(const CallEnv& env, grpc::ServerContext* context, absl::string_view method,
                   absl::FunctionRef<grpc::Status(const Caller&)> body);

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_CALL_H_
