#include "service/api/call.h"

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "engine/common/json_text.h"
#include "service/api/authz.h"
#include "service/api/errors.h"

namespace supplyrisk::api {
namespace {

const char* CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  int i = static_cast<int>(code);
  return i >= 0 && i <= 16 ? kNames[i] : "UNKNOWN";
}

// A client-chosen request id is kept when it is short and plain, so it can be traced through the
// client's own logs; otherwise one is made.
std::string RequestId(const grpc::ServerContext& context) {
  auto it = context.client_metadata().find("x-request-id");
  if (it != context.client_metadata().end() && !it->second.empty() && it->second.size() <= 64) {
    absl::string_view id(it->second.data(), it->second.size());
    bool plain = true;
    for (char c : id) {
      plain &=
          absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    }
    if (plain) return std::string(id);
  }
  thread_local absl::BitGen gen;
  return absl::StrFormat("%016x", absl::Uniform<uint64_t>(gen));
}

}  // namespace

void CallLog::Write(const Record& r) {
  std::string line = absl::StrFormat(
      "{\"time\":\"%s\",\"method\":\"%s\",\"request_id\":\"%s\",\"tenant\":\"%"
      "s\","
      "\"role\":\"%s\",\"principal\":\"%s\",\"code\":\"%s\",\"latency_ms\":%."
      "3f",
      absl::FormatTime(absl::RFC3339_full, absl::Now(), absl::UTCTimeZone()),
      common::JsonEscape(r.method), common::JsonEscape(r.request_id), common::JsonEscape(r.tenant),
      common::JsonEscape(r.role), common::JsonEscape(r.principal), CodeName(r.code), r.latency_ms);
  if (!r.message.empty()) {
    absl::StrAppend(&line, ",\"message\":\"", common::JsonEscape(r.message.substr(0, 300)), "\"");
  }
  line += "}\n";
  absl::MutexLock lock(&mu_);
  fputs(line.c_str(), out_);
  fflush(out_);
}

void CallLog::Event(absl::string_view event, absl::string_view key, absl::string_view value) {
  std::string line = absl::StrFormat(
      "{\"time\":\"%s\",\"event\":\"%s\",\"%s\":\"%s\"}\n",
      absl::FormatTime(absl::RFC3339_full, absl::Now(), absl::UTCTimeZone()),
      common::JsonEscape(event), common::JsonEscape(key), common::JsonEscape(value));
  absl::MutexLock lock(&mu_);
  fputs(line.c_str(), out_);
  fflush(out_);
}

grpc::Status Serve(const CallEnv& env, grpc::ServerContext* context, absl::string_view method,
                   absl::FunctionRef<grpc::Status(const Caller&)> body) {
  absl::Time start = absl::Now();
  std::string request_id = RequestId(*context);
  context->AddInitialMetadata("x-request-id", request_id);
  grpc::Status status;
  Caller caller;
  absl::StatusOr<Caller> authenticated = env.auth->Authenticate(*context, start);
  if (!authenticated.ok()) {
    status = grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          std::string(authenticated.status().message()));
  } else {
    caller = *std::move(authenticated);
    absl::Duration retry_after;
    if (!MayCall(caller, method)) {
      status = grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                            absl::StrCat("role ", caller.RoleName(), " may not call ", method));
    } else if (env.limiter != nullptr && !env.limiter->Allow(caller.tenant, start, &retry_after)) {
      status = RateLimited(caller.tenant, retry_after);
    } else if (context->deadline() <= std::chrono::system_clock::now()) {
      status = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                            "deadline passed before the call started");
    } else {
      caller.supplier_scoped = SupplierOnlyCall(caller, method);
      status = body(caller);
      if (status.ok() && context->IsCancelled()) {
        status = grpc::Status(grpc::StatusCode::CANCELLED, "call cancelled");
      }
    }
  }
  if (env.log != nullptr) {
    env.log->Write({method, request_id, caller.tenant, caller.RoleName(), caller.label,
                    status.error_code(), absl::ToDoubleMilliseconds(absl::Now() - start),
                    status.ok() ? "" : status.error_message()});
  }
  return status;
}

}  // namespace supplyrisk::api
