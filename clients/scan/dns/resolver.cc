#include "clients/scan/dns/resolver.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace supplyrisk::scan::dns {

absl::string_view RecordTypeName(RecordType type) {
  switch (type) {
    case RecordType::kA:
      return "A";
    case RecordType::kAaaa:
      return "AAAA";
    case RecordType::kMx:
      return "MX";
    case RecordType::kTxt:
      return "TXT";
    case RecordType::kPtr:
      return "PTR";
    case RecordType::kCname:
      return "CNAME";
    case RecordType::kNs:
      return "NS";
    case RecordType::kCaa:
      return "CAA";
  }
  return "?";
}

absl::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kOk:
      return "ok";
    case Outcome::kNxDomain:
      return "nxdomain";
    case Outcome::kNoData:
      return "nodata";
    case Outcome::kServFail:
      return "servfail";
    case Outcome::kTimeout:
      return "timeout";
  }
  return "?";
}

absl::string_view DnssecStateName(DnssecState state) {
  switch (state) {
    case DnssecState::kUnvalidated:
      return "unvalidated";
    case DnssecState::kSecure:
      return "secure";
    case DnssecState::kInsecure:
      return "insecure";
    case DnssecState::kBogus:
      return "bogus";
  }
  return "?";
}

std::string CanonicalName(absl::string_view name) {
  if (absl::EndsWith(name, ".") && name.size() > 1) name.remove_suffix(1);
  if (name == ".") return "";
  return absl::AsciiStrToLower(name);
}

}  // namespace supplyrisk::scan::dns
