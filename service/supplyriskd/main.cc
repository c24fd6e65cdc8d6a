// supplyriskd: the supplyrisk gRPC server.
//
// With no flags it serves on 127.0.0.1:50051 with its database under ./var/supplyrisk and, as no
// --auth_config is given, creates a development bearer token for an admin of tenant "demo" in a
// 0600 file under the data directory (its path is logged, never the token); it then refuses any
// --listen address beyond this machine. `--help` lists the flags, `--version` prints the version.

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/common/loopback.h"
#include "engine/common/sha256.h"
#include "engine/policy/policy.h"
#include "openssl/rand.h"
#include "service/api/auth.h"
#include "service/api/call.h"
#include "service/api/server.h"
#include "service/jobs/confirmation_thinner.h"
#include "service/jobs/idempotency_purger.h"
#include "service/supplyriskd/command_line.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "host:port to serve on; port 0 picks one");
ABSL_FLAG(std::string, data_dir, "./var/supplyrisk",
          "directory of the database, the page-token key and the development token");
ABSL_FLAG(std::string, tls_cert, "", "PEM server certificate (enables TLS)");
ABSL_FLAG(std::string, tls_key, "", "PEM server private key");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA bundle; when set, clients must present a certificate it "
          "signed (mTLS)");
ABSL_FLAG(std::string, auth_config, "",
          "text-format supplyrisk.v1.AuthConfig; empty creates a development "
          "admin token "
          "for tenant \"demo\"");
ABSL_FLAG(int, max_message_bytes, 8 << 20, "bound on request and response sizes");
ABSL_FLAG(absl::Duration, clock_skew, absl::Minutes(5),
          "how far ahead of this server's clock a time in a request may be (answered_at, "
          "observed_at, last_observed_at, resolved_at, submitted_at, DATE answers, as_of); later "
          "ones are refused as in the future, e.g. 5m, 30s");
ABSL_FLAG(int, drain_seconds, 10, "on SIGTERM/SIGINT, how long in-flight calls may finish");
ABSL_FLAG(absl::Duration, stream_idle_timeout, absl::Seconds(30),
          "a client stream (ImportSignals) that sends nothing for this long is cancelled and "
          "imports nothing, e.g. 30s");
ABSL_FLAG(absl::Duration, stream_max_duration, absl::Minutes(10),
          "a client stream open longer than this is cancelled and imports nothing, e.g. 10m");
ABSL_FLAG(int, max_streams_per_tenant, 8,
          "client streams one tenant may hold open at once (1..1000); more are RESOURCE_EXHAUSTED");
ABSL_FLAG(absl::Duration, idempotency_purge_interval, absl::Hours(1),
          "how often expired idempotency records (request_id retries) are purged, every tenant in "
          "small batches, e.g. 1h, 10m; 0 disables the purge");
ABSL_FLAG(int, confirmation_retention_days, 90,
          "confirmations (rescorings that found an assessment unchanged) older than this many days "
          "are thinned in the background, keeping the newest of each assessment; 1 to 36500");
ABSL_FLAG(absl::Duration, confirmation_thinning_interval, absl::Hours(6),
          "how often old confirmations are thinned, e.g. 6h; 0 disables the thinning");
ABSL_FLAG(absl::Duration, rescore_interval, absl::ZeroDuration(),
          "how often a dirty-only rescoring is started for every tenant with changed or due "
          "suppliers, e.g. 15m; 0 (the default) schedules none");
ABSL_FLAG(std::string, policy, "",
          "scoring policy file (textproto) to score under instead of the built-in one; its "
          "version names it in every assessment");
ABSL_FLAG(int, rescore_threads, 2, "threads a rescoring scores on (1..64)");
ABSL_FLAG(int, rescore_page_size, 256,
          "suppliers a rescoring scores between two checkpoints of its progress (1..10000)");

namespace {

using supplyrisk::api::CallLog;

// mkdir -p with mode 0700 for directories it creates.
absl::Status MakeDirs(const std::string& path) {
  std::string partial;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || (path[i] == '/' && i > 0)) {
      partial = path.substr(0, i);
      if (mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
        return absl::InternalError(absl::StrCat("mkdir ", partial, ": ", strerror(errno)));
      }
    }
  }
  return absl::OkStatus();
}

std::string RandomHex(int bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&raw[0]), bytes) != 1) {
    fprintf(stderr, "supplyriskd: no randomness available\n");
    exit(1);
  }
  return supplyrisk::HexEncode(raw);
}

// The scoring policy in `path` (textproto), checked as every policy is.
absl::StatusOr<supplyrisk::v1::ScoringPolicy> LoadPolicy(const std::string& path) {
  constexpr size_t kMaxPolicyBytes = 1 << 20;
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().size() > kMaxPolicyBytes) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": larger than 1 MiB"));
  }
  return supplyrisk::policy::ParsePolicyText(text.str(), path);
}

// The secret in `path`, created (0600, exclusively) with fresh random content when absent. An
// existing file is read without following a link, and made 0600 when others could read it
// (`*tightened` says so, for the log).
absl::StatusOr<std::string> SecretFile(const std::string& path, const std::string& prefix,
                                       bool* tightened) {
  *tightened = false;
  int existing = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (existing >= 0) {
    struct stat st;
    bool ok = fstat(existing, &st) == 0 && S_ISREG(st.st_mode);
    if (ok && (st.st_mode & 077) != 0) {
      ok = fchmod(existing, 0600) == 0;
      *tightened = ok;
    }
    std::string text;
    char buf[4096];
    ssize_t n;
    while (ok && (n = read(existing, buf, sizeof(buf))) > 0) {
      text.append(buf, static_cast<size_t>(n));
      ok = text.size() <= 4096;
    }
    close(existing);
    if (!ok) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, ": cannot read it as a small regular file or make it 0600"));
    }
    std::string value(absl::StripAsciiWhitespace(text));
    if (value.empty()) return absl::DataLossError(absl::StrCat(path, " is empty"));
    return value;
  }
  if (errno != ENOENT) {
    return absl::FailedPreconditionError(absl::StrCat("open ", path, ": ", strerror(errno)));
  }
  std::string value = prefix + RandomHex(32);
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return absl::InternalError(absl::StrCat("create ", path, ": ", strerror(errno)));
  std::string line = value + "\n";
  bool ok = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ok &= fsync(fd) == 0;
  close(fd);
  if (!ok) return absl::InternalError(absl::StrCat("write ", path, ": ", strerror(errno)));
  return value;
}

int Fail(CallLog& log, absl::string_view what, const absl::Status& status) {
  log.Event("fatal", what, status.ToString());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "supplyriskd [--listen=host:port] [--data_dir=DIR] "
      "[--tls_cert=PEM --tls_key=PEM [--tls_client_ca=PEM]] "
      "[--auth_config=FILE]");
  supplyrisk::daemon::ParseCommandLine(argc, argv, "service/supplyriskd/main.cc");
  CallLog log(stderr);

  // SIGTERM/SIGINT are taken by sigwait below; block them before gRPC starts its threads so none of
  // those threads receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  if (absl::Status made = MakeDirs(data_dir); !made.ok()) return Fail(log, "data_dir", made);

  supplyrisk::api::ServerOptions options;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.db_path = data_dir + "/db";
  options.tls_cert = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key = absl::GetFlag(FLAGS_tls_key);
  options.tls_client_ca = absl::GetFlag(FLAGS_tls_client_ca);
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  // gRPC reads -1 as "unlimited": the bound must stay a bound.
  if (options.max_message_bytes < 1024 || options.max_message_bytes > (256 << 20)) {
    return Fail(log, "max_message_bytes", absl::InvalidArgumentError("must be 1024 to 268435456"));
  }

  const absl::Duration purge_interval = absl::GetFlag(FLAGS_idempotency_purge_interval);
  if (purge_interval < absl::ZeroDuration() || purge_interval == absl::InfiniteDuration()) {
    return Fail(log, "idempotency_purge_interval",
                absl::InvalidArgumentError("must be a finite duration, 0 to disable"));
  }

  options.stream_limits.idle = absl::GetFlag(FLAGS_stream_idle_timeout);
  options.stream_limits.total = absl::GetFlag(FLAGS_stream_max_duration);
  options.stream_limits.per_tenant = absl::GetFlag(FLAGS_max_streams_per_tenant);
  if (options.stream_limits.idle < absl::Milliseconds(100) ||
      options.stream_limits.idle > absl::Hours(1)) {
    return Fail(log, "stream_idle_timeout", absl::InvalidArgumentError("must be 100ms to 1h"));
  }
  if (options.stream_limits.total < options.stream_limits.idle ||
      options.stream_limits.total > absl::Hours(24)) {
    return Fail(log, "stream_max_duration",
                absl::InvalidArgumentError("must be at least --stream_idle_timeout, at most 24h"));
  }
  if (options.stream_limits.per_tenant < 1 || options.stream_limits.per_tenant > 1000) {
    return Fail(log, "max_streams_per_tenant", absl::InvalidArgumentError("must be 1 to 1000"));
  }
  const int retention_days = absl::GetFlag(FLAGS_confirmation_retention_days);
  if (retention_days < 1 || retention_days > 36500) {
    return Fail(log, "confirmation_retention_days",
                absl::InvalidArgumentError("must be 1 to 36500"));
  }
  const absl::Duration thinning_interval = absl::GetFlag(FLAGS_confirmation_thinning_interval);
  if (thinning_interval < absl::ZeroDuration() || thinning_interval == absl::InfiniteDuration()) {
    return Fail(log, "confirmation_thinning_interval",
                absl::InvalidArgumentError("must be a finite duration, 0 to disable"));
  }

  options.rescore_interval = absl::GetFlag(FLAGS_rescore_interval);
  if (options.rescore_interval < absl::ZeroDuration() ||
      options.rescore_interval == absl::InfiniteDuration()) {
    return Fail(log, "rescore_interval",
                absl::InvalidArgumentError("must be a finite duration, 0 to disable"));
  }
  options.rescore_threads = absl::GetFlag(FLAGS_rescore_threads);
  if (options.rescore_threads < 1 || options.rescore_threads > 64) {
    return Fail(log, "rescore_threads", absl::InvalidArgumentError("must be 1 to 64"));
  }
  options.rescore_page_size = absl::GetFlag(FLAGS_rescore_page_size);
  if (options.rescore_page_size < 1 || options.rescore_page_size > 10000) {
    return Fail(log, "rescore_page_size", absl::InvalidArgumentError("must be 1 to 10000"));
  }
  if (!absl::GetFlag(FLAGS_policy).empty()) {
    auto policy = LoadPolicy(absl::GetFlag(FLAGS_policy));
    if (!policy.ok()) return Fail(log, "policy", policy.status());
    options.policy = *std::move(policy);
    log.Event("policy", "version", options.policy.version());
  }
  options.clock_skew = absl::GetFlag(FLAGS_clock_skew);
  if (options.clock_skew < absl::ZeroDuration() || options.clock_skew > absl::Hours(24)) {
    return Fail(log, "clock_skew", absl::InvalidArgumentError("must be 0s to 24h"));
  }

  if (!absl::GetFlag(FLAGS_auth_config).empty()) {
    auto config = supplyrisk::api::LoadAuthConfig(absl::GetFlag(FLAGS_auth_config));
    if (!config.ok()) return Fail(log, "auth_config", config.status());
    options.auth = *std::move(config);
  } else if (!supplyrisk::IsLoopbackAddress(options.listen)) {
    // The development token is an admin's and travels in the clear: never beyond this machine.
    return Fail(log, "listen",
                absl::InvalidArgumentError(absl::StrCat(
                    "--listen=", options.listen,
                    " is not a loopback address: serving beyond this machine needs --auth_config "
                    "(and --tls_cert/--tls_key); without it only 127.0.0.1, [::1] or localhost")));
  } else {
    // Development default: one admin token for tenant "demo", kept in a 0600 file.
    std::string path = data_dir + "/dev-admin.token";
    bool tightened = false;
    absl::StatusOr<std::string> token = SecretFile(path, "srdev_", &tightened);
    if (!token.ok()) return Fail(log, "dev_token", token.status());
    if (tightened) log.Event("dev_token_made_private", "path", path);
    auto* entry = options.auth.add_tokens();
    entry->set_sha256(supplyrisk::Sha256Hex(*token));
    entry->mutable_principal()->set_tenant("demo");
    entry->mutable_principal()->add_roles(supplyrisk::v1::ROLE_ADMIN);
    entry->mutable_principal()->set_label("dev-admin");
    log.Event("dev_token", "path", path);
  }
  const std::string key_path = data_dir + "/page-token.key";
  bool key_tightened = false;
  absl::StatusOr<std::string> secret = SecretFile(key_path, "", &key_tightened);
  if (!secret.ok()) return Fail(log, "page_token_key", secret.status());
  if (key_tightened) log.Event("page_token_key_made_private", "path", key_path);
  options.page_token_secret = *secret;

  auto server = supplyrisk::api::ApiServer::Start(options);
  if (!server.ok()) return Fail(log, "start", server.status());
  std::string host = options.listen.substr(0, options.listen.rfind(':'));
  log.Event("listening", "address", absl::StrCat(host, ":", (*server)->port()));

  // The background purge of expired idempotency records; stopped before the store closes.
  std::unique_ptr<supplyrisk::jobs::IdempotencyPurger> purger;
  if (purge_interval > absl::ZeroDuration()) {
    supplyrisk::jobs::IdempotencyPurgeOptions purge;
    purge.interval = purge_interval;
    purge.on_pass = [&log](const absl::StatusOr<int64_t>& purged) {
      if (!purged.ok()) {
        log.Event("idempotency_purge_failed", "error", purged.status().ToString());
      } else if (*purged > 0) {
        log.Event("idempotency_purged", "records", absl::StrCat(*purged));
      }
    };
    purger = std::make_unique<supplyrisk::jobs::IdempotencyPurger>((*server)->store(), purge);
    purger->Start();
  }

  // The background thinning of old confirmations; stopped before the store closes.
  std::unique_ptr<supplyrisk::jobs::ConfirmationThinner> thinner;
  if (thinning_interval > absl::ZeroDuration()) {
    supplyrisk::jobs::ConfirmationThinningOptions thinning;
    thinning.retention = absl::Hours(24) * retention_days;
    thinning.interval = thinning_interval;
    thinning.on_pass = [&log](const absl::StatusOr<int64_t>& removed) {
      if (!removed.ok()) {
        log.Event("confirmation_thinning_failed", "error", removed.status().ToString());
      } else if (*removed > 0) {
        log.Event("confirmations_thinned", "records", absl::StrCat(*removed));
      }
    };
    thinner = std::make_unique<supplyrisk::jobs::ConfirmationThinner>((*server)->store(), thinning);
    thinner->Start();
  }

  int received = 0;
  sigwait(&stop_signals, &received);
  log.Event("draining", "signal", received == SIGTERM ? "SIGTERM" : "SIGINT");
  if (purger != nullptr) purger->Stop();
  if (thinner != nullptr) thinner->Stop();
  (*server)->Shutdown(absl::Seconds(absl::GetFlag(FLAGS_drain_seconds)));
  log.Event("stopped", "address", absl::StrCat(host, ":", (*server)->port()));
  return 0;
}
