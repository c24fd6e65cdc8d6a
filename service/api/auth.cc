#include "service/api/auth.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/common/sha256.h"
#include "google/protobuf/text_format.h"

namespace supplyrisk::api {
namespace {

bool ValidTenant(absl::string_view tenant) {
  if (tenant.empty() || tenant.size() > 63) return false;
  for (char c : tenant) {
    if (!(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) {
      return false;
    }
  }
  return true;
}

bool IsLowerHex(absl::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

absl::StatusOr<std::pair<Caller, std::optional<absl::Time>>> ToCaller(
    const v1::AuthConfig::Principal& p, absl::string_view where, absl::string_view via) {
  if (!ValidTenant(p.tenant())) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ".principal.tenant: must be 1-63 letters, digits, '-' or '_'"));
  }
  if (p.roles().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ".principal.roles: empty"));
  }
  Caller caller;
  caller.tenant = p.tenant();
  for (int role : p.roles()) {
    if (role == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(role)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ".principal.roles: unknown role ", role));
    }
    caller.roles.push_back(static_cast<v1::Role>(role));
  }
  caller.supplier = p.supplier();
  if (caller.Has(v1::ROLE_SUPPLIER) &&
      (!absl::StartsWith(p.supplier(), "suppliers/") || p.supplier().size() <= 10)) {
    return absl::InvalidArgumentError(
        absl::StrCat(where,
                     ".principal.supplier: a ROLE_SUPPLIER principal needs "
                     "\"suppliers/{id}\""));
  }
  caller.label = p.label();
  caller.via = std::string(via);
  std::optional<absl::Time> expire;
  if (!p.expire_time().empty()) {
    absl::Time t;
    std::string err;
    if (!absl::ParseTime(absl::RFC3339_full, p.expire_time(), &t, &err)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ".principal.expire_time: not RFC 3339: ", err));
    }
    expire = t;
  }
  return std::make_pair(caller, expire);
}

}  // namespace

bool Caller::Has(v1::Role role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::string Caller::RoleName() const {
  std::string out;
  for (v1::Role r : roles) {
    std::string name = v1::Role_Name(r);
    if (absl::StartsWith(name, "ROLE_")) name = name.substr(5);
    absl::StrAppend(&out, out.empty() ? "" : "+", absl::AsciiStrToLower(name));
  }
  return out;
}

absl::StatusOr<v1::AuthConfig> LoadAuthConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read auth config ", path));
  std::stringstream text;
  text << in.rdbuf();
  v1::AuthConfig config;
  if (!google::protobuf::TextFormat::ParseFromString(text.str(), &config)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not a text-format supplyrisk.v1.AuthConfig"));
  }
  return config;
}

absl::StatusOr<std::unique_ptr<Authenticator>> Authenticator::Create(const v1::AuthConfig& config) {
  auto auth = std::unique_ptr<Authenticator>(new Authenticator());
  for (int i = 0; i < config.tokens_size(); ++i) {
    const auto& t = config.tokens(i);
    std::string where = absl::StrCat("tokens[", i, "]");
    if (t.sha256().size() != 64 || !IsLowerHex(t.sha256())) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ".sha256: must be 64 lower-case hex digits"));
    }
    auto caller = ToCaller(t.principal(), where, "token");
    if (!caller.ok()) return caller.status();
    if (!auth->by_token_hash_.emplace(t.sha256(), Entry{caller->first, caller->second}).second) {
      return absl::InvalidArgumentError(absl::StrCat(where, ".sha256: duplicate"));
    }
  }
  for (int i = 0; i < config.certificates_size(); ++i) {
    const auto& c = config.certificates(i);
    std::string where = absl::StrCat("certificates[", i, "]");
    if (c.identity().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ".identity: empty"));
    }
    auto caller = ToCaller(c.principal(), where, "mtls");
    if (!caller.ok()) return caller.status();
    if (!auth->by_identity_.emplace(c.identity(), Entry{caller->first, caller->second}).second) {
      return absl::InvalidArgumentError(absl::StrCat(where, ".identity: duplicate"));
    }
  }
  return auth;
}

absl::StatusOr<Caller> Authenticator::Check(const Entry& entry, absl::Time now) const {
  if (entry.expire_time.has_value() && now >= *entry.expire_time) {
    return absl::UnauthenticatedError("credential expired");
  }
  return entry.caller;
}

absl::StatusOr<Caller> Authenticator::Authenticate(const grpc::ServerContext& context,
                                                   absl::Time now) const {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it != metadata.end()) {
    absl::string_view value(it->second.data(), it->second.size());
    constexpr absl::string_view kBearer = "Bearer ";
    if (!absl::StartsWithIgnoreCase(value, kBearer) || value.size() == kBearer.size()) {
      return absl::UnauthenticatedError("authorization metadata is not \"Bearer <token>\"");
    }
    auto found = by_token_hash_.find(Sha256Hex(value.substr(kBearer.size())));
    if (found == by_token_hash_.end()) {
      return absl::UnauthenticatedError("unknown bearer token");
    }
    return Check(found->second, now);
  }
  std::shared_ptr<const grpc::AuthContext> auth_context = context.auth_context();
  if (auth_context != nullptr && auth_context->IsPeerAuthenticated()) {
    // The TLS layer has verified the chain; map its identities (SANs first, then the CN).
    for (const char* property : {"x509_subject_alternative_name", "x509_common_name"}) {
      for (const grpc::string_ref& identity : auth_context->FindPropertyValues(property)) {
        auto found = by_identity_.find(std::string(identity.data(), identity.size()));
        if (found != by_identity_.end()) return Check(found->second, now);
      }
    }
    return absl::UnauthenticatedError("client certificate identity is not configured");
  }
  return absl::UnauthenticatedError(
      "no credentials: send \"authorization: Bearer <token>\" or a client "
      "certificate");
}

RateLimiter::RateLimiter(double per_second, double burst)
    : per_second_(per_second), burst_(std::max(1.0, burst)) {}

bool RateLimiter::Allow(absl::string_view tenant, absl::Time now, absl::Duration* retry_after) {
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = buckets_.try_emplace(tenant, Bucket{burst_, now});
  Bucket& bucket = it->second;
  if (!inserted && now > bucket.updated) {
    bucket.tokens =
        std::min(burst_, bucket.tokens + absl::ToDoubleSeconds(now - bucket.updated) * per_second_);
    bucket.updated = now;
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return true;
  }
  *retry_after = absl::Seconds((1.0 - bucket.tokens) / per_second_);
  return false;
}

}  // namespace supplyrisk::api
