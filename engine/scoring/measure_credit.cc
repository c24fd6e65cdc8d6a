#include "engine/scoring/measure_credit.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace supplyrisk::scoring {
namespace {

using supplyrisk::v1::Answer;
using supplyrisk::v1::Question;

absl::Status Bad(const Question& q, absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("response: answer to question '", q.id(), "': ", problem));
}

const supplyrisk::v1::ChoiceOption* FindOption(const Question& q, absl::string_view id) {
  for (const auto& o : q.options()) {
    if (o.id() == id) return &o;
  }
  return nullptr;
}

double BandCredit(const Question& q, double value) {
  for (const auto& b : q.bands()) {
    if (b.has_min() && value < b.min()) continue;
    if (b.has_max() && value >= b.max()) continue;
    return std::clamp(b.credit(), 0.0, 1.0);
  }
  return 0;
}

// text[at, at + n) as a decimal number; false unless all digits.
bool Digits(absl::string_view text, size_t at, size_t n, int* value) {
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  *value = v;
  return true;
}

}  // namespace

bool IsUnknownOption(absl::string_view id) { return id == "dont_know" || id == "unknown"; }

bool ParseDate(absl::string_view text, absl::Time* out) {
  // A plain existing date from year 1000 on ("2026-09-01") is midnight UTC of that civil day, as
  // ParseTime would find it (measure_credit_test compares the two); anything else goes through
  // ParseTime, which decides what it accepts.
  int y = 0, m = 0, d = 0;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-' && Digits(text, 0, 4, &y) &&
      Digits(text, 5, 2, &m) && Digits(text, 8, 2, &d) && y >= 1000 && m >= 1 && m <= 12 &&
      d >= 1) {
    const absl::CivilDay day(y, m, d);
    // CivilDay normalises a day past the month's end into the next month.
    if (day.month() == m && day.day() == d) {
      *out = absl::FromUnixSeconds((day - absl::CivilDay(1970, 1, 1)) * int64_t{86400});
      return true;
    }
  }
  std::string err;
  return absl::ParseTime("%Y-%m-%d", std::string(text), absl::UTCTimeZone(), out, &err);
}

int DaysBetween(absl::Time from, absl::Time to) {
  if (from >= to) return 0;
  return static_cast<int>(absl::ToInt64Hours(to - from) / 24);
}

double DecayFactor(const supplyrisk::v1::ScoringPolicy& policy, int validity_days, int age_days) {
  if (age_days <= validity_days) return 1.0;
  const double floor = policy.decay_floor();
  const double over = static_cast<double>(age_days - validity_days) / policy.decay_days();
  return std::max(floor, 1.0 - (1.0 - floor) * over);
}

absl::Status EvaluateAnswer(const ScoringModel& model, const QuestionInfo& info, const Answer* a,
                            absl::Time answer_time, bool answer_time_known, absl::Time as_of,
                            QuestionEval* out) {
  const Question& q = *info.question;
  out->answer = a;
  if (a == nullptr || a->value_case() == Answer::VALUE_NOT_SET) {
    // Silence is no better than "unknown": an unanswered knockout question fails.
    out->answered = false;
    out->knockout = q.knockout();
    return absl::OkStatus();
  }
  out->answered = true;
  double raw = 0;
  bool positive_possible = true;
  switch (q.answer_type()) {
    case supplyrisk::v1::ANSWER_TYPE_YES_NO: {
      if (a->value_case() != Answer::kYesNo) return Bad(q, "expected yes_no");
      switch (a->yes_no()) {
        case supplyrisk::v1::YES_NO_YES:
          raw = 1;
          break;
        case supplyrisk::v1::YES_NO_PARTIAL:
          raw = 0.5;
          break;
        case supplyrisk::v1::YES_NO_NO:
          out->knockout = q.knockout();
          break;
        case supplyrisk::v1::YES_NO_UNKNOWN:
          out->unknown = true;
          out->knockout = q.knockout();
          break;
        case supplyrisk::v1::YES_NO_NOT_APPLICABLE:
          if (q.allow_not_applicable()) {
            out->na_allowed = true;
            out->knockout = q.knockout();
          } else {
            // Not an escape: a knockout the template does not let go fails as "no" would.
            out->invalid_na = true;
            out->knockout = q.knockout();
          }
          break;
        default:
          return Bad(q, "yes_no is unspecified");
      }
      break;
    }
    case supplyrisk::v1::ANSWER_TYPE_SINGLE_CHOICE: {
      if (a->value_case() != Answer::kOptionId) return Bad(q, "expected option_id");
      const auto* o = FindOption(q, a->option_id());
      if (o == nullptr) {
        return Bad(q, absl::StrCat("option_id '", a->option_id(), "' is not an option"));
      }
      raw = std::clamp(o->credit(), 0.0, 1.0);
      out->knockout = o->knockout();
      out->unknown = IsUnknownOption(o->id());
      break;
    }
    case supplyrisk::v1::ANSWER_TYPE_MULTIPLE_CHOICE: {
      if (a->value_case() != Answer::kOptions) return Bad(q, "expected options");
      const auto& ids = a->options().option_ids();
      for (int i = 0; i < ids.size(); ++i) {
        const std::string& id = ids[i];
        const auto* o = FindOption(q, id);
        if (o == nullptr) return Bad(q, absl::StrCat("option id '", id, "' is not an option"));
        // A repeated option would add its credit twice.
        for (int j = 0; j < i; ++j) {
          if (ids[j] == id) return Bad(q, absl::StrCat("option id '", id, "' is chosen twice"));
        }
        raw += std::max(0.0, o->credit());
        out->knockout = out->knockout || o->knockout();
        out->unknown = out->unknown || IsUnknownOption(id);
      }
      raw = std::min(raw, 1.0);
      break;
    }
    case supplyrisk::v1::ANSWER_TYPE_NUMBER:
      if (a->value_case() != Answer::kNumber) return Bad(q, "expected number");
      if (!std::isfinite(a->number())) return Bad(q, "number is not finite");
      raw = BandCredit(q, a->number());
      break;
    case supplyrisk::v1::ANSWER_TYPE_DATE: {
      if (a->value_case() != Answer::kDate) return Bad(q, "expected date");
      absl::Time when;
      if (!ParseDate(a->date(), &when)) {
        return Bad(q, absl::StrCat("date '", a->date(), "' is not YYYY-MM-DD"));
      }
      if (when > as_of) {
        // A date the supplier sets in the future ("last restore test: next year") earns
        // nothing: it is reported, and counts as unknown.
        out->future_date = true;
        out->unknown = true;
        out->knockout = q.knockout();
        raw = 0;
        break;
      }
      raw = BandCredit(q, DaysBetween(when, as_of));
      break;
    }
    default:
      positive_possible = false;
      break;
  }
  out->raw = raw;
  // Evidence: an attached item of an accepted kind; a confirming signal counts too (set by the
  // discrepancy pass, which runs after this and may lift the cap again).
  bool has_evidence = false;
  if (info.evidence_required) {
    const auto& kinds = q.evidence().kinds();
    for (const auto& e : a->evidence()) {
      // An entry naming nothing (no reference, hash or description) is no evidence.
      if (absl::StripAsciiWhitespace(e.uri()).empty() && e.sha256().empty() &&
          absl::StripAsciiWhitespace(e.description()).empty()) {
        continue;
      }
      if (kinds.empty() ||
          std::find(kinds.begin(), kinds.end(), static_cast<int>(e.kind())) != kinds.end()) {
        has_evidence = true;
        break;
      }
    }
  }
  out->evidence_ok = has_evidence;
  out->capped = raw;
  if (info.evidence_required && positive_possible && !has_evidence && raw > info.evidence_cap) {
    out->capped = info.evidence_cap;
    out->evidence_missing = true;
  }
  out->dated = answer_time_known;
  out->age_days = answer_time_known ? DaysBetween(answer_time, as_of) : 0;
  out->decay = DecayFactor(model.policy(), info.validity_days, out->age_days);
  out->claimed = out->capped * out->decay;
  out->credit = out->claimed;
  out->effective = out->credit;
  return absl::OkStatus();
}

}  // namespace supplyrisk::scoring
