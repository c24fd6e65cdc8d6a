#include "engine/questionnaire/conditions.h"

#include <algorithm>

namespace supplyrisk::questionnaire {
namespace {

using ::supplyrisk::v1::Answer;
using ::supplyrisk::v1::Condition;
using ::supplyrisk::v1::ProfileFlag;
using ::supplyrisk::v1::SupplierProfile;
using ::supplyrisk::v1::Template;
using ::supplyrisk::v1::YesNo;

void CollectReferences(const Condition& c, std::vector<std::string>* out) {
  switch (c.test_case()) {
    case Condition::kAnswer:
      if (std::find(out->begin(), out->end(), c.answer().question_id()) == out->end()) {
        out->push_back(c.answer().question_id());
      }
      break;
    case Condition::kAll:
      for (const Condition& sub : c.all().conditions()) {
        CollectReferences(sub, out);
      }
      break;
    case Condition::kAny:
      for (const Condition& sub : c.any().conditions()) {
        CollectReferences(sub, out);
      }
      break;
    case Condition::kNot:
      CollectReferences(c.not_(), out);
      break;
    default:
      break;
  }
}

}  // namespace

bool ProfileFlagValue(ProfileFlag flag, const SupplierProfile& profile, bool* known) {
  *known = true;
  switch (flag) {
    case supplyrisk::v1::PROFILE_FLAG_HANDLES_PERSONAL_DATA:
      return profile.handles_personal_data();
    case supplyrisk::v1::PROFILE_FLAG_HAS_WEBSITE:
      return profile.has_website();
    case supplyrisk::v1::PROFILE_FLAG_OPERATES_OT:
      return profile.operates_ot();
    case supplyrisk::v1::PROFILE_FLAG_SUPPLIES_IOT_DEVICES:
      return profile.supplies_iot_devices();
    case supplyrisk::v1::PROFILE_FLAG_USES_SUBCONTRACTORS:
      return profile.uses_subcontractors();
    case supplyrisk::v1::PROFILE_FLAG_DEVELOPS_SOFTWARE:
      return profile.develops_software();
    case supplyrisk::v1::PROFILE_FLAG_USES_CLOUD_SERVICES:
      return profile.uses_cloud_services();
    default:
      *known = false;
      return false;
  }
}

AnswerMap IndexAnswers(const supplyrisk::v1::Response& response) {
  AnswerMap map;
  for (const Answer& a : response.answers()) map[a.question_id()] = &a;
  return map;
}

absl::string_view YesNoToken(YesNo value) {
  switch (value) {
    case supplyrisk::v1::YES_NO_YES:
      return kTokenYes;
    case supplyrisk::v1::YES_NO_PARTIAL:
      return kTokenPartial;
    case supplyrisk::v1::YES_NO_NO:
      return kTokenNo;
    case supplyrisk::v1::YES_NO_UNKNOWN:
      return kTokenUnknown;
    case supplyrisk::v1::YES_NO_NOT_APPLICABLE:
      return kTokenNotApplicable;
    default:
      return "";
  }
}

bool IsYesNoToken(absl::string_view token) {
  return token == kTokenYes || token == kTokenPartial || token == kTokenNo ||
         token == kTokenUnknown || token == kTokenNotApplicable;
}

std::vector<std::string> AnswerTokens(const Answer& answer) {
  std::vector<std::string> tokens;
  switch (answer.value_case()) {
    case Answer::kYesNo: {
      absl::string_view t = YesNoToken(answer.yes_no());
      if (!t.empty()) tokens.emplace_back(t);
      break;
    }
    case Answer::kOptionId:
      if (!answer.option_id().empty()) tokens.push_back(answer.option_id());
      break;
    case Answer::kOptions:
      for (const std::string& id : answer.options().option_ids()) {
        tokens.push_back(id);
      }
      break;
    default:
      break;
  }
  return tokens;
}

bool EvaluateCondition(const Condition& c, const SupplierProfile& profile,
                       const AnswerMap& answers) {
  switch (c.test_case()) {
    case Condition::TEST_NOT_SET:
      return true;
    case Condition::kAnswer: {
      auto it = answers.find(c.answer().question_id());
      if (it == answers.end() || it->second == nullptr) return false;
      for (const std::string& token : AnswerTokens(*it->second)) {
        for (const std::string& wanted : c.answer().any_of()) {
          if (token == wanted) return true;
        }
      }
      return false;
    }
    case Condition::kProfile: {
      bool known = false;
      bool value = ProfileFlagValue(c.profile().flag(), profile, &known);
      // An unknown flag cannot be decided; treating it as "does not hold" keeps a question hidden
      // rather than asking something nobody meant to ask.
      return known && value == c.profile().value();
    }
    case Condition::kAll:
      for (const Condition& sub : c.all().conditions()) {
        if (!EvaluateCondition(sub, profile, answers)) return false;
      }
      return true;
    case Condition::kAny:
      for (const Condition& sub : c.any().conditions()) {
        if (EvaluateCondition(sub, profile, answers)) return true;
      }
      return false;
    case Condition::kNot:
      return !EvaluateCondition(c.not_(), profile, answers);
  }
  return false;
}

std::vector<std::string> ReferencedQuestions(const Condition& c) {
  std::vector<std::string> out;
  CollectReferences(c, &out);
  return out;
}

namespace {

// Memoised depth-first visibility; a question met again while its own visibility is being decided
// sits on a cycle and is hidden.
class VisibilitySolver {
 public:
  VisibilitySolver(const Template& t, const SupplierProfile& profile, const AnswerMap& answers)
      : t_(t), profile_(profile), answers_(answers) {
    for (int s = 0; s < t.sections_size(); ++s) {
      for (int q = 0; q < t.sections(s).questions_size(); ++q) {
        // The first declaration wins when ids repeat (lint rejects duplicates).
        where_.try_emplace(t.sections(s).questions(q).id(), s, q);
      }
    }
  }

  bool Visible(const std::string& id) {
    auto w = where_.find(id);
    if (w == where_.end()) return false;
    auto st = state_.find(id);
    if (st != state_.end()) return st->second == State::kVisible;
    state_[id] = State::kInProgress;
    const auto& section = t_.sections(w->second.first);
    const auto& question = section.questions(w->second.second);
    bool visible = RefsVisible(section.condition()) && RefsVisible(question.condition()) &&
                   EvaluateCondition(section.condition(), profile_, answers_) &&
                   EvaluateCondition(question.condition(), profile_, answers_);
    state_[id] = visible ? State::kVisible : State::kHidden;
    return visible;
  }

 private:
  enum class State { kInProgress, kVisible, kHidden };

  // Every question `c` refers to is visible. A reference back to a question still being decided is
  // a cycle: Visible answers false for it.
  bool RefsVisible(const Condition& c) {
    for (const std::string& ref : ReferencedQuestions(c)) {
      if (!Visible(ref)) return false;
    }
    return true;
  }

  const Template& t_;
  const SupplierProfile& profile_;
  const AnswerMap& answers_;
  absl::flat_hash_map<std::string, std::pair<int, int>> where_;
  absl::flat_hash_map<std::string, State> state_;
};

}  // namespace

absl::flat_hash_set<std::string> VisibleQuestions(const Template& t, const SupplierProfile& profile,
                                                  const AnswerMap& answers) {
  VisibilitySolver solver(t, profile, answers);
  absl::flat_hash_set<std::string> visible;
  for (const auto& section : t.sections()) {
    for (const auto& question : section.questions()) {
      if (solver.Visible(question.id())) visible.insert(question.id());
    }
  }
  return visible;
}

}  // namespace supplyrisk::questionnaire

namespace supplyrisk::questionnaire {

namespace {

// Does any token of `a` appear in `wanted`? As AnswerTokens, without building the token list.
bool AnswerMatches(const Answer& a, const google::protobuf::RepeatedPtrField<std::string>& wanted) {
  auto in_wanted = [&](absl::string_view token) {
    for (const std::string& w : wanted) {
      if (w == token) return true;
    }
    return false;
  };
  switch (a.value_case()) {
    case Answer::kYesNo: {
      absl::string_view t = YesNoToken(a.yes_no());
      return !t.empty() && in_wanted(t);
    }
    case Answer::kOptionId:
      return !a.option_id().empty() && in_wanted(a.option_id());
    case Answer::kOptions:
      for (const std::string& id : a.options().option_ids()) {
        if (in_wanted(id)) return true;
      }
      return false;
    default:
      return false;
  }
}

}  // namespace

VisibilityProgram::VisibilityProgram(const Template& t) {
  absl::flat_hash_map<std::string, int> where;
  int n = 0;
  for (const auto& section : t.sections()) {
    for (const auto& question : section.questions()) {
      where.try_emplace(question.id(), n++);
    }
  }
  questions_.reserve(n);
  auto compile = [&](const Condition& c) {
    ConditionProgram p;
    p.node = Compile(c, where);
    p.always = c.test_case() == Condition::TEST_NOT_SET;
    for (const std::string& ref : ReferencedQuestions(c)) {
      auto it = where.find(ref);
      p.refs.push_back(it == where.end() ? -1 : it->second);
    }
    return p;
  };
  for (const auto& section : t.sections()) {
    const int s = static_cast<int>(sections_.size());
    sections_.push_back(compile(section.condition()));
    for (const auto& question : section.questions()) {
      QuestionProgram q;
      q.first = where.at(question.id());
      q.section = s;
      q.condition = compile(question.condition());
      questions_.push_back(std::move(q));
    }
  }
}

int VisibilityProgram::Compile(const Condition& c,
                               const absl::flat_hash_map<std::string, int>& where) {
  std::vector<int> children;
  switch (c.test_case()) {
    case Condition::kAll:
      for (const Condition& sub : c.all().conditions()) children.push_back(Compile(sub, where));
      break;
    case Condition::kAny:
      for (const Condition& sub : c.any().conditions()) children.push_back(Compile(sub, where));
      break;
    case Condition::kNot:
      children.push_back(Compile(c.not_(), where));
      break;
    default:
      break;
  }
  Node node;
  node.condition = &c;
  if (c.test_case() == Condition::kAnswer) {
    auto it = where.find(c.answer().question_id());
    node.question = it == where.end() ? -1 : it->second;
  }
  node.first_child = static_cast<int>(children_.size());
  node.child_count = static_cast<int>(children.size());
  children_.insert(children_.end(), children.begin(), children.end());
  nodes_.push_back(node);
  return static_cast<int>(nodes_.size()) - 1;
}

bool VisibilityProgram::Eval(int index, const SupplierProfile& profile,
                             absl::Span<const Answer* const> answers) const {
  const Node& node = nodes_[index];
  const Condition& c = *node.condition;
  switch (c.test_case()) {
    case Condition::TEST_NOT_SET:
      return true;
    case Condition::kAnswer: {
      if (node.question < 0) return false;
      const Answer* a = answers[node.question];
      return a != nullptr && AnswerMatches(*a, c.answer().any_of());
    }
    case Condition::kProfile: {
      bool known = false;
      bool value = ProfileFlagValue(c.profile().flag(), profile, &known);
      return known && value == c.profile().value();
    }
    case Condition::kAll:
      for (int i = 0; i < node.child_count; ++i) {
        if (!Eval(children_[node.first_child + i], profile, answers)) return false;
      }
      return true;
    case Condition::kAny:
      for (int i = 0; i < node.child_count; ++i) {
        if (Eval(children_[node.first_child + i], profile, answers)) return true;
      }
      return false;
    case Condition::kNot:
      return !Eval(children_[node.first_child], profile, answers);
  }
  return false;
}

// The index form of VisibilitySolver: same depth-first order, same memo.
class VisibilityProgram::Solver {
 public:
  enum : unsigned char { kUnknown = 0, kInProgress, kVisible, kHidden };

  // `state` holds one entry per question, then one per section.
  Solver(const VisibilityProgram& p, const SupplierProfile& profile,
         absl::Span<const Answer* const> answers, std::vector<unsigned char>* state)
      : p_(p), profile_(profile), answers_(answers), state_(*state) {
    state_.assign(p.questions_.size() + p.sections_.size(), kUnknown);
  }

  bool Visible(int q) {
    if (q < 0) return false;
    if (state_[q] != kUnknown) return state_[q] == kVisible;
    state_[q] = kInProgress;
    const QuestionProgram& qp = p_.questions_[q];
    const ConditionProgram& sp = p_.sections_[qp.section];
    const bool visible = RefsVisible(sp) && RefsVisible(qp.condition) && SectionHolds(qp.section) &&
                         Holds(qp.condition);
    state_[q] = visible ? kVisible : kHidden;
    return visible;
  }

 private:
  bool Holds(const ConditionProgram& c) { return c.always || p_.Eval(c.node, profile_, answers_); }

  // A section condition that refers to no question depends on the profile alone, so it is evaluated
  // once and remembered; one that refers to questions is evaluated each time, as their visibility
  // may still be in the making (cycles).
  bool SectionHolds(int s) {
    const ConditionProgram& sp = p_.sections_[s];
    if (!sp.refs.empty()) return Holds(sp);
    unsigned char& known = state_[p_.questions_.size() + s];
    if (known == kUnknown) known = Holds(sp) ? kVisible : kHidden;
    return known == kVisible;
  }

  bool RefsVisible(const ConditionProgram& c) {
    for (int ref : c.refs) {
      if (!Visible(ref)) return false;
    }
    return true;
  }

  const VisibilityProgram& p_;
  const SupplierProfile& profile_;
  absl::Span<const Answer* const> answers_;
  std::vector<unsigned char>& state_;
};

void VisibilityProgram::Evaluate(const SupplierProfile& profile,
                                 absl::Span<const Answer* const> answers,
                                 std::vector<unsigned char>* visible,
                                 std::vector<unsigned char>* state) const {
  Solver solver(*this, profile, answers, state);
  visible->assign(questions_.size(), 0);
  for (size_t q = 0; q < questions_.size(); ++q) {
    (*visible)[q] = solver.Visible(questions_[q].first) ? 1 : 0;
  }
}

}  // namespace supplyrisk::questionnaire
