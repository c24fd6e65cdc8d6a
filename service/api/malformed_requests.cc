#include "service/api/malformed_requests.h"

#include <cstdio>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "engine/common/json_text.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/stubs/logging.h"
#include "service/api/errors.h"

namespace supplyrisk::api {
namespace {

// Set by protobuf's log handler on the thread that parsed; taken by that thread's interceptor or
// stream handler.
thread_local std::optional<std::string> t_complaint;

// "String field 'supplyrisk.v1.Supplier.industry' contains invalid UTF-8 data when parsing a
// protocol buffer. ..." -> "supplyrisk.v1.Supplier.industry".
std::string QuotedFieldName(absl::string_view message) {
  absl::string_view rest = message;
  if (!absl::ConsumePrefix(&rest, "String field '")) return "";
  const size_t end = rest.find('\'');
  return end == absl::string_view::npos ? "" : std::string(rest.substr(0, end));
}

const char* LevelName(google::protobuf::LogLevel level) {
  switch (level) {
    case google::protobuf::LOGLEVEL_INFO:
      return "info";
    case google::protobuf::LOGLEVEL_WARNING:
      return "warning";
    case google::protobuf::LOGLEVEL_ERROR:
      return "error";
    case google::protobuf::LOGLEVEL_FATAL:
      return "fatal";
  }
  return "error";
}

void HandleProtobufLog(google::protobuf::LogLevel level, const char* /*filename*/, int /*line*/,
                       const std::string& message) {
  if (absl::StrContains(message, "invalid UTF-8")) t_complaint = QuotedFieldName(message);
  // One JSON line, as the call log writes them; the message names fields, never values.
  const std::string line = absl::StrCat(
      "{\"time\":\"", absl::FormatTime(absl::RFC3339_full, absl::Now(), absl::UTCTimeZone()),
      "\",\"event\":\"protobuf_log\",\"level\":\"", LevelName(level),
      "\",\"message\":", common::JsonQuote(message), "}\n");
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

class MalformedRequestInterceptor : public grpc::experimental::Interceptor {
 public:
  MalformedRequestInterceptor(grpc::experimental::ServerRpcInfo* info, CallLog* log)
      : info_(info), log_(log), start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    // A unary or server-streaming call carries exactly one request: no message means it did not
    // parse. (Client streams end with no message too; their handlers ask TakeParseComplaint.)
    const bool one_request =
        info_->type() == grpc::experimental::ServerRpcInfo::Type::UNARY ||
        info_->type() == grpc::experimental::ServerRpcInfo::Type::SERVER_STREAMING;
    if (one_request &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      failed_ = true;
      complaint_ = TakeParseComplaint();
      if (!complaint_.has_value()) complaint_ = "";
    }
    if (failed_ && methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
        methods->GetSendStatus().error_code() == grpc::StatusCode::INTERNAL) {
      absl::string_view method = info_->method();
      absl::ConsumePrefix(&method, "/");
      absl::ConsumePrefix(&method, "supplyrisk.v1.");
      const grpc::Status status = MalformedRequest(method, complaint_);
      methods->ModifySendStatus(status);
      if (log_ != nullptr) {
        CallLog::Record record;
        record.method = method;
        record.code = status.error_code();
        record.latency_ms = absl::ToDoubleMilliseconds(absl::Now() - start_);
        record.message = status.error_message();
        log_->Write(record);
      }
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  CallLog* log_;
  absl::Time start_;
  bool failed_ = false;
  std::optional<std::string> complaint_;
};

class Factory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit Factory(CallLog* log) : log_(log) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new MalformedRequestInterceptor(info, log_);
  }

 private:
  CallLog* log_;
};

}  // namespace

void InstallProtobufLogHandler() { google::protobuf::SetLogHandler(&HandleProtobufLog); }

std::optional<std::string> TakeParseComplaint() {
  std::optional<std::string> complaint = std::move(t_complaint);
  t_complaint.reset();
  return complaint;
}

grpc::Status MalformedRequest(absl::string_view method,
                              const std::optional<std::string>& complaint) {
  FieldViolations v;
  const std::string full_name = complaint.value_or("");
  const google::protobuf::FieldDescriptor* field =
      full_name.empty()
          ? nullptr
          : google::protobuf::DescriptorPool::generated_pool()->FindFieldByName(full_name);
  if (field != nullptr) {
    v.Add(field->name(), absl::StrCat("not valid UTF-8 (field ", full_name, " of the ", method,
                                      " request); proto3 strings must be UTF-8"));
  } else {
    v.Add("request", absl::StrCat("not a valid encoding of the ", method, " request"));
  }
  return v.ToStatus();
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MalformedRequestInterceptorFactory(CallLog* log) {
  return std::make_unique<Factory>(log);
}

}  // namespace supplyrisk::api
