#include "clients/report/questionnaire_sheet.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/report/words.h"
#include "engine/common/sha256.h"
#include "engine/questionnaire/format.h"

namespace supplyrisk::report {
namespace {

namespace v1 = ::supplyrisk::v1;

const std::string& Pick(const v1::LocalizedText& t, Language lang) {
  const std::string& wanted = lang == Language::kJa ? t.ja() : t.en();
  return wanted.empty() ? t.en() : wanted;
}

std::string ConditionText(const v1::Condition& c, Language lang) {
  switch (c.test_case()) {
    case v1::Condition::kAnswer:
      return Words(lang, "sheet.condition.answer",
                   {{"question", c.answer().question_id()},
                    {"values", absl::StrJoin(c.answer().any_of(), " | ")}});
    case v1::Condition::kProfile:
      return Words(lang, "sheet.condition.profile",
                   {{"flag", questionnaire::WithoutPrefix(v1::ProfileFlag_Name(c.profile().flag()),
                                                          "PROFILE_FLAG_")},
                    {"value", c.profile().value() ? "true" : "false"}});
    case v1::Condition::kAll:
    case v1::Condition::kAny: {
      const auto& list = c.has_all() ? c.all().conditions() : c.any().conditions();
      std::vector<std::string> items;
      for (const v1::Condition& x : list) items.push_back(ConditionText(x, lang));
      return Words(lang, c.has_all() ? "sheet.condition.all" : "sheet.condition.any",
                   {{"items", absl::StrJoin(items, "; ")}});
    }
    case v1::Condition::kNot:
      return Words(lang, "sheet.condition.not", {{"item", ConditionText(c.not_(), lang)}});
    default:
      return "";
  }
}

// The yes/no values a question offers, in sheet order.
std::vector<v1::YesNo> YesNoValues(const v1::Question& q) {
  std::vector<v1::YesNo> values = {v1::YES_NO_YES, v1::YES_NO_PARTIAL, v1::YES_NO_NO,
                                   v1::YES_NO_UNKNOWN};
  if (q.allow_not_applicable()) values.push_back(v1::YES_NO_NOT_APPLICABLE);
  return values;
}

std::string EvidenceLine(const v1::Evidence& e, Language lang) {
  std::vector<std::string> parts = {EvidenceKindLabel(e.kind(), lang), e.uri()};
  if (!e.sha256().empty()) parts.push_back(absl::StrCat("sha256:", e.sha256()));
  if (!e.description().empty()) parts.push_back(e.description());
  return absl::StrJoin(parts, " | ");
}

void Prefill(const v1::Question& q, const v1::Answer& a, Language lang, QuestionRow* row) {
  switch (a.value_case()) {
    case v1::Answer::kYesNo:
      row->answer = YesNoLabel(a.yes_no(), lang);
      break;
    case v1::Answer::kOptionId:
    case v1::Answer::kOptions: {
      std::vector<std::string> ids;
      if (a.has_options()) {
        ids.assign(a.options().option_ids().begin(), a.options().option_ids().end());
      } else {
        ids.push_back(a.option_id());
      }
      std::vector<std::string> labels;
      for (const std::string& id : ids) {
        std::string label = id;
        for (const v1::ChoiceOption& o : q.options()) {
          if (o.id() == id) label = Pick(o.label(), lang);
        }
        labels.push_back(label);
      }
      row->answer = absl::StrJoin(labels, "; ");
      break;
    }
    case v1::Answer::kNumber:
      row->answer = questionnaire::FormatNumber(a.number());
      row->answer_is_number = true;
      row->number = a.number();
      break;
    case v1::Answer::kDate:
      row->answer = a.date();
      break;
    case v1::Answer::kText:
      row->answer = a.text();
      break;
    default:
      break;
  }
  std::vector<std::string> lines;
  for (const v1::Evidence& e : a.evidence()) lines.push_back(EvidenceLine(e, lang));
  row->evidence = absl::StrJoin(lines, "\n");
  row->comment = a.comment();
}

}  // namespace

std::vector<std::string> ColumnHeadings(Language lang) {
  std::vector<std::string> out;
  for (const char* key : {"id", "section", "text_ja", "text_en", "help_ja", "help_en", "kind",
                          "choices", "condition", "answer", "evidence", "comment"}) {
    out.push_back(Words(lang, absl::StrCat("sheet.heading.", key)));
  }
  return out;
}

std::string TemplateDigest(const v1::Template& tmpl) {
  return Sha256Hex(SerializeDeterministic(tmpl));
}

std::string YesNoLabel(v1::YesNo value, Language lang) {
  return Words(lang, absl::StrCat("yesno.", v1::YesNo_Name(value)));
}

std::string EvidenceKindLabel(v1::EvidenceKind kind, Language lang) {
  return Words(lang, absl::StrCat("evidence.", v1::EvidenceKind_Name(kind)));
}

std::vector<std::string> QuestionnaireSheet::Stamp() const {
  return {kStamp,
          template_id,
          absl::StrCat(revision),
          digest,
          std::string(render::LanguageCode(lang)),
          absl::FormatTime(absl::RFC3339_sec, exported_at, absl::UTCTimeZone())};
}

absl::StatusOr<QuestionnaireSheet> BuildQuestionnaireSheet(const v1::Template& tmpl, Language lang,
                                                           absl::Time exported_at,
                                                           const v1::Response* prefill) {
  if (tmpl.kind() == v1::TEMPLATE_KIND_READINESS_PROFILE) {
    return absl::InvalidArgumentError(
        absl::StrCat(tmpl.id(), " is a readiness profile: it has no questions to answer"));
  }
  if (prefill != nullptr &&
      (prefill->template_id() != tmpl.id() || prefill->template_revision() != tmpl.revision())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "response: is for ", prefill->template_id(), " revision ", prefill->template_revision(),
        ", not ", tmpl.id(), " revision ", tmpl.revision()));
  }
  QuestionnaireSheet sheet;
  sheet.template_id = tmpl.id();
  sheet.revision = tmpl.revision();
  sheet.digest = TemplateDigest(tmpl);
  sheet.lang = lang;
  sheet.exported_at = exported_at;
  for (const v1::Section& section : tmpl.sections()) {
    for (const v1::Question& q : section.questions()) {
      QuestionRow row;
      row.question = &q;
      row.section = Pick(section.title(), lang);
      row.kind = Words(lang, absl::StrCat("sheet.kind.", v1::AnswerType_Name(q.answer_type())));
      if (q.answer_type() == v1::ANSWER_TYPE_YES_NO) {
        for (v1::YesNo v : YesNoValues(q)) row.drop_down.push_back(YesNoLabel(v, lang));
      }
      if (q.answer_type() == v1::ANSWER_TYPE_SINGLE_CHOICE ||
          q.answer_type() == v1::ANSWER_TYPE_MULTIPLE_CHOICE) {
        std::vector<std::string> labels;
        for (const v1::ChoiceOption& o : q.options()) labels.push_back(Pick(o.label(), lang));
        if (q.answer_type() == v1::ANSWER_TYPE_SINGLE_CHOICE) row.drop_down = labels;
        row.choices = absl::StrJoin(labels, "\n");
      } else {
        row.choices = absl::StrJoin(row.drop_down, "\n");
      }
      // A section's condition applies to each of its questions.
      std::vector<std::string> conditions;
      if (section.has_condition()) conditions.push_back(ConditionText(section.condition(), lang));
      if (q.has_condition()) conditions.push_back(ConditionText(q.condition(), lang));
      if (!conditions.empty()) {
        row.condition =
            Words(lang, "sheet.condition.shown", {{"condition", absl::StrJoin(conditions, "; ")}});
      }
      sheet.rows.push_back(std::move(row));
    }
  }
  if (prefill != nullptr) {
    for (const v1::Answer& a : prefill->answers()) {
      for (QuestionRow& row : sheet.rows) {
        if (row.question->id() == a.question_id()) Prefill(*row.question, a, lang, &row);
      }
    }
  }
  return sheet;
}

const Cell& CellGrid::At(absl::string_view sheet, int row, int col) const {
  static const Cell* const kEmpty = new Cell();
  auto s = sheets.find(std::string(sheet));
  if (s == sheets.end()) return *kEmpty;
  auto c = s->second.find({row, col});
  return c == s->second.end() ? *kEmpty : c->second;
}

std::string ColumnLetters(int col) {
  std::string letters;
  for (int c = col + 1; c > 0; c = (c - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return letters;
}

std::string CellName(absl::string_view sheet, int row, int col) {
  return absl::StrCat(sheet, "!", ColumnLetters(col), row + 1);
}

}  // namespace supplyrisk::report
