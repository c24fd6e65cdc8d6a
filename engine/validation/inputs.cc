#include "engine/validation/inputs.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "engine/validation/identifiers.h"

namespace supplyrisk::validation {
namespace {

std::string Path(absl::string_view prefix, absl::string_view field) {
  return prefix.empty() ? std::string(field) : absl::StrCat(prefix, ".", field);
}

std::string Indexed(absl::string_view path, int i) { return absl::StrCat(path, "[", i, "]"); }

// The code point starting at text[at] and its length in bytes; 0 for an invalid, overlong or
// surrogate sequence.
size_t DecodeUtf8(absl::string_view text, size_t at, uint32_t* code_point) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[at + k]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }
  size_t n = 0;
  uint32_t c = 0, min = 0;
  if ((lead & 0xe0) == 0xc0) {
    n = 2, c = lead & 0x1f, min = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    n = 3, c = lead & 0x0f, min = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    n = 4, c = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (at + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(k) & 0xc0) != 0x80) return 0;
    c = (c << 6) | (byte(k) & 0x3f);
  }
  if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return 0;
  *code_point = c;
  return n;
}

bool IsLowerHex(absl::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Per answer: what a questionnaire reasonably holds.
constexpr int kMaxAnswers = 2000;
constexpr int kMaxSubcontractors = 500;
constexpr int kMaxEvidence = 50;
constexpr int kMaxServices = 50;

constexpr int64_t kMinSeconds = -62135596800;  // 0001-01-01
constexpr int64_t kMaxSeconds = 253402300799;  // 9999-12-31

bool InRange(const google::protobuf::Timestamp& t) {
  return t.seconds() >= kMinSeconds && t.seconds() <= kMaxSeconds && t.nanos() >= 0 &&
         t.nanos() <= 999999999;
}

absl::Time ToTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

std::string FormatLimit(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

void ValidateEvidence(absl::string_view at, const v1::Answer& a, Violations* v) {
  if (a.evidence_size() > kMaxEvidence) {
    v->Add(Path(at, "evidence"), absl::StrCat("at most ", kMaxEvidence, " items per answer"));
  }
  for (int j = 0; j < a.evidence_size() && j < kMaxEvidence; ++j) {
    const v1::Evidence& ev = a.evidence(j);
    std::string field = Indexed(Path(at, "evidence"), j);
    if (ev.kind() == v1::EVIDENCE_KIND_UNSPECIFIED || !v1::EvidenceKind_IsValid(ev.kind())) {
      v->Add(Path(field, "kind"), "required: DOCUMENT, SCREENSHOT, REPORT, CERTIFICATE or RECORD");
    }
    if (ev.uri().empty() && ev.sha256().empty() && ev.description().empty()) {
      // Nothing the buyer could look at or verify: an item that only claims evidence exists.
      v->Add(field, "empty evidence: give at least a reference (uri), a hash or a description");
    }
    if (ev.uri().empty()) {
      v->Add(Path(field, "uri"), "required: where the buyer can see the evidence");
    } else {
      CheckText(Path(field, "uri"), ev.uri(), 2048, v);
    }
    if (!ev.sha256().empty() && (ev.sha256().size() != 64 || !IsLowerHex(ev.sha256()))) {
      v->Add(Path(field, "sha256"), "must be 64 lower-case hex digits");
    }
    CheckText(Path(field, "description"), ev.description(), 2000, v);
  }
}

// The bands of a NUMBER question span its domain: below the lowest band's min (when every band has
// one) or at or above the highest max (when every band has one) is no answer to the question, e.g.
// -3 days to apply a patch. Empty when `value` is inside.
std::string OutsideBands(const v1::Question& q, double value) {
  if (q.bands().empty()) return "";
  bool bounded_below = true, bounded_above = true;
  double lowest = std::numeric_limits<double>::infinity();
  double highest = -std::numeric_limits<double>::infinity();
  for (const auto& b : q.bands()) {
    bounded_below &= b.has_min();
    bounded_above &= b.has_max();
    if (b.has_min()) lowest = std::min(lowest, b.min());
    if (b.has_max()) highest = std::max(highest, b.max());
  }
  if (bounded_below && value < lowest) {
    return absl::StrCat("below the question's range: at least ", lowest);
  }
  if (bounded_above && value >= highest) {
    return absl::StrCat("above the question's range: less than ", highest);
  }
  return "";
}

// What is passed to a subcontractor: a short list of short, distinct service names.
void ValidateServices(absl::string_view entry, const v1::SubcontractorDeclaration& e,
                      Violations* v) {
  const std::string path = Path(entry, "services");
  if (e.services_size() > kMaxServices) {
    v->Add(path, absl::StrCat("at most ", kMaxServices, " services per subcontractor"));
    return;
  }
  absl::flat_hash_set<absl::string_view> seen;
  for (int k = 0; k < e.services_size(); ++k) {
    const std::string field = Indexed(path, k);
    if (IsBlank(e.services(k))) {
      v->Add(field, "empty or only blanks");
      continue;
    }
    CheckText(field, e.services(k), 100, v);
    if (!seen.insert(e.services(k)).second) v->Add(field, "listed twice");
  }
}

void ValidateSubcontractors(absl::string_view at, const v1::Answer& a, Violations* v) {
  if (a.subcontractors().entries_size() > kMaxSubcontractors) {
    v->Add(Path(at, "subcontractors.entries"),
           absl::StrCat("at most ", kMaxSubcontractors, " entries"));
    return;
  }
  for (int j = 0; j < a.subcontractors().entries_size(); ++j) {
    const auto& e = a.subcontractors().entries(j);
    std::string field = Indexed(Path(at, "subcontractors.entries"), j);
    if (IsBlank(e.company_name()) && e.supplier().empty()) {
      v->Add(Path(field, "company_name"), "required unless supplier is set");
    }
    CheckText(Path(field, "company_name"), e.company_name(), 300, v);
    ValidateServices(field, e, v);
    if (!e.corporate_number().empty()) {
      std::string problem = CorporateNumberProblem(e.corporate_number());
      if (!problem.empty()) v->Add(Path(field, "corporate_number"), problem);
    }
    if (!e.supplier().empty()) {
      std::string id;
      ParseName(Path(field, "supplier"), e.supplier(), "suppliers", &id, v);
    }
    for (int k = 0; k < e.data_classes_size(); ++k) {
      int dc = e.data_classes(k);
      if (dc == 0 || !v1::DataClass_IsValid(dc)) {
        v->Add(Indexed(Path(field, "data_classes"), k), "unknown data class");
      }
    }
    if (!v1::AccessLevel_IsValid(e.access())) {
      v->Add(Path(field, "access"), "unknown access level");
    }
  }
}

}  // namespace

bool ValidResourceId(absl::string_view id) {
  if (id.empty() || id.size() > 63 || id.front() == '-' || id.back() == '-') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool ParseName(absl::string_view field, absl::string_view name, absl::string_view collection,
               std::string* id, Violations* violations) {
  if (name.empty()) {
    violations->Add(field, "required");
    return false;
  }
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != collection || !ValidResourceId(parts[1])) {
    violations->Add(field, absl::StrCat("must be \"", collection, "/{id}\""));
    return false;
  }
  *id = std::string(parts[1]);
  return true;
}

void CheckTimestamp(absl::string_view field, const google::protobuf::Timestamp& t,
                    Violations* violations) {
  if (t.seconds() < kMinSeconds || t.seconds() > kMaxSeconds) {
    violations->Add(field, "seconds out of range (years 1-9999)");
  }
  if (t.nanos() < 0 || t.nanos() > 999999999) {
    violations->Add(field, "nanos must be 0-999999999");
  }
}

void CheckPastTimestamp(absl::string_view field, const google::protobuf::Timestamp& t,
                        const TimeLimits& limits, Violations* violations) {
  CheckTimestamp(field, t, violations);
  if (!InRange(t) || limits.now == absl::InfiniteFuture()) return;
  if (ToTime(t) > limits.latest()) {
    violations->Add(field, absl::StrCat("in the future: later than ", FormatLimit(limits.latest()),
                                        " (now plus the allowed clock skew)"));
  }
}

void CheckText(absl::string_view field, absl::string_view text, size_t max_bytes,
               Violations* violations) {
  if (text.size() > max_bytes) {
    violations->Add(field, absl::StrCat("longer than ", max_bytes, " bytes"));
    return;
  }
  size_t i = 0;
  while (i < text.size()) {
    uint32_t c = 0;
    const size_t n = DecodeUtf8(text, i, &c);
    if (n == 0) {
      violations->Add(field, absl::StrCat("not valid UTF-8 at byte ", i));
      return;
    }
    if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
      violations->Add(field, absl::StrCat("contains a control character at byte ", i));
      return;
    }
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
      violations->Add(field, absl::StrCat("contains a bidirectional override at byte ", i));
      return;
    }
    i += n;
  }
}

bool IsBlank(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    uint32_t c = 0;
    const size_t n = DecodeUtf8(text, i, &c);
    if (n == 0) return false;
    const bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
                       c == 0xa0 || c == 0x3000;
    if (!blank) return false;
    i += n;
  }
  return true;
}

void ValidateAnswers(absl::string_view prefix,
                     const google::protobuf::RepeatedPtrField<v1::Answer>& answers,
                     const v1::Template& tmpl, const TimeLimits& limits, Violations* v) {
  absl::flat_hash_map<std::string, const v1::Question*> questions;
  for (const v1::Section& section : tmpl.sections()) {
    for (const v1::Question& q : section.questions()) questions[q.id()] = &q;
  }
  if (answers.size() > kMaxAnswers) {
    v->Add(std::string(prefix), absl::StrCat("at most ", kMaxAnswers, " answers per request"));
    return;
  }
  const bool bounded = limits.now != absl::InfiniteFuture();
  const absl::CivilDay latest_day =
      bounded ? absl::ToCivilDay(limits.latest(), absl::UTCTimeZone()) : absl::CivilDay();
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < answers.size(); ++i) {
    const v1::Answer& a = answers[i];
    std::string at = Indexed(prefix, i);
    auto found = questions.find(a.question_id());
    if (a.question_id().empty()) {
      v->Add(Path(at, "question_id"), "required");
      continue;
    }
    if (found == questions.end()) {
      v->Add(Path(at, "question_id"),
             absl::StrCat("no question \"", a.question_id(), "\" in template ", tmpl.id(),
                          " revision ", tmpl.revision()));
      continue;
    }
    if (!seen.insert(a.question_id()).second) {
      v->Add(Path(at, "question_id"), "answered twice in this request");
    }
    const v1::Question& q = *found->second;
    auto option_exists = [&q](absl::string_view id) {
      for (const v1::ChoiceOption& o : q.options()) {
        if (o.id() == id) return true;
      }
      return false;
    };
    auto type_mismatch = [&](absl::string_view field) {
      v->Add(Path(at, field),
             absl::StrCat("question ", q.id(), " expects ", v1::AnswerType_Name(q.answer_type())));
    };
    switch (a.value_case()) {
      case v1::Answer::VALUE_NOT_SET:
        v->Add(Path(at, "value"), "required: set the field matching the question's type");
        break;
      case v1::Answer::kYesNo:
        if (q.answer_type() != v1::ANSWER_TYPE_YES_NO) {
          type_mismatch("yes_no");
        } else if (a.yes_no() == v1::YES_NO_UNSPECIFIED || !v1::YesNo_IsValid(a.yes_no())) {
          v->Add(Path(at, "yes_no"), "must be YES, PARTIAL, NO, UNKNOWN or NOT_APPLICABLE");
        } else if (a.yes_no() == v1::YES_NO_NOT_APPLICABLE && !q.allow_not_applicable()) {
          v->Add(Path(at, "yes_no"), "this question does not allow not-applicable");
        }
        break;
      case v1::Answer::kOptionId:
        if (q.answer_type() != v1::ANSWER_TYPE_SINGLE_CHOICE) {
          type_mismatch("option_id");
        } else if (!option_exists(a.option_id())) {
          v->Add(Path(at, "option_id"), absl::StrCat("no option \"", a.option_id(), "\""));
        }
        break;
      case v1::Answer::kOptions: {
        if (q.answer_type() != v1::ANSWER_TYPE_MULTIPLE_CHOICE) {
          type_mismatch("options");
          break;
        }
        absl::flat_hash_set<std::string> chosen;
        for (int j = 0; j < a.options().option_ids_size(); ++j) {
          const std::string& id = a.options().option_ids(j);
          std::string field = Indexed(Path(at, "options.option_ids"), j);
          if (!option_exists(id)) {
            v->Add(field, absl::StrCat("no option \"", id, "\""));
          } else if (!chosen.insert(id).second) {
            v->Add(field, "chosen twice");
          }
        }
        break;
      }
      case v1::Answer::kNumber:
        if (q.answer_type() != v1::ANSWER_TYPE_NUMBER) {
          type_mismatch("number");
        } else if (!std::isfinite(a.number())) {
          v->Add(Path(at, "number"), "must be a finite number");
        } else if (std::string problem = OutsideBands(q, a.number()); !problem.empty()) {
          v->Add(Path(at, "number"), problem);
        }
        break;
      case v1::Answer::kDate: {
        if (q.answer_type() != v1::ANSWER_TYPE_DATE) {
          type_mismatch("date");
          break;
        }
        absl::CivilDay day;
        if (a.date().size() != 10 || !absl::ParseCivilTime(a.date(), &day) ||
            absl::FormatCivilTime(day) != a.date()) {
          v->Add(Path(at, "date"), "must be a real date YYYY-MM-DD");
        } else if (bounded && day > latest_day) {
          // A date question asks when something was last done; a day to come did not happen yet.
          v->Add(Path(at, "date"),
                 absl::StrCat("in the future: later than ", absl::FormatCivilTime(latest_day)));
        }
        break;
      }
      case v1::Answer::kText:
        if (q.answer_type() != v1::ANSWER_TYPE_TEXT) {
          type_mismatch("text");
        } else {
          CheckText(Path(at, "text"), a.text(), 10000, v);
        }
        break;
      case v1::Answer::kSubcontractors:
        if (q.answer_type() != v1::ANSWER_TYPE_SUBCONTRACTORS) {
          type_mismatch("subcontractors");
          break;
        }
        ValidateSubcontractors(at, a, v);
        break;
    }
    ValidateEvidence(at, a, v);
    if (a.has_answered_at())
      CheckPastTimestamp(Path(at, "answered_at"), a.answered_at(), limits, v);
    CheckText(Path(at, "comment"), a.comment(), 4000, v);
  }
}

void ValidateResponse(absl::string_view prefix, const v1::Response& r, const v1::Template& tmpl,
                      const TimeLimits& limits, Violations* v) {
  if (r.template_id() != tmpl.id()) {
    v->Add(Path(prefix, "template_id"),
           absl::StrCat("is \"", r.template_id(), "\", but the template is \"", tmpl.id(), "\""));
  } else if (r.template_revision() != 0 && r.template_revision() != tmpl.revision()) {
    v->Add(Path(prefix, "template_revision"),
           absl::StrCat("is ", r.template_revision(), ", but the template is revision ",
                        tmpl.revision()));
  }
  if (r.has_submitted_at()) {
    CheckPastTimestamp(Path(prefix, "submitted_at"), r.submitted_at(), limits, v);
  }
  ValidateAnswers(Path(prefix, "answers"), r.answers(), tmpl, limits, v);
}

void ValidateEngagement(absl::string_view prefix, const v1::Engagement& e, Violations* v) {
  std::string supplier_id;
  ParseName(Path(prefix, "supplier"), e.supplier(), "suppliers", &supplier_id, v);
  CheckText(Path(prefix, "title"), e.title(), 300, v);
  absl::flat_hash_set<int> seen;
  for (int i = 0; i < e.data_classes_size(); ++i) {
    int dc = e.data_classes(i);
    std::string field = Indexed(Path(prefix, "data_classes"), i);
    if (dc == v1::DATA_CLASS_UNSPECIFIED || !v1::DataClass_IsValid(dc)) {
      v->Add(field, absl::StrCat("unknown data class ", dc));
    } else if (!seen.insert(dc).second) {
      v->Add(field, "listed twice");
    }
  }
  if (e.access() == v1::ACCESS_LEVEL_UNSPECIFIED || !v1::AccessLevel_IsValid(e.access())) {
    v->Add(Path(prefix, "access"), e.access() == 0
                                       ? "required (ACCESS_LEVEL_NONE when there is none)"
                                       : absl::StrCat("unknown access level ", e.access()));
  }
  if (e.criticality() == v1::CRITICALITY_UNSPECIFIED || !v1::Criticality_IsValid(e.criticality())) {
    v->Add(
        Path(prefix, "criticality"),
        e.criticality() == 0 ? "required" : absl::StrCat("unknown criticality ", e.criticality()));
  }
}

void ValidateSignal(absl::string_view prefix, const v1::Signal& s, const TimeLimits& limits,
                    Violations* v) {
  CheckText(Path(prefix, "id"), s.id(), 200, v);
  std::string supplier_id;
  ParseName(Path(prefix, "supplier"), s.supplier(), "suppliers", &supplier_id, v);
  if (s.factor() == v1::FACTOR_UNSPECIFIED || !v1::Factor_IsValid(s.factor())) {
    v->Add(Path(prefix, "factor"),
           s.factor() == 0 ? "required" : absl::StrCat("unknown factor ", s.factor()));
  }
  if (s.issue_type().empty()) {
    v->Add(Path(prefix, "issue_type"), "required");
  } else {
    bool ok = s.issue_type().size() <= 64;
    for (char c : s.issue_type())
      ok &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) v->Add(Path(prefix, "issue_type"), "must be 1-64 characters of a-z, 0-9, '_'");
  }
  if (s.severity() == v1::SEVERITY_UNSPECIFIED || !v1::Severity_IsValid(s.severity())) {
    v->Add(Path(prefix, "severity"),
           s.severity() == 0 ? "required" : absl::StrCat("unknown severity ", s.severity()));
  }
  if (s.asset().empty()) {
    v->Add(Path(prefix, "asset"), "required: the host, domain, IP or URL observed");
  } else {
    CheckText(Path(prefix, "asset"), s.asset(), 2048, v);
  }
  const bool observed = s.has_observed_at() && InRange(s.observed_at());
  if (!s.has_observed_at()) {
    v->Add(Path(prefix, "observed_at"), "required");
  } else {
    CheckPastTimestamp(Path(prefix, "observed_at"), s.observed_at(), limits, v);
  }
  auto before_observed = [&](const google::protobuf::Timestamp& t) {
    return observed && InRange(t) && ToTime(t) < ToTime(s.observed_at());
  };
  if (s.has_last_observed_at()) {
    CheckPastTimestamp(Path(prefix, "last_observed_at"), s.last_observed_at(), limits, v);
    if (before_observed(s.last_observed_at())) {
      v->Add(Path(prefix, "last_observed_at"), "before observed_at");
    }
  }
  if (s.has_resolved_at()) {
    CheckPastTimestamp(Path(prefix, "resolved_at"), s.resolved_at(), limits, v);
    if (before_observed(s.resolved_at())) {
      v->Add(Path(prefix, "resolved_at"), "before observed_at");
    }
  }
  CheckText(Path(prefix, "source"), s.source(), 100, v);
  if (!s.cve().empty()) {
    std::vector<absl::string_view> parts = absl::StrSplit(s.cve(), '-');
    int year = 0;
    bool ok = parts.size() == 3 && parts[0] == "CVE" && parts[1].size() == 4 &&
              absl::SimpleAtoi(parts[1], &year) && year >= 1999 && parts[2].size() >= 4 &&
              parts[2].size() <= 7;
    for (size_t i = 0; ok && i < parts[2].size(); ++i) ok = absl::ascii_isdigit(parts[2][i]);
    if (!ok) v->Add(Path(prefix, "cve"), "must look like CVE-2024-12345");
  }
  CheckText(Path(prefix, "detail"), s.detail(), 4000, v);
}

}  // namespace supplyrisk::validation
