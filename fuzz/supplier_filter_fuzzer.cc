// The ListSuppliers filter, a client's string. Contract: no crash or UB; every problem is a
// violation of the field "filter"; a filter with no violations yields one term per comparison,
// each naming a field the filter knows, grouped in order, and parses to the same terms and
// groups when printed back from them.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "fuzz/fuzz_check.h"
#include "google/protobuf/stubs/logging.h"
#include "service/api/errors.h"
#include "service/api/supplier_filter.h"

namespace {

using supplyrisk::api::FilterOp;
using supplyrisk::api::FilterTerm;

const char* OpText(FilterOp op) {
  switch (op) {
    case FilterOp::kEq:
      return "=";
    case FilterOp::kNe:
      return "!=";
    case FilterOp::kLt:
      return "<";
    case FilterOp::kLe:
      return "<=";
    case FilterOp::kGt:
      return ">";
    case FilterOp::kGe:
      return ">=";
  }
  return "?";
}

// A term printed from what it parsed to: normalised texts, numbers and times in full precision.
std::string Print(const FilterTerm& t) {
  std::string value;
  if (t.field == "star_ready" || t.field == "overall_score") {
    value = absl::StrFormat("%.17g", t.number);
  } else if (t.field == "update_time") {
    value = absl::FormatTime(absl::RFC3339_full, t.time, absl::UTCTimeZone());
  } else {
    value = t.text;
  }
  return absl::StrCat(t.field, " ", OpText(t.op), " \"", value, "\"");
}

bool SameTerm(const FilterTerm& a, const FilterTerm& b) {
  return a.field == b.field && a.op == b.op && a.text == b.text && a.time == b.time &&
         a.group == b.group &&
         (a.number == b.number || (a.number != a.number && b.number != b.number));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool quiet = (google::protobuf::SetLogHandler(nullptr), true);
  (void)quiet;
  static const std::set<std::string> kFields = {"grade",        "decision",   "star_ready",
                                                "factor_issue", "open_issue", "overall_score",
                                                "update_time",  "size",       "industry"};
  const std::string filter(reinterpret_cast<const char*>(data), size);
  supplyrisk::api::FieldViolations violations;
  const std::vector<FilterTerm> terms = supplyrisk::api::ParseSupplierFilter(filter, &violations);
  for (const auto& v : violations.violations()) {
    FUZZ_CHECK(v.field == "filter", "every problem is a violation of the filter");
    FUZZ_CHECK(!v.description.empty(), "a violation says what is wrong");
  }
  if (!violations.empty()) return 0;
  std::string printed;
  for (size_t i = 0; i < terms.size(); ++i) {
    const FilterTerm& t = terms[i];
    FUZZ_CHECK(kFields.count(t.field) == 1, "a filter with no violations names known fields");
    FUZZ_CHECK(t.text.find('"') == std::string::npos, "a parsed value holds no quote");
    FUZZ_CHECK(t.group == (i == 0 ? 0 : terms[i - 1].group) ||
                   (i > 0 && t.group == terms[i - 1].group + 1),
               "groups are numbered in order");
    if (i > 0) printed += t.group == terms[i - 1].group ? " OR " : " AND ";
    printed += Print(t);
  }
  supplyrisk::api::FieldViolations again_violations;
  const std::vector<FilterTerm> again =
      supplyrisk::api::ParseSupplierFilter(printed, &again_violations);
  // The printed form may exceed the length limit the original met (normalised enum names are
  // longer than their short forms); only a printed filter within the limit must parse.
  if (printed.size() > 2000) return 0;
  FUZZ_CHECK(again_violations.empty(), "a filter printed from parsed terms parses");
  FUZZ_CHECK(again.size() == terms.size(), "print then parse keeps every term");
  for (size_t i = 0; i < terms.size(); ++i) {
    FUZZ_CHECK(SameTerm(terms[i], again[i]), "print then parse gives the same term");
  }
  return 0;
}
