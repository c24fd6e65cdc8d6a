#include "engine/common/loopback.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"

namespace supplyrisk {

bool IsLoopbackAddress(absl::string_view address) {
  // A Unix domain socket is reachable from this machine only.
  if (absl::StartsWith(address, "unix:") && address.size() > 5) return true;
  absl::ConsumePrefix(&address, "dns:///");
  absl::ConsumePrefix(&address, "ipv4:");
  absl::ConsumePrefix(&address, "ipv6:");
  absl::string_view host = address;
  if (absl::ConsumePrefix(&host, "[")) {
    const size_t end = host.find(']');
    if (end == absl::string_view::npos) return false;
    host = host.substr(0, end);
  } else {
    const size_t colon = host.rfind(':');
    if (colon != absl::string_view::npos) host = host.substr(0, colon);
  }
  return host == "localhost" || host == "::1" || absl::StartsWith(host, "127.");
}

}  // namespace supplyrisk
