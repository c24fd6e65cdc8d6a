#include "service/api/errors.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/duration.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace supplyrisk::api {
namespace {

// Error details travel in a trailer, and clients refuse trailers beyond a few KiB (gRPC's default
// is 8 KiB, before base64). Requests can echo long values or carry thousands of bad items, so what
// is sent back is bounded.
constexpr size_t kMaxEchoBytes = 256;
constexpr size_t kMaxMessageBytes = 512;
constexpr size_t kMaxListedViolations = 25;
constexpr size_t kMaxListedBytes = 3000;

std::string Clip(absl::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t cut = max_bytes;
  // Do not split a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat(s.substr(0, cut), "...");
}

}  // namespace

grpc::Status FieldViolations::ToStatus() const {
  return ToStatus(grpc::StatusCode::INVALID_ARGUMENT);
}

grpc::Status FieldViolations::ToStatus(grpc::StatusCode code) const {
  if (violations_.empty()) return grpc::Status::OK;
  google::rpc::BadRequest bad_request;
  size_t listed = 0;
  size_t bytes = 0;
  for (; listed < violations_.size() && listed < kMaxListedViolations && bytes < kMaxListedBytes;
       ++listed) {
    auto* fv = bad_request.add_field_violations();
    fv->set_field(Clip(violations_[listed].field, kMaxEchoBytes));
    fv->set_description(Clip(violations_[listed].description, kMaxEchoBytes));
    bytes += fv->field().size() + fv->description().size();
  }
  if (listed < violations_.size()) {
    // The last entry, naming the request itself, counts what was left out.
    auto* fv = bad_request.add_field_violations();
    fv->set_description(absl::StrCat(violations_.size() - listed,
                                     " more invalid fields not listed; fix these first"));
  }
  std::string message = violations_.size() == 1
                            ? absl::StrCat(violations_[0].field, ": ", violations_[0].description)
                            : absl::StrCat(violations_.size(), " invalid fields, first ",
                                           violations_[0].field, ": ", violations_[0].description);
  return StatusWithDetail(code, message, bad_request);
}

grpc::Status StatusWithDetail(grpc::StatusCode code, absl::string_view message,
                              const google::protobuf::Message& detail) {
  std::string clipped = Clip(message, kMaxMessageBytes);
  google::rpc::Status status;
  status.set_code(static_cast<int>(code));
  status.set_message(clipped);
  status.add_details()->PackFrom(detail);
  return grpc::Status(code, clipped, status.SerializeAsString());
}

grpc::Status InvalidField(absl::string_view field, absl::string_view description) {
  FieldViolations violations;
  violations.Add(field, description);
  return violations.ToStatus();
}

grpc::Status NotFound(absl::string_view resource_type, absl::string_view name) {
  google::rpc::ResourceInfo info;
  info.set_resource_type(std::string(resource_type));
  info.set_resource_name(Clip(name, kMaxEchoBytes));
  info.set_description("not found");
  return StatusWithDetail(grpc::StatusCode::NOT_FOUND,
                          absl::StrCat(resource_type, " \"", name, "\" not found"), info);
}

grpc::Status AlreadyHeld(absl::string_view resource_type, absl::string_view holder,
                         absl::string_view message) {
  google::rpc::ResourceInfo info;
  info.set_resource_type(std::string(resource_type));
  info.set_resource_name(Clip(holder, kMaxEchoBytes));
  info.set_description("already holds this identifier");
  return StatusWithDetail(grpc::StatusCode::ALREADY_EXISTS, Clip(message, kMaxEchoBytes), info);
}

grpc::Status EtagMismatch(absl::string_view name) {
  google::rpc::PreconditionFailure failure;
  auto* v = failure.add_violations();
  v->set_type("ETAG");
  v->set_subject(Clip(name, kMaxEchoBytes));
  v->set_description("the resource changed since it was read; read it again");
  return StatusWithDetail(grpc::StatusCode::ABORTED,
                          absl::StrCat("etag of \"", name, "\" does not match"), failure);
}

grpc::Status ConcurrentChange(absl::string_view name) {
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_nanos(100000000);  // 100 ms: a conflict clears at once
  return StatusWithDetail(
      grpc::StatusCode::ABORTED,
      absl::StrCat("\"", Clip(name, kMaxEchoBytes), "\" changed concurrently; retry"), retry);
}

grpc::Status FailedPrecondition(absl::string_view type, absl::string_view subject,
                                absl::string_view description) {
  google::rpc::PreconditionFailure failure;
  auto* v = failure.add_violations();
  v->set_type(std::string(type));
  v->set_subject(Clip(subject, kMaxEchoBytes));
  v->set_description(Clip(description, kMaxEchoBytes));
  return StatusWithDetail(grpc::StatusCode::FAILED_PRECONDITION,
                          absl::StrCat(subject, ": ", description), failure);
}

grpc::Status RateLimited(absl::string_view tenant, absl::Duration retry_after) {
  google::rpc::RetryInfo retry;
  int64_t nanos = absl::ToInt64Nanoseconds(retry_after);
  retry.mutable_retry_delay()->set_seconds(nanos / 1000000000);
  retry.mutable_retry_delay()->set_nanos(static_cast<int32_t>(nanos % 1000000000));
  return StatusWithDetail(grpc::StatusCode::RESOURCE_EXHAUSTED,
                          "rate limit of the tenant exceeded; retry later", retry);
}

grpc::Status FromAbsl(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      Clip(status.message(), kMaxMessageBytes));
}

}  // namespace supplyrisk::api
