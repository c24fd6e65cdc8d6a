// A Resolver answering from zone data given in code, for tests: no network, deterministic, with
// simulated timeouts and server failures.
//
// Example:
//   InMemoryResolver zone;
//   zone.AddTxt("example.jp", {"v=spf1 ip4:192.0.2.0/24 -all"});
//   zone.AddA("mail.example.jp", "192.0.2.25");
//   zone.SimulateTimeout("slow.example.jp", RecordType::kTxt);
#ifndef SUPPLYRISK_CLIENTS_SCAN_DNS_IN_MEMORY_RESOLVER_H_
#define SUPPLYRISK_CLIENTS_SCAN_DNS_IN_MEMORY_RESOLVER_H_

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "clients/scan/dns/resolver.h"

namespace supplyrisk::scan::dns {

class InMemoryResolver : public Resolver {
 public:
  // Adders create the name if needed; names are compared case-insensitively without the
  // trailing dot. Addresses are stored as given (tests write them in canonical text form).
  void AddA(absl::string_view name, absl::string_view address);
  void AddAaaa(absl::string_view name, absl::string_view address);
  void AddTxt(absl::string_view name, std::vector<std::string> strings);
  void AddMx(absl::string_view name, uint16_t preference, absl::string_view exchange);
  void AddPtr(absl::string_view name, absl::string_view target);
  void AddNs(absl::string_view name, absl::string_view target);
  void AddCname(absl::string_view name, absl::string_view target);
  void AddCaa(absl::string_view name, uint8_t flags, absl::string_view tag,
              absl::string_view value);
  // Makes `name` exist with no records (lookups answer kNoData rather than kNxDomain).
  void AddName(absl::string_view name);

  // Lookups of `name` for `type` answer kTimeout / kServFail, whatever records exist.
  void SimulateTimeout(absl::string_view name, RecordType type);
  void SimulateServFail(absl::string_view name, RecordType type);

  // Every answer for `name` carries this DNSSEC state (and reason, for kBogus).
  void SetDnssec(absl::string_view name, DnssecState state, absl::string_view why_bogus = "");

  Answer Lookup(absl::string_view name, RecordType type) override;

  // Every lookup made, as "TYPE name", in order.
  const std::vector<std::string>& queries() const { return queries_; }

 private:
  struct Node {
    std::vector<std::string> a, aaaa, ptr, ns;
    std::vector<std::vector<std::string>> txt;
    std::vector<MxRecord> mx;
    std::vector<CaaRecord> caa;
    std::string cname;  // "" when none
    std::map<RecordType, Outcome> simulated;
    DnssecState dnssec = DnssecState::kUnvalidated;
    std::string why_bogus;
  };

  Node& At(absl::string_view name);
  static bool FillAnswer(const Node& node, RecordType type, Answer& answer);

  std::map<std::string, Node> nodes_;
  std::vector<std::string> queries_;
};

}  // namespace supplyrisk::scan::dns

#endif  // SUPPLYRISK_CLIENTS_SCAN_DNS_IN_MEMORY_RESOLVER_H_
