#include "engine/scoring/patch_cadence.h"

#include <algorithm>

#include "engine/policy/policy.h"
#include "engine/scoring/measure_credit.h"
#include "engine/scoring/signal_factors.h"

namespace supplyrisk::scoring {

std::vector<supplyrisk::v1::PatchCadence> ComputePatchCadence(
    const SignalSet& signals, const supplyrisk::v1::ScoringPolicy& policy) {
  std::vector<supplyrisk::v1::PatchCadence> rows;
  std::vector<double> days;
  for (const auto& sla : policy.patch_slas()) {
    supplyrisk::v1::PatchCadence row;
    row.set_severity(sla.severity());
    row.set_sla_days(sla.days());
    days.clear();
    for (size_t i = 0; i < signals.sorted.size(); ++i) {
      const auto& s = *signals.sorted[i];
      const SignalState& st = signals.state[i];
      if (!st.observed || s.severity() != sla.severity() || !policy::IsVulnerability(policy, s)) {
        continue;
      }
      if (st.resolved) {
        days.push_back(DaysToFix(s));
      } else if (st.counted) {
        row.set_open_count(row.open_count() + 1);
        if (st.age_days > sla.days()) row.add_open_past_sla_signal_ids(s.id());
      }
    }
    row.set_resolved_count(static_cast<int>(days.size()));
    if (!days.empty()) {
      std::sort(days.begin(), days.end());
      const size_t n = days.size();
      const double median = n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0;
      row.set_median_days_to_resolve(median);
      row.set_median_within_sla(median <= sla.days());
    } else {
      row.set_median_within_sla(true);
    }
    // One row, one verdict: an open vulnerability past its SLA breaks the SLA, whatever the
    // history of resolved ones says.
    row.set_meets_sla(row.median_within_sla() && row.open_past_sla_signal_ids().empty());
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace supplyrisk::scoring
