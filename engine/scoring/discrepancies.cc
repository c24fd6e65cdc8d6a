#include "engine/scoring/discrepancies.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "engine/catalog/cpsf_names.h"
#include "engine/policy/policy.h"
#include "engine/questionnaire/asset_patterns.h"
#include "engine/scoring/signal_factors.h"

namespace supplyrisk::scoring {
namespace {

bool LinkCovers(const supplyrisk::v1::SignalLink& link, const supplyrisk::v1::Signal& s) {
  if (s.factor() != link.factor() || s.issue_type() != link.issue_type()) return false;
  return questionnaire::LinkAppliesToAsset(link, s.asset());
}

// The first counted open signal the link covers; with `negative_only`, only issues (severity low
// or worse).
int FindOpen(const SignalSet& signals, const supplyrisk::v1::SignalLink& link, bool negative_only) {
  for (size_t i = 0; i < signals.sorted.size(); ++i) {
    const auto& s = *signals.sorted[i];
    if (!signals.state[i].counted || !LinkCovers(link, s)) continue;
    if (negative_only && s.severity() < supplyrisk::v1::SEVERITY_LOW) continue;
    return static_cast<int>(i);
  }
  return -1;
}

// History that contradicts a claim: a vulnerability the link covers that scans saw open for longer
// than its severity's patch SLA, from first to last sighting (a lower bound of its time to fix;
// the most severe SLA first, then the longest such span); -1 when there is none or the link is not
// about vulnerabilities. Only sightings count, not resolution times, so recording a resolution
// never makes the history look worse, and a new sighting never makes it look better.
int FindSlowHistory(const SignalSet& signals, const supplyrisk::v1::ScoringPolicy& policy,
                    const supplyrisk::v1::SignalLink& link) {
  supplyrisk::v1::Signal probe;
  probe.set_factor(link.factor());
  probe.set_issue_type(link.issue_type());
  if (!policy::IsVulnerability(policy, probe)) return -1;
  int best = -1, best_days = 0;
  supplyrisk::v1::Severity best_severity = supplyrisk::v1::SEVERITY_UNSPECIFIED;
  for (size_t i = 0; i < signals.sorted.size(); ++i) {
    const auto& s = *signals.sorted[i];
    const SignalState& st = signals.state[i];
    if (!st.observed || !LinkCovers(link, s)) continue;
    const int sla = policy::PatchSlaDays(policy, s.severity());
    if (sla <= 0 || st.seen_days <= sla) continue;
    if (s.severity() > best_severity ||
        (s.severity() == best_severity && st.seen_days > best_days)) {
      best = static_cast<int>(i);
      best_days = st.seen_days;
      best_severity = s.severity();
    }
  }
  return best;
}

// Appends "YYYY-MM-DD" in UTC, as absl::FormatTime("%Y-%m-%d") writes it. Four-digit years are
// computed from the day count directly (days to civil date, H. Hinnant's algorithm), which costs
// far less than a time-zone lookup; the rest go through FormatTime.
void AppendDayText(absl::Time t, std::string* out) {
  // 1000-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
  constexpr int64_t kFirst = -30610224000, kLast = 253402300799;
  const int64_t seconds = absl::ToUnixSeconds(t);  // rounds down
  if (seconds < kFirst || seconds > kLast) {
    out->append(absl::FormatTime("%Y-%m-%d", t, absl::UTCTimeZone()));
    return;
  }
  // Days since 0000-03-01, so leap days end each 400-year era.
  const int64_t z = (seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400) + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char text[10];
  auto put = [&text](int at, int64_t v, int digits) {
    for (int i = digits - 1; i >= 0; --i, v /= 10) text[at + i] = static_cast<char>('0' + v % 10);
  };
  put(0, year, 4);
  text[4] = '-';
  put(5, month, 2);
  text[7] = '-';
  put(8, day, 2);
  out->append(text, sizeof(text));
}

}  // namespace

void AppendAnswerText(const supplyrisk::v1::Answer* a, std::string* out) {
  if (a == nullptr) {
    out->append("unanswered");
    return;
  }
  switch (a->value_case()) {
    case supplyrisk::v1::Answer::kYesNo: {
      switch (a->yes_no()) {
        case supplyrisk::v1::YES_NO_YES:
          out->append("yes");
          return;
        case supplyrisk::v1::YES_NO_PARTIAL:
          out->append("partial");
          return;
        case supplyrisk::v1::YES_NO_NO:
          out->append("no");
          return;
        case supplyrisk::v1::YES_NO_UNKNOWN:
          out->append("unknown");
          return;
        case supplyrisk::v1::YES_NO_NOT_APPLICABLE:
          out->append("not_applicable");
          return;
        default:
          out->append("unspecified");
          return;
      }
    }
    case supplyrisk::v1::Answer::kOptionId:
      out->append(a->option_id());
      return;
    case supplyrisk::v1::Answer::kOptions: {
      std::vector<absl::string_view> ids(a->options().option_ids().begin(),
                                         a->options().option_ids().end());
      std::sort(ids.begin(), ids.end());
      absl::StrAppend(out, absl::StrJoin(ids, "+"));
      return;
    }
    case supplyrisk::v1::Answer::kNumber:
      absl::StrAppend(out, a->number());
      return;
    case supplyrisk::v1::Answer::kDate:
      out->append(a->date());
      return;
    case supplyrisk::v1::Answer::kText:
      out->append("text");
      return;
    case supplyrisk::v1::Answer::kSubcontractors:
      absl::StrAppend(out, a->subcontractors().entries_size(), " subcontractors");
      return;
    default:
      out->append("unanswered");
      return;
  }
}

std::string AnswerText(const supplyrisk::v1::Answer* a) {
  std::string text;
  AppendAnswerText(a, &text);
  return text;
}

void ApplySignalLinks(const ScoringModel& model, const SignalSet& signals,
                      std::vector<QuestionEval>* questions) {
  const auto& policy = model.policy();
  const double contradicted = policy.contradicted_credit();
  for (size_t qi = 0; qi < questions->size(); ++qi) {
    const QuestionInfo& info = model.questions()[qi];
    QuestionEval& e = (*questions)[qi];
    if (!info.scored || !e.visible) continue;
    if (e.na_allowed) {
      // "Not applicable" while a scan observes the subject (any open observation a link covers,
      // positive ones included): a discrepancy. The answer already earns nothing.
      for (const auto& link : info.question->signal_links()) {
        const int s = FindOpen(signals, link, false);
        if (s < 0) continue;
        e.na_contradicted = true;
        e.contradicting_signal = s;
        e.claimed = 0;
        e.credit = 0;
        e.effective = 0;
        if (info.question->knockout()) e.knockout = true;
        break;
      }
      continue;
    }
    if (!e.answered) continue;
    for (const auto& link : info.question->signal_links()) {
      if (link.relation() == supplyrisk::v1::SIGNAL_RELATION_CONFIRMS) {
        if (e.confirming_signal >= 0) continue;
        const int s = FindOpen(signals, link, false);
        if (s < 0) continue;
        e.confirming_signal = s;
        e.evidence_ok = true;
        if (e.evidence_missing) {
          e.evidence_missing = false;
          e.capped = e.raw;
          e.claimed = e.capped * e.decay;
        }
      }
    }
    if (e.claimed > contradicted) {
      // An open issue first; failing that, a history of slow fixes.
      for (const auto& link : info.question->signal_links()) {
        if (link.relation() != supplyrisk::v1::SIGNAL_RELATION_CONTRADICTS) continue;
        const int s = FindOpen(signals, link, true);
        if (s >= 0) {
          e.contradicting_signal = s;
          break;
        }
      }
      for (const auto& link : info.question->signal_links()) {
        if (e.contradicting_signal >= 0) break;
        if (link.relation() != supplyrisk::v1::SIGNAL_RELATION_CONTRADICTS) continue;
        e.contradicting_signal = FindSlowHistory(signals, policy, link);
      }
    }
    e.credit = e.contradicting_signal >= 0 ? std::min(e.claimed, contradicted) : e.claimed;
    if (e.contradicting_signal >= 0 && info.question->knockout()) e.knockout = true;
    e.effective = e.credit;
  }
}

void FillDiscrepancy(const ScoringModel& model, const SignalSet& signals, int question,
                     const QuestionEval& e, supplyrisk::v1::Discrepancy* d) {
  const QuestionInfo& info = model.questions()[question];
  const auto& s = *signals.sorted[e.contradicting_signal];
  d->set_question_id(info.question->id());
  // Written in place: a reused discrepancy keeps the strings' capacity.
  std::string* claimed = d->mutable_claimed();
  claimed->clear();
  AppendAnswerText(e.answer, claimed);
  std::string* observed = d->mutable_observed();
  observed->clear();
  absl::StrAppend(
      observed, s.issue_type(), " on ",
      // Both views, so the asset is not copied into a temporary.
      s.asset().empty() ? absl::string_view("(no asset)") : absl::string_view(s.asset()), " (",
      catalog::SeverityEnumName(s.severity()), ", first seen ");
  AppendDayText(ToTime(s.observed_at()), observed);
  if (signals.state[e.contradicting_signal].resolved) {
    // A history contradiction: seen open longer than its SLA before it was fixed.
    absl::StrAppend(observed, ", seen open ", signals.state[e.contradicting_signal].seen_days,
                    " days");
  }
  observed->push_back(')');
  d->set_signal_id(s.id());
  d->set_factor(s.factor());
  d->set_issue_type(s.issue_type());
  for (const auto& [m, w] : info.links) d->add_measure_ids(model.measures()[m].measure->id());
  d->set_credit_before(e.claimed);
  d->set_credit_after(e.credit);
}

}  // namespace supplyrisk::scoring
