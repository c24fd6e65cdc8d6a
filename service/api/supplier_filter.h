#ifndef SUPPLYRISK_SERVICE_API_SUPPLIER_FILTER_H_
#define SUPPLYRISK_SERVICE_API_SUPPLIER_FILTER_H_

// The ListSuppliers filter: an AIP-160 subset of comparisons joined by AND and OR, e.g.
//   grade = "A" AND star_ready >= 3 AND update_time > "2026-01-01T00:00:00Z"
//   grade = "D" OR grade = "F" AND decision != "APPROVE"
// As in AIP-160, OR binds tighter than AND: the second reads (D or F) and not approved. No
// parentheses or NOT. Parsing reports every problem as a violation of the field "filter".

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "service/api/errors.h"
#include "service/store/store.h"

namespace supplyrisk::api {

enum class FilterOp { kEq, kNe, kLt, kLe, kGt, kGe };

struct FilterTerm {
  std::string field;  // grade, decision, star_ready, factor_issue, open_issue,
                      // overall_score, update_time, size, industry
  FilterOp op = FilterOp::kEq;
  std::string text;   // normalised value: enum names in full
                      // (DECISION_OUTCOME_REJECT, ...)
  double number = 0;  // star_ready, overall_score
  absl::Time time;    // update_time
  // Terms of one group are joined by OR, groups by AND; groups are numbered 0, 1, ... in order.
  int group = 0;
};

// Whether the group of terms[i] holds terms[i] alone, so that it must hold for every match (an
// index may be narrowed by it).
bool StandsAlone(const std::vector<FilterTerm>& terms, size_t i);

// Parses `filter`; on problems adds violations to `violations` and returns what parsed.
std::vector<FilterTerm> ParseSupplierFilter(absl::string_view filter, FieldViolations* violations);

// Whether a number/time/text satisfies one term.
bool Compare(double value, FilterOp op, double operand);
bool CompareText(absl::string_view value, FilterOp op, absl::string_view operand);

}  // namespace supplyrisk::api

#endif  // SUPPLYRISK_SERVICE_API_SUPPLIER_FILTER_H_
