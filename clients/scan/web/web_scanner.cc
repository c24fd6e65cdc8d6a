#include "clients/scan/web/web_scanner.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace supplyrisk::scan::web {
namespace {

absl::Status ValidateHost(const std::string& host) {
  if (host.empty()) return absl::InvalidArgumentError("host: missing");
  if (host.size() > 253) return absl::InvalidArgumentError("host: longer than 253 bytes");
  const bool ipv6 = host.find(':') != std::string::npos;
  for (char c : host) {
    const bool ok =
        ipv6 ? (absl::ascii_isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')
             : (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-');
    if (!ok) {
      return absl::InvalidArgumentError(
          absl::StrCat("host: \"", host, "\" is neither a DNS name nor an IP address"));
    }
  }
  return absl::OkStatus();
}

absl::Status Validate(const SiteTarget& site, const FetchOptions& fetch) {
  if (absl::Status host = ValidateHost(site.host); !host.ok()) return host;
  for (auto [name, port] :
       {std::pair{"http_port", site.http_port}, {"https_port", site.https_port}}) {
    if (port < 1 || port > 65535) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": ", port, " is not in 1..65535"));
    }
  }
  for (auto [name, timeout] : {std::pair{"connect_timeout", fetch.connect_timeout},
                               {"total_timeout", fetch.total_timeout}}) {
    if (timeout <= absl::ZeroDuration() || timeout > absl::Seconds(60)) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": must be in (0, 60s]"));
    }
  }
  if (fetch.max_redirects < 0 || fetch.max_redirects > 5) {
    return absl::InvalidArgumentError("max_redirects: must be in 0..5");
  }
  for (auto [name, bytes] : {std::pair{"max_header_bytes", fetch.max_header_bytes},
                             {"max_body_bytes", fetch.max_body_bytes}}) {
    if (bytes < 1024 || bytes > (16u << 20)) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": must be in 1 KiB..16 MiB"));
    }
  }
  return absl::OkStatus();
}

std::string Url(absl::string_view scheme, const std::string& host, int port, int default_port) {
  const std::string authority =
      host.find(':') != std::string::npos ? absl::StrCat("[", host, "]") : host;
  if (port == default_port) return absl::StrCat(scheme, "://", authority, "/");
  return absl::StrCat(scheme, "://", authority, ":", port, "/");
}

}  // namespace

absl::StatusOr<WebReport> ScanSite(const SiteTarget& site, const ScanOptions& options,
                                   absl::Time now, const CheckCatalog& catalog) {
  if (absl::Status valid = Validate(site, options.fetch); !valid.ok()) return valid;
  SiteObservation observed;
  observed.host = absl::AsciiStrToLower(site.host);
  observed.site_url = Url("https", observed.host, site.https_port, 443);
  observed.http = FetchChain(Url("http", observed.host, site.http_port, 80), options.fetch);
  observed.https = FetchChain(observed.site_url, options.fetch);
  return BuildReport(observed, catalog, now, options.supplier);
}

}  // namespace supplyrisk::scan::web
