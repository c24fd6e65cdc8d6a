#include "engine/questionnaire/lint.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/questionnaire/conditions.h"
#include "engine/questionnaire/format.h"

namespace supplyrisk::questionnaire {
namespace {

using ::supplyrisk::v1::AnswerType;
using ::supplyrisk::v1::ChoiceOption;
using ::supplyrisk::v1::Condition;
using ::supplyrisk::v1::LocalizedText;
using ::supplyrisk::v1::NumberBand;
using ::supplyrisk::v1::Question;
using ::supplyrisk::v1::Section;
using ::supplyrisk::v1::Template;

// Ids of sections, questions, options and items: no spaces or punctuation that
// would need quoting in a URL, a condition or a report.
bool ValidId(const std::string& id) {
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' &&
        c != '-' && c != '.') {
      return false;
    }
  }
  return !id.empty();
}

bool SnakeCase(const std::string& s) {
  if (s.empty() || !absl::ascii_islower(static_cast<unsigned char>(s[0]))) {
    return false;
  }
  for (char c : s) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '_') {
      return false;
    }
  }
  return s.back() != '_' && s.find("__") == std::string::npos;
}

// "YES_NO" for ANSWER_TYPE_YES_NO; the number of a value the enum lacks.
std::string TypeName(AnswerType type) {
  const std::string& name = supplyrisk::v1::AnswerType_Name(type);
  if (name.empty()) return absl::StrCat(static_cast<int>(type));
  return std::string(WithoutPrefix(name, "ANSWER_TYPE_"));
}

bool IsChoice(AnswerType type) {
  return type == supplyrisk::v1::ANSWER_TYPE_SINGLE_CHOICE ||
         type == supplyrisk::v1::ANSWER_TYPE_MULTIPLE_CHOICE;
}

bool IsBanded(AnswerType type) {
  return type == supplyrisk::v1::ANSWER_TYPE_NUMBER ||
         type == supplyrisk::v1::ANSWER_TYPE_DATE;
}

// Question types that earn credit toward measures.
bool IsScored(AnswerType type) {
  return type == supplyrisk::v1::ANSWER_TYPE_YES_NO || IsChoice(type) ||
         IsBanded(type);
}

struct QuestionRef {
  int section = 0;
  int index = 0;
  const Question* question = nullptr;
  std::string path;
};

class Linter {
 public:
  Linter(const Template& t, const std::string& file, const FieldLines* lines,
         const catalog::CatalogIndex& catalog, const KnownTemplates* known)
      : t_(t), file_(file), lines_(lines), catalog_(catalog), known_(known) {}

  std::vector<Problem> Run() {
    CheckHeader();
    IndexQuestions();
    for (int s = 0; s < t_.sections_size(); ++s) CheckSection(s);
    CheckCycles();
    CheckReadiness();
    std::stable_sort(
        out_.begin(), out_.end(),
        [](const Problem& a, const Problem& b) { return a.line < b.line; });
    return std::move(out_);
  }

 private:
  void Add(const std::string& path, std::string message) {
    out_.push_back(Problem{file_, lines_ ? lines_->LineOf(path) : 0, path,
                           std::move(message)});
  }

  // Both languages present; `required` false only asks that one is not set
  // without the other.
  void CheckText(const std::string& path, const LocalizedText& text,
                 bool required) {
    const bool ja = HasText(text.ja());
    const bool en = HasText(text.en());
    if (!required && !ja && !en) return;
    if (!ja) Add(FieldPath(path, "ja"), "Japanese text is missing");
    if (!en) Add(FieldPath(path, "en"), "English text is missing");
  }

  void CheckMeasureId(const std::string& path, const std::string& id,
                      absl::string_view what) {
    if (id.empty()) {
      Add(path, absl::StrCat(what, " id is missing"));
    } else if (catalog_.FindMeasure(id) == nullptr) {
      Add(path,
          absl::StrCat("unknown ", what, " '", id, "': not in the catalogue"));
    }
  }

  void CheckHeader() {
    if (t_.id().empty()) {
      Add("id", "template id is missing");
    } else if (!ValidId(t_.id())) {
      Add("id", absl::StrCat("template id '", t_.id(),
                             "' may contain only letters, digits, '_', '-' "
                             "and '.'"));
    }
    if (t_.revision() < 1) {
      Add("revision",
          absl::StrCat("revision must be >= 1 (got ", t_.revision(), ")"));
    }
    if (t_.state() == supplyrisk::v1::TEMPLATE_STATE_UNSPECIFIED) {
      Add("state",
          "state is not set: use TEMPLATE_STATE_DRAFT or "
          "TEMPLATE_STATE_PUBLISHED");
    }
    CheckText("title", t_.title(), true);
    CheckText("description", t_.description(), false);
    switch (t_.kind()) {
      case supplyrisk::v1::TEMPLATE_KIND_QUESTIONNAIRE:
        if (t_.sections().empty()) {
          Add("sections", "a questionnaire needs at least one section");
        }
        if (t_.has_readiness()) {
          Add("readiness", "only a readiness profile has readiness criteria");
        }
        break;
      case supplyrisk::v1::TEMPLATE_KIND_READINESS_PROFILE:
        if (!t_.sections().empty()) {
          Add("sections[0]", "a readiness profile has no sections");
        }
        if (!t_.has_readiness()) {
          Add("readiness", "a readiness profile needs readiness criteria");
        }
        break;
      default:
        Add("kind",
            "kind is not set: use TEMPLATE_KIND_QUESTIONNAIRE or "
            "TEMPLATE_KIND_READINESS_PROFILE");
    }
    CheckScoring();
  }

  bool Ipa() const {
    return t_.scoring().method() == supplyrisk::v1::SCORING_METHOD_IPA_POINTS;
  }

  void CheckScoring() {
    const auto& scoring = t_.scoring();
    if (!Ipa()) {
      if (!scoring.bands().empty()) {
        Add("scoring.bands[0]",
            "score bands are only used by SCORING_METHOD_IPA_POINTS");
      }
      return;
    }
    if (scoring.bands().empty()) {
      Add("scoring.bands", "SCORING_METHOD_IPA_POINTS needs score bands");
      return;
    }
    for (int i = 0; i < scoring.bands_size(); ++i) {
      const std::string path = FieldPath("scoring", "bands", i);
      const auto& band = scoring.bands(i);
      if (!std::isfinite(band.min()) || band.min() < 0 || band.min() > 100) {
        Add(FieldPath(path, "min"),
            absl::StrCat("min must be in [0, 100] (got ",
                         FormatNumber(band.min()), ")"));
      } else if (i > 0 && !(band.min() < scoring.bands(i - 1).min())) {
        Add(FieldPath(path, "min"),
            absl::StrCat("bands must be listed highest first: min ",
                         FormatNumber(band.min()),
                         " is not below the previous min ",
                         FormatNumber(scoring.bands(i - 1).min())));
      }
      CheckText(FieldPath(path, "label"), band.label(), true);
      CheckText(FieldPath(path, "advice"), band.advice(), true);
    }
    const auto& last = scoring.bands(scoring.bands_size() - 1);
    if (std::isfinite(last.min()) && last.min() > 0) {
      Add(FieldPath(FieldPath("scoring", "bands", scoring.bands_size() - 1),
                    "min"),
          absl::StrCat("the lowest band must start at 0 so that every score "
                       "falls in a band (got ",
                       FormatNumber(last.min()), ")"));
    }
  }

  void IndexQuestions() {
    absl::flat_hash_map<std::string, std::string> sections;
    for (int s = 0; s < t_.sections_size(); ++s) {
      const Section& section = t_.sections(s);
      const std::string spath = FieldPath("", "sections", s);
      if (section.id().empty()) {
        Add(FieldPath(spath, "id"), "section id is missing");
      } else if (!ValidId(section.id())) {
        Add(FieldPath(spath, "id"),
            absl::StrCat("section id '", section.id(),
                         "' may contain only letters, digits, '_', '-' and "
                         "'.'"));
      } else if (auto [it, inserted] =
                     sections.try_emplace(section.id(), spath);
                 !inserted) {
        Add(FieldPath(spath, "id"),
            absl::StrCat("duplicate section id '", section.id(), "' (first at ",
                         it->second, ")"));
      }
      for (int q = 0; q < section.questions_size(); ++q) {
        const Question& question = section.questions(q);
        const std::string qpath = FieldPath(spath, "questions", q);
        if (question.id().empty()) {
          Add(FieldPath(qpath, "id"), "question id is missing");
          continue;
        }
        if (!ValidId(question.id())) {
          Add(FieldPath(qpath, "id"),
              absl::StrCat("question id '", question.id(),
                           "' may contain only letters, digits, '_', '-' and "
                           "'.'"));
        }
        auto [it, inserted] = questions_.try_emplace(
            question.id(), QuestionRef{s, q, &question, qpath});
        if (!inserted) {
          Add(FieldPath(qpath, "id"),
              absl::StrCat("duplicate question id '", question.id(),
                           "' (first at ", it->second.path, ")"));
        }
      }
    }
  }

  void CheckSection(int s) {
    const Section& section = t_.sections(s);
    const std::string spath = FieldPath("", "sections", s);
    CheckText(FieldPath(spath, "title"), section.title(), true);
    if (section.questions().empty()) {
      Add(spath, "section has no questions");
    }
    if (section.has_condition()) {
      CheckCondition(section.condition(), FieldPath(spath, "condition"),
                     ConditionOwner{s, nullptr}, /*nested=*/false);
    }
    for (int q = 0; q < section.questions_size(); ++q) {
      CheckQuestion(section.questions(q), FieldPath(spath, "questions", q), s);
    }
  }

  void CheckQuestion(const Question& q, const std::string& path, int section) {
    CheckText(FieldPath(path, "text"), q.text(), true);
    CheckText(FieldPath(path, "help"), q.help(), false);
    const AnswerType type = q.answer_type();
    const std::string tname = TypeName(type);
    if (type == supplyrisk::v1::ANSWER_TYPE_UNSPECIFIED) {
      Add(FieldPath(path, "answer_type"), "answer type is not set");
    } else if (!supplyrisk::v1::AnswerType_IsValid(type)) {
      // Only a binary template (from the API) can carry one; without this it
      // would be neither scored nor unscored and pass every check.
      Add(FieldPath(path, "answer_type"),
          absl::StrCat("answer type ", tname, " is not a known type"));
    }
    const bool scored = IsScored(type);
    const bool unscored = type == supplyrisk::v1::ANSWER_TYPE_TEXT ||
                          type == supplyrisk::v1::ANSWER_TYPE_SUBCONTRACTORS;
    if (scored) {
      if (!std::isfinite(q.weight()) || q.weight() <= 0) {
        Add(FieldPath(path, "weight"),
            absl::StrCat("weight must be a finite number > 0 for a scored "
                         "question (got ",
                         FormatNumber(q.weight()), ")"));
      }
      if (q.measures().empty()) {
        Add(FieldPath(path, "measures"),
            "a scored question must link at least one measure");
      }
      if (!q.has_remediation()) {
        Add(FieldPath(path, "remediation"),
            "a scored question needs remediation advice (ja and en) and an "
            "effort");
      } else {
        CheckText(FieldPath(FieldPath(path, "remediation"), "advice"),
                  q.remediation().advice(), true);
        if (q.remediation().effort() == supplyrisk::v1::EFFORT_UNSPECIFIED) {
          Add(FieldPath(FieldPath(path, "remediation"), "effort"),
              "effort is not set");
        }
      }
    } else if (unscored) {
      if (q.weight() != 0) {
        Add(FieldPath(path, "weight"),
            absl::StrCat("a ", tname,
                         " question scores nothing: weight must "
                         "be 0 (got ",
                         FormatNumber(q.weight()), ")"));
      }
      if (!q.measures().empty()) {
        Add(FieldPath(path, "measures", 0),
            absl::StrCat("a ", tname,
                         " question scores nothing: it must not link "
                         "measures"));
      }
      if (!q.signal_links().empty()) {
        Add(FieldPath(path, "signal_links", 0),
            absl::StrCat("a ", tname,
                         " question scores nothing: signals cannot confirm "
                         "or contradict it"));
      }
    }
    if (q.has_remediation()) {
      const double days = q.remediation().effort_days();
      if (!std::isfinite(days) || days < 0) {
        Add(FieldPath(FieldPath(path, "remediation"), "effort_days"),
            absl::StrCat("effort_days must be >= 0 (got ", FormatNumber(days),
                         ")"));
      }
      if (!scored)
        CheckText(FieldPath(path, "remediation.advice"),
                  q.remediation().advice(), false);
    }

    // Measure links.
    absl::flat_hash_set<std::string> own;
    for (int i = 0; i < q.measures_size(); ++i) {
      const auto& link = q.measures(i);
      const std::string lpath = FieldPath(path, "measures", i);
      CheckMeasureId(FieldPath(lpath, "measure_id"), link.measure_id(),
                     "measure");
      if (!link.measure_id().empty() && !own.insert(link.measure_id()).second) {
        Add(FieldPath(lpath, "measure_id"),
            absl::StrCat("measure '", link.measure_id(), "' is linked twice"));
      }
      if (link.has_share() && !(link.share() > 0 && link.share() <= 1)) {
        Add(FieldPath(lpath, "share"),
            absl::StrCat("share must be in (0, 1] (got ",
                         FormatNumber(link.share()), ")"));
      }
    }

    CheckOptions(q, path, type, tname);
    CheckBands(q, path, type, tname);

    // Evidence.
    if (q.has_evidence()) {
      const auto& ev = q.evidence();
      const std::string epath = FieldPath(path, "evidence");
      if (ev.has_cap_without_evidence() &&
          !(ev.cap_without_evidence() >= 0 && ev.cap_without_evidence() <= 1)) {
        Add(FieldPath(epath, "cap_without_evidence"),
            absl::StrCat("cap_without_evidence must be in [0, 1] (got ",
                         FormatNumber(ev.cap_without_evidence()), ")"));
      }
      for (int i = 0; i < ev.kinds_size(); ++i) {
        if (ev.kinds(i) == supplyrisk::v1::EVIDENCE_KIND_UNSPECIFIED) {
          Add(FieldPath(epath, "kinds", i), "evidence kind is not set");
        }
      }
      CheckText(FieldPath(epath, "description"), ev.description(), false);
    }

    if (q.validity_days() < 0) {
      Add(FieldPath(path, "validity_days"),
          absl::StrCat("validity_days must be >= 0 (got ", q.validity_days(),
                       ")"));
    }

    // Knockout.
    if (q.knockout()) {
      if (IsChoice(type)) {
        bool any = false;
        for (const auto& o : q.options()) any = any || o.knockout();
        if (!any) {
          Add(FieldPath(path, "knockout"),
              "a knockout choice question needs an option marked knockout");
        }
      } else if (type != supplyrisk::v1::ANSWER_TYPE_YES_NO) {
        Add(FieldPath(path, "knockout"),
            absl::StrCat("knockout is only allowed on YES_NO and choice "
                         "questions (this one is ",
                         tname, ")"));
      }
    }

    CheckCompensation(q, path, scored, own);

    // Signal links. One issue type links once: a repeat would let one
    // observation weigh twice, or both confirm and contradict the answer.
    absl::flat_hash_map<std::pair<int, std::string>, int> linked_issues;
    for (int i = 0; i < q.signal_links_size(); ++i) {
      const auto& link = q.signal_links(i);
      const std::string spath = FieldPath(path, "signal_links", i);
      if (!link.issue_type().empty()) {
        auto [it, inserted] = linked_issues.try_emplace(
            std::make_pair(static_cast<int>(link.factor()), link.issue_type()),
            i);
        if (!inserted) {
          Add(FieldPath(spath, "issue_type"),
              absl::StrCat("issue type '", link.issue_type(),
                           "' is already linked at ",
                           FieldPath(path, "signal_links", it->second)));
        }
      }
      if (link.factor() == supplyrisk::v1::FACTOR_UNSPECIFIED) {
        Add(FieldPath(spath, "factor"), "factor is not set");
      } else if (!supplyrisk::v1::Factor_IsValid(link.factor())) {
        Add(FieldPath(spath, "factor"),
            absl::StrCat("factor ", static_cast<int>(link.factor()),
                         " is not a known factor"));
      }
      if (link.issue_type().empty()) {
        Add(FieldPath(spath, "issue_type"), "issue type is missing");
      } else if (!SnakeCase(link.issue_type())) {
        Add(FieldPath(spath, "issue_type"),
            absl::StrCat("issue type '", link.issue_type(),
                         "' must be snake_case (lowercase letters, digits and "
                         "'_')"));
      }
      if (link.relation() == supplyrisk::v1::SIGNAL_RELATION_UNSPECIFIED) {
        Add(FieldPath(spath, "relation"),
            "relation is not set: use SIGNAL_RELATION_CONTRADICTS or "
            "SIGNAL_RELATION_CONFIRMS");
      }
    }

    // IPA points scheme.
    if (Ipa()) {
      if (scored || type == supplyrisk::v1::ANSWER_TYPE_UNSPECIFIED) {
        // Point at the first option that breaks the scheme, so the line is the
        // one to fix.
        std::string where;
        if (type != supplyrisk::v1::ANSWER_TYPE_SINGLE_CHOICE) {
          where = FieldPath(path, "answer_type");
        } else {
          for (int i = 0; i < q.options_size() && where.empty(); ++i) {
            if (i >= 4 || q.options(i).id() != kIpaOptionIds[i]) {
              where = FieldPath(FieldPath(path, "options", i), "id");
            }
          }
          if (where.empty() && q.options_size() != 4)
            where = FieldPath(path, "options");
        }
        if (!where.empty()) {
          Add(where,
              "a SCORING_METHOD_IPA_POINTS question must be SINGLE_CHOICE "
              "with the options done, partly, not_done, dont_know in this "
              "order");
        }
      }
      if (q.ipa_part() < 1 || q.ipa_part() > 3) {
        Add(FieldPath(path, "ipa_part"),
            absl::StrCat("ipa_part must be 1, 2 or 3 (got ", q.ipa_part(),
                         ")"));
      }
    } else if (q.ipa_part() != 0) {
      Add(FieldPath(path, "ipa_part"),
          "ipa_part is only used by SCORING_METHOD_IPA_POINTS templates");
    }

    if (q.has_condition()) {
      CheckCondition(q.condition(), FieldPath(path, "condition"),
                     ConditionOwner{section, &q}, /*nested=*/false);
    }
  }

  void CheckOptions(const Question& q, const std::string& path, AnswerType type,
                    const std::string& tname) {
    if (!IsChoice(type)) {
      if (!q.options().empty()) {
        Add(FieldPath(path, "options", 0),
            absl::StrCat("options are only allowed on SINGLE_CHOICE and "
                         "MULTIPLE_CHOICE questions (this one is ",
                         tname, ")"));
      }
      return;
    }
    if (q.options_size() < 2) {
      Add(q.options().empty() ? FieldPath(path, "options")
                              : FieldPath(path, "options", 0),
          absl::StrCat("a ", tname, " question needs at least 2 options (got ",
                       q.options_size(), ")"));
    }
    absl::flat_hash_map<std::string, int> ids;
    for (int i = 0; i < q.options_size(); ++i) {
      const ChoiceOption& o = q.options(i);
      const std::string opath = FieldPath(path, "options", i);
      if (o.id().empty()) {
        Add(FieldPath(opath, "id"), "option id is missing");
      } else if (!ValidId(o.id())) {
        Add(FieldPath(opath, "id"),
            absl::StrCat("option id '", o.id(),
                         "' may contain only letters, digits, '_', '-' and "
                         "'.'"));
      } else if (auto [it, inserted] = ids.try_emplace(o.id(), i); !inserted) {
        Add(FieldPath(opath, "id"),
            absl::StrCat("duplicate option id '", o.id(), "' (first at ",
                         FieldPath(path, "options", it->second), ")"));
      }
      CheckText(FieldPath(opath, "label"), o.label(), true);
      if (!o.has_credit()) {
        Add(FieldPath(opath, "credit"),
            "option has no credit: every option states one, 0 included");
      } else if (!(o.credit() >= 0 && o.credit() <= 1)) {
        Add(FieldPath(opath, "credit"),
            absl::StrCat("credit must be in [0, 1] (got ",
                         FormatNumber(o.credit()), ")"));
      }
      if (o.knockout() && !q.knockout()) {
        Add(FieldPath(opath, "knockout"),
            "option is marked knockout but the question is not a knockout "
            "question");
      }
    }
  }

  void CheckBands(const Question& q, const std::string& path, AnswerType type,
                  const std::string& tname) {
    if (!IsBanded(type)) {
      if (!q.bands().empty()) {
        Add(FieldPath(path, "bands", 0),
            absl::StrCat("bands are only allowed on NUMBER and DATE questions "
                         "(this one is ",
                         tname, ")"));
      }
      return;
    }
    if (q.bands().empty()) {
      Add(FieldPath(path, "bands"),
          absl::StrCat("a ", tname, " question needs at least one band"));
      return;
    }
    constexpr double kInf = std::numeric_limits<double>::infinity();
    auto lo = [&](const NumberBand& b) {
      return b.has_min() ? b.min() : -kInf;
    };
    auto hi = [&](const NumberBand& b) { return b.has_max() ? b.max() : kInf; };
    std::vector<bool> sane(q.bands_size(), true);
    for (int i = 0; i < q.bands_size(); ++i) {
      const NumberBand& b = q.bands(i);
      const std::string bpath = FieldPath(path, "bands", i);
      if (!(b.credit() >= 0 && b.credit() <= 1)) {
        Add(FieldPath(bpath, "credit"),
            absl::StrCat("credit must be in [0, 1] (got ",
                         FormatNumber(b.credit()), ")"));
      }
      if ((b.has_min() && std::isnan(b.min())) ||
          (b.has_max() && std::isnan(b.max()))) {
        Add(bpath, "band bounds must be numbers");
        sane[i] = false;
      } else if (!(lo(b) < hi(b))) {
        Add(FieldPath(bpath, b.has_max() ? "max" : "min"),
            absl::StrCat("min must be below max (got min ", FormatNumber(lo(b)),
                         ", max ", FormatNumber(hi(b)), ")"));
        sane[i] = false;
      } else if (type == supplyrisk::v1::ANSWER_TYPE_DATE && b.has_min() &&
                 b.min() < 0) {
        Add(FieldPath(bpath, "min"),
            absl::StrCat("a DATE band is an age in days and cannot start "
                         "below 0 (got ",
                         FormatNumber(b.min()), ")"));
      }
      CheckText(FieldPath(bpath, "label"), b.label(), false);
      for (int j = 0; sane[i] && j < i; ++j) {
        const NumberBand& other = q.bands(j);
        if (!sane[j]) continue;
        if (std::max(lo(b), lo(other)) < std::min(hi(b), hi(other))) {
          Add(bpath, absl::StrCat("band [", FormatNumber(lo(b)), ", ",
                                  FormatNumber(hi(b)), ") overlaps ",
                                  FieldPath(path, "bands", j), " [",
                                  FormatNumber(lo(other)), ", ",
                                  FormatNumber(hi(other)), ")"));
          break;
        }
      }
    }
  }

  void CheckCompensation(const Question& q, const std::string& path,
                         bool scored,
                         const absl::flat_hash_set<std::string>& own) {
    const std::string cpath = FieldPath(path, "compensation");
    const auto& c = q.compensation();
    const bool present =
        q.has_compensation() &&
        (!c.compensating_measure_ids().empty() || c.max_credit() != 0 ||
         !c.rationale().ja().empty() || !c.rationale().en().empty());
    if (!q.compensable()) {
      if (present) {
        Add(cpath,
            "compensation is only allowed on compensable questions (set "
            "compensable: true or remove it)");
      }
      return;
    }
    if (!scored) {
      Add(FieldPath(path, "compensable"),
          "only a scored question can be compensable");
      return;
    }
    if (c.compensating_measure_ids().empty()) {
      Add(FieldPath(cpath, "compensating_measure_ids"),
          "a compensable question needs compensating measures");
    }
    for (int i = 0; i < c.compensating_measure_ids_size(); ++i) {
      const std::string& id = c.compensating_measure_ids(i);
      const std::string mpath = FieldPath(cpath, "compensating_measure_ids", i);
      CheckMeasureId(mpath, id, "compensating measure");
      if (own.contains(id)) {
        Add(mpath, absl::StrCat("compensating measure '", id,
                                "' is one of the question's own measures"));
      }
    }
    if (!(c.max_credit() > 0 && c.max_credit() < 1)) {
      Add(FieldPath(cpath, "max_credit"),
          absl::StrCat("max_credit must be in (0, 1) (got ",
                       FormatNumber(c.max_credit()), ")"));
    }
    CheckText(FieldPath(cpath, "rationale"), c.rationale(), true);
  }

  // Where a condition sits: on a question, or on a section when `question` is
  // null. The difference matters for a question whose id is missing, which
  // must not have its condition taken for its section's.
  struct ConditionOwner {
    int section = 0;
    const Question* question = nullptr;
  };

  void CheckCondition(const Condition& c, const std::string& path,
                      const ConditionOwner& owner, bool nested) {
    switch (c.test_case()) {
      case Condition::TEST_NOT_SET:
        if (nested) Add(path, "condition has no test");
        return;
      case Condition::kAnswer: {
        const auto& a = c.answer();
        const std::string apath = FieldPath(path, "answer");
        if (a.question_id().empty()) {
          Add(FieldPath(apath, "question_id"), "question id is missing");
          return;
        }
        auto it = questions_.find(a.question_id());
        if (it == questions_.end()) {
          Add(FieldPath(apath, "question_id"),
              absl::StrCat("condition refers to unknown question '",
                           a.question_id(), "'"));
          return;
        }
        if (owner.question != nullptr) {
          if (a.question_id() == owner.question->id()) {
            Add(FieldPath(apath, "question_id"),
                absl::StrCat("condition refers to the question itself ('",
                             a.question_id(), "')"));
          }
        } else if (it->second.section == owner.section) {
          Add(FieldPath(apath, "question_id"),
              absl::StrCat("section condition refers to question '",
                           a.question_id(), "' of its own section"));
        }
        if (a.any_of().empty()) {
          Add(FieldPath(apath, "any_of"),
              "any_of is empty, so the condition never holds");
        }
        CheckTokens(a, apath, *it->second.question);
        return;
      }
      case Condition::kProfile: {
        const std::string fpath = FieldPath(FieldPath(path, "profile"), "flag");
        const auto flag = c.profile().flag();
        if (flag == supplyrisk::v1::PROFILE_FLAG_UNSPECIFIED) {
          Add(fpath, "profile flag is not set");
        } else if (!supplyrisk::v1::ProfileFlag_IsValid(flag)) {
          Add(fpath, absl::StrCat("profile flag ", static_cast<int>(flag),
                                  " is not a known flag"));
        }
        return;
      }
      case Condition::kAll:
        CheckConditionList(c.all().conditions(), FieldPath(path, "all"),
                           "'all' has no conditions", owner);
        return;
      case Condition::kAny:
        CheckConditionList(c.any().conditions(), FieldPath(path, "any"),
                           "'any' has no conditions, so it never holds", owner);
        return;
      case Condition::kNot:
        CheckCondition(c.not_(), FieldPath(path, "not"), owner,
                       /*nested=*/true);
        return;
    }
  }

  // The conditions of an All or Any at `path`.
  void CheckConditionList(
      const google::protobuf::RepeatedPtrField<Condition>& conditions,
      const std::string& path, absl::string_view empty_message,
      const ConditionOwner& owner) {
    if (conditions.empty()) Add(path, std::string(empty_message));
    for (int i = 0; i < conditions.size(); ++i) {
      CheckCondition(conditions.Get(i), FieldPath(path, "conditions", i), owner,
                     /*nested=*/true);
    }
  }

  void CheckTokens(const Condition::AnswerIs& a, const std::string& apath,
                   const Question& target) {
    const AnswerType type = target.answer_type();
    for (int i = 0; i < a.any_of_size(); ++i) {
      const std::string& token = a.any_of(i);
      const std::string tpath = FieldPath(apath, "any_of", i);
      if (type == supplyrisk::v1::ANSWER_TYPE_YES_NO) {
        if (!IsYesNoToken(token)) {
          Add(tpath, absl::StrCat("'", token,
                                  "' is not a yes/no answer of "
                                  "question '",
                                  target.id(),
                                  "' (use yes, partial, no, unknown or "
                                  "not_applicable)"));
        } else if (token == kTokenNotApplicable &&
                   !target.allow_not_applicable()) {
          Add(tpath,
              absl::StrCat("'not_applicable' never matches: question '",
                           target.id(), "' does not allow not applicable"));
        }
      } else if (IsChoice(type)) {
        bool found = false;
        std::vector<std::string> ids;
        for (const auto& o : target.options()) {
          found = found || o.id() == token;
          ids.push_back(o.id());
        }
        if (!found) {
          Add(tpath,
              absl::StrCat("'", token, "' is not an option of question '",
                           target.id(),
                           "' (options: ", absl::StrJoin(ids, ", "), ")"));
        }
      } else {
        Add(apath,
            absl::StrCat("a condition cannot test the answer of ",
                         TypeName(type), " question '", target.id(), "'"));
        return;
      }
    }
  }

  // A question depends on the questions its own condition and its section's
  // condition test. Self references are reported by CheckCondition and left out
  // here.
  void CheckCycles() {
    struct Edge {
      std::string to;
      std::string path;
    };
    std::vector<std::string> order;
    absl::flat_hash_map<std::string, std::vector<Edge>> edges;
    for (int s = 0; s < t_.sections_size(); ++s) {
      const Section& section = t_.sections(s);
      const std::string spath = FieldPath("", "sections", s);
      const auto section_refs = ReferencedQuestions(section.condition());
      for (int q = 0; q < section.questions_size(); ++q) {
        const Question& question = section.questions(q);
        auto found = questions_.find(question.id());
        // Only the first declaration of an id takes part.
        if (found == questions_.end() || found->second.question != &question) {
          continue;
        }
        order.push_back(question.id());
        auto& out = edges[question.id()];
        for (const std::string& ref :
             ReferencedQuestions(question.condition())) {
          if (ref != question.id() && questions_.contains(ref)) {
            out.push_back(Edge{
                ref, FieldPath(FieldPath(spath, "questions", q), "condition")});
          }
        }
        for (const std::string& ref : section_refs) {
          auto target = questions_.find(ref);
          if (target != questions_.end() && target->second.section != s) {
            out.push_back(Edge{ref, FieldPath(spath, "condition")});
          }
        }
      }
    }
    enum Color { kWhite, kGray, kBlack };
    absl::flat_hash_map<std::string, Color> color;
    absl::flat_hash_set<std::string> reported;
    // Iterative DFS keeps deep chains off the call stack.
    struct Frame {
      std::string node;
      size_t next = 0;
    };
    for (const std::string& root : order) {
      if (color[root] != kWhite) continue;
      std::vector<Frame> stack{{root, 0}};
      color[root] = kGray;
      while (!stack.empty()) {
        Frame& top = stack.back();
        const auto& out = edges[top.node];
        if (top.next == out.size()) {
          color[top.node] = kBlack;
          stack.pop_back();
          continue;
        }
        const Edge& e = out[top.next++];
        const Color c = color[e.to];
        if (c == kWhite) {
          color[e.to] = kGray;
          stack.push_back(Frame{e.to, 0});
        } else if (c == kGray) {
          // The cycle runs from e.to along the stack back to e.to.
          size_t start = 0;
          while (stack[start].node != e.to) ++start;
          std::vector<std::string> nodes;
          for (size_t i = start; i < stack.size(); ++i) {
            nodes.push_back(stack[i].node);
          }
          std::vector<std::string> key = nodes;
          std::sort(key.begin(), key.end());
          if (!reported.insert(absl::StrJoin(key, "\n")).second) continue;
          nodes.push_back(e.to);
          // Report at the edge leaving the cycle's first node.
          const Frame& first = stack[start];
          const Edge& out_edge = edges[first.node][first.next - 1];
          Add(out_edge.path,
              absl::StrCat("condition cycle: ", absl::StrJoin(nodes, " -> ")));
        }
      }
    }
  }

  void CheckReadiness() {
    if (!t_.has_readiness()) return;
    const auto& r = t_.readiness();
    if (r.star() != 3 && r.star() != 4) {
      Add("readiness.star",
          absl::StrCat("star must be 3 or 4 (got ", r.star(), ")"));
    }
    if (r.items().empty()) {
      Add("readiness.items", "a readiness profile needs at least one item");
    }
    absl::flat_hash_map<std::string, int> ids;
    for (int i = 0; i < r.items_size(); ++i) {
      const auto& item = r.items(i);
      const std::string ipath = FieldPath("readiness", "items", i);
      if (item.id().empty()) {
        Add(FieldPath(ipath, "id"), "item id is missing");
      } else if (!ValidId(item.id())) {
        Add(FieldPath(ipath, "id"),
            absl::StrCat("item id '", item.id(),
                         "' may contain only letters, digits, '_', '-' and "
                         "'.'"));
      } else if (auto [it, inserted] = ids.try_emplace(item.id(), i);
                 !inserted) {
        Add(FieldPath(ipath, "id"),
            absl::StrCat("duplicate item id '", item.id(), "' (first at ",
                         FieldPath("readiness", "items", it->second), ")"));
      }
      CheckText(FieldPath(ipath, "title"), item.title(), true);
      if (item.scs_category() == supplyrisk::v1::SCS_CATEGORY_UNSPECIFIED) {
        Add(FieldPath(ipath, "scs_category"), "SCS category is not set");
      }
      if (item.measure_ids().empty()) {
        Add(FieldPath(ipath, "measure_ids"),
            "an item needs at least one measure");
      }
      for (int m = 0; m < item.measure_ids_size(); ++m) {
        const std::string mpath = FieldPath(ipath, "measure_ids", m);
        CheckMeasureId(mpath, item.measure_ids(m), "measure");
        const auto* measure = catalog_.FindMeasure(item.measure_ids(m));
        if (measure == nullptr || (r.star() != 3 && r.star() != 4)) continue;
        const auto& stars = measure->scs_stars();
        if (std::find(stars.begin(), stars.end(), r.star()) == stars.end()) {
          Add(mpath,
              absl::StrCat(
                  "measure '", item.measure_ids(m), "' is not needed for star ",
                  r.star(), " in the catalogue (its SCS stars: ",
                  stars.empty() ? "none" : absl::StrJoin(stars, ", "), ")"));
        }
      }
      // The item's SCS category must be one its measures serve, or the star
      // report would file the item under a category the catalogue does not
      // support.
      if (item.scs_category() != supplyrisk::v1::SCS_CATEGORY_UNSPECIFIED) {
        bool matched = false;
        bool any_known = false;
        for (const std::string& id : item.measure_ids()) {
          const auto* measure = catalog_.FindMeasure(id);
          if (measure == nullptr) continue;
          any_known = true;
          matched = matched || measure->scs_category() == item.scs_category();
        }
        if (any_known && !matched) {
          std::vector<std::string> cats;
          for (const std::string& id : item.measure_ids()) {
            if (const auto* m = catalog_.FindMeasure(id)) {
              cats.push_back(absl::StrCat(
                  id, " ",
                  supplyrisk::v1::ScsCategory_Name(m->scs_category())));
            }
          }
          Add(FieldPath(ipath, "scs_category"),
              absl::StrCat(
                  supplyrisk::v1::ScsCategory_Name(item.scs_category()),
                  " is not the SCS category of any of the item's "
                  "measures (",
                  absl::StrJoin(cats, ", "), ")"));
        }
      }
      if (!(item.min_credit() > 0 && item.min_credit() <= 1)) {
        Add(FieldPath(ipath, "min_credit"),
            absl::StrCat("min_credit must be in (0, 1] (got ",
                         FormatNumber(item.min_credit()), ")"));
      }
    }
    const std::string& inc = r.includes_template_id();
    if (inc.empty()) return;
    const std::string ipath = "readiness.includes_template_id";
    if (inc == t_.id()) {
      Add(ipath, "a readiness profile cannot include itself");
      return;
    }
    if (known_ == nullptr) return;
    auto it = known_->find(inc);
    if (it == known_->end() || it->second == nullptr) return;
    const Template& lower = *it->second;
    if (lower.kind() != supplyrisk::v1::TEMPLATE_KIND_READINESS_PROFILE) {
      Add(ipath, absl::StrCat("'", inc, "' is not a readiness profile"));
    } else if (lower.readiness().star() >= r.star()) {
      Add(ipath,
          absl::StrCat("'", inc, "' is a star ", lower.readiness().star(),
                       " profile, not lower than star ", r.star()));
    }
  }

  const Template& t_;
  const std::string& file_;
  const FieldLines* lines_;
  const catalog::CatalogIndex& catalog_;
  const KnownTemplates* known_;
  absl::flat_hash_map<std::string, QuestionRef> questions_;
  std::vector<Problem> out_;
};

}  // namespace

std::vector<Problem> LintTemplate(const LoadedTemplate& loaded,
                                  const catalog::CatalogIndex& catalog,
                                  const KnownTemplates* known) {
  if (!loaded.ok()) return loaded.syntax_errors;
  return Linter(loaded.tmpl, loaded.file, &loaded.lines, catalog, known).Run();
}

std::vector<Problem> LintTemplate(const Template& t,
                                  const catalog::CatalogIndex& catalog,
                                  const KnownTemplates* known) {
  const std::string no_file;
  return Linter(t, no_file, nullptr, catalog, known).Run();
}

absl::Status ValidateTemplate(const Template& t,
                              const catalog::CatalogIndex& catalog,
                              const KnownTemplates* known) {
  std::vector<Problem> problems = LintTemplate(t, catalog, known);
  if (problems.empty()) return absl::OkStatus();
  std::vector<std::string> parts;
  parts.reserve(problems.size());
  for (const Problem& p : problems) parts.push_back(FormatProblem(p));
  return absl::InvalidArgumentError(
      absl::StrCat("template '", t.id(), "' revision ", t.revision(),
                   " is invalid: ", absl::StrJoin(parts, "; ")));
}

}  // namespace supplyrisk::questionnaire
