#include "engine/scoring/signal_factors.h"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/policy/policy.h"
#include "engine/scoring/digest.h"
#include "engine/scoring/measure_credit.h"

namespace supplyrisk::scoring {

absl::Time ToTime(const google::protobuf::Timestamp& ts) {
  // A normalised timestamp converts without duration arithmetic; any other (nanos outside [0, 1e9))
  // is taken as seconds plus nanos, as written.
  if (ts.nanos() >= 0 && ts.nanos() < 1000000000) {
    timespec spec;
    spec.tv_sec = ts.seconds();
    spec.tv_nsec = ts.nanos();
    return absl::TimeFromTimespec(spec);
  }
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

int DaysToFix(const supplyrisk::v1::Signal& s) {
  int64_t observed = 0, resolved = 0;
  if (TimestampNanos(s.observed_at(), &observed) && TimestampNanos(s.resolved_at(), &resolved)) {
    return DaysBetweenNanos(observed, resolved);
  }
  return DaysBetween(ToTime(s.observed_at()), ToTime(s.resolved_at()));
}

namespace {

using supplyrisk::v1::Signal;

bool TieLess(const Signal* a, const Signal* b) {
  // Rare (a history repeating an id): fall back to the full encoding so the order never depends on
  // the input order.
  std::string ea, eb;
  SerializeDeterministicTo(*a, &ea);
  SerializeDeterministicTo(*b, &eb);
  return ea < eb;
}

// A signal with the 8 bytes of its id that follow the prefix every id shares, big-endian and
// zero-padded. Ids mostly differ within those bytes, so most comparisons are one integer compare.
// Different keys order as the ids do (bytes compare unsigned in both, and the padding of an id that
// ended sorts no later than any byte); equal keys fall back to the ids, then to TieLess, so the
// order is exactly the id order with its tie rule.
struct SortKey {
  uint64_t key;
  const Signal* signal;
};

uint64_t IdKey(const std::string& id, size_t from) {
  unsigned char bytes[8] = {};
  std::memcpy(bytes, id.data() + from, std::min<size_t>(8, id.size() - from));
  uint64_t key = 0;
  for (unsigned char b : bytes) key = (key << 8) | b;
  return key;
}

bool KeyLess(const SortKey& a, const SortKey& b) {
  if (a.key != b.key) return a.key < b.key;
  const int c = a.signal->id().compare(b.signal->id());
  if (c != 0) return c < 0;
  return TieLess(a.signal, b.signal);
}

// When a signal was observed, resolved and last seen, relative to as_of.
struct SignalTimes {
  bool observed = false;  // observed_at <= as_of
  int age_days = 0;       // observed_at to as_of
  bool resolved = false;  // resolved_at <= as_of
  int quiet_days = 0;     // last seen (within [observed, as_of]) to as_of
  int seen_days = 0;      // observed to last seen
};

// In integer nanoseconds; false (nothing decided) when a timestamp is out of the fast range.
bool FastSignalTimes(const Signal& s, bool as_of_fast, int64_t as_of, SignalTimes* out) {
  int64_t observed = 0, resolved = 0, last = 0;
  if (!as_of_fast || !TimestampNanos(s.observed_at(), &observed) ||
      (s.has_resolved_at() && !TimestampNanos(s.resolved_at(), &resolved)) ||
      (s.has_last_observed_at() && !TimestampNanos(s.last_observed_at(), &last))) {
    return false;
  }
  if (observed > as_of) return true;
  out->observed = true;
  out->age_days = DaysBetweenNanos(observed, as_of);
  if (!s.has_last_observed_at()) last = observed;
  last = std::min(std::max(last, observed), as_of);
  // Seen again after its resolution (by as_of): reopened, so open.
  out->resolved = s.has_resolved_at() && resolved <= as_of && last <= resolved;
  out->quiet_days = DaysBetweenNanos(last, as_of);
  out->seen_days = DaysBetweenNanos(observed, last);
  return true;
}

void SlowSignalTimes(const Signal& s, absl::Time as_of, SignalTimes* out) {
  const absl::Time observed = ToTime(s.observed_at());
  if (observed > as_of) return;
  out->observed = true;
  out->age_days = DaysBetween(observed, as_of);
  absl::Time last = s.has_last_observed_at() ? ToTime(s.last_observed_at()) : observed;
  last = std::min(std::max(last, observed), as_of);
  if (s.has_resolved_at()) {
    const absl::Time resolved = ToTime(s.resolved_at());
    out->resolved = resolved <= as_of && last <= resolved;
  }
  out->quiet_days = DaysBetween(last, as_of);
  out->seen_days = DaysBetween(observed, last);
}

// What a counted open issue weighs: severity points x exposure x age, its factor ceiling and
// whether it is severe.
void WeighIssue(const Signal& s, const supplyrisk::v1::ScoringPolicy& policy, SignalState* st) {
  st->points = policy::SeverityPoints(policy, s.severity());
  st->ceiling = 100;
  st->past_sla = false;
  st->severe = false;
  if (st->points <= 0) return;
  if (const auto* rule = policy::FindObservationRule(policy, s.issue_type())) {
    st->points *= std::max(1.0, rule->exposure_multiplier());
    if (rule->factor_ceiling() > 0) st->ceiling = rule->factor_ceiling();
    st->severe = rule->severe();
  }
  // Age: a vulnerability counts from its patch SLA, any other issue from the grace period.
  const bool vulnerability = policy::IsVulnerability(policy, s);
  const int sla = vulnerability ? policy::PatchSlaDays(policy, s.severity()) : 0;
  const int grace = vulnerability && sla > 0 ? sla : policy.issue_grace_days();
  if (grace > 0 && st->age_days > grace) {
    const double grown = 1.0 + static_cast<double>(st->age_days - grace) / policy.age_step_days();
    st->points *= std::min(grown, policy.max_age_multiplier());
  }
  if (vulnerability) {
    if (sla > 0 && st->age_days > sla) {
      st->past_sla = true;
      if (policy.severe_past_sla_severity() != supplyrisk::v1::SEVERITY_UNSPECIFIED &&
          s.severity() >= policy.severe_past_sla_severity()) {
        st->severe = true;
        st->ceiling = std::min(st->ceiling, policy.past_sla_factor_ceiling());
      }
    }
  }
}

}  // namespace

absl::Status PrepareSignals(absl::Span<const Signal> signals,
                            const supplyrisk::v1::ScoringPolicy& policy, absl::Time as_of,
                            SignalSet* out) {
  // Kept per thread: its memory is reused across suppliers.
  thread_local std::vector<SortKey> keys;
  keys.clear();
  size_t common = std::string::npos;  // length of the prefix all ids share
  for (size_t i = 0; i < signals.size(); ++i) {
    const Signal& s = signals[i];
    if (s.id().empty()) {
      return absl::InvalidArgumentError(absl::StrCat("signals[", i, "].id: empty"));
    }
    if (s.factor() == supplyrisk::v1::FACTOR_UNSPECIFIED || s.factor() > kFactors) {
      return absl::InvalidArgumentError(
          absl::StrCat("signals[", i, "] (", s.id(), ").factor: unspecified or unknown"));
    }
    if (s.severity() == supplyrisk::v1::SEVERITY_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          absl::StrCat("signals[", i, "] (", s.id(), ").severity: unspecified"));
    }
    if (!s.has_observed_at()) {
      return absl::InvalidArgumentError(
          absl::StrCat("signals[", i, "] (", s.id(), ").observed_at: missing"));
    }
    if (common == std::string::npos) {
      common = s.id().size();
    } else {
      const char* first = signals[0].id().data();
      const char* id = s.id().data();
      common = std::min(common, s.id().size());
      // Usually the whole prefix matches: one memcmp decides.
      if (std::memcmp(first, id, common) != 0) {
        size_t k = 0;
        while (first[k] == id[k]) ++k;
        common = k;
      }
    }
  }
  for (const Signal& s : signals) keys.push_back({IdKey(s.id(), common), &s});
  std::sort(keys.begin(), keys.end(), KeyLess);
  out->sorted.clear();
  out->sorted.reserve(signals.size());
  for (const SortKey& k : keys) out->sorted.push_back(k.signal);

  // An issue type's fade days lie between the smallest and largest the policy sets; a signal seen
  // again within the smallest (the usual case) needs no look-up of its issue type.
  int min_fade = policy.default_fade_days(), max_fade = min_fade;
  for (const auto& [type, days] : policy.fade_days()) {
    min_fade = std::min(min_fade, days);
    max_fade = std::max(max_fade, days);
  }
  int64_t as_of_nanos = 0;
  const bool as_of_fast = TimeNanos(as_of, &as_of_nanos);
  out->state.assign(out->sorted.size(), SignalState());
  for (size_t i = 0; i < out->sorted.size(); ++i) {
    const Signal& s = *out->sorted[i];
    SignalState& st = out->state[i];
    SignalTimes t;
    if (!FastSignalTimes(s, as_of_fast, as_of_nanos, &t)) {
      SlowSignalTimes(s, as_of, &t);
    }
    if (!t.observed) continue;
    st.observed = true;
    st.age_days = t.age_days;
    st.seen_days = t.seen_days;
    st.resolved = t.resolved;
    if (t.resolved) continue;
    if (t.quiet_days > min_fade &&
        (t.quiet_days > max_fade || t.quiet_days > policy::FadeDays(policy, s.issue_type()))) {
      continue;
    }
    st.open = true;
  }
  // Records sharing an id count once, at their highest severity.
  for (size_t i = 0; i < out->sorted.size();) {
    size_t j = i;
    int best = -1;
    while (j < out->sorted.size() && (j == i || (keys[j].key == keys[i].key &&
                                                 out->sorted[j]->id() == out->sorted[i]->id()))) {
      if (out->state[j].open &&
          (best < 0 || out->sorted[j]->severity() > out->sorted[best]->severity())) {
        best = static_cast<int>(j);
      }
      ++j;
    }
    if (best >= 0) {
      out->state[best].counted = true;
      WeighIssue(*out->sorted[best], policy, &out->state[best]);
    }
    i = j;
  }
  return absl::OkStatus();
}

void ScoreFactors(const SignalSet& signals, const supplyrisk::v1::ScoringPolicy& policy,
                  Factors* out) {
  for (auto& f : out->factor) f.Reset();
  out->severe.clear();
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
    const double points = st.points;
    if (points <= 0) continue;
    ++f.open_issues;
    f.deductions.emplace_back(static_cast<int>(i), points);
    if (st.ceiling < f.ceiling) {
      f.ceiling = st.ceiling;
      f.ceiling_signal = static_cast<int>(i);
    }
    if (st.severe) out->severe.push_back(static_cast<int>(i));
  }
  for (int k = 1; k <= kFactors; ++k) {
    FactorEval& f = out->factor[k];
    // Largest first, ties in signal order. A factor usually has a handful of open issues: a stable
    // insertion sort orders them without the buffer std::stable_sort allocates, and gives the same
    // order. A long history goes to std::stable_sort, so the cost stays n log n.
    if (f.deductions.size() > 32) {
      std::stable_sort(f.deductions.begin(), f.deductions.end(),
                       [](const std::pair<int, double>& x, const std::pair<int, double>& y) {
                         return x.second > y.second;
                       });
    } else {
      for (size_t i = 1; i < f.deductions.size(); ++i) {
        const std::pair<int, double> d = f.deductions[i];
        size_t j = i;
        for (; j > 0 && f.deductions[j - 1].second < d.second; --j)
          f.deductions[j] = f.deductions[j - 1];
        f.deductions[j] = d;
      }
    }
    double factor = 1.0;
    double total = 0;
    for (auto& d : f.deductions) {
      d.second *= factor;
      total += d.second;
      factor *= policy.diminishing_ratio();
    }
    f.positive_credit =
        std::min(policy.positive_credit_cap(), f.positives * policy.positive_credit_points());
    const double unclamped = 100.0 - total + f.positive_credit;
    const double clamped = std::clamp(unclamped, 0.0, 100.0);
    f.clamp_adjust = clamped - unclamped;
    // Scaled, not clipped, so two factors under the same ceiling still rank by their issues.
    f.score = clamped * f.ceiling / 100.0;
    f.ceiling_adjust = f.score - clamped;
  }
}

}  // namespace supplyrisk::scoring
