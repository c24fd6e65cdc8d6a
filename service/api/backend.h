#ifndef SUPPLYRISK_SERVICE_API_BACKEND_H_
#define SUPPLYRISK_SERVICE_API_BACKEND_H_

// What the service handlers share: the store, the built-in catalogue, templates
// and policy, the scoring function, page tokens, the per-call wrapper, and
// helpers every handler uses (tenant-scoped names, store errors to API errors,
// idempotency digests).

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/catalog/catalog.h"
#include "engine/questionnaire/registry.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/status.h"
#include "service/api/auth.h"
#include "service/api/call.h"
#include "service/api/page_token.h"
#include "service/store/store.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/engagement.pb.h"
#include "supplyrisk/v1/policy.pb.h"
#include "supplyrisk/v1/response.pb.h"
#include "supplyrisk/v1/signal.pb.h"
#include "supplyrisk/v1/supplier.pb.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::api {

// Everything one scoring needs; pointers are valid for the duration of the
// call.
struct ScoringRequest {
  const v1::Supplier* supplier = nullptr;
  // The latest submitted response and its template; null when the supplier has
  // none.
  const v1::Response* response = nullptr;
  const v1::Template* questionnaire = nullptr;
  // SCS readiness profiles (star 3, star 4).
  std::vector<const v1::Template*> readiness_profiles;
  std::vector<v1::Signal> signals;
  // Null: no decision.
  const v1::Engagement* engagement = nullptr;
  const v1::ScoringPolicy* policy = nullptr;
  absl::Time as_of;
};
using Scorer =
    std::function<absl::StatusOr<v1::Assessment>(const ScoringRequest&)>;

class WatchHub;

struct Backend {
  store::Store* store = nullptr;
  const catalog::CatalogIndex* catalog = nullptr;
  // Built-in templates, shared by every tenant; read-only after start.
  const questionnaire::TemplateRegistry* builtin_templates = nullptr;
  // Ids of the readiness profiles used for star readiness.
  std::vector<std::string> readiness_profile_ids;
  const v1::ScoringPolicy* policy = nullptr;
  Scorer scorer;
  const PageTokens* page_tokens = nullptr;
  WatchHub* watch = nullptr;
  CallEnv env;
  std::function<absl::Time()> clock = [] { return absl::Now(); };

  // A template revision visible to the tenant: built-in or the tenant's own.
  // revision 0 is the latest published one. NOT_FOUND (with ResourceInfo) when
  // absent.
  grpc::Status FindTemplate(absl::string_view tenant, absl::string_view id,
                            int revision, v1::Template* out) const;
};

// "token:<label>:<role>": who a mutation is written by in the audit log.
std::string Actor(const Caller& caller);

// Maps a store error: NOT_FOUND gets ResourceInfo for `name`, ABORTED gets an
// ETAG PreconditionFailure; other codes keep their code and message.
grpc::Status StoreError(const absl::Status& status,
                        absl::string_view resource_type,
                        absl::string_view name);

// A fresh resource id: 20 characters of [a-z0-9].
std::string NewId();

// Hex SHA-256 of the deterministic serialization: the idempotency digest of a
// create.
std::string RequestDigest(const google::protobuf::Message& request);

// The store context of a create by `caller`. With a request id the create is
// idempotent: a retry of the same request gets the first result, another
// request under the same id is FAILED_PRECONDITION.
store::MutationContext CreateContext(const Caller& caller,
                                     const google::protobuf::Message& request,
                                     absl::string_view request_id);

// The id of a resource the caller did not name: random, or derived from the
// request when it carries a request id, so that a retry lands on the same id.
std::string GeneratedId(const google::protobuf::Message& request,
                        absl::string_view request_id);

// A ROLE_SUPPLIER caller may reach only its own supplier; for it every other
// supplier is NOT_FOUND, exactly as another tenant's.
bool SupplierVisible(const Caller& caller, absl::string_view supplier_id);

// The start of a list under "suppliers/{id}": `parent`, `page_size` and
// `page_token` (bound to `method`, the tenant and the parent) are validated
// together, then the supplier is read so that an absent or invisible one is
// NOT_FOUND.
struct SupplierListStart {
  std::string supplier_id;
  std::string query_key;  // for encoding the next page token
  std::string position;   // the store's page token; empty for the first page
};
grpc::Status StartSupplierList(const Backend& b, const Caller& caller,
                               absl::string_view method,
                               absl::string_view parent, int page_size,
                               absl::string_view page_token,
                               SupplierListStart* out);

// Query identity for page tokens: tenant, method and the query's parts.
std::string QueryKey(const Caller& caller, absl::string_view method,
                     std::initializer_list<absl::string_view> parts);

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_BACKEND_H_
