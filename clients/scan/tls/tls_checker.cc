#include "clients/scan/tls/tls_checker.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/scan/ports/tcp.h"
#include "clients/scan/tls/cipher_suites.h"
#include "clients/scan/tls/client_hello.h"

namespace supplyrisk::scan {
namespace {

constexpr long kMaxCertList = 64 * 1024;  // bytes of certificate chain accepted from a server

struct CtxFree {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
struct SslFree {
  void operator()(SSL* s) const { SSL_free(s); }
};
struct StoreFree {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct ChainFree {
  void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
using Chain = std::unique_ptr<STACK_OF(X509), ChainFree>;

struct VersionInfo {
  int openssl;
  const char* name;
};
constexpr VersionInfo kVersions[] = {{TLS1_VERSION, "TLSv1"},
                                     {TLS1_1_VERSION, "TLSv1.1"},
                                     {TLS1_2_VERSION, "TLSv1.2"},
                                     {TLS1_3_VERSION, "TLSv1.3"}};

std::string LastSslError() {
  const unsigned long e = ERR_peek_last_error();
  ERR_clear_error();
  if (e == 0) return "handshake failed";
  const char* reason = ERR_reason_error_string(e);
  return reason != nullptr ? reason : "handshake failed";
}

bool IsIpLiteral(absl::string_view name) {
  return absl::StrContains(name, ':') ||
         (!name.empty() && name.find_first_not_of("0123456789.") == absl::string_view::npos);
}

struct Handshake {
  absl::Status connect;  // not OK when TCP failed
  bool ok = false;
  std::string detail;
  Chain chain;
};

// One OpenSSL handshake at exactly `version`, on a non-blocking socket under one deadline.
Handshake TryVersion(const TlsTarget& target, const std::string& name, int version,
                     const TlsOptions& options) {
  Handshake h;
  std::unique_ptr<SSL_CTX, CtxFree> ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) {
    h.connect = absl::InternalError("SSL_CTX_new failed");
    return h;
  }
  // Level 0 and every suite, so that what is refused is the server's refusal, not ours.
  SSL_CTX_set_security_level(ctx.get(), 0);
  SSL_CTX_set_min_proto_version(ctx.get(), version);
  SSL_CTX_set_max_proto_version(ctx.get(), version);
  SSL_CTX_set_cipher_list(ctx.get(), "ALL:COMPLEMENTOFALL:@SECLEVEL=0");
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  SSL_CTX_set_max_cert_list(ctx.get(), kMaxCertList);
  absl::StatusOr<TcpConnection> conn =
      TcpConnection::Connect(target.host, target.port, options.connect_timeout);
  if (!conn.ok()) {
    h.connect = conn.status();
    return h;
  }
  std::unique_ptr<SSL, SslFree> ssl(SSL_new(ctx.get()));
  SSL_set_fd(ssl.get(), conn->fd());
  if (!IsIpLiteral(name)) SSL_set_tlsext_host_name(ssl.get(), name.c_str());
  const absl::Time deadline = absl::Now() + options.handshake_timeout;
  ERR_clear_error();
  while (true) {
    const int rc = SSL_connect(ssl.get());
    if (rc == 1) break;
    const int err = SSL_get_error(ssl.get(), rc);
    const short events = err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
    if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) {
      h.detail =
          err == SSL_ERROR_SYSCALL ? "connection closed during the handshake" : LastSslError();
      return h;
    }
    if (!WaitFd(conn->fd(), events, deadline)) {
      h.detail = "handshake timed out";
      return h;
    }
  }
  h.ok = true;
  h.detail = SSL_get_cipher_name(ssl.get());
  STACK_OF(X509)* peer = SSL_get_peer_cert_chain(ssl.get());
  if (peer != nullptr) h.chain.reset(X509_chain_up_ref(peer));
  return h;
}

// One hand-built ClientHello offering `suites`; the server's choice or refusal.
absl::StatusOr<ServerReply> OfferSuites(const TlsTarget& target, const std::string& name,
                                        const std::vector<uint16_t>& suites,
                                        const TlsOptions& options) {
  absl::StatusOr<std::string> hello = BuildClientHello(name, suites);
  if (!hello.ok()) return hello.status();
  absl::StatusOr<TcpConnection> conn =
      TcpConnection::Connect(target.host, target.port, options.connect_timeout);
  if (!conn.ok()) return conn.status();
  const absl::Time deadline = absl::Now() + options.handshake_timeout;
  if (absl::Status s = conn->WriteAll(*hello, deadline); !s.ok()) return s;
  absl::StatusOr<std::string> header = conn->ReadExactly(5, deadline);
  if (!header.ok()) {
    if (absl::IsOutOfRange(header.status())) return ServerReply{};  // closed: refused
    return header.status();
  }
  absl::StatusOr<size_t> len = RecordLength(*header);
  if (!len.ok()) return len.status();
  absl::StatusOr<std::string> body = conn->ReadExactly(*len, deadline);
  if (!body.ok()) return body.status();
  return ParseServerRecord(*header + *body);
}

// Offers every known suite, then all but those already chosen, until the server refuses.
absl::Status EnumerateSuites(const TlsTarget& target, const std::string& name,
                             const TlsOptions& options, TlsReport* report) {
  std::vector<uint16_t> offer;
  for (const CipherSuite& s : KnownCipherSuites()) offer.push_back(s.id);
  for (int round = 0; round < options.max_suite_probes; ++round) {
    if (offer.empty()) return absl::OkStatus();
    absl::StatusOr<ServerReply> reply = OfferSuites(target, name, offer, options);
    if (!reply.ok()) return reply.status();
    if (reply->kind != ServerReply::Kind::kServerHello) return absl::OkStatus();
    const CipherSuite* suite = FindCipherSuite(reply->cipher);
    auto it = std::find(offer.begin(), offer.end(), reply->cipher);
    if (suite == nullptr || it == offer.end()) {
      return absl::DataLossError(
          absl::StrCat("server chose suite 0x", absl::Hex(reply->cipher), " that was not offered"));
    }
    offer.erase(it);
    AcceptedSuite accepted;
    accepted.id = suite->id;
    accepted.name = suite->name;
    accepted.version = reply->version;
    accepted.weak = IsWeak(*suite, reply->version);
    accepted.no_forward_secrecy = LacksForwardSecrecy(*suite);
    report->suites.push_back(std::move(accepted));
  }
  report->suites_complete = offer.empty();
  return absl::OkStatus();
}

absl::Status Validate(const TlsTarget& target, const TlsOptions& options) {
  if (target.host.empty()) return absl::InvalidArgumentError("host: missing");
  if (target.port < 1 || target.port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("port: ", target.port, " outside 1..65535"));
  }
  if (options.connect_timeout <= absl::ZeroDuration() ||
      options.handshake_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("connect_timeout, handshake_timeout: must be positive");
  }
  if (options.max_suite_probes < 1 || options.max_suite_probes > 256) {
    return absl::InvalidArgumentError("max_suite_probes: must be in 1..256");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<X509_STORE, StoreFree>> TrustStore(const TlsOptions& options) {
  std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
  const int ok = options.ca_file.empty()
                     ? X509_STORE_set_default_paths(store.get())
                     : X509_STORE_load_file(store.get(), options.ca_file.c_str());
  if (ok != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError(
        options.ca_file.empty() ? "trust store: cannot load the system trust store"
                                : absl::StrCat("ca_file: cannot load \"", options.ca_file, "\""));
  }
  return store;
}

}  // namespace

absl::StatusOr<TlsReport> CheckTls(const TlsTarget& target, const TlsOptions& options) {
  if (absl::Status s = Validate(target, options); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<X509_STORE, StoreFree>> trust = TrustStore(options);
  if (!trust.ok()) return trust.status();
  const std::string name = target.server_name.empty() ? target.host : target.server_name;
  TlsReport report;
  report.asset = absl::StrContains(target.host, ':')
                     ? absl::StrCat("[", target.host, "]:", target.port)
                     : absl::StrCat(target.host, ":", target.port);
  report.server_name = name;
  Chain chain;
  int reachable = 0;
  absl::Status last_connect;
  report.protocols.resize(4);
  // Highest first, so the chain kept is the one served at the best version.
  for (int i = 3; i >= 0; --i) {
    Handshake h = TryVersion(target, name, kVersions[i].openssl, options);
    ProtocolProbe& probe = report.protocols[i];
    probe.version = kVersions[i].name;
    if (!h.connect.ok()) {
      last_connect = h.connect;
      probe.detail = std::string(h.connect.message());
      continue;
    }
    ++reachable;
    probe.offered = h.ok;
    probe.detail = h.detail;
    if (h.ok && !chain) chain = std::move(h.chain);
  }
  if (reachable == 0) return absl::UnavailableError(last_connect.message());
  bool any = false;
  bool legacy_or_12 = false;
  for (int i = 0; i < 4; ++i) {
    any = any || report.protocols[i].offered;
    if (i < 3) legacy_or_12 = legacy_or_12 || report.protocols[i].offered;
  }
  if (!any) {
    return absl::FailedPreconditionError(
        absl::StrCat(report.asset, ": no TLS version completed a handshake"));
  }
  if (legacy_or_12) {
    if (absl::Status s = EnumerateSuites(target, name, options, &report); !s.ok()) {
      report.suites_complete = false;
      report.suites_error = std::string(s.message());
    }
  }
  const absl::Time now = options.now == absl::InfinitePast() ? absl::Now() : options.now;
  report.certificate =
      AnalyzeCertificates(chain.get(), name, trust->get(), now, options.expiry_warning);
  return report;
}

absl::StatusOr<std::vector<v1::Signal>> TlsSignals(const TlsReport& report, const Observation& seen,
                                                   const CheckCatalog& catalog) {
  std::vector<std::pair<const char*, std::string>> found;
  std::vector<std::string> legacy;
  for (int i = 0; i < 2 && i < static_cast<int>(report.protocols.size()); ++i) {
    if (report.protocols[i].offered) legacy.push_back(report.protocols[i].version);
  }
  if (!legacy.empty()) {
    found.emplace_back("tls.protocol_legacy",
                       absl::StrCat("offered: ", absl::StrJoin(legacy, ", ")));
  }
  std::vector<std::string> weak;
  std::vector<std::string> no_fs;
  for (const AcceptedSuite& s : report.suites) {
    if (s.weak) weak.push_back(s.name);
    if (s.no_forward_secrecy) no_fs.push_back(s.name);
  }
  if (!weak.empty()) found.emplace_back("tls.cipher_weak", absl::StrJoin(weak, ", "));
  if (!no_fs.empty()) found.emplace_back("tls.no_forward_secrecy", absl::StrJoin(no_fs, ", "));
  const CertificateReport& c = report.certificate;
  if (c.present) {
    const std::string until = absl::FormatTime("%Y-%m-%d", c.not_after, absl::UTCTimeZone());
    if (c.expired) found.emplace_back("tls.certificate_expired", "not after " + until);
    if (c.expiring_soon) found.emplace_back("tls.certificate_expiring", "not after " + until);
    if (!c.name_matches) {
      found.emplace_back("tls.certificate_name_mismatch",
                         absl::StrCat(c.subject, " does not name ", report.server_name));
    }
    if (!c.weak_signatures.empty()) {
      found.emplace_back("tls.certificate_weak_signature", absl::StrJoin(c.weak_signatures, "; "));
    }
    const std::string why = absl::StrCat(c.subject, ": ", c.verify_error);
    switch (c.chain) {
      case ChainStatus::kTrusted:
        break;
      case ChainStatus::kSelfSigned:
        found.emplace_back("tls.certificate_self_signed", why);
        break;
      case ChainStatus::kIncomplete:
        found.emplace_back("tls.certificate_chain_incomplete", why);
        break;
      case ChainStatus::kUntrustedRoot:
      case ChainStatus::kInvalid:
        found.emplace_back("tls.certificate_untrusted", why);
        break;
    }
  }
  std::vector<v1::Signal> out;
  for (const auto& [check_id, detail] : found) {
    Observation o = seen;
    o.asset = report.asset;
    o.scanner = kTlsScanner;
    o.detail = detail;
    absl::StatusOr<v1::Signal> signal = catalog.MakeSignal(check_id, o);
    if (!signal.ok()) return signal.status();
    out.push_back(*std::move(signal));
  }
  return out;
}

}  // namespace supplyrisk::scan
