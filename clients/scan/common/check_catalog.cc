#include "clients/scan/common/check_catalog.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/scan/common/builtin_checks_data.h"
#include "engine/signals/signal_lifecycle.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/time_util.h"

namespace supplyrisk::scan {
namespace {

constexpr const char* kFamilies[] = {"dns", "tls", "ports", "web", "patching"};

bool KnownFamily(absl::string_view family) {
  for (const char* f : kFamilies) {
    if (family == f) return true;
  }
  return false;
}

bool IsIssueType(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '_') return false;
  }
  return true;
}

// Collects problems as "check <id>: <field>: <message>" lines.
class Problems {
 public:
  void Add(absl::string_view where, absl::string_view field, absl::string_view message) {
    lines_.push_back(absl::StrCat(where, ": ", field, ": ", message));
  }
  bool empty() const { return lines_.empty(); }
  std::string Text() const { return absl::StrJoin(lines_, "\n"); }

 private:
  std::vector<std::string> lines_;
};

void CheckOne(const v1::ScanCheck& check, int index, Problems* problems) {
  const std::string where =
      check.id().empty() ? absl::StrCat("checks[", index, "]") : absl::StrCat("check ", check.id());
  std::vector<absl::string_view> parts = absl::StrSplit(check.id(), absl::MaxSplits('.', 1));
  if (check.id().empty()) {
    problems->Add(where, "id", "missing");
  } else if (parts.size() != 2 || parts[1].empty() || !IsIssueType(parts[1])) {
    problems->Add(where, "id", "must be <family>.<name> with a name of [a-z0-9_]");
  } else if (parts[0] != check.family()) {
    problems->Add(where, "id",
                  absl::StrCat("must start with its family \"", check.family(), ".\""));
  }
  if (!KnownFamily(check.family())) {
    problems->Add(where, "family", "must be one of dns, tls, ports, web, patching");
  }
  if (check.factor() == v1::FACTOR_UNSPECIFIED || !v1::Factor_IsValid(check.factor())) {
    problems->Add(where, "factor", "missing");
  }
  if (!IsIssueType(check.issue_type())) {
    problems->Add(where, "issue_type", "must be non-empty [a-z0-9_]");
  }
  if (check.severity() == v1::SEVERITY_UNSPECIFIED || !v1::Severity_IsValid(check.severity())) {
    problems->Add(where, "severity", "missing");
  }
  if (check.status() == v1::SCAN_CHECK_STATUS_UNSPECIFIED ||
      !v1::ScanCheckStatus_IsValid(check.status())) {
    problems->Add(where, "status", "missing");
  }
  if (check.deduction() < 0 || check.deduction() > 100) {
    problems->Add(where, "deduction", "must be in 0..100");
  }
  if (check.title().ja().empty()) problems->Add(where, "title.ja", "missing");
  if (check.title().en().empty()) problems->Add(where, "title.en", "missing");
  const bool has_ja = !check.remediation().ja().empty();
  const bool has_en = !check.remediation().en().empty();
  if (has_ja != has_en) {
    problems->Add(where, has_ja ? "remediation.en" : "remediation.ja", "missing");
  } else if (!has_en && check.severity() != v1::SEVERITY_POSITIVE) {
    problems->Add(where, "remediation", "missing (only a POSITIVE check may have none)");
  }
}

}  // namespace

absl::StatusOr<CheckCatalog> CheckCatalog::Parse(absl::string_view text) {
  auto catalog = std::make_shared<v1::ScanCheckCatalog>();
  if (!google::protobuf::TextFormat::ParseFromString(std::string(text), catalog.get())) {
    return absl::InvalidArgumentError("check catalogue: not a valid ScanCheckCatalog text proto");
  }
  Problems problems;
  if (catalog->version().empty()) problems.Add("catalogue", "version", "missing");
  auto by_id = std::make_shared<absl::flat_hash_map<std::string, const v1::ScanCheck*>>();
  for (int i = 0; i < catalog->checks_size(); ++i) {
    const v1::ScanCheck& check = catalog->checks(i);
    CheckOne(check, i, &problems);
    if (!check.id().empty() && !by_id->emplace(check.id(), &check).second) {
      problems.Add(absl::StrCat("check ", check.id()), "id", "repeated");
    }
  }
  if (!problems.empty()) return absl::InvalidArgumentError(problems.Text());
  CheckCatalog result;
  result.catalog_ = std::move(catalog);
  result.by_id_ = std::move(by_id);
  return result;
}

const CheckCatalog& CheckCatalog::BuiltIn() {
  static const CheckCatalog* const kBuiltIn = [] {
    absl::StatusOr<CheckCatalog> parsed = Parse(internal::kBuiltinChecksText);
    if (!parsed.ok()) {
      std::fprintf(stderr, "built-in check catalogue is invalid:\n%s\n",
                   std::string(parsed.status().message()).c_str());
      std::abort();
    }
    return new CheckCatalog(*std::move(parsed));
  }();
  return *kBuiltIn;
}

const v1::ScanCheck* CheckCatalog::Find(absl::string_view check_id) const {
  auto it = by_id_->find(check_id);
  return it == by_id_->end() ? nullptr : it->second;
}

absl::StatusOr<v1::Signal> CheckCatalog::MakeSignal(absl::string_view check_id,
                                                    const Observation& observation) const {
  const v1::ScanCheck* check = Find(check_id);
  if (check == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("check_id: unknown check \"", check_id, "\""));
  }
  if (observation.asset.empty()) return absl::InvalidArgumentError("asset: missing");
  if (observation.scanner.empty()) return absl::InvalidArgumentError("scanner: missing");
  if (observation.observed_at == absl::InfinitePast() ||
      observation.observed_at == absl::InfiniteFuture() ||
      observation.observed_at == absl::UnixEpoch()) {
    return absl::InvalidArgumentError("observed_at: missing");
  }
  v1::Signal signal;
  signal.set_supplier(observation.supplier);
  signal.set_factor(check->factor());
  signal.set_issue_type(check->issue_type());
  signal.set_severity(check->status() == v1::SCAN_CHECK_STATUS_SCORED ? check->severity()
                                                                      : v1::SEVERITY_INFO);
  signal.set_asset(observation.asset);
  const int64_t micros = absl::ToUnixMicros(observation.observed_at);
  *signal.mutable_observed_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(micros);
  *signal.mutable_last_observed_at() = signal.observed_at();
  signal.set_source(absl::StrCat("supplyrisk-scan/", observation.scanner, " checks/", version()));
  signal.set_cve(observation.cve);
  signal.set_detail(observation.detail);
  signal.set_id(signals::DefaultSignalId(signal));
  return signal;
}

}  // namespace supplyrisk::scan
