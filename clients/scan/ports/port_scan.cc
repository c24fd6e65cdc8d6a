#include "clients/scan/ports/port_scan.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/scan/ports/tcp.h"

namespace supplyrisk::scan {
namespace {

std::string HostPort(absl::string_view host, int port) {
  if (absl::StrContains(host, ':')) return absl::StrCat("[", host, "]:", port);
  return absl::StrCat(host, ":", port);
}

void Recognize(TcpConnection& conn, const PortScanOptions& options, PortFinding* finding) {
  absl::StatusOr<std::string> greeting = conn.Read(
      options.max_banner_bytes, absl::Now() + options.banner_timeout, /*stop_early=*/true);
  Recognition seen;
  if (greeting.ok() && !greeting->empty()) {
    seen = RecognizeGreeting(*greeting);
  } else if (greeting.ok()) {
    const std::string probe = ProbeFor(finding->expected);
    const absl::Time deadline = absl::Now() + options.banner_timeout;
    if (conn.WriteAll(probe, deadline).ok()) {
      absl::StatusOr<std::string> reply =
          conn.Read(options.max_banner_bytes, deadline, /*stop_early=*/true);
      if (reply.ok() && !reply->empty()) seen = RecognizeReply(probe, *reply);
    }
  }
  finding->evidence = seen.evidence;
  if (seen.service != Service::kUnknown) {
    finding->service = seen.service;
    finding->detected = true;
  }
}

PortFinding ScanOne(absl::string_view host, const PortSpec& spec, const PortScanOptions& options) {
  PortFinding finding;
  finding.port = spec.port;
  finding.expected = spec.expected;
  finding.service = spec.expected;
  absl::StatusOr<TcpConnection> conn =
      TcpConnection::Connect(host, spec.port, options.connect_timeout);
  if (!conn.ok()) {
    finding.error = std::string(conn.status().message());
    return finding;
  }
  finding.open = true;
  Recognize(*conn, options, &finding);
  return finding;
}

}  // namespace

absl::StatusOr<std::vector<PortFinding>> ScanPorts(absl::string_view host,
                                                   const std::vector<PortSpec>& ports,
                                                   const PortScanOptions& options) {
  if (host.empty()) return absl::InvalidArgumentError("host: missing");
  if (ports.empty()) return absl::InvalidArgumentError("ports: empty list");
  for (const PortSpec& spec : ports) {
    if (spec.port < 1 || spec.port > 65535) {
      return absl::InvalidArgumentError(absl::StrCat("ports: ", spec.port, " outside 1..65535"));
    }
  }
  if (options.max_concurrency < 1 || options.max_concurrency > 64) {
    return absl::InvalidArgumentError("max_concurrency: must be in 1..64");
  }
  if (options.connect_timeout <= absl::ZeroDuration() ||
      options.banner_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("connect_timeout, banner_timeout: must be positive");
  }
  if (options.max_banner_bytes < 16 || options.max_banner_bytes > 64 * 1024) {
    return absl::InvalidArgumentError("max_banner_bytes: must be in 16..65536");
  }
  std::vector<PortFinding> findings(ports.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < ports.size(); i = next++) {
      findings[i] = ScanOne(host, ports[i], options);
    }
  };
  const size_t threads =
      std::min<size_t>(static_cast<size_t>(options.max_concurrency), ports.size());
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (std::thread& t : pool) t.join();
  return findings;
}

absl::StatusOr<std::vector<v1::Signal>> PortSignals(absl::string_view host,
                                                    const std::vector<PortFinding>& findings,
                                                    const Observation& seen,
                                                    const CheckCatalog& catalog) {
  std::vector<v1::Signal> out;
  for (const PortFinding& f : findings) {
    if (!f.open) continue;
    const absl::string_view check_id = ServiceCheckId(f.service);
    if (check_id.empty()) continue;
    Observation o = seen;
    o.asset = HostPort(host, f.port);
    o.scanner = kPortScanner;
    if (f.detected && f.service != f.expected) {
      o.detail = absl::StrCat(ServiceName(f.service), " detected on ", f.port, "/tcp (usually ",
                              ServiceName(f.expected), "): ", f.evidence);
    } else if (f.detected) {
      o.detail =
          absl::StrCat(ServiceName(f.service), " detected on ", f.port, "/tcp: ", f.evidence);
    } else {
      o.detail = absl::StrCat(f.port, "/tcp open, usually ", ServiceName(f.service),
                              " (not confirmed by a banner)");
    }
    absl::StatusOr<v1::Signal> signal = catalog.MakeSignal(check_id, o);
    if (!signal.ok()) return signal.status();
    out.push_back(*std::move(signal));
  }
  return out;
}

}  // namespace supplyrisk::scan
