// Pushes scanner signals to a supplyriskd through SignalService.ImportSignals, as a caller with
// the scanner role. The bearer token is read from a file (never a command-line argument, where
// `ps` would show it) and travels in the clear only to a loopback target; elsewhere the channel is
// TLS, verified against the system roots or a given CA file.
//
// Example:
//   PushOptions options;
//   options.target = "127.0.0.1:50051";
//   options.token_file = "var/supplyrisk/scanner.token";
//   absl::StatusOr<PushResult> pushed = PushSignals(options, signals);
#ifndef SUPPLYRISK_CLIENTS_SCAN_PUSH_SIGNAL_PUSHER_H_
#define SUPPLYRISK_CLIENTS_SCAN_PUSH_SIGNAL_PUSHER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "supplyrisk/v1/signal.pb.h"

namespace supplyrisk::scan {

struct PushOptions {
  std::string target;      // "host:port"; required
  std::string token_file;  // a file holding the bearer token; required
  // PEM file of the CA that signs the server's certificate; empty: the system roots. Ignored for
  // a loopback target, which is reached in plain text.
  std::string ca_file;
  // Signals per ImportSignals message (the server bounds message sizes).
  int batch_size = 500;
  absl::Duration deadline = absl::Seconds(60);
};

struct PushResult {
  int imported_count = 0;
  std::vector<std::string> suppliers;  // whose signals changed
};

// Reads the token file: its first line, trimmed. InvalidArgument naming `token_file` when it is
// missing, empty, longer than 4 KiB or readable by others.
absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

// The channel to options.target: plain text to a loopback address, TLS (system roots, or
// options.ca_file) elsewhere. InvalidArgument for a missing target or an unreadable CA file.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const PushOptions& options);

// A channel with the caller's bearer token: what every client of supplyriskd here calls through.
struct ServerConnection {
  std::shared_ptr<grpc::Channel> channel;
  std::string token;
  absl::Duration deadline;
  // Prepares `context` for one call: the token, and a deadline `deadline` from now.
  void Prepare(grpc::ClientContext* context) const;
};

// Reads options.token_file (ReadTokenFile) and opens the channel (OpenChannel).
absl::StatusOr<ServerConnection> Connect(const PushOptions& options);

// Streams `signals` in batches. Precondition: every signal names its supplier. The server's error
// (code and message) is returned as is; nothing is retried, because a stream that fails part way
// may have stored earlier batches.
absl::StatusOr<PushResult> PushSignals(const PushOptions& options,
                                       const std::vector<v1::Signal>& signals);

}  // namespace supplyrisk::scan

#endif  // SUPPLYRISK_CLIENTS_SCAN_PUSH_SIGNAL_PUSHER_H_
