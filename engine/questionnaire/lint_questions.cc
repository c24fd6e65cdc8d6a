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
#include "engine/questionnaire/linter.h"

namespace supplyrisk::questionnaire::lint_internal {

void Linter::IndexQuestions() {
  absl::flat_hash_map<std::string, std::string> sections;
  for (int s = 0; s < t_.sections_size(); ++s) {
    const Section& section = t_.sections(s);
    const std::string spath = FieldPath("", "sections", s);
    if (section.id().empty()) {
      Add(FieldPath(spath, "id"), "section id is missing");
    } else if (!ValidId(section.id())) {
      Add(FieldPath(spath, "id"), absl::StrCat("section id '", section.id(),
                                               "' may contain only letters, digits, '_', '-' and "
                                               "'.'"));
    } else if (auto [it, inserted] = sections.try_emplace(section.id(), spath); !inserted) {
      Add(FieldPath(spath, "id"),
          absl::StrCat("duplicate section id '", section.id(), "' (first at ", it->second, ")"));
    }
    for (int q = 0; q < section.questions_size(); ++q) {
      const Question& question = section.questions(q);
      const std::string qpath = FieldPath(spath, "questions", q);
      if (question.id().empty()) {
        Add(FieldPath(qpath, "id"), "question id is missing");
        continue;
      }
      if (!ValidId(question.id())) {
        Add(FieldPath(qpath, "id"), absl::StrCat("question id '", question.id(),
                                                 "' may contain only letters, digits, '_', '-' and "
                                                 "'.'"));
      }
      auto [it, inserted] =
          questions_.try_emplace(question.id(), QuestionRef{s, q, &question, qpath});
      if (!inserted) {
        Add(FieldPath(qpath, "id"), absl::StrCat("duplicate question id '", question.id(),
                                                 "' (first at ", it->second.path, ")"));
      }
    }
  }
}

void Linter::CheckSection(int s) {
  const Section& section = t_.sections(s);
  const std::string spath = FieldPath("", "sections", s);
  CheckText(FieldPath(spath, "title"), section.title(), true);
  if (section.questions().empty()) {
    Add(spath, "section has no questions");
  }
  if (section.has_condition()) {
    CheckCondition(section.condition(), FieldPath(spath, "condition"), ConditionOwner{s, nullptr},
                   /*nested=*/false);
  }
  for (int q = 0; q < section.questions_size(); ++q) {
    CheckQuestion(section.questions(q), FieldPath(spath, "questions", q), s);
  }
}

void Linter::CheckQuestion(const Question& q, const std::string& path, int section) {
  CheckText(FieldPath(path, "text"), q.text(), true);
  CheckText(FieldPath(path, "help"), q.help(), false);
  const AnswerType type = q.answer_type();
  const std::string tname = TypeName(type);
  if (type == supplyrisk::v1::ANSWER_TYPE_UNSPECIFIED) {
    Add(FieldPath(path, "answer_type"), "answer type is not set");
  } else if (!supplyrisk::v1::AnswerType_IsValid(type)) {
    // Only a binary template (from the API) can carry one; without this it would be neither scored
    // nor unscored and pass every check.
    Add(FieldPath(path, "answer_type"),
        absl::StrCat("answer type ", tname, " is not a known type"));
  }
  const bool scored = IsScored(type);
  const bool unscored = type == supplyrisk::v1::ANSWER_TYPE_TEXT ||
                        type == supplyrisk::v1::ANSWER_TYPE_SUBCONTRACTORS;
  if (scored) {
    if (!std::isfinite(q.weight()) || q.weight() <= 0) {
      Add(FieldPath(path, "weight"), absl::StrCat("weight must be a finite number > 0 for a scored "
                                                  "question (got ",
                                                  FormatNumber(q.weight()), ")"));
    }
    if (q.measures().empty()) {
      Add(FieldPath(path, "measures"), "a scored question must link at least one measure");
    }
    if (!q.has_remediation()) {
      Add(FieldPath(path, "remediation"),
          "a scored question needs remediation advice (ja and en) and an "
          "effort");
    } else {
      CheckText(FieldPath(FieldPath(path, "remediation"), "advice"), q.remediation().advice(),
                true);
      if (q.remediation().effort() == supplyrisk::v1::EFFORT_UNSPECIFIED) {
        Add(FieldPath(FieldPath(path, "remediation"), "effort"), "effort is not set");
      }
    }
  } else if (unscored) {
    if (q.weight() != 0) {
      Add(FieldPath(path, "weight"), absl::StrCat("a ", tname,
                                                  " question scores nothing: weight must "
                                                  "be 0 (got ",
                                                  FormatNumber(q.weight()), ")"));
    }
    if (!q.measures().empty()) {
      Add(FieldPath(path, "measures", 0), absl::StrCat("a ", tname,
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
          absl::StrCat("effort_days must be >= 0 (got ", FormatNumber(days), ")"));
    }
    if (!scored) CheckText(FieldPath(path, "remediation.advice"), q.remediation().advice(), false);
  }

  // Measure links.
  absl::flat_hash_set<std::string> own;
  for (int i = 0; i < q.measures_size(); ++i) {
    const auto& link = q.measures(i);
    const std::string lpath = FieldPath(path, "measures", i);
    CheckMeasureId(FieldPath(lpath, "measure_id"), link.measure_id(), "measure");
    if (!link.measure_id().empty() && !own.insert(link.measure_id()).second) {
      Add(FieldPath(lpath, "measure_id"),
          absl::StrCat("measure '", link.measure_id(), "' is linked twice"));
    }
    if (link.has_share() && !(link.share() > 0 && link.share() <= 1)) {
      Add(FieldPath(lpath, "share"),
          absl::StrCat("share must be in (0, 1] (got ", FormatNumber(link.share()), ")"));
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
        absl::StrCat("validity_days must be >= 0 (got ", q.validity_days(), ")"));
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
      Add(FieldPath(path, "knockout"), absl::StrCat("knockout is only allowed on YES_NO and choice "
                                                    "questions (this one is ",
                                                    tname, ")"));
    }
  }

  CheckCompensation(q, path, scored, own);

  // Signal links. One issue type links once: a repeat would let one observation weigh twice, or
  // both confirm and contradict the answer.
  absl::flat_hash_map<std::pair<int, std::string>, int> linked_issues;
  for (int i = 0; i < q.signal_links_size(); ++i) {
    const auto& link = q.signal_links(i);
    const std::string spath = FieldPath(path, "signal_links", i);
    if (!link.issue_type().empty()) {
      auto [it, inserted] = linked_issues.try_emplace(
          std::make_pair(static_cast<int>(link.factor()), link.issue_type()), i);
      if (!inserted) {
        Add(FieldPath(spath, "issue_type"),
            absl::StrCat("issue type '", link.issue_type(), "' is already linked at ",
                         FieldPath(path, "signal_links", it->second)));
      }
    }
    if (link.factor() == supplyrisk::v1::FACTOR_UNSPECIFIED) {
      Add(FieldPath(spath, "factor"), "factor is not set");
    } else if (!supplyrisk::v1::Factor_IsValid(link.factor())) {
      Add(FieldPath(spath, "factor"),
          absl::StrCat("factor ", static_cast<int>(link.factor()), " is not a known factor"));
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

  CheckSignalLinks(q, path, scored);

  // IPA points scheme.
  if (Ipa()) {
    if (scored || type == supplyrisk::v1::ANSWER_TYPE_UNSPECIFIED) {
      // Point at the first option that breaks the scheme, so the line is the one to fix.
      std::string where;
      if (type != supplyrisk::v1::ANSWER_TYPE_SINGLE_CHOICE) {
        where = FieldPath(path, "answer_type");
      } else {
        for (int i = 0; i < q.options_size() && where.empty(); ++i) {
          if (i >= 4 || q.options(i).id() != kIpaOptionIds[i]) {
            where = FieldPath(FieldPath(path, "options", i), "id");
          }
        }
        if (where.empty() && q.options_size() != 4) where = FieldPath(path, "options");
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
          absl::StrCat("ipa_part must be 1, 2 or 3 (got ", q.ipa_part(), ")"));
    }
  } else if (q.ipa_part() != 0) {
    Add(FieldPath(path, "ipa_part"),
        "ipa_part is only used by SCORING_METHOD_IPA_POINTS templates");
  }

  if (q.has_condition()) {
    CheckCondition(q.condition(), FieldPath(path, "condition"), ConditionOwner{section, &q},
                   /*nested=*/false);
  }
}

void Linter::CheckOptions(const Question& q, const std::string& path, AnswerType type,
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
    Add(q.options().empty() ? FieldPath(path, "options") : FieldPath(path, "options", 0),
        absl::StrCat("a ", tname, " question needs at least 2 options (got ", q.options_size(),
                     ")"));
  }
  absl::flat_hash_map<std::string, int> ids;
  for (int i = 0; i < q.options_size(); ++i) {
    const ChoiceOption& o = q.options(i);
    const std::string opath = FieldPath(path, "options", i);
    if (o.id().empty()) {
      Add(FieldPath(opath, "id"), "option id is missing");
    } else if (!ValidId(o.id())) {
      Add(FieldPath(opath, "id"), absl::StrCat("option id '", o.id(),
                                               "' may contain only letters, digits, '_', '-' and "
                                               "'.'"));
    } else if (auto [it, inserted] = ids.try_emplace(o.id(), i); !inserted) {
      Add(FieldPath(opath, "id"), absl::StrCat("duplicate option id '", o.id(), "' (first at ",
                                               FieldPath(path, "options", it->second), ")"));
    }
    CheckText(FieldPath(opath, "label"), o.label(), true);
    if (!o.has_credit()) {
      Add(FieldPath(opath, "credit"), "option has no credit: every option states one, 0 included");
    } else if (!(o.credit() >= 0 && o.credit() <= 1)) {
      Add(FieldPath(opath, "credit"),
          absl::StrCat("credit must be in [0, 1] (got ", FormatNumber(o.credit()), ")"));
    }
    if (o.knockout() && !q.knockout()) {
      Add(FieldPath(opath, "knockout"),
          "option is marked knockout but the question is not a knockout "
          "question");
    }
  }
}

void Linter::CheckBands(const Question& q, const std::string& path, AnswerType type,
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
    Add(FieldPath(path, "bands"), absl::StrCat("a ", tname, " question needs at least one band"));
    return;
  }
  constexpr double kInf = std::numeric_limits<double>::infinity();
  auto lo = [&](const NumberBand& b) { return b.has_min() ? b.min() : -kInf; };
  auto hi = [&](const NumberBand& b) { return b.has_max() ? b.max() : kInf; };
  std::vector<bool> sane(q.bands_size(), true);
  for (int i = 0; i < q.bands_size(); ++i) {
    const NumberBand& b = q.bands(i);
    const std::string bpath = FieldPath(path, "bands", i);
    if (!(b.credit() >= 0 && b.credit() <= 1)) {
      Add(FieldPath(bpath, "credit"),
          absl::StrCat("credit must be in [0, 1] (got ", FormatNumber(b.credit()), ")"));
    }
    if ((b.has_min() && std::isnan(b.min())) || (b.has_max() && std::isnan(b.max()))) {
      Add(bpath, "band bounds must be numbers");
      sane[i] = false;
    } else if (!(lo(b) < hi(b))) {
      Add(FieldPath(bpath, b.has_max() ? "max" : "min"),
          absl::StrCat("min must be below max (got min ", FormatNumber(lo(b)), ", max ",
                       FormatNumber(hi(b)), ")"));
      sane[i] = false;
    } else if (type == supplyrisk::v1::ANSWER_TYPE_DATE && b.has_min() && b.min() < 0) {
      Add(FieldPath(bpath, "min"), absl::StrCat("a DATE band is an age in days and cannot start "
                                                "below 0 (got ",
                                                FormatNumber(b.min()), ")"));
    }
    CheckText(FieldPath(bpath, "label"), b.label(), false);
    for (int j = 0; sane[i] && j < i; ++j) {
      const NumberBand& other = q.bands(j);
      if (!sane[j]) continue;
      if (std::max(lo(b), lo(other)) < std::min(hi(b), hi(other))) {
        Add(bpath, absl::StrCat("band [", FormatNumber(lo(b)), ", ", FormatNumber(hi(b)),
                                ") overlaps ", FieldPath(path, "bands", j), " [",
                                FormatNumber(lo(other)), ", ", FormatNumber(hi(other)), ")"));
        break;
      }
    }
  }
}

void Linter::CheckCompensation(const Question& q, const std::string& path, bool scored,
                               const absl::flat_hash_set<std::string>& own) {
  const std::string cpath = FieldPath(path, "compensation");
  const auto& c = q.compensation();
  const bool present =
      q.has_compensation() && (!c.compensating_measure_ids().empty() || c.max_credit() != 0 ||
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
    Add(FieldPath(path, "compensable"), "only a scored question can be compensable");
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
      Add(mpath,
          absl::StrCat("compensating measure '", id, "' is one of the question's own measures"));
    }
  }
  if (!(c.max_credit() > 0 && c.max_credit() < 1)) {
    Add(FieldPath(cpath, "max_credit"),
        absl::StrCat("max_credit must be in (0, 1) (got ", FormatNumber(c.max_credit()), ")"));
  }
  CheckText(FieldPath(cpath, "rationale"), c.rationale(), true);
}

}  // namespace supplyrisk::questionnaire::lint_internal
