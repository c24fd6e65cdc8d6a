// At most so many new connections per second to any one host, across every scanner of the process.
// A TLS check alone opens dozens of connections (one per protocol version and cipher group); an
// outside-in scan must not look like an attack to the supplier it observes, nor trip its rate
// limits and so observe less than is there.
//
// Example:
//   HostRateLimiter::Global().Configure(10, 5);  // 10 per second and host, bursts of 5
//   HostRateLimiter::Global().Acquire("www.example.jp");  // before each connect
#ifndef SUPPLYRISK_CLIENTS_SCAN_COMMON_HOST_RATE_LIMIT_H_
#define SUPPLYRISK_CLIENTS_SCAN_COMMON_HOST_RATE_LIMIT_H_

#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace supplyrisk::scan {

// A token bucket per host (names compared without case): `burst` connections may start at once,
// then one every 1 / per_second. Thread-safe.
class HostRateLimiter {
 public:
  // The clock and the sleep are injectable for tests; by default the real ones.
  HostRateLimiter(std::function<absl::Time()> now = absl::Now,
                  std::function<void(absl::Duration)> sleep = absl::SleepFor);

  // The limiter the scanners share. Unlimited until configured (a library user chooses); the
  // `supplyrisk scan` CLI configures it from --max_connections_per_second.
  static HostRateLimiter& Global();

  // per_second <= 0 turns the limit off. Precondition: burst >= 1.
  void Configure(double per_second, int burst);

  // Blocks until a new connection to `host` may start, and counts it.
  void Acquire(absl::string_view host);

  // How long Acquire(host) has waited in total, for reports and tests.
  absl::Duration waited() const;

 private:
  struct Bucket {
    double tokens = 0;
    absl::Time refilled;
  };
  std::function<absl::Time()> now_;
  std::function<void(absl::Duration)> sleep_;
  mutable absl::Mutex mu_;
  double per_second_ ABSL_GUARDED_BY(mu_) = 0;
  int burst_ ABSL_GUARDED_BY(mu_) = 1;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
  absl::Duration waited_ ABSL_GUARDED_BY(mu_);
};

}  // namespace supplyrisk::scan

#endif  // SUPPLYRISK_CLIENTS_SCAN_COMMON_HOST_RATE_LIMIT_H_
