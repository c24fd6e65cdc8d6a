// The web checks as pure functions over what was fetched: the HTTP and HTTPS redirect chains of
// one site and the response heads they returned. No network here; fetch.h produces the input.
#ifndef SUPPLYRISK_CLIENTS_SCAN_WEB_ASSESS_H_
#define SUPPLYRISK_CLIENTS_SCAN_WEB_ASSESS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "clients/scan/web/headers.h"

namespace supplyrisk::scan::web {

// HSTS max-age below this (180 days, what the HTTP Observatory asks for) counts as missing.
inline constexpr long long kMinHstsMaxAge = 15552000;

// One request of a redirect chain and its response.
struct Hop {
  std::string url;       // absolute URL requested
  ResponseHead head;     // its response
  std::string location;  // the absolute redirect target of a 3xx with Location; else empty
};

// A redirect chain as followed from `start_url`.
struct Chain {
  std::string start_url;
  std::vector<Hop> hops;  // responses received, in order
  // Why a request failed (connection, TLS, timeout, malformed head); empty when none did.
  std::string error;
  // Why a redirect was not followed: over the redirect limit, or to a scheme other than http
  // and https. Empty when every redirect was followed.
  std::string redirect_error;
  // Nothing accepted a connection at start_url (refused, or the connect timed out).
  bool connect_failed = false;
};

struct SiteObservation {
  std::string host;      // the host named by the target
  std::string site_url;  // https://host[:port]/, the asset of the site's signals
  Chain http;            // from http://host[:port]/
  Chain https;           // from https://host[:port]/
};

// A failed check: the catalogue id, the asset and what was seen.
struct Finding {
  std::string check_id;
  std::string asset;
  std::string detail;
};

// Scheme and host of an absolute URL, both lowercased, the host without brackets or a trailing
// dot; empty strings when `url` has no "scheme://".
struct UrlParts {
  std::string scheme;
  std::string host;
};
UrlParts SplitUrl(absl::string_view url);

// The max-age of the first Strict-Transport-Security value, or a reason it has none (RFC 6797
// section 6.1: directives separated by ';', names case-insensitive, a value optionally quoted,
// a repeated directive invalidates the header). Returns -1 and sets `why` when invalid.
long long HstsMaxAge(absl::string_view value, std::string* why);

// Whether the response forbids framing by other sites: a Content-Security-Policy with
// frame-ancestors allowing no wildcard or bare scheme, or else (frame-ancestors absent from
// every policy) X-Frame-Options DENY or SAMEORIGIN in every value.
bool FramingProtected(const ResponseHead& head, std::string* why);

// The digit-bearing product/version tokens ("nginx/1.22.1", "PHP/8.2.7") of a Server or
// X-Powered-By value.
std::vector<std::string> VersionTokens(absl::string_view value);

// Every failed web check of `site`, at most one finding per check id and asset; cookie checks
// have one finding per cookie name, with asset "<site_url>#cookie=<name>". Header checks judge
// the final response of the HTTPS chain (of the HTTP chain when HTTPS gave none); HSTS counts
// only over HTTPS; cookies and versions are collected from every response of those chains.
std::vector<Finding> Assess(const SiteObservation& site);

}  // namespace supplyrisk::scan::web

#endif  // SUPPLYRISK_CLIENTS_SCAN_WEB_ASSESS_H_
