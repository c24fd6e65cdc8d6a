#include "engine/scoring/stars.h"

#include <algorithm>

#include "absl/strings/string_view.h"

namespace supplyrisk::scoring {
namespace {

// Appends to *missing_measures (views into the profile; sorted and deduplicated by the caller)
// every measure of the profile that is not met.
void CheckProfile(const ScoringModel& model, const Aggregate& agg,
                  const supplyrisk::v1::Template& t, supplyrisk::v1::StarReadiness* out,
                  std::vector<absl::string_view>* missing_measures) {
  const std::vector<std::vector<int>>* indices = model.ReadinessMeasures(&t);
  for (int i = 0; i < t.readiness().items_size(); ++i) {
    const auto& item = t.readiness().items(i);
    bool met = true;
    for (int k = 0; k < item.measure_ids_size(); ++k) {
      const std::string& id = item.measure_ids(k);
      const int m = indices != nullptr ? (*indices)[i][k] : model.MeasureIndex(id);
      bool ok = false;
      if (m >= 0) {
        ok = agg.hidden[m] || (agg.in_scope[m] && agg.measure[m] + 1e-9 >= item.min_credit());
      }
      if (!ok) {
        met = false;
        missing_measures->push_back(id);
      }
    }
    if (!met) out->add_missing_items(item.id());
  }
}

}  // namespace

void AddStars(const ScoringModel& model, const Aggregate& agg,
              const supplyrisk::v1::SupplierProfile& profile,
              google::protobuf::RepeatedPtrField<supplyrisk::v1::StarReadiness>* out) {
  for (int star : {1, 2}) {
    supplyrisk::v1::StarReadiness* s = out->Add();
    s->set_star(star);
    s->set_met(profile.security_action_stars() >= star);
    s->set_basis("security_action");
    if (!s->met())
      s->add_missing_items(star == 1 ? "security_action_one_star_declaration"
                                     : "security_action_two_star_declaration");
  }
  // The profiles and the missing measures are kept per thread, so a batch reuses their memory.
  thread_local std::vector<const supplyrisk::v1::Template*> profiles;
  thread_local std::vector<absl::string_view> missing;
  profiles = model.input().readiness;
  std::sort(profiles.begin(), profiles.end(), [](const auto* a, const auto* b) {
    if (a->readiness().star() != b->readiness().star()) {
      return a->readiness().star() < b->readiness().star();
    }
    return a->id() < b->id();
  });
  for (const auto* t : profiles) {
    supplyrisk::v1::StarReadiness* s = out->Add();
    s->set_star(t->readiness().star());
    s->set_basis(t->id());
    missing.clear();
    if (!t->readiness().includes_template_id().empty()) {
      for (const auto* inc : profiles) {
        if (inc != t && inc->id() == t->readiness().includes_template_id()) {
          CheckProfile(model, agg, *inc, s, &missing);
        }
      }
    }
    CheckProfile(model, agg, *t, s, &missing);
    // Sorted and deduplicated, as the ids are listed.
    std::sort(missing.begin(), missing.end());
    missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
    for (absl::string_view m : missing) s->add_missing_measure_ids(m.data(), m.size());
    s->set_met(s->missing_items_size() == 0);
  }
}

}  // namespace supplyrisk::scoring
