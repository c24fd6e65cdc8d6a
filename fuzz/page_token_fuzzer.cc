// List page tokens, which clients send back. The input is split at its first NUL into a query and
// a token (or a position). Contract: no crash or UB; a token either fails with INVALID_ARGUMENT or
// decodes to a position that re-encodes to a token decoding to the same position; a token that
// decodes for one query fails for another; any position encodes to a token that decodes back to it.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "service/api/page_token.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const supplyrisk::api::PageTokens tokens("fuzz page-token secret, fixed");
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const absl::string_view query = nul == absl::string_view::npos ? "" : input.substr(0, nul);
  const absl::string_view rest = nul == absl::string_view::npos ? input : input.substr(nul + 1);

  const absl::StatusOr<std::string> position = tokens.Decode(query, rest);
  if (!position.ok()) {
    FUZZ_CHECK(position.status().code() == absl::StatusCode::kInvalidArgument,
               "a bad token is INVALID_ARGUMENT");
  } else {
    const absl::StatusOr<std::string> again = tokens.Decode(query, tokens.Encode(query, *position));
    FUZZ_CHECK(again.ok() && *again == *position, "a decoded position re-encodes");
    if (!rest.empty()) {
      FUZZ_CHECK(!tokens.Decode(absl::StrCat(query, "x"), rest).ok(),
                 "a token is bound to its query");
    }
  }

  // The same bytes as a position (the store's keys are bytes too). Decode refuses tokens over
  // 4096 characters, so only positions whose token fits (about 3 KB) must come back.
  const std::string token = tokens.Encode(query, rest);
  if (token.size() > 4096) return 0;
  const absl::StatusOr<std::string> decoded = tokens.Decode(query, token);
  FUZZ_CHECK(decoded.ok(), "an issued token decodes");
  FUZZ_CHECK(*decoded == rest, "an issued token decodes to its position");
  FUZZ_CHECK(!tokens.Decode(absl::StrCat(query, "x"), token).ok() || rest.empty(),
             "an issued token is bound to its query");
  return 0;
}
