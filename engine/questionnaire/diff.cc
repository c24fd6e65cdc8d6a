#include "engine/questionnaire/diff.h"

#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/questionnaire/format.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"

namespace supplyrisk::questionnaire {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::supplyrisk::v1::ChoiceOption;
using ::supplyrisk::v1::Question;
using ::supplyrisk::v1::Template;

// One-line text form of a small message, for details such as a condition.
std::string OneLine(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  printer.SetUseUtf8StringEscaping(true);
  printer.PrintToString(m, &out);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.empty() ? "(none)" : out;
}

bool Same(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  return MessageDifferencer::Equals(a, b);
}

// A question and the section that holds it.
struct PlacedQuestion {
  const Question* question;
  const ::supplyrisk::v1::Section* section;
};

// By question id; the first declaration wins when ids repeat (lint rejects that).
absl::flat_hash_map<std::string, PlacedQuestion> IndexQuestions(const Template& t) {
  absl::flat_hash_map<std::string, PlacedQuestion> out;
  for (const auto& s : t.sections()) {
    for (const auto& q : s.questions()) out.try_emplace(q.id(), PlacedQuestion{&q, &s});
  }
  return out;
}

// Records a change of `kind` unless `details` is empty (nothing changed).
void AddChange(std::vector<QuestionChange>* out, const std::string& id, ChangeKind kind,
               std::vector<std::string> details) {
  if (!details.empty()) out->push_back(QuestionChange{id, kind, std::move(details)});
}

std::vector<std::string> WeightChanges(const Question& a, const Question& b) {
  std::vector<std::string> d;
  if (a.weight() != b.weight()) {
    d.push_back(
        absl::StrCat("weight ", FormatNumber(a.weight()), " -> ", FormatNumber(b.weight())));
  }
  std::map<std::string, double> old_links, new_links;
  for (const auto& l : a.measures()) {
    old_links[l.measure_id()] = l.has_share() ? l.share() : 1.0;
  }
  for (const auto& l : b.measures()) {
    new_links[l.measure_id()] = l.has_share() ? l.share() : 1.0;
  }
  for (const auto& [id, share] : old_links) {
    auto it = new_links.find(id);
    if (it == new_links.end()) {
      d.push_back(absl::StrCat("measure ", id, " unlinked"));
    } else if (it->second != share) {
      d.push_back(absl::StrCat("measure ", id, " share ", FormatNumber(share), " -> ",
                               FormatNumber(it->second)));
    }
  }
  for (const auto& [id, share] : new_links) {
    if (old_links.count(id) == 0) {
      d.push_back(absl::StrCat("measure ", id, " linked (share ", FormatNumber(share), ")"));
    }
  }
  return d;
}

std::vector<std::string> WordingChanges(const Question& a, const Question& b) {
  std::vector<std::string> d;
  if (a.text().ja() != b.text().ja()) d.push_back("text.ja");
  if (a.text().en() != b.text().en()) d.push_back("text.en");
  if (a.help().ja() != b.help().ja()) d.push_back("help.ja");
  if (a.help().en() != b.help().en()) d.push_back("help.en");
  return d;
}

std::vector<std::string> OptionChanges(const Question& a, const Question& b) {
  std::vector<std::string> d;
  absl::flat_hash_map<std::string, const ChoiceOption*> old_opts;
  for (const auto& o : a.options()) old_opts.try_emplace(o.id(), &o);
  absl::flat_hash_set<std::string> seen;
  for (const auto& o : b.options()) {
    seen.insert(o.id());
    auto it = old_opts.find(o.id());
    if (it == old_opts.end()) {
      d.push_back(absl::StrCat("option '", o.id(), "' added"));
      continue;
    }
    const ChoiceOption& p = *it->second;
    if (p.has_credit() != o.has_credit() || p.credit() != o.credit()) {
      d.push_back(absl::StrCat("option '", o.id(), "' credit ",
                               p.has_credit() ? FormatNumber(p.credit()) : "unset", " -> ",
                               o.has_credit() ? FormatNumber(o.credit()) : "unset"));
    }
    if (p.knockout() != o.knockout()) {
      d.push_back(absl::StrCat("option '", o.id(), "' knockout ", p.knockout() ? "true" : "false",
                               " -> ", o.knockout() ? "true" : "false"));
    }
    if (!Same(p.label(), o.label())) {
      d.push_back(absl::StrCat("option '", o.id(), "' label"));
    }
  }
  for (const auto& o : a.options()) {
    if (!seen.contains(o.id())) {
      d.push_back(absl::StrCat("option '", o.id(), "' removed"));
    }
  }
  if (d.empty()) {
    // Same options, different order: order is what suppliers see.
    std::vector<std::string> ao, bo;
    for (const auto& o : a.options()) ao.push_back(o.id());
    for (const auto& o : b.options()) bo.push_back(o.id());
    if (ao != bo) {
      d.push_back(
          absl::StrCat("option order ", absl::StrJoin(ao, ","), " -> ", absl::StrJoin(bo, ",")));
    }
  }
  return d;
}

std::string BandText(const ::supplyrisk::v1::NumberBand& b) {
  return absl::StrCat("[", b.has_min() ? FormatNumber(b.min()) : "-inf", ", ",
                      b.has_max() ? FormatNumber(b.max()) : "inf", ")=", FormatNumber(b.credit()));
}

std::vector<std::string> BandChanges(const Question& a, const Question& b) {
  bool same = a.bands_size() == b.bands_size();
  for (int i = 0; same && i < a.bands_size(); ++i) {
    same = Same(a.bands(i), b.bands(i));
  }
  if (same) return {};
  std::vector<std::string> ab, bb;
  for (const auto& x : a.bands()) ab.push_back(BandText(x));
  for (const auto& x : b.bands()) bb.push_back(BandText(x));
  if (ab == bb) return {"band labels"};
  return {absl::StrCat(absl::StrJoin(ab, " "), " -> ", absl::StrJoin(bb, " "))};
}

std::vector<std::string> OtherChanges(const Question& a, const Question& b) {
  std::vector<std::string> d;
  if (a.validity_days() != b.validity_days()) {
    d.push_back(absl::StrCat("validity_days ", a.validity_days(), " -> ", b.validity_days()));
  }
  if (a.allow_not_applicable() != b.allow_not_applicable()) {
    d.push_back(absl::StrCat("allow_not_applicable ", a.allow_not_applicable() ? "true" : "false",
                             " -> ", b.allow_not_applicable() ? "true" : "false"));
  }
  if (a.compensable() != b.compensable() || !Same(a.compensation(), b.compensation())) {
    d.push_back("compensation");
  }
  if (!Same(a.remediation(), b.remediation())) d.push_back("remediation");
  bool signals = a.signal_links_size() == b.signal_links_size();
  for (int i = 0; signals && i < a.signal_links_size(); ++i) {
    signals = Same(a.signal_links(i), b.signal_links(i));
  }
  if (!signals) d.push_back("signal links");
  if (a.ipa_part() != b.ipa_part()) {
    d.push_back(absl::StrCat("ipa_part ", a.ipa_part(), " -> ", b.ipa_part()));
  }
  return d;
}

void DiffReadiness(const Template& a, const Template& b, std::vector<std::string>* out) {
  const auto& ra = a.readiness();
  const auto& rb = b.readiness();
  if (ra.star() != rb.star()) {
    out->push_back(absl::StrCat("readiness star ", ra.star(), " -> ", rb.star()));
  }
  if (ra.includes_template_id() != rb.includes_template_id()) {
    out->push_back(absl::StrCat("readiness includes '", ra.includes_template_id(), "' -> '",
                                rb.includes_template_id(), "'"));
  }
  absl::flat_hash_map<std::string, const ::supplyrisk::v1::ReadinessItem*> old_items;
  for (const auto& i : ra.items()) old_items.try_emplace(i.id(), &i);
  absl::flat_hash_set<std::string> seen;
  for (const auto& i : rb.items()) {
    seen.insert(i.id());
    auto it = old_items.find(i.id());
    if (it == old_items.end()) {
      out->push_back(absl::StrCat("+ item ", i.id(), ": ", absl::StrJoin(i.measure_ids(), ",")));
    } else if (!Same(*it->second, i)) {
      std::vector<std::string> d;
      const auto& p = *it->second;
      if (!std::equal(p.measure_ids().begin(), p.measure_ids().end(), i.measure_ids().begin(),
                      i.measure_ids().end())) {
        d.push_back(absl::StrCat("measures ", absl::StrJoin(p.measure_ids(), ","), " -> ",
                                 absl::StrJoin(i.measure_ids(), ",")));
      }
      if (p.min_credit() != i.min_credit()) {
        d.push_back(absl::StrCat("min_credit ", FormatNumber(p.min_credit()), " -> ",
                                 FormatNumber(i.min_credit())));
      }
      if (!Same(p.title(), i.title())) d.push_back("title");
      if (p.scs_category() != i.scs_category()) d.push_back("scs_category");
      out->push_back(absl::StrCat("~ item ", i.id(), ": ", absl::StrJoin(d, "; ")));
    }
  }
  for (const auto& i : ra.items()) {
    if (!seen.contains(i.id())) out->push_back(absl::StrCat("- item ", i.id()));
  }
}

}  // namespace

const char* ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kRemoved:
      return "removed";
    case ChangeKind::kMoved:
      return "moved";
    case ChangeKind::kAnswerType:
      return "answer-type";
    case ChangeKind::kReweighted:
      return "re-weighted";
    case ChangeKind::kReworded:
      return "re-worded";
    case ChangeKind::kOptions:
      return "options";
    case ChangeKind::kBands:
      return "bands";
    case ChangeKind::kKnockout:
      return "knockout";
    case ChangeKind::kEvidence:
      return "evidence";
    case ChangeKind::kCondition:
      return "condition";
    case ChangeKind::kOther:
      return "other";
  }
  return "?";
}

int TemplateDiff::Count(ChangeKind kind) const {
  int n = 0;
  for (const auto& c : question_changes) n += c.kind == kind;
  return n;
}

TemplateDiff DiffTemplates(const Template& a, const Template& b) {
  TemplateDiff diff;
  diff.old_id = a.id();
  diff.new_id = b.id();
  diff.old_revision = a.revision();
  diff.new_revision = b.revision();

  auto& tc = diff.template_changes;
  if (a.id() != b.id()) tc.push_back(absl::StrCat("id '", a.id(), "' -> '", b.id(), "'"));
  if (a.state() != b.state()) {
    tc.push_back(absl::StrCat("state ", supplyrisk::v1::TemplateState_Name(a.state()), " -> ",
                              supplyrisk::v1::TemplateState_Name(b.state())));
  }
  if (a.kind() != b.kind()) {
    tc.push_back(absl::StrCat("kind ", supplyrisk::v1::TemplateKind_Name(a.kind()), " -> ",
                              supplyrisk::v1::TemplateKind_Name(b.kind())));
  }
  if (!Same(a.title(), b.title())) tc.push_back("title");
  if (!Same(a.description(), b.description())) tc.push_back("description");
  if (a.catalog_version() != b.catalog_version()) {
    tc.push_back(
        absl::StrCat("catalog_version '", a.catalog_version(), "' -> '", b.catalog_version(), "'"));
  }
  if (!Same(a.scoring(), b.scoring())) tc.push_back("scoring profile");

  absl::flat_hash_map<std::string, const ::supplyrisk::v1::Section*> old_sections;
  for (const auto& s : a.sections()) old_sections.try_emplace(s.id(), &s);
  absl::flat_hash_set<std::string> new_section_ids;
  for (const auto& s : b.sections()) {
    new_section_ids.insert(s.id());
    auto it = old_sections.find(s.id());
    if (it == old_sections.end()) {
      tc.push_back(absl::StrCat("+ section ", s.id()));
    } else {
      if (!Same(it->second->title(), s.title())) {
        tc.push_back(absl::StrCat("~ section ", s.id(), ": title"));
      }
      if (!Same(it->second->condition(), s.condition())) {
        tc.push_back(absl::StrCat("~ section ", s.id(), ": condition ",
                                  OneLine(it->second->condition()), " -> ",
                                  OneLine(s.condition())));
      }
    }
  }
  for (const auto& s : a.sections()) {
    if (!new_section_ids.contains(s.id())) {
      tc.push_back(absl::StrCat("- section ", s.id()));
    }
  }
  DiffReadiness(a, b, &tc);

  const auto old_q = IndexQuestions(a);
  const auto new_q = IndexQuestions(b);
  auto& qc = diff.question_changes;
  for (const auto& s : b.sections()) {
    for (const auto& q : s.questions()) {
      auto it = old_q.find(q.id());
      if (it == old_q.end()) {
        qc.push_back(QuestionChange{
            q.id(),
            ChangeKind::kAdded,
            {absl::StrCat("in section ", s.id(), ", weight ", FormatNumber(q.weight()))}});
        continue;
      }
      const Question& p = *it->second.question;
      const std::string& id = q.id();
      if (it->second.section->id() != s.id()) {
        AddChange(&qc, id, ChangeKind::kMoved,
                  {absl::StrCat("section ", it->second.section->id(), " -> ", s.id())});
      }
      if (p.answer_type() != q.answer_type()) {
        AddChange(&qc, id, ChangeKind::kAnswerType,
                  {absl::StrCat(supplyrisk::v1::AnswerType_Name(p.answer_type()), " -> ",
                                supplyrisk::v1::AnswerType_Name(q.answer_type()))});
      }
      AddChange(&qc, id, ChangeKind::kReweighted, WeightChanges(p, q));
      AddChange(&qc, id, ChangeKind::kReworded, WordingChanges(p, q));
      AddChange(&qc, id, ChangeKind::kOptions, OptionChanges(p, q));
      AddChange(&qc, id, ChangeKind::kBands, BandChanges(p, q));
      if (p.knockout() != q.knockout()) {
        AddChange(&qc, id, ChangeKind::kKnockout,
                  {absl::StrCat(p.knockout() ? "true" : "false", " -> ",
                                q.knockout() ? "true" : "false")});
      }
      if (!Same(p.evidence(), q.evidence())) {
        AddChange(&qc, id, ChangeKind::kEvidence,
                  {absl::StrCat(OneLine(p.evidence()), " -> ", OneLine(q.evidence()))});
      }
      // Both the question's own condition and its section's decide whether it is shown; a change to
      // either is a change for this question.
      std::vector<std::string> conditions;
      if (!Same(p.condition(), q.condition())) {
        conditions.push_back(absl::StrCat(OneLine(p.condition()), " -> ", OneLine(q.condition())));
      }
      if (!Same(it->second.section->condition(), s.condition())) {
        conditions.push_back("section condition");
      }
      AddChange(&qc, id, ChangeKind::kCondition, std::move(conditions));
      AddChange(&qc, id, ChangeKind::kOther, OtherChanges(p, q));
    }
  }
  for (const auto& s : a.sections()) {
    for (const auto& q : s.questions()) {
      if (!new_q.contains(q.id())) {
        qc.push_back(QuestionChange{
            q.id(), ChangeKind::kRemoved, {absl::StrCat("was in section ", s.id())}});
      }
    }
  }
  return diff;
}

std::string RenderDiff(const TemplateDiff& diff) {
  std::string out = absl::StrCat("template ", diff.old_id, " revision ", diff.old_revision, " -> ");
  if (diff.new_id != diff.old_id) absl::StrAppend(&out, diff.new_id, " ");
  absl::StrAppend(&out, "revision ", diff.new_revision, "\n");
  for (const auto& c : diff.template_changes) absl::StrAppend(&out, "  template: ", c, "\n");
  for (const auto& c : diff.question_changes) {
    const char mark = c.kind == ChangeKind::kAdded     ? '+'
                      : c.kind == ChangeKind::kRemoved ? '-'
                                                       : '~';
    absl::StrAppend(&out, "  ", std::string(1, mark), " ", ChangeKindName(c.kind), " ",
                    c.question_id, ": ", absl::StrJoin(c.details, "; "), "\n");
  }
  if (diff.empty()) absl::StrAppend(&out, "  no changes\n");
  std::vector<std::string> counts;
  for (ChangeKind k :
       {ChangeKind::kAdded, ChangeKind::kRemoved, ChangeKind::kMoved, ChangeKind::kAnswerType,
        ChangeKind::kReweighted, ChangeKind::kReworded, ChangeKind::kOptions, ChangeKind::kBands,
        ChangeKind::kKnockout, ChangeKind::kEvidence, ChangeKind::kCondition, ChangeKind::kOther}) {
    if (int n = diff.Count(k); n > 0) {
      counts.push_back(absl::StrCat(n, " ", ChangeKindName(k)));
    }
  }
  absl::StrAppend(&out,
                  "summary: ", counts.empty() ? "no question changes" : absl::StrJoin(counts, ", "),
                  "; ", diff.template_changes.size(), " template-level change(s)\n");
  return out;
}

}  // namespace supplyrisk::questionnaire
