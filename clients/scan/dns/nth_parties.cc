#include "clients/scan/dns/nth_parties.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/scan/dns/spf_findings.h"
#include "engine/common/json_text.h"

namespace supplyrisk::scan::dns {
namespace {

// Second-level public suffixes common among the suppliers scanned; see RegistrableDomain.
constexpr absl::string_view kSecondLevelSuffixes[] = {
    "co.jp", "ne.jp",  "or.jp",  "ac.jp", "go.jp",  "ad.jp",  "ed.jp",  "gr.jp",
    "lg.jp", "co.uk",  "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au",
    "co.nz", "com.cn", "com.tw", "co.kr", "com.sg", "com.br"};

class Collector {
 public:
  Collector(absl::string_view domain, absl::Time observed_at)
      : domain_(CanonicalName(domain)),
        own_(RegistrableDomain(domain)),
        observed_at_(observed_at) {}

  void Add(absl::string_view host, DependencyClass dependency, std::string evidence) {
    const std::string provider = RegistrableDomain(host);
    if (provider.empty() || provider == own_) return;
    if (!seen_.insert({provider, dependency}).second) return;
    parties_.push_back({domain_, provider, dependency, std::move(evidence), observed_at_});
  }

  std::vector<DiscoveredParty> Take() { return std::move(parties_); }

 private:
  std::string domain_;
  std::string own_;
  absl::Time observed_at_;
  std::set<std::pair<std::string, DependencyClass>> seen_;
  std::vector<DiscoveredParty> parties_;
};

}  // namespace

absl::string_view DependencyClassName(DependencyClass dependency) {
  switch (dependency) {
    case DependencyClass::kMail:
      return "mail";
    case DependencyClass::kDns:
      return "dns";
    case DependencyClass::kMailSender:
      return "mail-sender";
  }
  return "unknown";
}

std::string RegistrableDomain(absl::string_view host) {
  const std::string name = CanonicalName(host);
  std::vector<absl::string_view> labels = absl::StrSplit(name, '.', absl::SkipEmpty());
  if (labels.size() <= 2) return absl::StrJoin(labels, ".");
  const std::string last_two = absl::StrCat(labels[labels.size() - 2], ".", labels.back());
  size_t keep = 2;
  for (absl::string_view suffix : kSecondLevelSuffixes) {
    if (last_two == suffix) keep = 3;
  }
  return absl::StrJoin(labels.end() - keep, labels.end(), ".");
}

std::vector<DiscoveredParty> DiscoverParties(Resolver& resolver, absl::string_view domain,
                                             absl::Time observed_at) {
  Collector collector(domain, observed_at);
  Answer mx = resolver.Lookup(domain, RecordType::kMx);
  if (mx.outcome == Outcome::kOk) {
    std::stable_sort(mx.mx.begin(), mx.mx.end(), [](const MxRecord& a, const MxRecord& b) {
      return a.preference < b.preference;
    });
    for (const MxRecord& record : mx.mx) {
      if (record.exchange.empty()) continue;  // null MX: no mail at all
      collector.Add(record.exchange, DependencyClass::kMail,
                    absl::StrCat("MX ", record.preference, " ", record.exchange));
    }
  }
  Answer ns = resolver.Lookup(domain, RecordType::kNs);
  if (ns.outcome == Outcome::kOk) {
    for (const std::string& host : ns.names) {
      collector.Add(host, DependencyClass::kDns, absl::StrCat("NS ", host));
    }
  }
  const SpfPolicy policy = WalkSpfPolicy(resolver, domain);
  for (const std::string& target : policy.includes) {
    collector.Add(target, DependencyClass::kMailSender, absl::StrCat("SPF include:", target));
  }
  return collector.Take();
}

std::string PartiesToJsonLines(const std::vector<DiscoveredParty>& parties) {
  std::string out;
  for (const DiscoveredParty& party : parties) {
    absl::StrAppend(
        &out, "{\"supplier_domain\":", common::JsonQuote(party.supplier_domain),
        ",\"provider_domain\":", common::JsonQuote(party.provider_domain),
        ",\"dependency_class\":", common::JsonQuote(DependencyClassName(party.dependency_class)),
        ",\"evidence\":", common::JsonQuote(party.evidence), ",\"observed_at\":",
        common::JsonQuote(
            absl::FormatTime("%Y-%m-%d%ET%H:%M:%E*SZ", party.observed_at, absl::UTCTimeZone())),
        "}\n");
  }
  return out;
}

std::vector<v1::Relationship> PartiesAsRelationships(const std::vector<DiscoveredParty>& parties,
                                                     absl::string_view supplier_name) {
  std::map<std::string, v1::Relationship> by_provider;
  for (const DiscoveredParty& party : parties) {
    v1::Relationship& r = by_provider[party.provider_domain];
    const bool first = r.party_name().empty();
    if (first) {
      r.set_from_supplier(std::string(supplier_name));
      r.set_party_name(party.provider_domain);
      r.set_source(v1::RELATIONSHIP_SOURCE_DISCOVERED);
      r.set_access(v1::ACCESS_LEVEL_NONE);
      r.set_confidence(0);
    }
    const v1::DependencyClass dependency = party.dependency_class == DependencyClass::kDns
                                               ? v1::DEPENDENCY_CLASS_DNS
                                               : v1::DEPENDENCY_CLASS_MAIL;
    if (std::find(r.dependency_classes().begin(), r.dependency_classes().end(), dependency) ==
        r.dependency_classes().end()) {
      r.add_dependency_classes(dependency);
    }
    const std::string service(DependencyClassName(party.dependency_class));
    if (std::find(r.services().begin(), r.services().end(), service) == r.services().end()) {
      r.add_services(service);
    }
    r.set_confidence(std::max(r.confidence(),
                              party.dependency_class == DependencyClass::kMailSender ? 0.7 : 0.9));
    const int64_t seen = absl::ToUnixSeconds(party.observed_at);
    if (first || seen > r.last_evidence_time().seconds()) {
      r.mutable_last_evidence_time()->set_seconds(seen);
    }
  }
  std::vector<v1::Relationship> out;
  out.reserve(by_provider.size());
  for (auto& [provider, r] : by_provider) out.push_back(std::move(r));
  return out;
}

}  // namespace supplyrisk::scan::dns
