#include "clients/scan/web/fetch.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

#include "absl/base/call_once.h"
#include "absl/strings/str_cat.h"
#include "clients/scan/common/host_rate_limit.h"

namespace supplyrisk::scan::web {
namespace {

constexpr char kUserAgent[] = "supplyrisk-scan/web/1.0";

struct Received {
  std::string head;
  size_t max_head = 0;
  bool head_too_large = false;
  size_t body_bytes = 0;
  size_t max_body = 0;
  bool body_limit_hit = false;
};

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  const size_t bytes = size * count;
  if (received->head.size() + bytes > received->max_head) {
    received->head_too_large = true;
    return 0;  // Aborts the transfer.
  }
  received->head.append(data, bytes);
  return bytes;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  received->body_bytes += size * count;
  if (received->body_bytes > received->max_body) {
    received->body_limit_hit = true;
    return 0;  // Enough: the body is not judged, only bounded.
  }
  return size * count;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

void GlobalInit() {
  static absl::once_flag once;
  absl::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One GET of `url` with at most `remaining` time; fills `hop` or returns the failure.
std::string FetchOne(CURL* curl, const std::string& url, const FetchOptions& options,
                     absl::Duration remaining, Hop* hop, bool* connect_failed) {
  Received received;
  received.max_head = options.max_header_bytes;
  received.max_body = options.max_body_bytes;
  char error[CURL_ERROR_SIZE] = {0};
  HostRateLimiter::Global().Acquire(SplitUrl(url).host);
  curl_easy_reset(curl);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROXY, "");  // Never through a proxy from the environment.
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(options.connect_timeout)));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(std::max<int64_t>(1, absl::ToInt64Milliseconds(remaining))));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, kUserAgent);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &received);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
  const CURLcode code = curl_easy_perform(curl);
  if (received.head_too_large) {
    return absl::StrCat(url, ": response head over ", options.max_header_bytes, " bytes");
  }
  if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && received.body_limit_hit)) {
    curl_off_t connected = 0;
    curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connected);
    *connect_failed =
        code == CURLE_COULDNT_CONNECT || (code == CURLE_OPERATION_TIMEDOUT && connected == 0);
    return absl::StrCat(url, ": ", error[0] != '\0' ? error : curl_easy_strerror(code));
  }
  absl::StatusOr<ResponseHead> head = ParseResponseHead(received.head, options.max_header_bytes);
  if (!head.ok()) return absl::StrCat(url, ": ", head.status().message());
  hop->url = url;
  hop->head = *std::move(head);
  char* location = nullptr;
  const int status = hop->head.status;
  if (status >= 300 && status < 400 &&
      curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location) == CURLE_OK &&
      location != nullptr) {
    hop->location = location;
  }
  return "";
}

}  // namespace

Chain FetchChain(absl::string_view start_url, const FetchOptions& options) {
  GlobalInit();
  Chain chain;
  chain.start_url = std::string(start_url);
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (curl == nullptr) {
    chain.error = "libcurl: curl_easy_init failed";
    return chain;
  }
  const absl::Time deadline = absl::Now() + options.total_timeout;
  std::string url = chain.start_url;
  for (int redirects = 0;; ++redirects) {
    const absl::Duration remaining = deadline - absl::Now();
    if (remaining <= absl::ZeroDuration()) {
      chain.error =
          absl::StrCat("redirect chain took over ", absl::FormatDuration(options.total_timeout));
      return chain;
    }
    Hop hop;
    bool connect_failed = false;
    std::string error = FetchOne(curl.get(), url, options, remaining, &hop, &connect_failed);
    if (!error.empty()) {
      chain.error = std::move(error);
      chain.connect_failed = connect_failed && chain.hops.empty();
      return chain;
    }
    chain.hops.push_back(std::move(hop));
    const std::string& next = chain.hops.back().location;
    if (next.empty()) return chain;
    const std::string scheme = SplitUrl(next).scheme;
    if (scheme != "http" && scheme != "https") {
      chain.redirect_error = absl::StrCat(url, " redirects to ", next, ", neither http nor https");
      return chain;
    }
    if (redirects >= options.max_redirects) {
      chain.redirect_error =
          absl::StrCat("more than ", options.max_redirects, " redirects from ", start_url);
      return chain;
    }
    url = next;
  }
}

}  // namespace supplyrisk::scan::web
