#ifndef SUPPLYRISK_SERVICE_API_WATCH_HUB_H_
#define SUPPLYRISK_SERVICE_API_WATCH_HUB_H_

// Wakes WatchAssessments streams when their tenant's audit log grows. The events themselves are
// read back from the audit log, which makes streams resumable from any sequence and loses nothing
// across restarts; the hub only says "look again".

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "supplyrisk/v1/audit.pb.h"

namespace supplyrisk::api {

class WatchHub {
 public:
  // The store's commit listener: bumps the version of each tenant in `entries`.
  void Notify(const std::vector<v1::AuditEntry>& entries);
  // The tenant's current version.
  uint64_t Version(absl::string_view tenant);
  // Blocks until the tenant's version differs from `seen`, `timeout` passes, or Shutdown.
  void Wait(absl::string_view tenant, uint64_t seen, absl::Duration timeout);
  // Ends every wait now and from now on, so streams finish and the server can drain.
  void Shutdown();
  bool shutting_down();

  // Each open stream holds a server thread, so a tenant may hold at most `max_streams` at once:
  // Enter returns false when it would exceed them, and every successful Enter is paired with one
  // Leave.
  bool Enter(absl::string_view tenant, int max_streams);
  void Leave(absl::string_view tenant);

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, uint64_t> versions_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, int> open_streams_ ABSL_GUARDED_BY(mu_);
  bool shutdown_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_WATCH_HUB_H_
