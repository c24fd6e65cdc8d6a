#include "engine/scoring/discrepancies.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "engine/scoring/signal_factors.h"

namespace supplyrisk::scoring {
namespace {

int FindOpen(const SignalSet& signals, supplyrisk::v1::Factor factor,
             absl::string_view issue_type, bool negative_only) {
  for (size_t i = 0; i < signals.sorted.size(); ++i) {
    const auto& s = *signals.sorted[i];
    if (!signals.state[i].counted || s.factor() != factor ||
        s.issue_type() != issue_type) {
      continue;
    }
    if (negative_only && s.severity() < supplyrisk::v1::SEVERITY_LOW) continue;
    return static_cast<int>(i);
  }
  return -1;
}

// "YYYY-MM-DD" in UTC, as absl::FormatTime("%Y-%m-%d") writes it; four-digit
// years are written directly, the rest go through FormatTime.
std::string DayText(absl::Time t) {
  const absl::CivilDay day = absl::ToCivilDay(t, absl::UTCTimeZone());
  const int64_t y = day.year();
  if (y < 1000 || y > 9999)
    return absl::FormatTime("%Y-%m-%d", t, absl::UTCTimeZone());
  char out[10];
  auto put = [&out](int at, int64_t v, int digits) {
    for (int i = digits - 1; i >= 0; --i, v /= 10)
      out[at + i] = static_cast<char>('0' + v % 10);
  };
  put(0, y, 4);
  out[4] = '-';
  put(5, day.month(), 2);
  out[7] = '-';
  put(8, day.day(), 2);
  return std::string(out, sizeof(out));
}

}  // namespace

std::string AnswerText(const supplyrisk::v1::Answer* a) {
  if (a == nullptr) return "unanswered";
  switch (a->value_case()) {
    case supplyrisk::v1::Answer::kYesNo: {
      switch (a->yes_no()) {
        case supplyrisk::v1::YES_NO_YES:
          return "yes";
        case supplyrisk::v1::YES_NO_PARTIAL:
          return "partial";
        case supplyrisk::v1::YES_NO_NO:
          return "no";
        case supplyrisk::v1::YES_NO_UNKNOWN:
          return "unknown";
        case supplyrisk::v1::YES_NO_NOT_APPLICABLE:
          return "not_applicable";
        default:
          return "unspecified";
      }
    }
    case supplyrisk::v1::Answer::kOptionId:
      return a->option_id();
    case supplyrisk::v1::Answer::kOptions: {
      std::vector<std::string> ids(a->options().option_ids().begin(),
                                   a->options().option_ids().end());
      std::sort(ids.begin(), ids.end());
      return absl::StrJoin(ids, "+");
    }
    case supplyrisk::v1::Answer::kNumber:
      return absl::StrCat(a->number());
    case supplyrisk::v1::Answer::kDate:
      return a->date();
    case supplyrisk::v1::Answer::kText:
      return "text";
    case supplyrisk::v1::Answer::kSubcontractors:
      return absl::StrCat(a->subcontractors().entries_size(),
                          " subcontractors");
    default:
      return "unanswered";
  }
}

void ApplySignalLinks(const ScoringModel& model, const SignalSet& signals,
                      std::vector<QuestionEval>* questions) {
  const double contradicted = model.policy().contradicted_credit();
  for (size_t qi = 0; qi < questions->size(); ++qi) {
    const QuestionInfo& info = model.questions()[qi];
    QuestionEval& e = (*questions)[qi];
    if (!info.scored || !e.visible || !e.answered) continue;
    for (const auto& link : info.question->signal_links()) {
      if (link.relation() == supplyrisk::v1::SIGNAL_RELATION_CONFIRMS) {
        if (e.confirming_signal >= 0) continue;
        const int s =
            FindOpen(signals, link.factor(), link.issue_type(), false);
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
    for (const auto& link : info.question->signal_links()) {
      if (link.relation() != supplyrisk::v1::SIGNAL_RELATION_CONTRADICTS)
        continue;
      if (e.contradicting_signal >= 0) break;
      const int s = FindOpen(signals, link.factor(), link.issue_type(), true);
      if (s < 0) continue;
      if (e.claimed > contradicted) e.contradicting_signal = s;
    }
    e.credit = e.contradicting_signal >= 0 ? std::min(e.claimed, contradicted)
                                           : e.claimed;
    if (e.contradicting_signal >= 0 && info.question->knockout())
      e.knockout = true;
    e.effective = e.credit;
  }
}

void FillDiscrepancy(const ScoringModel& model, const SignalSet& signals,
                     int question, const QuestionEval& e,
                     supplyrisk::v1::Discrepancy* d) {
  const QuestionInfo& info = model.questions()[question];
  const auto& s = *signals.sorted[e.contradicting_signal];
  d->set_question_id(info.question->id());
  d->set_claimed(AnswerText(e.answer));
  // Written in place: a reused discrepancy keeps the string's capacity.
  std::string* observed = d->mutable_observed();
  observed->clear();
  absl::StrAppend(observed, s.issue_type(), " on ",
                  s.asset().empty() ? "(no asset)" : s.asset(), " (",
                  supplyrisk::v1::Severity_Name(s.severity()), ", first seen ",
                  DayText(ToTime(s.observed_at())), ")");
  d->set_signal_id(s.id());
  d->set_factor(s.factor());
  d->set_issue_type(s.issue_type());
  for (const auto& [m, w] : info.links)
    d->add_measure_ids(model.measures()[m].measure->id());
  d->set_credit_before(e.claimed);
  d->set_credit_after(e.credit);
}

}  // namespace supplyrisk::scoring
