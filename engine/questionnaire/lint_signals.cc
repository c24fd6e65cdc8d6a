// Signal links against the catalogue: what a scan can observe is catalogue data
// (Measure.observed_by), so whether a question must be linked to scan findings is checked, not left
// to judgement.
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/questionnaire/asset_patterns.h"
#include "engine/questionnaire/linter.h"

namespace supplyrisk::questionnaire::lint_internal {
namespace {

std::string FactorName(supplyrisk::v1::Factor f) {
  const std::string& name = supplyrisk::v1::Factor_Name(f);
  return name.empty() ? absl::StrCat(static_cast<int>(f)) : name;
}

// The first few of `types`, for a message that must stay on one line.
std::string Some(const std::vector<std::string>& types) {
  constexpr size_t kShown = 4;
  if (types.size() <= kShown) return absl::StrJoin(types, ", ");
  return absl::StrCat(absl::StrJoin(types.begin(), types.begin() + kShown, ", "), ", ... (",
                      types.size(), " in all)");
}

}  // namespace

void Linter::CheckSignalLinks(const Question& q, const std::string& path, bool scored) {
  absl::flat_hash_set<std::string> contradicting;
  absl::flat_hash_set<std::pair<int, std::string>> seen;
  for (int i = 0; i < q.signal_links_size(); ++i) {
    const auto& link = q.signal_links(i);
    const std::string spath = FieldPath(path, "signal_links", i);

    absl::flat_hash_set<std::string> patterns;
    for (int j = 0; j < link.asset_patterns_size(); ++j) {
      const std::string& pattern = link.asset_patterns(j);
      const std::string ppath = FieldPath(spath, "asset_patterns", j);
      if (std::string why = AssetPatternProblem(pattern); !why.empty()) {
        Add(ppath, absl::StrCat(why, " (got '", pattern, "')"));
      } else if (!patterns.insert(absl::AsciiStrToLower(pattern)).second) {
        Add(ppath, absl::StrCat("asset pattern '", pattern, "' is listed twice"));
      }
    }

    // Malformed and repeated links are reported by CheckQuestion; only the first of each
    // well-formed one is looked up.
    if (!seen.emplace(static_cast<int>(link.factor()), link.issue_type()).second) continue;
    if (!SnakeCase(link.issue_type())) continue;
    const catalog::ObservedIssue* issue = catalog_.FindObservedIssue(link.issue_type());
    if (issue == nullptr) {
      AddSignalRule(FieldPath(spath, "issue_type"),
                    absl::StrCat("issue type '", link.issue_type(),
                                 "' is not observed by any measure of catalogue ",
                                 catalog_.catalog().version(),
                                 " (observed_by): a typo, or a type no scan emits"));
      continue;
    }
    if (link.factor() != supplyrisk::v1::FACTOR_UNSPECIFIED &&
        supplyrisk::v1::Factor_IsValid(link.factor()) && link.factor() != issue->factor) {
      AddSignalRule(FieldPath(spath, "factor"),
                    absl::StrCat("issue type '", link.issue_type(), "' has factor ",
                                 FactorName(issue->factor), ", not ", FactorName(link.factor())));
    }
    if (issue->confirming && link.relation() == supplyrisk::v1::SIGNAL_RELATION_CONTRADICTS) {
      AddSignalRule(FieldPath(spath, "relation"),
                    absl::StrCat("issue type '", link.issue_type(),
                                 "' is a positive observation: it can only confirm an answer "
                                 "(SIGNAL_RELATION_CONFIRMS)"));
    } else if (!issue->confirming && link.relation() == supplyrisk::v1::SIGNAL_RELATION_CONFIRMS) {
      AddSignalRule(FieldPath(spath, "relation"),
                    absl::StrCat("issue type '", link.issue_type(),
                                 "' is a finding: it can only contradict an answer "
                                 "(SIGNAL_RELATION_CONTRADICTS)"));
    } else if (link.relation() == supplyrisk::v1::SIGNAL_RELATION_CONTRADICTS) {
      contradicting.insert(link.issue_type());
    }
  }

  // Observed beats claimed: a scored question about something a scan sees must let the scan
  // contradict it.
  if (!scored) return;
  for (int i = 0; i < q.measures_size(); ++i) {
    const supplyrisk::v1::Measure* m = catalog_.FindMeasure(q.measures(i).measure_id());
    if (m == nullptr) continue;
    std::vector<std::string> types;
    bool linked = false;
    for (const auto& o : m->observed_by()) {
      for (const std::string& t : o.issue_types()) {
        types.push_back(t);
        linked = linked || contradicting.contains(t);
      }
    }
    if (types.empty() || linked) continue;
    AddSignalRule(FieldPath(FieldPath(path, "measures", i), "measure_id"),
                  absl::StrCat("measure '", m->id(), "' is observed by scans (", Some(types),
                               "): link at least one of its issue types as "
                               "SIGNAL_RELATION_CONTRADICTS"));
  }
}

}  // namespace supplyrisk::questionnaire::lint_internal
