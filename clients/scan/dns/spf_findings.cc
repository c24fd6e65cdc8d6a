#include "clients/scan/dns/spf_findings.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace supplyrisk::scan::dns {
namespace {

class Walker {
 public:
  Walker(Resolver& resolver, const SpfOptions& options, SpfPolicy& policy)
      : resolver_(resolver), options_(options), policy_(policy) {}

  // Walks one record; returns the qualifier of the "all" ending its effective policy.
  std::optional<SpfQualifier> Walk(const std::string& domain, int depth);

 private:
  void Error(std::string& slot, std::string message) {
    if (slot.empty()) slot = std::move(message);
  }
  bool OverBudget() const { return policy_.dns_terms > 4 * options_.max_dns_terms; }
  void CountVoid(const std::string& name, RecordType type);
  void WalkMechanism(const SpfMechanism& mechanism, const std::string& domain, int depth);

  Resolver& resolver_;
  const SpfOptions& options_;
  SpfPolicy& policy_;
};

void Walker::CountVoid(const std::string& name, RecordType type) {
  Answer answer = resolver_.Lookup(name, type);
  if (answer.IsVoid()) ++policy_.void_lookups;
  if (answer.IsError()) {
    Error(policy_.temperror,
          absl::StrCat(RecordTypeName(type), " ", name, ": ", OutcomeName(answer.outcome)));
  }
}

void Walker::WalkMechanism(const SpfMechanism& mechanism, const std::string& domain, int depth) {
  if (mechanism.kind == SpfMechanismKind::kPtr ||
      absl::StrContains(absl::AsciiStrToLower(mechanism.domain_spec), "%{p")) {
    policy_.uses_ptr = true;
  }
  if (!QueriesDns(mechanism.kind)) return;
  ++policy_.dns_terms;
  if (absl::StrContains(mechanism.domain_spec, '%') || OverBudget()) return;
  std::string target =
      mechanism.domain_spec.empty() ? domain : CanonicalName(mechanism.domain_spec);
  switch (mechanism.kind) {
    case SpfMechanismKind::kInclude:
      policy_.includes.push_back(target);
      Walk(target, depth + 1);
      break;
    case SpfMechanismKind::kA:
    case SpfMechanismKind::kExists:
      CountVoid(target, RecordType::kA);
      break;
    case SpfMechanismKind::kMx:
      CountVoid(target, RecordType::kMx);
      break;
    default:
      break;
  }
}

std::optional<SpfQualifier> Walker::Walk(const std::string& domain, int depth) {
  Answer answer = resolver_.Lookup(domain, RecordType::kTxt);
  if (answer.IsError()) {
    Error(policy_.temperror, absl::StrCat("TXT ", domain, ": ", OutcomeName(answer.outcome)));
    return std::nullopt;
  }
  std::vector<std::string> records;
  for (const std::vector<std::string>& strings : answer.txt) {
    std::string text = absl::StrJoin(strings, "");
    if (IsSpfRecord(text)) records.push_back(std::move(text));
  }
  if (depth == 0) {
    policy_.records = static_cast<int>(records.size());
    if (records.size() == 1) policy_.record = records.front();
  }
  if (records.size() != 1) {
    if (depth > 0) {
      Error(policy_.permerror,
            records.empty()
                ? absl::StrCat(domain, " (included or redirected to) has no SPF record")
                : absl::StrCat(domain, " (included or redirected to) has several SPF records"));
    }
    return std::nullopt;
  }
  absl::StatusOr<SpfRecord> record = ParseSpfRecord(records.front());
  if (!record.ok()) {
    Error(policy_.permerror, absl::StrCat(domain, ": ", record.status().message()));
    return std::nullopt;
  }
  if (depth == 0) policy_.parsed = true;
  std::optional<SpfQualifier> all;
  for (const SpfMechanism& mechanism : record->mechanisms) {
    if (mechanism.kind == SpfMechanismKind::kAll && !all.has_value()) all = mechanism.qualifier;
    WalkMechanism(mechanism, domain, depth);
  }
  if (depth == 0) policy_.redirect = record->redirect.has_value();
  if (all.has_value() || !record->redirect.has_value()) return all;
  ++policy_.dns_terms;
  if (absl::StrContains(*record->redirect, '%') || OverBudget()) return std::nullopt;
  std::string target = CanonicalName(*record->redirect);
  return Walk(target, depth + 1);
}

}  // namespace

SpfPolicy WalkSpfPolicy(Resolver& resolver, absl::string_view domain, const SpfOptions& options) {
  SpfPolicy policy;
  Walker walker(resolver, options, policy);
  policy.all = walker.Walk(CanonicalName(domain), 0);
  return policy;
}

std::vector<Finding> SpfFindings(absl::string_view domain, const SpfPolicy& policy,
                                 const SpfOptions& options) {
  std::vector<Finding> findings;
  std::string asset = CanonicalName(domain);
  auto add = [&](const char* check, std::string detail) {
    findings.push_back(Finding{check, asset, std::move(detail)});
  };
  if (policy.records == 0) {
    if (policy.temperror.empty()) add("dns.spf_missing", "no TXT record starting with v=spf1");
    return findings;
  }
  if (policy.records > 1) {
    add("dns.spf_multiple", absl::StrCat(policy.records, " SPF records"));
    return findings;
  }
  if (!policy.permerror.empty()) add("dns.spf_permerror", policy.permerror);
  if (policy.dns_terms > options.max_dns_terms) {
    add("dns.spf_too_many_lookups",
        absl::StrCat(policy.dns_terms, " DNS-querying terms (limit ", options.max_dns_terms, ")"));
  }
  if (policy.void_lookups > options.max_void_lookups) {
    add("dns.spf_too_many_void_lookups",
        absl::StrCat(policy.void_lookups, " void lookups (limit ", options.max_void_lookups, ")"));
  }
  if (!policy.parsed) return findings;
  if (policy.all.has_value()) {
    switch (*policy.all) {
      case SpfQualifier::kPass:
        add("dns.spf_pass_all", policy.record);
        break;
      case SpfQualifier::kNeutral:
        add("dns.spf_neutral_all", policy.record);
        break;
      case SpfQualifier::kSoftFail:
        add("dns.spf_softfail_only", policy.record);
        break;
      case SpfQualifier::kFail:
        break;
    }
  } else if (!policy.redirect) {
    add("dns.spf_no_all", policy.record);
  }
  if (policy.uses_ptr) add("dns.spf_ptr", policy.record);
  return findings;
}

}  // namespace supplyrisk::scan::dns
