#include "clients/scan/dns/dmarc.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace supplyrisk::scan::dns {
namespace {

// Record texts longer than this are not DMARC records anyone publishes; refuse them.
constexpr size_t kMaxRecordSize = 4096;

std::optional<DmarcPolicy> PolicyOf(absl::string_view value) {
  std::string lower = absl::AsciiStrToLower(value);
  if (lower == "none") return DmarcPolicy::kNone;
  if (lower == "quarantine") return DmarcPolicy::kQuarantine;
  if (lower == "reject") return DmarcPolicy::kReject;
  return std::nullopt;
}

// Whether a TXT record is meant as a DMARC record (its first tag is v=DMARC1); only those are
// selected, and a selected one that fails to parse is malformed.
bool IsDmarcText(absl::string_view text) {
  absl::string_view first = text.substr(0, text.find(';'));
  size_t equals = first.find('=');
  if (equals == absl::string_view::npos) return false;
  return absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(first.substr(0, equals)), "v") &&
         absl::StripAsciiWhitespace(first.substr(equals + 1)) == "DMARC1";
}

// "mailto:d@rua.example.net!10m" -> "d@rua.example.net".
absl::StatusOr<std::string> MailtoAddress(absl::string_view uri) {
  uri = absl::StripAsciiWhitespace(uri);
  if (!absl::ConsumePrefix(&uri, "mailto:") && !absl::ConsumePrefix(&uri, "MAILTO:")) {
    return absl::InvalidArgumentError(absl::StrCat("rua: \"", uri, "\" is not a mailto: URI"));
  }
  uri = uri.substr(0, uri.find('!'));
  size_t at = uri.rfind('@');
  if (at == absl::string_view::npos || at == 0 || at + 1 == uri.size()) {
    return absl::InvalidArgumentError(absl::StrCat("rua: \"", uri, "\" is not an address"));
  }
  return absl::AsciiStrToLower(uri);
}

// Whether `a` is `b` or below it.
bool WithinDomain(absl::string_view a, absl::string_view b) {
  return a == b || absl::EndsWith(a, absl::StrCat(".", b));
}

}  // namespace

absl::StatusOr<DmarcRecord> ParseDmarcRecord(absl::string_view text) {
  if (text.size() > kMaxRecordSize) return absl::InvalidArgumentError("record: too long");
  std::vector<absl::string_view> tags = absl::StrSplit(text, ';', absl::SkipWhitespace());
  DmarcRecord record;
  bool have_policy = false;
  for (size_t i = 0; i < tags.size(); ++i) {
    size_t equals = tags[i].find('=');
    if (equals == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat("tag \"", tags[i], "\" has no \"=\""));
    }
    std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(tags[i].substr(0, equals)));
    absl::string_view value = absl::StripAsciiWhitespace(tags[i].substr(equals + 1));
    if (i == 0) {
      if (name != "v" || value != "DMARC1") {
        return absl::InvalidArgumentError("v: the record must start with v=DMARC1");
      }
    } else if (i == 1 && name != "p") {
      return absl::InvalidArgumentError("p: must follow v=DMARC1");
    } else if (name == "p" || name == "sp") {
      std::optional<DmarcPolicy> policy = PolicyOf(value);
      if (!policy.has_value()) {
        return absl::InvalidArgumentError(absl::StrCat(name, ": unknown policy \"", value, "\""));
      }
      if (name == "p") {
        record.policy = *policy;
        have_policy = true;
      } else {
        record.subdomain_policy = policy;
      }
    } else if (name == "pct") {
      if (!absl::SimpleAtoi(value, &record.pct) || record.pct < 0 || record.pct > 100) {
        return absl::InvalidArgumentError(absl::StrCat("pct: \"", value, "\" is not 0..100"));
      }
    } else if (name == "rua") {
      for (absl::string_view uri : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
        absl::StatusOr<std::string> address = MailtoAddress(uri);
        if (!address.ok()) return address.status();
        record.rua.push_back(*std::move(address));
      }
    }
  }
  if (!have_policy) return absl::InvalidArgumentError("p: missing");
  return record;
}

std::vector<Finding> DmarcFindings(Resolver& resolver, absl::string_view domain) {
  std::string asset = CanonicalName(domain);
  std::vector<Finding> findings;
  auto add = [&](const char* check, std::string detail) {
    findings.push_back(Finding{check, asset, std::move(detail)});
  };
  Answer answer = resolver.Lookup(absl::StrCat("_dmarc.", asset), RecordType::kTxt);
  if (answer.IsError()) return findings;
  std::vector<std::string> records;
  for (const std::vector<std::string>& strings : answer.txt) {
    std::string text = absl::StrJoin(strings, "");
    if (IsDmarcText(text)) records.push_back(std::move(text));
  }
  if (records.empty()) {
    add("dns.dmarc_missing", absl::StrCat("no v=DMARC1 record at _dmarc.", asset));
    return findings;
  }
  if (records.size() > 1) {
    add("dns.dmarc_malformed", absl::StrCat(records.size(), " DMARC records"));
    return findings;
  }
  absl::StatusOr<DmarcRecord> record = ParseDmarcRecord(records.front());
  if (!record.ok()) {
    add("dns.dmarc_malformed", absl::StrCat(records.front(), ": ", record.status().message()));
    return findings;
  }
  if (record->policy == DmarcPolicy::kNone) add("dns.dmarc_policy_none", records.front());
  if (record->subdomain_policy.has_value() && *record->subdomain_policy < record->policy) {
    add("dns.dmarc_subdomain_weaker", records.front());
  }
  if (record->pct < 100) add("dns.dmarc_partial_pct", records.front());
  if (record->rua.empty()) add("dns.dmarc_no_rua", records.front());
  for (const std::string& address : record->rua) {
    std::string host = address.substr(address.rfind('@') + 1);
    if (WithinDomain(host, asset) || WithinDomain(asset, host)) continue;
    std::string authorisation = absl::StrCat(asset, "._report._dmarc.", host);
    Answer granted = resolver.Lookup(authorisation, RecordType::kTxt);
    if (granted.IsError()) continue;
    bool authorised = false;
    for (const auto& strings : granted.txt) {
      authorised = authorised || IsDmarcText(absl::StrJoin(strings, ""));
    }
    if (!authorised) {
      add("dns.dmarc_rua_unauthorized",
          absl::StrCat("rua ", address, " without v=DMARC1 at ", authorisation));
    }
  }
  return findings;
}

}  // namespace supplyrisk::scan::dns
