#include "engine/scoring/stars.h"

#include <algorithm>

#include "absl/container/btree_set.h"

namespace supplyrisk::scoring {
namespace {

void CheckProfile(const ScoringModel& model, const Aggregate& agg,
                  const supplyrisk::v1::Template& t,
                  supplyrisk::v1::StarReadiness* out,
                  absl::btree_set<absl::string_view>* missing_measures) {
  const std::vector<std::vector<int>>* indices = model.ReadinessMeasures(&t);
  for (int i = 0; i < t.readiness().items_size(); ++i) {
    const auto& item = t.readiness().items(i);
    bool met = true;
    for (int k = 0; k < item.measure_ids_size(); ++k) {
      const std::string& id = item.measure_ids(k);
      const int m =
          indices != nullptr ? (*indices)[i][k] : model.MeasureIndex(id);
      bool ok = false;
      if (m >= 0) {
        ok = agg.not_applicable[m] || agg.hidden[m] ||
             (agg.in_scope[m] && agg.measure[m] + 1e-9 >= item.min_credit());
      }
      if (!ok) {
        met = false;
        missing_measures->insert(id);
      }
    }
    if (!met) out->add_missing_items(item.id());
  }
}

}  // namespace

std::vector<supplyrisk::v1::StarReadiness> ComputeStars(
    const ScoringModel& model, const Aggregate& agg,
    const supplyrisk::v1::SupplierProfile& profile) {
  std::vector<supplyrisk::v1::StarReadiness> stars;
  for (int star : {1, 2}) {
    supplyrisk::v1::StarReadiness s;
    s.set_star(star);
    s.set_met(profile.security_action_stars() >= star);
    s.set_basis("security_action");
    if (!s.met())
      s.add_missing_items(star == 1 ? "security_action_one_star_declaration"
                                    : "security_action_two_star_declaration");
    stars.push_back(std::move(s));
  }
  std::vector<const supplyrisk::v1::Template*> profiles =
      model.input().readiness;
  std::sort(profiles.begin(), profiles.end(), [](const auto* a, const auto* b) {
    if (a->readiness().star() != b->readiness().star()) {
      return a->readiness().star() < b->readiness().star();
    }
    return a->id() < b->id();
  });
  for (const auto* t : profiles) {
    supplyrisk::v1::StarReadiness s;
    s.set_star(t->readiness().star());
    s.set_basis(t->id());
    absl::btree_set<absl::string_view> missing;
    if (!t->readiness().includes_template_id().empty()) {
      for (const auto* inc : profiles) {
        if (inc != t && inc->id() == t->readiness().includes_template_id()) {
          CheckProfile(model, agg, *inc, &s, &missing);
        }
      }
    }
    CheckProfile(model, agg, *t, &s, &missing);
    for (absl::string_view m : missing)
      s.add_missing_measure_ids(m.data(), m.size());
    s.set_met(s.missing_items_size() == 0);
    stars.push_back(std::move(s));
  }
  return stars;
}

}  // namespace supplyrisk::scoring
