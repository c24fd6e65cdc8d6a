// Requests gRPC could not parse into their message, answered as the client's fault.
//
// gRPC parses a request before any handler runs; when protobuf refuses the bytes (most often a
// string field holding invalid UTF-8, which proto3 forbids) gRPC answers INTERNAL with an empty
// message and protobuf writes a raw line to stderr. Monitoring would count a client's mistake as a
// server fault, and the client would not learn which field is wrong. Here:
//   - protobuf's log lines become JSON lines like the call log's, and a parse complaint is also
//   kept
//     for the thread that parsed (protobuf names the field: "supplyrisk.v1.Supplier.industry");
//   - an interceptor turns the INTERNAL of a request that failed to parse into INVALID_ARGUMENT
//     with a BadRequest naming that field, and writes the call's JSON log line;
//   - a client stream's handler, whose Read() reports a message that failed to parse as the end of
//     the stream, asks TakeParseComplaint() before acting on what it read.
#ifndef SUPPLYRISK_SERVICE_API_MALFORMED_REQUESTS_H_
#define SUPPLYRISK_SERVICE_API_MALFORMED_REQUESTS_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/support/server_interceptor.h"
#include "grpcpp/support/status.h"
#include "service/api/call.h"

namespace supplyrisk::api {

// Routes protobuf's log to stderr as JSON lines
// ({"event":"protobuf_log","level":...,"message":...}) and records parse complaints per thread.
// Process-wide and idempotent.
void InstallProtobufLogHandler();

// The full name of the field protobuf last refused on this thread ("supplyrisk.v1.Signal.asset"),
// or an empty string when it named none; nullopt when nothing was refused since the last call.
// Clears the record.
std::optional<std::string> TakeParseComplaint();

// INVALID_ARGUMENT for a request of `method` ("Service/Method") that did not parse: a BadRequest
// naming the refused field by its name in its message (e.g. "industry", with the message's full
// name in the description), else the field "request".
grpc::Status MalformedRequest(absl::string_view method,
                              const std::optional<std::string>& complaint);

// Creates the interceptor above for every call. `log` may be null (no log line).
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MalformedRequestInterceptorFactory(CallLog* log);

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_MALFORMED_REQUESTS_H_
