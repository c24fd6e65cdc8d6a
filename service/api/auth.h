#ifndef SUPPLYRISK_SERVICE_API_AUTH_H_
#define SUPPLYRISK_SERVICE_API_AUTH_H_

// Who is calling: bearer tokens (kept only as SHA-256 hashes) and verified client certificate
// identities, each mapped to a tenant and roles by the auth configuration. The tenant of every
// request comes from here and never from a request field.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "supplyrisk/v1/api_common.pb.h"

namespace supplyrisk::api {

struct Caller {
  std::string tenant;
  std::vector<v1::Role> roles;
  // For ROLE_SUPPLIER: "suppliers/{supplier}" the caller may act for.
  std::string supplier;
  // For logs: the credential's label and how it was presented ("token" or "mtls").
  std::string label;
  std::string via;

  // Set per call by Serve(): the call is allowed only through ROLE_SUPPLIER, so it reaches
  // `supplier` alone (see SupplierOnlyCall in authz.h).
  bool supplier_scoped = false;

  bool Has(v1::Role role) const;
  // The first role, for logs.
  std::string RoleName() const;
};

// Reads a text-format supplyrisk.v1.AuthConfig.
absl::StatusOr<v1::AuthConfig> LoadAuthConfig(const std::string& path);

class Authenticator {
 public:
  // Checks the configuration: hashes are 64 hex digits and unique, every principal has a tenant
  // (letters, digits, '-', '_', 1-63) and roles, a supplier principal names its supplier, expiry
  // times parse.
  static absl::StatusOr<std::unique_ptr<Authenticator>> Create(const v1::AuthConfig& config);

  // The caller of a call, or UNAUTHENTICATED when it presents no credential, an unknown or
  // malformed one, or an expired one. A bearer token in the "authorization" metadata wins over a
  // client certificate.
  absl::StatusOr<Caller> Authenticate(const grpc::ServerContext& context, absl::Time now) const;

 private:
  struct Entry {
    Caller caller;
    std::optional<absl::Time> expire_time;
  };
  absl::StatusOr<Caller> Check(const Entry& entry, absl::Time now) const;

  absl::flat_hash_map<std::string, Entry> by_token_hash_;
  absl::flat_hash_map<std::string, Entry> by_identity_;
};

// Per-tenant token buckets.
class RateLimiter {
 public:
  RateLimiter(double per_second, double burst);
  // Takes one token of the tenant's bucket; when empty, returns false and the wait until a token is
  // available.
  bool Allow(absl::string_view tenant, absl::Time now, absl::Duration* retry_after);

 private:
  struct Bucket {
    double tokens;
    absl::Time updated;
  };
  const double per_second_;
  const double burst_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_AUTH_H_
