#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/questionnaire/conditions.h"
#include "engine/questionnaire/format.h"
#include "engine/questionnaire/linter.h"

namespace supplyrisk::questionnaire::lint_internal {

void Linter::CheckReadiness() {
  if (!t_.has_readiness()) return;
  const auto& r = t_.readiness();
  if (r.star() != 3 && r.star() != 4) {
    Add("readiness.star", absl::StrCat("star must be 3 or 4 (got ", r.star(), ")"));
  }
  if (r.items().empty()) {
    Add("readiness.items", "a readiness profile needs at least one item");
  }
  absl::flat_hash_map<std::string, int> ids;
  for (int i = 0; i < r.items_size(); ++i) {
    const auto& item = r.items(i);
    const std::string ipath = FieldPath("readiness", "items", i);
    if (item.id().empty()) {
      Add(FieldPath(ipath, "id"), "item id is missing");
    } else if (!ValidId(item.id())) {
      Add(FieldPath(ipath, "id"), absl::StrCat("item id '", item.id(),
                                               "' may contain only letters, digits, '_', '-' and "
                                               "'.'"));
    } else if (auto [it, inserted] = ids.try_emplace(item.id(), i); !inserted) {
      Add(FieldPath(ipath, "id"), absl::StrCat("duplicate item id '", item.id(), "' (first at ",
                                               FieldPath("readiness", "items", it->second), ")"));
    }
    CheckText(FieldPath(ipath, "title"), item.title(), true);
    if (item.scs_category() == supplyrisk::v1::SCS_CATEGORY_UNSPECIFIED) {
      Add(FieldPath(ipath, "scs_category"), "SCS category is not set");
    }
    if (item.measure_ids().empty()) {
      Add(FieldPath(ipath, "measure_ids"), "an item needs at least one measure");
    }
    for (int m = 0; m < item.measure_ids_size(); ++m) {
      const std::string mpath = FieldPath(ipath, "measure_ids", m);
      CheckMeasureId(mpath, item.measure_ids(m), "measure");
      const auto* measure = catalog_.FindMeasure(item.measure_ids(m));
      if (measure == nullptr || (r.star() != 3 && r.star() != 4)) continue;
      const auto& stars = measure->scs_stars();
      if (std::find(stars.begin(), stars.end(), r.star()) == stars.end()) {
        Add(mpath, absl::StrCat("measure '", item.measure_ids(m), "' is not needed for star ",
                                r.star(), " in the catalogue (its SCS stars: ",
                                stars.empty() ? "none" : absl::StrJoin(stars, ", "), ")"));
      }
    }
    // The item's SCS category must be one its measures serve, or the star report would file the
    // item under a category the catalogue does not support.
    if (item.scs_category() != supplyrisk::v1::SCS_CATEGORY_UNSPECIFIED) {
      bool matched = false;
      bool any_known = false;
      for (const std::string& id : item.measure_ids()) {
        const auto* measure = catalog_.FindMeasure(id);
        if (measure == nullptr) continue;
        any_known = true;
        matched = matched || measure->scs_category() == item.scs_category();
      }
      if (any_known && !matched) {
        std::vector<std::string> cats;
        for (const std::string& id : item.measure_ids()) {
          if (const auto* m = catalog_.FindMeasure(id)) {
            cats.push_back(
                absl::StrCat(id, " ", supplyrisk::v1::ScsCategory_Name(m->scs_category())));
          }
        }
        Add(FieldPath(ipath, "scs_category"),
            absl::StrCat(supplyrisk::v1::ScsCategory_Name(item.scs_category()),
                         " is not the SCS category of any of the item's "
                         "measures (",
                         absl::StrJoin(cats, ", "), ")"));
      }
    }
    if (!(item.min_credit() > 0 && item.min_credit() <= 1)) {
      Add(FieldPath(ipath, "min_credit"),
          absl::StrCat("min_credit must be in (0, 1] (got ", FormatNumber(item.min_credit()), ")"));
    }
  }
  const std::string& inc = r.includes_template_id();
  if (inc.empty()) return;
  const std::string ipath = "readiness.includes_template_id";
  if (inc == t_.id()) {
    Add(ipath, "a readiness profile cannot include itself");
    return;
  }
  if (known_ == nullptr) return;
  auto it = known_->find(inc);
  if (it == known_->end() || it->second == nullptr) return;
  const Template& lower = *it->second;
  if (lower.kind() != supplyrisk::v1::TEMPLATE_KIND_READINESS_PROFILE) {
    Add(ipath, absl::StrCat("'", inc, "' is not a readiness profile"));
  } else if (lower.readiness().star() >= r.star()) {
    Add(ipath, absl::StrCat("'", inc, "' is a star ", lower.readiness().star(),
                            " profile, not lower than star ", r.star()));
  }
}

}  // namespace supplyrisk::questionnaire::lint_internal
