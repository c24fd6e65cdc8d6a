#include "clients/scan/dns/nth_parties.h"

#include <algorithm>
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

}  // namespace supplyrisk::scan::dns
