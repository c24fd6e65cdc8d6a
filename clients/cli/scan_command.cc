// `supplyrisk scan`: observes a supplier's own domains and hosts from outside (DNS health, TLS,
// exposed risky services, web headers), prints the signals as JSON lines or grouped by factor, and
// with --push sends them to supplyriskd with the scanner role.
#include <arpa/inet.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "clients/cli/commands.h"
#include "clients/scan/common/check_catalog.h"
#include "clients/scan/common/host_rate_limit.h"
#include "clients/scan/dns/dnssec_findings.h"
#include "clients/scan/dns/domain_scan.h"
#include "clients/scan/dns/name_server_probe.h"
#include "clients/scan/dns/nth_parties.h"
#include "clients/scan/dns/unbound_resolver.h"
#include "clients/scan/patching/cve_feed.h"
#include "clients/scan/patching/matcher.h"
#include "clients/scan/ports/port_scan.h"
#include "clients/scan/push/relationship_pusher.h"
#include "clients/scan/push/signal_pusher.h"
#include "clients/scan/tls/tls_checker.h"
#include "clients/scan/web/web_scanner.h"
#include "engine/catalog/cpsf_names.h"
#include "engine/common/resource_names.h"
#include "google/protobuf/util/json_util.h"

namespace supplyrisk::cli {
namespace {

constexpr char kUsage[] =
    "usage: supplyrisk scan DOMAIN... [--families dns,tls,ports,web] [--format jsonl|text]\n"
    "         [--resolver IP:PORT] [--trust_anchors FILE] [--ports LIST] [--tls_port N]\n"
    "         [--tls_ca FILE] [--http_port N] [--https_port N] [--name_server_port N]\n"
    "         [--parties_out FILE] [--relationships_out FILE [--supplier ID]]\n"
    "         [--cve_feed NVD.json] [--max_connections_per_second N]\n"
    "         [--push SUPPLIER --server HOST:PORT --token_file FILE [--server_ca FILE]]\n"
    "  Scans only the domains and hosts named. --ports takes the default risky list\n"
    "  (3389,445,23,21,5900,3306,5432,1433,6379,27017,9200) or e.g. '3389,16379=redis,22=ssh'.\n"
    "  --resolver forwards DNS to that resolver (default: resolve from the root); DNSSEC is\n"
    "  validated against --trust_anchors (default: the root key of Debian's dns-root-data).\n"
    "  --name_server_port is where the domain's name servers are probed for zone transfers and\n"
    "  recursion (default 53). --parties_out writes the third parties seen in MX, NS and SPF\n"
    "  includes (mail, dns, mail-sender providers) as JSON lines; --relationships_out writes\n"
    "  them as DISCOVERED supplyrisk.v1.Relationship lines of the supplier (--supplier, or the\n"
    "  --push one) for `supplyrisk chain --relationships`.\n"
    "  --cve_feed (NVD CVE API 2.0 JSON, repeatable) matches the service versions the port scan "
    "reads in\n"
    "  banners and the web scan in Server headers (OpenSSH, nginx, Apache, vsftpd, ProFTPD)\n"
    "  against its CPE ranges: one\n"
    "  unpatched_cve signal per CVE, marked low confidence (banner only).\n"
    "  --max_connections_per_second bounds the new connections to any one host (default 10,\n"
    "  in bursts of at most 5; 0 for no bound): a TLS check alone opens dozens.\n"
    "  --push sends the signals to supplyriskd (SignalService.ImportSignals) for\n"
    "  suppliers/SUPPLIER, and the providers seen in DNS as its discovered relationships\n"
    "  (ChainService; a later scan refreshes them); the bearer token is read from\n"
    "  --token_file, never from the command line, and goes in plain text only to a loopback\n"
    "  server.\n";

struct Flags {
  std::vector<std::string> targets;
  std::string families = "dns,tls,ports,web";
  std::string format = "jsonl";
  std::string resolver, trust_anchors, ports, tls_ca, parties_out, relationships_out, supplier;
  std::vector<std::string> cve_feeds;  // --cve_feed, repeatable (one file per NVD page)
  int tls_port = 443, http_port = 80, https_port = 443, name_server_port = 53;
  int max_connections_per_second = 10;
  std::string push, server, token_file, server_ca;
};

int Usage(const std::string& problem) {
  std::fprintf(stderr, "supplyrisk scan: %s\n%s", problem.c_str(), kUsage);
  return 2;
}

bool ParsePort(const std::string& name, const std::string& value, int* out, std::string* problem) {
  if (!absl::SimpleAtoi(value, out) || *out < 1 || *out > 65535) {
    *problem = absl::StrCat(name, ": '", value, "' is not a port (1..65535)");
    return false;
  }
  return true;
}

bool ParseFlags(const std::vector<std::string>& args, Flags* f, std::string* problem) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    if (!absl::StartsWith(name, "--")) {
      f->targets.push_back(name);
      continue;
    }
    std::string value;
    const size_t eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (i + 1 >= args.size()) {
      *problem = absl::StrCat(name, " needs a value");
      return false;
    } else {
      value = args[++i];
    }
    std::string* text = name == "--families"            ? &f->families
                        : name == "--format"            ? &f->format
                        : name == "--resolver"          ? &f->resolver
                        : name == "--trust_anchors"     ? &f->trust_anchors
                        : name == "--ports"             ? &f->ports
                        : name == "--tls_ca"            ? &f->tls_ca
                        : name == "--push"              ? &f->push
                        : name == "--server"            ? &f->server
                        : name == "--token_file"        ? &f->token_file
                        : name == "--server_ca"         ? &f->server_ca
                        : name == "--parties_out"       ? &f->parties_out
                        : name == "--relationships_out" ? &f->relationships_out
                        : name == "--supplier"          ? &f->supplier
                                                        : nullptr;
    if (text != nullptr) {
      *text = value;
      continue;
    }
    if (name == "--cve_feed") {
      f->cve_feeds.push_back(value);
      continue;
    }
    if (name == "--max_connections_per_second") {
      if (!absl::SimpleAtoi(value, &f->max_connections_per_second) ||
          f->max_connections_per_second < 0 || f->max_connections_per_second > 1000) {
        *problem = absl::StrCat(name, ": '", value, "' is not a whole number from 0 to 1000");
        return false;
      }
      continue;
    }
    int* port = name == "--tls_port"           ? &f->tls_port
                : name == "--http_port"        ? &f->http_port
                : name == "--https_port"       ? &f->https_port
                : name == "--name_server_port" ? &f->name_server_port
                                               : nullptr;
    if (port == nullptr) {
      *problem = absl::StrCat("unknown flag ", name);
      return false;
    }
    if (!ParsePort(name, value, port, problem)) return false;
  }
  return true;
}

// Checks what flags alone can tell, before anything is contacted.
bool Validate(const Flags& f, std::string* problem) {
  if (f.targets.empty()) {
    *problem = "name at least one domain or host to scan";
    return false;
  }
  for (const std::string& t : f.targets) {
    if (t.empty() || t.size() > 253 || t.find_first_of("/ :@\t") != std::string::npos) {
      *problem = absl::StrCat("'", t, "' is not a domain or host name");
      return false;
    }
  }
  if (f.format != "jsonl" && f.format != "text") {
    *problem = "--format: jsonl or text";
    return false;
  }
  for (absl::string_view family : absl::StrSplit(f.families, ',')) {
    if (family != "dns" && family != "tls" && family != "ports" && family != "web") {
      *problem = absl::StrCat("--families: unknown family '", family, "' (dns, tls, ports, web)");
      return false;
    }
  }
  if (!f.push.empty()) {
    if (!names::ParseSupplier(names::Supplier(f.push)).has_value() ||
        f.push.find('/') != std::string::npos) {
      *problem = "--push: a supplier id (the last part of suppliers/{id})";
      return false;
    }
    if (f.server.empty() || f.token_file.empty()) {
      *problem = "--push needs --server and --token_file";
      return false;
    }
  }
  if (!f.supplier.empty() && (!names::ParseSupplier(names::Supplier(f.supplier)).has_value() ||
                              f.supplier.find('/') != std::string::npos)) {
    *problem = "--supplier: a supplier id (the last part of suppliers/{id})";
    return false;
  }
  if (!f.supplier.empty() && !f.push.empty() && f.supplier != f.push) {
    *problem = "--supplier and --push name different suppliers";
    return false;
  }
  if (!f.relationships_out.empty() && f.supplier.empty() && f.push.empty()) {
    *problem = "--relationships_out needs --supplier (or --push): whose relationships they are";
    return false;
  }
  return true;
}

// The discovered parties as relationships of the supplier, one JSON object per line.
bool WriteRelationships(const Flags& f, const std::vector<scan::dns::DiscoveredParty>& parties) {
  const std::string supplier = names::Supplier(f.push.empty() ? f.supplier : f.push);
  std::ofstream out(f.relationships_out);
  google::protobuf::util::JsonPrintOptions json;
  json.preserve_proto_field_names = true;
  for (const v1::Relationship& r : scan::dns::PartiesAsRelationships(parties, supplier)) {
    std::string line;
    if (!google::protobuf::util::MessageToJsonString(r, &line, json).ok()) return false;
    out << line << "\n";
  }
  return out.good();
}

bool Wants(const Flags& f, absl::string_view family) {
  for (absl::string_view x : absl::StrSplit(f.families, ',')) {
    if (x == family) return true;
  }
  return false;
}

// What one family contributed for one target: its signals, and notes for what it could not check
// (an unreachable service is said, never silently dropped).
struct FamilyResult {
  std::vector<v1::Signal> signals;
  std::vector<std::string> notes;
};

void Note(FamilyResult* r, absl::string_view family, absl::string_view target,
          const absl::Status& status) {
  r->notes.push_back(absl::StrCat(family, " ", target, ": ", status.message()));
}

void AddAll(absl::StatusOr<std::vector<v1::Signal>> signals, FamilyResult* r,
            absl::string_view family, absl::string_view target) {
  if (!signals.ok()) return Note(r, family, target, signals.status());
  for (v1::Signal& s : *signals) r->signals.push_back(std::move(s));
}

void ScanTls(const Flags& f, const std::string& host, const scan::Observation& seen,
             FamilyResult* r) {
  scan::TlsTarget target;
  target.host = host;
  target.port = f.tls_port;
  scan::TlsOptions options;
  options.ca_file = f.tls_ca;
  absl::StatusOr<scan::TlsReport> report = scan::CheckTls(target, options);
  if (!report.ok()) return Note(r, "tls", absl::StrCat(host, ":", f.tls_port), report.status());
  AddAll(scan::TlsSignals(*report, seen, scan::CheckCatalog::BuiltIn()), r, "tls", host);
}

// Risky services, and with a CVE feed the known vulnerabilities of the versions their banners
// name (patching cadence, low confidence: a banner does not show backported fixes).
void ScanRiskyPorts(const std::vector<scan::PortSpec>& specs,
                    const std::vector<scan::CveRecord>& feed, const std::string& host,
                    const scan::Observation& seen, FamilyResult* r) {
  absl::StatusOr<std::vector<scan::PortFinding>> found =
      scan::ScanPorts(host, specs, scan::PortScanOptions());
  if (!found.ok()) return Note(r, "ports", host, found.status());
  AddAll(scan::PortSignals(host, *found, seen, scan::CheckCatalog::BuiltIn()), r, "ports", host);
  if (feed.empty()) return;
  for (const scan::PortFinding& port : *found) {
    if (!port.open || port.evidence.empty()) continue;
    AddAll(scan::BannerCveSignals(absl::StrCat(host, ":", port.port), port.evidence, feed, seen,
                                  scan::CheckCatalog::BuiltIn()),
           r, "patching", host);
  }
}

// The web checks, and with a CVE feed the known vulnerabilities of the versions the sites' Server
// headers name (patching cadence, low confidence, as for port banners).
void ScanWeb(const Flags& f, const std::vector<scan::CveRecord>& feed, const std::string& host,
             const scan::Observation& seen, FamilyResult* r) {
  scan::web::SiteTarget site;
  site.host = host;
  site.http_port = f.http_port;
  site.https_port = f.https_port;
  scan::web::ScanOptions options;
  options.fetch.ca_file = f.tls_ca;
  options.supplier = seen.supplier;
  absl::StatusOr<scan::web::WebReport> report =
      scan::web::ScanSite(site, options, seen.observed_at);
  if (!report.ok()) return Note(r, "web", host, report.status());
  for (v1::Signal& s : report->signals) r->signals.push_back(std::move(s));
  if (feed.empty()) return;
  for (const std::string& banner : report->server_banners) {
    AddAll(scan::BannerCveSignals(report->site, banner, feed, seen, scan::CheckCatalog::BuiltIn()),
           r, "patching", host);
  }
}

// "IP:PORT", "[IPv6]:PORT" or a bare address as libunbound's "IP@PORT"; a name is refused, since
// the resolver must be reached without asking another one first.
bool ForwarderAddress(const std::string& ip_port, std::string* out, std::string* problem) {
  std::string host = ip_port, port;
  if (!host.empty() && host.front() == '[') {
    const size_t end = host.find(']');
    if (end == std::string::npos || (end + 1 < host.size() && host[end + 1] != ':')) {
      *problem = "--resolver: expected [IPv6]:PORT";
      return false;
    }
    port = end + 1 < host.size() ? host.substr(end + 2) : "";
    host = host.substr(1, end - 1);
  } else if (host.find(':') != std::string::npos && host.find(':') == host.rfind(':')) {
    port = host.substr(host.find(':') + 1);
    host = host.substr(0, host.find(':'));
  }
  unsigned char bytes[16];
  if (inet_pton(AF_INET, host.c_str(), bytes) != 1 &&
      inet_pton(AF_INET6, host.c_str(), bytes) != 1) {
    *problem = absl::StrCat("--resolver: '", ip_port, "' is not IP:PORT (an address, not a name)");
    return false;
  }
  int number = 53;
  if (!port.empty() && !ParsePort("--resolver", port, &number, problem)) return false;
  *out = absl::StrCat(host, "@", number);
  return true;
}

// DS or DNSKEY records, one per line ("; " comments and blank lines skipped).
bool ReadTrustAnchors(const std::string& path, std::vector<std::string>* out,
                      std::string* problem) {
  std::ifstream in(path);
  if (!in) {
    *problem = absl::StrCat("--trust_anchors: cannot read ", path);
    return false;
  }
  std::string line;
  while (std::getline(in, line) && out->size() < 1000) {
    const size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos || line[start] == ';') continue;
    out->push_back(line.substr(start));
  }
  if (out->empty()) {
    *problem = absl::StrCat("--trust_anchors: ", path, " holds no DS or DNSKEY record");
    return false;
  }
  return true;
}

constexpr char kRootTrustAnchors[] = "/usr/share/dns/root.ds";  // Debian's dns-root-data

// The validating resolver the DNS family asks: --resolver's, or the root's; DNSSEC anchored at
// --trust_anchors, or the root's DS when Debian's dns-root-data is installed.
std::unique_ptr<scan::dns::Resolver> MakeResolver(const Flags& f, std::string* problem) {
  scan::dns::UnboundOptions options;
  if (!f.resolver.empty() && !ForwarderAddress(f.resolver, &options.forwarder, problem)) {
    return nullptr;
  }
  const std::string anchors = !f.trust_anchors.empty()                  ? f.trust_anchors
                              : std::ifstream(kRootTrustAnchors).good() ? kRootTrustAnchors
                                                                        : "";
  if (!anchors.empty() && !ReadTrustAnchors(anchors, &options.trust_anchors, problem)) {
    return nullptr;
  }
  absl::StatusOr<std::unique_ptr<scan::dns::UnboundResolver>> resolver =
      scan::dns::UnboundResolver::Create(options);
  if (!resolver.ok()) {
    *problem = std::string(resolver.status().message());
    return nullptr;
  }
  return *std::move(resolver);
}

void ScanDns(const Flags& f, scan::dns::Resolver& resolver, const std::string& domain,
             const scan::Observation& seen, FamilyResult* r,
             std::vector<scan::dns::DiscoveredParty>* parties) {
  std::vector<std::string> unjudged;
  std::vector<scan::dns::Finding> findings = scan::dns::ScanDomain(resolver, domain, {}, &unjudged);
  scan::dns::ProbeOptions probe;
  probe.port = static_cast<uint16_t>(f.name_server_port);
  for (auto* check : {&scan::dns::ZoneTransferFindings, &scan::dns::OpenResolverFindings}) {
    for (scan::dns::Finding& finding : (*check)(resolver, domain, probe, &unjudged)) {
      findings.push_back(std::move(finding));
    }
  }
  for (const std::string& why : unjudged) Note(r, "dns", domain, absl::UnavailableError(why));
  // The third parties are also (informational) observations of the domain, one per kind of
  // dependency naming every provider: a supplier declaring no subcontractors while a provider
  // receives its mail is contradicted by it.
  std::map<std::string, std::string> providers;  // check id -> "provider (evidence); ..."
  for (scan::dns::DiscoveredParty& party :
       scan::dns::DiscoverParties(resolver, domain, seen.observed_at)) {
    const char* check =
        party.dependency_class == scan::dns::DependencyClass::kMail  ? "dns.party_mail"
        : party.dependency_class == scan::dns::DependencyClass::kDns ? "dns.party_dns"
                                                                     : "dns.party_mail_sender";
    std::string& text = providers[check];
    absl::StrAppend(&text, text.empty() ? "" : "; ", party.provider_domain, " (", party.evidence,
                    ")");
    parties->push_back(std::move(party));
  }
  for (const auto& [check, text] : providers) {
    findings.push_back({check, scan::dns::CanonicalName(domain), text});
  }
  std::string not_judged;
  for (scan::dns::Finding& finding : scan::dns::DnssecFindings(resolver, domain, &not_judged)) {
    findings.push_back(std::move(finding));
  }
  // ScanDomain gives no finding for a check whose lookup failed (an outage is not "missing");
  // say which were not judged rather than let them vanish.
  for (const auto& [label, name] :
       {std::pair<const char*, std::string>{"SPF", domain}, {"DMARC", "_dmarc." + domain}}) {
    const scan::dns::Answer txt = resolver.Lookup(name, scan::dns::RecordType::kTxt);
    if (txt.IsError()) {
      Note(r, "dns", domain,
           absl::UnavailableError(absl::StrCat(label, " not judged: TXT lookup of ", name, ": ",
                                               scan::dns::OutcomeName(txt.outcome))));
    }
  }
  if (!not_judged.empty())
    Note(r, "dns", domain, absl::InternalError(absl::StrCat("DNSSEC: ", not_judged)));
  AddAll(scan::dns::ToSignals(findings, scan::CheckCatalog::BuiltIn(), seen.observed_at,
                              seen.supplier),
         r, "dns", domain);
}

void PrintText(const std::vector<v1::Signal>& signals, const std::vector<std::string>& notes) {
  std::map<int, std::vector<const v1::Signal*>> by_factor;
  for (const v1::Signal& s : signals) by_factor[s.factor()].push_back(&s);
  for (v1::Factor factor : {v1::FACTOR_PATCHING_CADENCE, v1::FACTOR_NETWORK_SECURITY,
                            v1::FACTOR_DNS_HEALTH, v1::FACTOR_APPLICATION_SECURITY}) {
    const auto& list = by_factor[factor];
    std::printf("%s: %zu finding(s)\n", std::string(catalog::FactorLabel(factor)).c_str(),
                list.size());
    for (const v1::Signal* s : list) {
      std::printf("  %-8s %-32s %s%s%s\n",
                  std::string(catalog::SeverityLabel(s->severity())).c_str(),
                  s->issue_type().c_str(), s->asset().c_str(), s->detail().empty() ? "" : ": ",
                  s->detail().c_str());
    }
  }
  for (const auto& [factor, list] : by_factor) {
    if (factor >= v1::FACTOR_PATCHING_CADENCE && factor <= v1::FACTOR_APPLICATION_SECURITY) {
      continue;
    }
    for (const v1::Signal* s : list) {
      std::printf("other: %s %s\n", s->issue_type().c_str(), s->asset().c_str());
    }
  }
  for (const std::string& n : notes) std::printf("not checked: %s\n", n.c_str());
}

}  // namespace

int RunScanCommand(const std::vector<std::string>& args) {
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
  }
  Flags f;
  std::string problem;
  if (!ParseFlags(args, &f, &problem) || !Validate(f, &problem)) return Usage(problem);
  std::vector<scan::PortSpec> specs = scan::DefaultRiskyPorts();
  if (!f.ports.empty()) {
    absl::StatusOr<std::vector<scan::PortSpec>> parsed = scan::ParsePortList(f.ports);
    if (!parsed.ok()) return Usage(absl::StrCat("--ports: ", parsed.status().message()));
    specs = *std::move(parsed);
  }
  std::vector<scan::CveRecord> feed;
  for (const std::string& path : f.cve_feeds) {
    absl::StatusOr<std::vector<scan::CveRecord>> loaded = scan::LoadCveFeedFile(path);
    if (!loaded.ok()) return Usage(absl::StrCat("--cve_feed: ", loaded.status().message()));
    for (scan::CveRecord& record : *loaded) feed.push_back(std::move(record));
  }
  std::unique_ptr<scan::dns::Resolver> resolver;
  if (Wants(f, "dns")) {
    resolver = MakeResolver(f, &problem);
    if (resolver == nullptr) return Usage(problem);
  }
  scan::HostRateLimiter::Global().Configure(f.max_connections_per_second, 5);
  scan::Observation seen;
  seen.observed_at = absl::Now();
  if (!f.push.empty()) seen.supplier = names::Supplier(f.push);

  FamilyResult all;
  std::vector<scan::dns::DiscoveredParty> parties;
  for (const std::string& target : f.targets) {
    if (Wants(f, "dns")) ScanDns(f, *resolver, target, seen, &all, &parties);
    if (Wants(f, "tls")) ScanTls(f, target, seen, &all);
    if (Wants(f, "ports")) ScanRiskyPorts(specs, feed, target, seen, &all);
    if (Wants(f, "web")) ScanWeb(f, feed, target, seen, &all);
  }
  if (f.format == "text") {
    PrintText(all.signals, all.notes);
  } else {
    google::protobuf::util::JsonPrintOptions json;
    json.preserve_proto_field_names = true;
    for (const v1::Signal& s : all.signals) {
      std::string line;
      if (!google::protobuf::util::MessageToJsonString(s, &line, json).ok()) return 1;
      std::printf("%s\n", line.c_str());
    }
    for (const std::string& n : all.notes) std::fprintf(stderr, "not checked: %s\n", n.c_str());
  }
  if (!f.parties_out.empty()) {
    std::ofstream out(f.parties_out);
    out << scan::dns::PartiesToJsonLines(parties);
    if (!out.good()) {
      std::fprintf(stderr, "supplyrisk scan: --parties_out: cannot write %s\n",
                   f.parties_out.c_str());
      return 1;
    }
  }
  if (!f.relationships_out.empty() && !WriteRelationships(f, parties)) {
    std::fprintf(stderr, "supplyrisk scan: --relationships_out: cannot write %s\n",
                 f.relationships_out.c_str());
    return 1;
  }
  if (!f.push.empty()) {
    scan::PushOptions push;
    push.target = f.server;
    push.token_file = f.token_file;
    push.ca_file = f.server_ca;
    absl::StatusOr<scan::PushResult> pushed = scan::PushSignals(push, all.signals);
    if (!pushed.ok()) {
      std::fprintf(stderr, "supplyrisk scan: push: %s\n",
                   std::string(pushed.status().message()).c_str());
      return 1;
    }
    std::fprintf(stderr, "supplyrisk scan: pushed %d signal(s) for %s\n", pushed->imported_count,
                 seen.supplier.c_str());
    // The providers seen in DNS join the supplier's chain as discovered relationships.
    const std::vector<v1::Relationship> discovered =
        scan::dns::PartiesAsRelationships(parties, names::Supplier(f.push));
    if (!discovered.empty()) {
      absl::StatusOr<scan::RelationshipPushResult> related =
          scan::PushRelationships(push, discovered);
      if (!related.ok()) {
        std::fprintf(stderr, "supplyrisk scan: push relationships: %s\n",
                     std::string(related.status().message()).c_str());
        return 1;
      }
      std::fprintf(stderr,
                   "supplyrisk scan: pushed %d new and %d refreshed discovered relationship(s)\n",
                   related->created, related->refreshed);
    }
  }
  return 0;
}

}  // namespace supplyrisk::cli
