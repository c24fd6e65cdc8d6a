#ifndef SUPPLYRISK_SERVICE_API_SERVER_H_
#define SUPPLYRISK_SERVICE_API_SERVER_H_

// The supplyrisk gRPC server: opens the store, loads the built-in catalogue, templates and policy,
// and serves the seven services with health checking and reflection. Shutdown ends change streams
// and drains in-flight calls before the store closes.

#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/api/stream_watchdog.h"
#include "service/store/store.h"
#include "supplyrisk/v1/api_common.pb.h"
#include "supplyrisk/v1/policy.pb.h"

namespace supplyrisk::api {

struct ServerOptions {
  // host:port; port 0 picks a free port (see ApiServer::port()).
  std::string listen = "127.0.0.1:50051";
  // The RocksDB directory.
  std::string db_path;
  // PEM files. With cert and key the server speaks TLS; with a client CA too, it requires and
  // verifies client certificates (mutual TLS).
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  v1::AuthConfig auth;
  // Keys page tokens; keep it across restarts so tokens stay valid.
  std::string page_token_secret;
  // Bound on request and response messages.
  int max_message_bytes = 8 << 20;
  // One JSON line per call; null for none.
  FILE* log = stderr;
  // Sync the WAL on every acknowledged write.
  bool sync = true;
  // How far ahead of the server's clock a time in a request may be (answered_at, observed_at,
  // as_of,
  // ...): later ones are refused as in the future.
  absl::Duration clock_skew = absl::Minutes(5);
  // Bounds on client streams (ImportSignals): idle time, total time, open streams per tenant.
  StreamLimits stream_limits;
  // Time between scheduled dirty-only rescorings of every tenant; zero for none.
  absl::Duration rescore_interval = absl::ZeroDuration();
  // Threads a rescoring scores on.
  int rescore_threads = 2;
  // Suppliers scored between two checkpoints of a rescoring's progress.
  int rescore_page_size = 256;
  // The policy every assessment is scored, explained and chained under; its version is in each
  // assessment. Empty (no version) for the built-in one. Precondition: a valid policy
  // (policy::ValidatePolicy) when set. A dry run may project another (RescoreService).
  v1::ScoringPolicy policy;
};

class ApiServer {
 public:
  static absl::StatusOr<std::unique_ptr<ApiServer>> Start(const ServerOptions& options);
  ~ApiServer();

  // The port actually bound.
  int port() const { return port_; }
  // Ends change streams, stops accepting calls, waits up to `grace` for in-flight ones (then
  // cancels them) and closes the store. Idempotent.
  void Shutdown(absl::Duration grace);
  // Blocks until the server has shut down.
  void Wait();
  store::Store* store() { return store_.get(); }

 private:
  ApiServer();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<store::Store> store_;
  int port_ = 0;
};

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_SERVER_H_
