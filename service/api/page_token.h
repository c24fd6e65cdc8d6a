#ifndef SUPPLYRISK_SERVICE_API_PAGE_TOKEN_H_
#define SUPPLYRISK_SERVICE_API_PAGE_TOKEN_H_

// Opaque list page tokens bound to their query: a token carries the position to resume from and an
// HMAC-SHA256 over the position and the query (tenant, method, parent, filter, order), so it cannot
// be forged, edited, or replayed against another query or tenant.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace supplyrisk::api {

class PageTokens {
 public:
  // `secret` keys the HMAC; tokens stay valid as long as the secret does.
  explicit PageTokens(std::string secret) : secret_(std::move(secret)) {}

  std::string Encode(absl::string_view query, absl::string_view position) const;
  // The position inside `token`, or INVALID_ARGUMENT when the token is malformed, forged or issued
  // for another query. An empty token decodes to an empty position (the first page).
  absl::StatusOr<std::string> Decode(absl::string_view query, absl::string_view token) const;

 private:
  std::string Mac(absl::string_view query, absl::string_view position) const;
  std::string secret_;
};

// Page size after the API's rules: 0 means `default_size`, larger than `max_size` is clamped;
// negative is an error the caller reports as a field violation (returns -1).
int EffectivePageSize(int requested, int default_size = 100, int max_size = 1000);

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_PAGE_TOKEN_H_
