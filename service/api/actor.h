// Who a mutation is written by, and the idempotency of creates: the audit actor of a caller, the
// store context of a create, and the ids of resources the caller did not name.
#ifndef SUPPLYRISK_SERVICE_API_ACTOR_H_
#define SUPPLYRISK_SERVICE_API_ACTOR_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "service/api/auth.h"
#include "service/store/store.h"

namespace supplyrisk::api {

// "token:<label>:<role>": who a mutation is written by in the audit log.
std::string Actor(const Caller& caller);

// Hex SHA-256 of the request's type name and deterministic serialisation: the idempotency digest of
// a create.
std::string RequestDigest(const google::protobuf::Message& request);

// The store context of a create by `caller`. With a request id the create is idempotent: a retry of
// the same request gets the first result, another request under the same id is FAILED_PRECONDITION.
store::MutationContext CreateContext(const Caller& caller, const google::protobuf::Message& request,
                                     absl::string_view request_id);

// The id of a resource the caller did not name: random, or derived from the request when it carries
// a request id, so that a retry lands on the same id.
std::string GeneratedId(const google::protobuf::Message& request, absl::string_view request_id);

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_ACTOR_H_
