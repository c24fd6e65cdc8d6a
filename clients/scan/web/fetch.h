// Follows one redirect chain with libcurl, keeping each response's head and no body.
#ifndef SUPPLYRISK_CLIENTS_SCAN_WEB_FETCH_H_
#define SUPPLYRISK_CLIENTS_SCAN_WEB_FETCH_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "clients/scan/web/assess.h"

namespace supplyrisk::scan::web {

struct FetchOptions {
  absl::Duration connect_timeout = absl::Seconds(5);  // per connection
  absl::Duration total_timeout = absl::Seconds(15);   // the whole chain
  int max_redirects = 5;                              // 0..5
  size_t max_header_bytes = 64 * 1024;                // per response head
  size_t max_body_bytes = 256 * 1024;                 // read (and dropped) per response
  std::string ca_file;  // PEM CA bundle instead of the system one; empty for the system's
};

// GETs `start_url` and follows redirects itself (so every hop is seen) up to
// `options.max_redirects`, only to http and https URLs. TLS peer and host verification are
// always on, proxies are never used, CURLOPT_PROTOCOLS allows http and https only. A failure is
// recorded in the chain (error, connect_failed), never returned: it is an observation.
Chain FetchChain(absl::string_view start_url, const FetchOptions& options);

}  // namespace supplyrisk::scan::web

#endif  // SUPPLYRISK_CLIENTS_SCAN_WEB_FETCH_H_
