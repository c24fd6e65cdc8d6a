#include "engine/scoring/signal_factors.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/policy/policy.h"
#include "engine/scoring/digest.h"
#include "engine/scoring/measure_credit.h"

namespace supplyrisk::scoring {

absl::Time ToTime(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

namespace {

using supplyrisk::v1::Signal;

bool TieLess(const Signal* a, const Signal* b) {
  // Rare (a history repeating an id): fall back to the full encoding so the
  // order never depends on the input order.
  std::string ea, eb;
  SerializeDeterministic(*a, &ea);
  SerializeDeterministic(*b, &eb);
  return ea < eb;
}

}  // namespace

absl::Status PrepareSignals(absl::Span<const Signal> signals,
                            const supplyrisk::v1::ScoringPolicy& policy,
                            absl::Time as_of, SignalSet* out) {
  out->sorted.clear();
  out->sorted.reserve(signals.size());
  for (size_t i = 0; i < signals.size(); ++i) {
    const Signal& s = signals[i];
    if (s.id().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("signals[", i, "].id: empty"));
    }
    if (s.factor() == supplyrisk::v1::FACTOR_UNSPECIFIED ||
        s.factor() > kFactors) {
      return absl::InvalidArgumentError(absl::StrCat(
          "signals[", i, "] (", s.id(), ").factor: unspecified or unknown"));
    }
    if (s.severity() == supplyrisk::v1::SEVERITY_UNSPECIFIED) {
      return absl::InvalidArgumentError(absl::StrCat(
          "signals[", i, "] (", s.id(), ").severity: unspecified"));
    }
    if (!s.has_observed_at()) {
      return absl::InvalidArgumentError(
          absl::StrCat("signals[", i, "] (", s.id(), ").observed_at: missing"));
    }
    out->sorted.push_back(&s);
  }
  std::sort(out->sorted.begin(), out->sorted.end(),
            [](const Signal* a, const Signal* b) {
              const int c = a->id().compare(b->id());
              if (c != 0) return c < 0;
              return TieLess(a, b);
            });
  out->state.assign(out->sorted.size(), SignalState());
  for (size_t i = 0; i < out->sorted.size(); ++i) {
    const Signal& s = *out->sorted[i];
    SignalState& st = out->state[i];
    const absl::Time observed = ToTime(s.observed_at());
    if (observed > as_of) continue;
    st.observed = true;
    st.age_days = DaysBetween(observed, as_of);
    if (s.has_resolved_at() && ToTime(s.resolved_at()) <= as_of) continue;
    absl::Time last =
        s.has_last_observed_at() ? ToTime(s.last_observed_at()) : observed;
    last = std::min(std::max(last, observed), as_of);
    if (DaysBetween(last, as_of) > policy::FadeDays(policy, s.issue_type()))
      continue;
    st.open = true;
  }
  // Records sharing an id count once, at their highest severity.
  for (size_t i = 0; i < out->sorted.size();) {
    size_t j = i;
    int best = -1;
    while (j < out->sorted.size() &&
           out->sorted[j]->id() == out->sorted[i]->id()) {
      if (out->state[j].open &&
          (best < 0 ||
           out->sorted[j]->severity() > out->sorted[best]->severity())) {
        best = static_cast<int>(j);
      }
      ++j;
    }
    if (best >= 0) out->state[best].counted = true;
    i = j;
  }
  return absl::OkStatus();
}

void ScoreFactors(const SignalSet& signals,
                  const supplyrisk::v1::ScoringPolicy& policy, Factors* out) {
  for (auto& f : out->factor) f = FactorEval();
  for (size_t i = 0; i < signals.sorted.size(); ++i) {
    const Signal& s = *signals.sorted[i];
    const SignalState& st = signals.state[i];
    FactorEval& f = out->factor[s.factor()];
    if (st.observed) f.observed = true;
    if (!st.counted) continue;
    if (s.severity() == supplyrisk::v1::SEVERITY_POSITIVE) {
      ++f.positives;
      continue;
    }
    const double points = policy::SeverityPoints(policy, s.severity());
    if (points <= 0) continue;
    ++f.open_issues;
    f.deductions.emplace_back(static_cast<int>(i), points);
  }
  for (int k = 1; k <= kFactors; ++k) {
    FactorEval& f = out->factor[k];
    std::stable_sort(
        f.deductions.begin(), f.deductions.end(),
        [](const auto& a, const auto& b) { return a.second > b.second; });
    double factor = 1.0;
    double total = 0;
    for (auto& d : f.deductions) {
      d.second *= factor;
      total += d.second;
      factor *= policy.diminishing_ratio();
    }
    f.positive_credit = std::min(policy.positive_credit_cap(),
                                 f.positives * policy.positive_credit_points());
    const double unclamped = 100.0 - total + f.positive_credit;
    f.score = std::clamp(unclamped, 0.0, 100.0);
    f.clamp_adjust = f.score - unclamped;
  }
}

}  // namespace supplyrisk::scoring
