#include "service/api/page_token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace supplyrisk::api {
namespace {
constexpr size_t kMacBytes = 16;
}  // namespace

std::string PageTokens::Mac(absl::string_view query, absl::string_view position) const {
  std::string message = absl::StrCat(query.size(), ":", query, position);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &mac_len);
  return std::string(reinterpret_cast<const char*>(mac), kMacBytes);
}

std::string PageTokens::Encode(absl::string_view query, absl::string_view position) const {
  return absl::WebSafeBase64Escape(absl::StrCat(Mac(query, position), position));
}

absl::StatusOr<std::string> PageTokens::Decode(absl::string_view query,
                                               absl::string_view token) const {
  if (token.empty()) return std::string();
  std::string raw;
  if (token.size() > 4096 || !absl::WebSafeBase64Unescape(token, &raw) || raw.size() < kMacBytes) {
    return absl::InvalidArgumentError("malformed page token");
  }
  std::string position = raw.substr(kMacBytes);
  std::string expected = Mac(query, position);
  if (CRYPTO_memcmp(expected.data(), raw.data(), kMacBytes) != 0) {
    return absl::InvalidArgumentError(
        "page token does not belong to this query (filter, order or parent "
        "changed)");
  }
  return position;
}

int EffectivePageSize(int requested, int default_size, int max_size) {
  if (requested < 0) return -1;
  if (requested == 0) return default_size;
  return requested > max_size ? max_size : requested;
}

}  // namespace supplyrisk::api
