#include "clients/scan/dns/spf.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/scan/dns/spf_macro.h"
#include "clients/scan/dns/spf_record.h"

namespace supplyrisk::scan::dns {
namespace {

// What a whole record's evaluation produced.
struct Verdict {
  SpfResult result = SpfResult::kNeutral;
  std::string explanation;
  std::string problem;
};

// What one mechanism's evaluation produced: no match, a match, or an error ending the check.
struct Step {
  enum Kind { kNoMatch, kMatch, kError } kind = kNoMatch;
  SpfResult error = SpfResult::kPermError;
  std::string problem;

  static Step Error(SpfResult error, std::string problem) {
    return Step{kError, error, std::move(problem)};
  }
};

SpfResult QualifierResult(SpfQualifier qualifier) {
  switch (qualifier) {
    case SpfQualifier::kPass:
      return SpfResult::kPass;
    case SpfQualifier::kFail:
      return SpfResult::kFail;
    case SpfQualifier::kSoftFail:
      return SpfResult::kSoftFail;
    case SpfQualifier::kNeutral:
      return SpfResult::kNeutral;
  }
  return SpfResult::kNeutral;
}

std::string Describe(const Answer& answer) {
  std::string text(OutcomeName(answer.outcome));
  std::vector<std::string> items = answer.addresses;
  items.insert(items.end(), answer.names.begin(), answer.names.end());
  for (const MxRecord& mx : answer.mx)
    items.push_back(absl::StrCat(mx.preference, " ", mx.exchange));
  for (const auto& txt : answer.txt)
    items.push_back(absl::StrCat("\"", absl::StrJoin(txt, ""), "\""));
  if (!items.empty()) absl::StrAppend(&text, " ", absl::StrJoin(items, ", "));
  return text;
}

class Evaluator {
 public:
  Evaluator(Resolver& resolver, const SpfOptions& options, MacroContext base, SpfCheck& check)
      : resolver_(resolver), options_(options), base_(std::move(base)), check_(check) {}

  Verdict Evaluate(const std::string& domain, int depth);

 private:
  size_t NewEntry(int depth, const std::string& domain, std::string term) {
    SpfTraceEntry entry;
    entry.depth = depth;
    entry.domain = domain;
    entry.term = std::move(term);
    check_.trace.push_back(std::move(entry));
    current_ = check_.trace.size() - 1;
    return current_;
  }
  SpfTraceEntry& Entry(size_t index) { return check_.trace[index]; }

  Answer Query(absl::string_view name, RecordType type) {
    Answer answer = resolver_.Lookup(name, type);
    check_.trace[current_].lookups.push_back(
        absl::StrCat(RecordTypeName(type), " ", name, ": ", Describe(answer)));
    return answer;
  }

  // Counts a void lookup; an error step once there are more than the limit.
  Step CountVoid() {
    if (++check_.void_lookups > options_.max_void_lookups) {
      return Step::Error(SpfResult::kPermError,
                         absl::StrCat("more than ", options_.max_void_lookups, " void lookups"));
    }
    return Step{};
  }

  MacroContext ContextFor(const std::string& domain);
  absl::StatusOr<std::string> TargetName(const std::string& spec, const std::string& domain);
  Step EvaluateMechanism(const SpfMechanism& mechanism, const std::string& domain, int depth);
  Step MatchAddresses(const std::string& name, int cidr4, int cidr6);
  Step MatchMx(const SpfMechanism& mechanism, const std::string& name);
  Step MatchInclude(const std::string& target, int depth);
  std::vector<std::string> ValidatedNames(bool count_void, Step* void_error);
  std::string ValidatedName(const std::string& domain);
  std::string Explain(const SpfRecord& record, const std::string& domain, int depth);
  Verdict Redirect(const SpfRecord& record, const std::string& domain, int depth);

  Resolver& resolver_;
  const SpfOptions& options_;
  MacroContext base_;
  SpfCheck& check_;
  size_t current_ = 0;
};

MacroContext Evaluator::ContextFor(const std::string& domain) {
  MacroContext context = base_;
  context.domain = domain;
  context.validated_name = [this, domain] { return ValidatedName(domain); };
  return context;
}

absl::StatusOr<std::string> Evaluator::TargetName(const std::string& spec,
                                                  const std::string& domain) {
  if (spec.empty()) return domain;
  absl::StatusOr<std::string> expanded = ExpandMacros(spec, ContextFor(domain), false);
  if (!expanded.ok()) return expanded.status();
  absl::string_view name = *expanded;
  if (absl::EndsWith(name, ".")) name.remove_suffix(1);
  // RFC 7208 4.8: over-long names lose labels on the left until they fit.
  while (name.size() > 253) {
    size_t dot = name.find('.');
    if (dot == absl::string_view::npos) break;
    name.remove_prefix(dot + 1);
  }
  return std::string(name);
}

Step Evaluator::MatchAddresses(const std::string& name, int cidr4, int cidr6) {
  bool v6 = base_.ip.v6;
  Answer answer = Query(name, v6 ? RecordType::kAaaa : RecordType::kA);
  if (answer.IsError()) {
    return Step::Error(SpfResult::kTempError,
                       absl::StrCat("lookup of ", name, ": ", OutcomeName(answer.outcome)));
  }
  if (answer.IsVoid()) return CountVoid();
  for (const std::string& text : answer.addresses) {
    std::optional<IpAddress> address = IpAddress::Parse(text);
    if (address.has_value() && base_.ip.InNetwork(*address, v6 ? cidr6 : cidr4)) {
      return Step{Step::kMatch};
    }
  }
  return Step{};
}

Step Evaluator::MatchMx(const SpfMechanism& mechanism, const std::string& name) {
  Answer answer = Query(name, RecordType::kMx);
  if (answer.IsError()) {
    return Step::Error(SpfResult::kTempError,
                       absl::StrCat("MX lookup of ", name, ": ", OutcomeName(answer.outcome)));
  }
  if (answer.IsVoid()) return CountVoid();
  if (static_cast<int>(answer.mx.size()) > options_.max_mx_names) {
    return Step::Error(SpfResult::kPermError,
                       absl::StrCat(name, " has more than ", options_.max_mx_names, " MX records"));
  }
  for (const MxRecord& mx : answer.mx) {
    if (mx.exchange.empty()) continue;  // null MX (RFC 7505): no mail host
    bool v6 = base_.ip.v6;
    Answer addresses = Query(mx.exchange, v6 ? RecordType::kAaaa : RecordType::kA);
    if (addresses.IsError()) {
      return Step::Error(SpfResult::kTempError, absl::StrCat("lookup of ", mx.exchange, ": ",
                                                             OutcomeName(addresses.outcome)));
    }
    for (const std::string& text : addresses.addresses) {
      std::optional<IpAddress> address = IpAddress::Parse(text);
      if (address.has_value() &&
          base_.ip.InNetwork(*address, v6 ? mechanism.cidr6 : mechanism.cidr4)) {
        return Step{Step::kMatch};
      }
    }
  }
  return Step{};
}

Step Evaluator::MatchInclude(const std::string& target, int depth) {
  size_t entry = current_;
  Verdict inner = Evaluate(target, depth + 1);
  current_ = entry;
  switch (inner.result) {
    case SpfResult::kPass:
      return Step{Step::kMatch};
    case SpfResult::kFail:
    case SpfResult::kSoftFail:
    case SpfResult::kNeutral:
      return Step{};
    case SpfResult::kTempError:
      return Step::Error(SpfResult::kTempError, inner.problem);
    case SpfResult::kNone:
      return Step::Error(SpfResult::kPermError,
                         absl::StrCat("included domain ", target, " has no SPF record"));
    case SpfResult::kPermError:
      return Step::Error(SpfResult::kPermError, inner.problem);
  }
  return Step{};
}

std::vector<std::string> Evaluator::ValidatedNames(bool count_void, Step* void_error) {
  std::vector<std::string> validated;
  Answer ptr = Query(ReverseName(base_.ip), RecordType::kPtr);
  if (ptr.IsVoid() && count_void) *void_error = CountVoid();
  if (ptr.outcome != Outcome::kOk) return validated;  // RFC 7208 5.5: errors make no match
  int looked_up = 0;
  for (const std::string& name : ptr.names) {
    if (++looked_up > options_.max_ptr_names) break;
    Answer answer = Query(name, base_.ip.v6 ? RecordType::kAaaa : RecordType::kA);
    for (const std::string& text : answer.addresses) {
      std::optional<IpAddress> address = IpAddress::Parse(text);
      if (address.has_value() && address->v6 == base_.ip.v6 && address->bytes == base_.ip.bytes) {
        validated.push_back(CanonicalName(name));
        break;
      }
    }
  }
  return validated;
}

std::string Evaluator::ValidatedName(const std::string& domain) {
  Step ignored;
  std::vector<std::string> names = ValidatedNames(/*count_void=*/false, &ignored);
  std::string target = CanonicalName(domain);
  for (const std::string& name : names) {
    if (name == target) return name;
  }
  for (const std::string& name : names) {
    if (absl::EndsWith(name, absl::StrCat(".", target))) return name;
  }
  return names.empty() ? "unknown" : names.front();
}

Step Evaluator::EvaluateMechanism(const SpfMechanism& mechanism, const std::string& domain,
                                  int depth) {
  if (mechanism.kind == SpfMechanismKind::kAll) return Step{Step::kMatch};
  if (mechanism.kind == SpfMechanismKind::kIp4 || mechanism.kind == SpfMechanismKind::kIp6) {
    bool hit =
        base_.ip.InNetwork(mechanism.network, base_.ip.v6 ? mechanism.cidr6 : mechanism.cidr4);
    return Step{hit ? Step::kMatch : Step::kNoMatch};
  }
  absl::StatusOr<std::string> target = TargetName(mechanism.domain_spec, domain);
  if (!target.ok())
    return Step::Error(SpfResult::kPermError, std::string(target.status().message()));
  switch (mechanism.kind) {
    case SpfMechanismKind::kInclude:
      return MatchInclude(*target, depth);
    case SpfMechanismKind::kA:
      return MatchAddresses(*target, mechanism.cidr4, mechanism.cidr6);
    case SpfMechanismKind::kMx:
      return MatchMx(mechanism, *target);
    case SpfMechanismKind::kPtr: {
      Step void_error;
      std::vector<std::string> names = ValidatedNames(/*count_void=*/true, &void_error);
      if (void_error.kind == Step::kError) return void_error;
      std::string wanted = CanonicalName(*target);
      for (const std::string& name : names) {
        if (name == wanted || absl::EndsWith(name, absl::StrCat(".", wanted))) {
          return Step{Step::kMatch};
        }
      }
      return Step{};
    }
    case SpfMechanismKind::kExists: {
      Answer answer = Query(*target, RecordType::kA);
      if (answer.IsError()) {
        return Step::Error(SpfResult::kTempError,
                           absl::StrCat("lookup of ", *target, ": ", OutcomeName(answer.outcome)));
      }
      if (answer.IsVoid()) return CountVoid();
      return Step{Step::kMatch};
    }
    default:
      return Step{};
  }
}

std::string Evaluator::Explain(const SpfRecord& record, const std::string& domain, int depth) {
  if (!record.exp.has_value()) return options_.default_explanation;
  NewEntry(depth, domain, absl::StrCat("exp=", *record.exp));
  absl::StatusOr<std::string> target = TargetName(*record.exp, domain);
  if (!target.ok()) return options_.default_explanation;
  Answer answer = Query(*target, RecordType::kTxt);
  if (answer.outcome != Outcome::kOk || answer.txt.size() != 1) {
    return options_.default_explanation;
  }
  absl::StatusOr<std::string> text =
      ExpandMacros(absl::StrJoin(answer.txt.front(), ""), ContextFor(domain), /*explain=*/true);
  if (!text.ok()) {
    Entry(current_).note = absl::StrCat("explanation ignored: ", text.status().message());
    return options_.default_explanation;
  }
  return *text;
}

Verdict Evaluator::Redirect(const SpfRecord& record, const std::string& domain, int depth) {
  NewEntry(depth, domain, absl::StrCat("redirect=", *record.redirect));
  if (++check_.dns_terms > options_.max_dns_terms) {
    return Verdict{SpfResult::kPermError, "",
                   absl::StrCat("more than ", options_.max_dns_terms, " DNS-querying terms")};
  }
  absl::StatusOr<std::string> target = TargetName(*record.redirect, domain);
  if (!target.ok()) {
    return Verdict{SpfResult::kPermError, "", std::string(target.status().message())};
  }
  Verdict inner = Evaluate(*target, depth + 1);
  if (inner.result == SpfResult::kNone) {
    return Verdict{SpfResult::kPermError, "",
                   absl::StrCat("redirect target ", *target, " has no SPF record")};
  }
  return inner;
}

Verdict Evaluator::Evaluate(const std::string& domain, int depth) {
  size_t record_entry = NewEntry(depth, domain, "(record)");
  if (!IsValidDomain(domain)) {
    Entry(record_entry).note = "not a valid domain name";
    return Verdict{SpfResult::kNone, "", absl::StrCat("\"", domain, "\" is not a domain name")};
  }
  Answer answer = Query(domain, RecordType::kTxt);
  if (answer.IsError()) {
    return Verdict{SpfResult::kTempError, "",
                   absl::StrCat("TXT lookup of ", domain, ": ", OutcomeName(answer.outcome))};
  }
  std::vector<std::string> records;
  for (const std::vector<std::string>& strings : answer.txt) {
    std::string text = absl::StrJoin(strings, "");
    if (IsSpfRecord(text)) records.push_back(std::move(text));
  }
  if (records.empty())
    return Verdict{SpfResult::kNone, "", absl::StrCat(domain, " has no SPF record")};
  if (records.size() > 1) {
    return Verdict{SpfResult::kPermError, "", absl::StrCat(domain, " has several SPF records")};
  }
  absl::StatusOr<SpfRecord> record = ParseSpfRecord(records.front());
  if (!record.ok()) {
    Entry(record_entry).note = std::string(record.status().message());
    return Verdict{SpfResult::kPermError, "",
                   absl::StrCat(domain, ": ", record.status().message())};
  }
  for (const SpfMechanism& mechanism : record->mechanisms) {
    size_t entry = NewEntry(depth, domain, mechanism.text);
    if (QueriesDns(mechanism.kind) && ++check_.dns_terms > options_.max_dns_terms) {
      Entry(entry).note = "over the DNS-querying term limit";
      return Verdict{SpfResult::kPermError, "",
                     absl::StrCat("more than ", options_.max_dns_terms, " DNS-querying terms")};
    }
    Step step = EvaluateMechanism(mechanism, domain, depth);
    if (step.kind == Step::kError) {
      Entry(entry).note = step.problem;
      return Verdict{step.error, "", step.problem};
    }
    if (step.kind == Step::kMatch) {
      Entry(entry).matched = true;
      Verdict verdict{QualifierResult(mechanism.qualifier), "", ""};
      if (verdict.result == SpfResult::kFail) verdict.explanation = Explain(*record, domain, depth);
      return verdict;
    }
  }
  if (record->redirect.has_value()) return Redirect(*record, domain, depth);
  return Verdict{SpfResult::kNeutral, "", ""};
}

}  // namespace

absl::string_view SpfResultName(SpfResult result) {
  switch (result) {
    case SpfResult::kNone:
      return "none";
    case SpfResult::kNeutral:
      return "neutral";
    case SpfResult::kPass:
      return "pass";
    case SpfResult::kFail:
      return "fail";
    case SpfResult::kSoftFail:
      return "softfail";
    case SpfResult::kTempError:
      return "temperror";
    case SpfResult::kPermError:
      return "permerror";
  }
  return "?";
}

absl::StatusOr<SpfCheck> CheckHost(Resolver& resolver, absl::string_view ip,
                                   absl::string_view domain, absl::string_view sender,
                                   absl::string_view helo, const SpfOptions& options) {
  std::optional<IpAddress> address = IpAddress::Parse(ip, /*unmap_v4=*/true);
  if (!address.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat("ip: \"", ip, "\" is not an IP address"));
  }
  MacroContext context;
  size_t at = sender.rfind('@');
  context.local_part = at == absl::string_view::npos ? "" : std::string(sender.substr(0, at));
  context.sender_domain =
      std::string(at == absl::string_view::npos ? sender : sender.substr(at + 1));
  if (context.sender_domain.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("sender: \"", sender, "\" has no domain"));
  }
  if (context.local_part.empty()) context.local_part = "postmaster";
  context.sender = absl::StrCat(context.local_part, "@", context.sender_domain);
  context.helo = std::string(helo);
  context.receiving_host = options.receiving_host;
  context.timestamp = options.timestamp;
  context.ip = *address;

  SpfCheck check;
  Evaluator evaluator(resolver, options, std::move(context), check);
  Verdict verdict = evaluator.Evaluate(std::string(domain), 0);
  check.result = verdict.result;
  check.explanation = verdict.result == SpfResult::kFail ? verdict.explanation : "";
  check.problem = verdict.problem;
  return check;
}

absl::StatusOr<SpfCheck> CheckMailFrom(Resolver& resolver, absl::string_view ip,
                                       absl::string_view mail_from, absl::string_view helo,
                                       const SpfOptions& options) {
  if (mail_from.empty()) {
    return CheckHost(resolver, ip, helo, absl::StrCat("postmaster@", helo), helo, options);
  }
  size_t at = mail_from.rfind('@');
  absl::string_view domain = at == absl::string_view::npos ? mail_from : mail_from.substr(at + 1);
  return CheckHost(resolver, ip, domain, mail_from, helo, options);
}

}  // namespace supplyrisk::scan::dns
