#include "clients/scan/patching/banner_products.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"

namespace supplyrisk::scan {
namespace {

// The version that starts `text`: digits, letters, '.', '-' and '_' up to the first other byte;
// empty unless it starts with a digit. At most 32 bytes.
std::string LeadingVersion(absl::string_view text) {
  if (text.empty() || !absl::ascii_isdigit(static_cast<unsigned char>(text[0]))) return "";
  size_t n = 0;
  while (n < text.size() && n < 32) {
    const unsigned char c = static_cast<unsigned char>(text[n]);
    if (!absl::ascii_isalnum(c) && c != '.' && c != '_') break;
    ++n;
  }
  return std::string(text.substr(0, n));
}

// "<marker><version>" anywhere in `banner`.
std::optional<BannerProduct> After(absl::string_view banner, absl::string_view marker,
                                   absl::string_view vendor, absl::string_view product) {
  size_t at = banner.find(marker);
  if (at == absl::string_view::npos) return std::nullopt;
  std::string version = LeadingVersion(banner.substr(at + marker.size()));
  if (version.empty()) return std::nullopt;
  return BannerProduct{std::string(vendor), "", std::string(product), version};
}

}  // namespace

std::optional<BannerProduct> ProductFromBanner(absl::string_view banner) {
  banner = banner.substr(0, 512);
  banner = absl::StripAsciiWhitespace(banner);
  if (absl::StartsWithIgnoreCase(banner, "server:")) {
    banner = absl::StripAsciiWhitespace(banner.substr(7));
  }
  if (absl::StartsWith(banner, "SSH-")) {
    return After(banner, "OpenSSH_", "openbsd", "openssh");
  }
  if (absl::StartsWith(banner, "220")) {
    if (auto p = After(banner, "vsFTPd ", "beasts", "vsftpd")) return p;
    return After(banner, "ProFTPD ", "proftpd", "proftpd");
  }
  if (absl::StartsWith(banner, "nginx/")) {
    auto p = After(banner, "nginx/", "f5", "nginx");
    if (p) p->alt_vendor = "nginx";
    return p;
  }
  if (absl::StartsWith(banner, "Apache/")) {
    return After(banner, "Apache/", "apache", "http_server");
  }
  return std::nullopt;
}

}  // namespace supplyrisk::scan
