#include "service/api/actor.h"

#include "absl/strings/str_cat.h"
#include "engine/common/sha256.h"
#include "service/assess/random_id.h"

namespace supplyrisk::api {

std::string Actor(const Caller& caller) {
  return absl::StrCat(caller.via, ":", caller.label.empty() ? "-" : caller.label, ":",
                      caller.RoleName());
}

std::string RequestDigest(const google::protobuf::Message& request) {
  Sha256 hash;
  hash.Update(request.GetDescriptor()->full_name());
  hash.Update("\n");
  hash.Update(SerializeDeterministic(request));
  return hash.HexDigest();
}

store::MutationContext CreateContext(const Caller& caller, const google::protobuf::Message& request,
                                     absl::string_view request_id) {
  return {Actor(caller), std::string(request_id), request_id.empty() ? "" : RequestDigest(request)};
}

std::string GeneratedId(const google::protobuf::Message& request, absl::string_view request_id) {
  return request_id.empty() ? assess::RandomResourceId() : RequestDigest(request).substr(0, 20);
}

}  // namespace supplyrisk::api
