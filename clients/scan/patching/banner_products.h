// Maps the banners the scanners see to a CPE vendor/product and version, so that versions can be
// matched against a CVE feed. Pure functions on the banner text.
#ifndef SUPPLYRISK_CLIENTS_SCAN_PATCHING_BANNER_PRODUCTS_H_
#define SUPPLYRISK_CLIENTS_SCAN_PATCHING_BANNER_PRODUCTS_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace supplyrisk::scan {

// A product as NVD's CPE names it. NVD files nginx under both "f5" and "nginx", so `vendor`
// may hold a second accepted vendor in `alt_vendor`.
struct BannerProduct {
  std::string vendor;
  std::string alt_vendor;  // empty unless the product has two CPE vendors
  std::string product;
  std::string version;
};

// Recognises an SSH identification ("SSH-2.0-OpenSSH_8.9p1 Ubuntu-3"), an HTTP Server value
// with or without "Server:" ("nginx/1.22.1", "Apache/2.4.57 (Debian)") and FTP greetings
// ("220 (vsFTPd 3.0.3)", "220 ProFTPD 1.3.5 Server"). Nullopt when no product with a version is
// named.
std::optional<BannerProduct> ProductFromBanner(absl::string_view banner);

}  // namespace supplyrisk::scan

#endif  // SUPPLYRISK_CLIENTS_SCAN_PATCHING_BANNER_PRODUCTS_H_
