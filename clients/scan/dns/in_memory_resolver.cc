#include "clients/scan/dns/in_memory_resolver.h"

#include "absl/strings/str_cat.h"

namespace supplyrisk::scan::dns {
namespace {

// Longer CNAME chains than this are treated as loops (answered kServFail), as resolvers do.
constexpr int kMaxCnameChain = 8;

}  // namespace

InMemoryResolver::Node& InMemoryResolver::At(absl::string_view name) {
  return nodes_[CanonicalName(name)];
}

void InMemoryResolver::AddA(absl::string_view name, absl::string_view address) {
  At(name).a.emplace_back(address);
}

void InMemoryResolver::AddAaaa(absl::string_view name, absl::string_view address) {
  At(name).aaaa.emplace_back(address);
}

void InMemoryResolver::AddTxt(absl::string_view name, std::vector<std::string> strings) {
  At(name).txt.push_back(std::move(strings));
}

void InMemoryResolver::AddMx(absl::string_view name, uint16_t preference,
                             absl::string_view exchange) {
  At(name).mx.push_back(MxRecord{preference, CanonicalName(exchange)});
}

void InMemoryResolver::AddPtr(absl::string_view name, absl::string_view target) {
  At(name).ptr.push_back(CanonicalName(target));
}

void InMemoryResolver::AddNs(absl::string_view name, absl::string_view target) {
  At(name).ns.push_back(CanonicalName(target));
}

void InMemoryResolver::AddCname(absl::string_view name, absl::string_view target) {
  At(name).cname = CanonicalName(target);
}

void InMemoryResolver::AddCaa(absl::string_view name, uint8_t flags, absl::string_view tag,
                              absl::string_view value) {
  At(name).caa.push_back(CaaRecord{flags, std::string(tag), std::string(value)});
}

void InMemoryResolver::AddName(absl::string_view name) { At(name); }

void InMemoryResolver::SimulateTimeout(absl::string_view name, RecordType type) {
  At(name).simulated[type] = Outcome::kTimeout;
}

void InMemoryResolver::SimulateServFail(absl::string_view name, RecordType type) {
  At(name).simulated[type] = Outcome::kServFail;
}

void InMemoryResolver::SetDnssec(absl::string_view name, DnssecState state,
                                 absl::string_view why_bogus) {
  Node& node = At(name);
  node.dnssec = state;
  node.why_bogus = std::string(why_bogus);
}

bool InMemoryResolver::FillAnswer(const Node& node, RecordType type, Answer& answer) {
  switch (type) {
    case RecordType::kA:
      answer.addresses = node.a;
      return !node.a.empty();
    case RecordType::kAaaa:
      answer.addresses = node.aaaa;
      return !node.aaaa.empty();
    case RecordType::kMx:
      answer.mx = node.mx;
      return !node.mx.empty();
    case RecordType::kTxt:
      answer.txt = node.txt;
      return !node.txt.empty();
    case RecordType::kPtr:
      answer.names = node.ptr;
      return !node.ptr.empty();
    case RecordType::kNs:
      answer.names = node.ns;
      return !node.ns.empty();
    case RecordType::kCname:
      if (!node.cname.empty()) answer.names = {node.cname};
      return !node.cname.empty();
    case RecordType::kCaa:
      answer.caa = node.caa;
      return !node.caa.empty();
  }
  return false;
}

Answer InMemoryResolver::Lookup(absl::string_view name, RecordType type) {
  queries_.push_back(absl::StrCat(RecordTypeName(type), " ", CanonicalName(name)));
  Answer answer;
  std::string current = CanonicalName(name);
  for (int hop = 0; hop <= kMaxCnameChain; ++hop) {
    auto it = nodes_.find(current);
    if (it == nodes_.end()) {
      answer.outcome = Outcome::kNxDomain;
      return answer;
    }
    const Node& node = it->second;
    answer.dnssec = node.dnssec;
    answer.why_bogus = node.why_bogus;
    auto simulated = node.simulated.find(type);
    if (simulated != node.simulated.end()) {
      answer.outcome = simulated->second;
      return answer;
    }
    if (type != RecordType::kCname && !node.cname.empty()) {
      current = node.cname;
      continue;
    }
    answer.outcome = FillAnswer(node, type, answer) ? Outcome::kOk : Outcome::kNoData;
    return answer;
  }
  answer.outcome = Outcome::kServFail;  // a CNAME loop
  return answer;
}

}  // namespace supplyrisk::scan::dns
