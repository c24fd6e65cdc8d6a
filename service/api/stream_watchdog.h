// Bounds on client streams (ImportSignals): how long one may sit idle between messages, how long it
// may stay open in all, and how many one tenant may hold open at once. gRPC's synchronous server
// gives a stream a thread for as long as the client keeps it open, so without these one token
// could hold the server's threads with streams that never send.
//
//   StreamWatchdog watchdog({.idle = absl::Seconds(30)});
//   auto lease = watchdog.Open(caller.tenant, [context] { context->TryCancel(); });
//   if (!lease.ok()) return FromAbsl(lease.status());       // too many open streams
//   while (reader->Read(&message)) { (*lease)->Touch(); ... }
//   if ((*lease)->expired()) return DEADLINE_EXCEEDED ...    // cancelled: store nothing
#ifndef SUPPLYRISK_SERVICE_API_STREAM_WATCHDOG_H_
#define SUPPLYRISK_SERVICE_API_STREAM_WATCHDOG_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace supplyrisk::api {

struct StreamLimits {
  // Longest wait for the next message.
  absl::Duration idle = absl::Seconds(30);
  // Longest a stream may stay open.
  absl::Duration total = absl::Minutes(10);
  // Open streams per tenant.
  int per_tenant = 8;
};

class StreamWatchdog {
 public:
  // With `run_thread`, a thread checks every stream four times per idle period (at most every
  // second); without it, only CheckNow() does (tests).
  explicit StreamWatchdog(
      StreamLimits limits, bool run_thread = true,
      std::function<absl::Time()> clock = [] { return absl::Now(); });
  ~StreamWatchdog();
  StreamWatchdog(const StreamWatchdog&) = delete;
  StreamWatchdog& operator=(const StreamWatchdog&) = delete;

  // One open stream. Destroying it closes the stream's entry.
  class Lease {
   public:
    ~Lease();
    // A message arrived: the idle period starts again.
    void Touch();
    // True once the watchdog cancelled the stream; reason() says which bound it passed.
    bool expired() const;
    std::string reason() const;

   private:
    friend class StreamWatchdog;
    Lease(StreamWatchdog* owner, uint64_t id) : owner_(owner), id_(id) {}
    StreamWatchdog* owner_;
    uint64_t id_;
  };

  // Registers a stream of `tenant`; `cancel` is called (once, from the watchdog's thread, under its
  // lock, so never after the lease is gone) when the stream passes a bound. It must not call back
  // into the watchdog (grpc::ServerContext::TryCancel does not). RESOURCE_EXHAUSTED when the
  // tenant already holds `per_tenant` streams.
  absl::StatusOr<std::unique_ptr<Lease>> Open(absl::string_view tenant,
                                              std::function<void()> cancel);

  // Cancels every stream past a bound now.
  void CheckNow();

 private:
  struct Entry {
    std::string tenant;
    std::function<void()> cancel;
    absl::Time opened;
    absl::Time last_message;
    std::string expired_reason;  // empty while within bounds
  };
  void Loop();

  const StreamLimits limits_;
  const std::function<absl::Time()> clock_;
  mutable absl::Mutex mu_;
  std::map<uint64_t, Entry> entries_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int> open_per_tenant_ ABSL_GUARDED_BY(mu_);
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_STREAM_WATCHDOG_H_
