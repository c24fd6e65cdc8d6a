#include "engine/scoring/patch_cadence.h"

#include <string>
#include <vector>

#include "engine/policy/policy.h"
#include "gtest/gtest.h"

namespace supplyrisk::scoring {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kAsOf = 1'800'000'000;

// Signals and their state as of kAsOf, as PrepareSignals would leave them.
struct History {
  std::vector<v1::Signal> signals;
  std::vector<SignalState> states;

  void Resolved(const std::string& id, v1::Severity severity, int days_to_fix) {
    v1::Signal s = Vuln(id, severity, 200);
    s.mutable_resolved_at()->set_seconds(s.observed_at().seconds() + days_to_fix * kDay);
    SignalState st;
    st.observed = true;
    st.resolved = true;
    st.age_days = 200;
    Add(std::move(s), st);
  }
  void Open(const std::string& id, v1::Severity severity, int age_days) {
    SignalState st;
    st.observed = st.open = st.counted = true;
    st.age_days = age_days;
    Add(Vuln(id, severity, age_days), st);
  }
  SignalSet Set() const {
    SignalSet set;
    for (const auto& s : signals) set.sorted.push_back(&s);
    set.state = states;
    return set;
  }

 private:
  static v1::Signal Vuln(const std::string& id, v1::Severity severity, int age_days) {
    v1::Signal s;
    s.set_id(id);
    s.set_factor(v1::FACTOR_PATCHING_CADENCE);
    s.set_issue_type("unpatched_cve");
    s.set_severity(severity);
    s.mutable_observed_at()->set_seconds(kAsOf - age_days * kDay);
    return s;
  }
  void Add(v1::Signal s, SignalState st) {
    signals.push_back(std::move(s));
    states.push_back(st);
  }
};

const v1::PatchCadence* Row(const std::vector<v1::PatchCadence>& rows, v1::Severity severity) {
  for (const auto& r : rows) {
    if (r.severity() == severity) return &r;
  }
  return nullptr;
}

TEST(PatchCadenceTest, OpenPastSlaBreaksAFastMedian) {
  History h;
  h.signals.reserve(8);
  // Critical SLA 14 days: fixed in 3, 5 and 7 days (median 5), but one open for 40 days.
  h.Resolved("c1", v1::SEVERITY_CRITICAL, 3);
  h.Resolved("c2", v1::SEVERITY_CRITICAL, 5);
  h.Resolved("c3", v1::SEVERITY_CRITICAL, 7);
  h.Open("c4", v1::SEVERITY_CRITICAL, 40);
  const SignalSet set = h.Set();
  const auto rows = ComputePatchCadence(set, policy::DefaultPolicy());
  const auto* critical = Row(rows, v1::SEVERITY_CRITICAL);
  ASSERT_NE(critical, nullptr);
  EXPECT_EQ(critical->resolved_count(), 3);
  EXPECT_DOUBLE_EQ(critical->median_days_to_resolve(), 5);
  EXPECT_TRUE(critical->median_within_sla());
  ASSERT_EQ(critical->open_past_sla_signal_ids_size(), 1);
  EXPECT_EQ(critical->open_past_sla_signal_ids(0), "c4");
  EXPECT_FALSE(critical->meets_sla());
}

TEST(PatchCadenceTest, OpenPastSlaWithNothingResolved) {
  History h;
  h.Open("h1", v1::SEVERITY_HIGH, 31);  // high SLA 30 days
  const SignalSet set = h.Set();
  const auto rows = ComputePatchCadence(set, policy::DefaultPolicy());
  const auto* high = Row(rows, v1::SEVERITY_HIGH);
  ASSERT_NE(high, nullptr);
  EXPECT_EQ(high->resolved_count(), 0);
  EXPECT_TRUE(high->median_within_sla());
  EXPECT_FALSE(high->meets_sla());
}

TEST(PatchCadenceTest, OpenWithinSlaAndFastMedianMeet) {
  History h;
  h.Resolved("c1", v1::SEVERITY_CRITICAL, 10);
  h.Open("c2", v1::SEVERITY_CRITICAL, 14);  // exactly at the SLA: not past it
  const SignalSet set = h.Set();
  const auto rows = ComputePatchCadence(set, policy::DefaultPolicy());
  const auto* critical = Row(rows, v1::SEVERITY_CRITICAL);
  ASSERT_NE(critical, nullptr);
  EXPECT_EQ(critical->open_count(), 1);
  EXPECT_EQ(critical->open_past_sla_signal_ids_size(), 0);
  EXPECT_TRUE(critical->meets_sla());
}

TEST(PatchCadenceTest, SlowMedianFailsWithoutOpens) {
  History h;
  h.Resolved("m1", v1::SEVERITY_MEDIUM, 100);  // medium SLA 90 days
  const SignalSet set = h.Set();
  const auto rows = ComputePatchCadence(set, policy::DefaultPolicy());
  const auto* medium = Row(rows, v1::SEVERITY_MEDIUM);
  ASSERT_NE(medium, nullptr);
  EXPECT_FALSE(medium->median_within_sla());
  EXPECT_FALSE(medium->meets_sla());
}

// Every row, whatever the history: meets_sla holds exactly when the median is within the SLA and
// nothing open is past it.
TEST(PatchCadenceTest, RowsAreConsistent) {
  const v1::Severity severities[] = {v1::SEVERITY_MEDIUM, v1::SEVERITY_HIGH, v1::SEVERITY_CRITICAL};
  for (int fix : {1, 20, 60, 120}) {
    for (int age : {0, 10, 29, 45, 100}) {
      History h;
      int n = 0;
      for (auto sev : severities) {
        h.Resolved("r" + std::to_string(n++), sev, fix);
        h.Open("o" + std::to_string(n++), sev, age);
      }
      const SignalSet set = h.Set();
      for (const auto& row : ComputePatchCadence(set, policy::DefaultPolicy())) {
        EXPECT_EQ(row.meets_sla(),
                  row.median_within_sla() && row.open_past_sla_signal_ids().empty())
            << "fix " << fix << " age " << age << " severity " << row.severity();
        if (!row.open_past_sla_signal_ids().empty()) {
          EXPECT_FALSE(row.meets_sla());
        }
      }
    }
  }
}

}  // namespace
}  // namespace supplyrisk::scoring
