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

void Linter::CheckCondition(const Condition& c, const std::string& path,
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
            absl::StrCat("condition refers to unknown question '", a.question_id(), "'"));
        return;
      }
      if (owner.question != nullptr) {
        if (a.question_id() == owner.question->id()) {
          Add(FieldPath(apath, "question_id"),
              absl::StrCat("condition refers to the question itself ('", a.question_id(), "')"));
        }
      } else if (it->second.section == owner.section) {
        Add(FieldPath(apath, "question_id"), absl::StrCat("section condition refers to question '",
                                                          a.question_id(), "' of its own section"));
      }
      if (a.any_of().empty()) {
        Add(FieldPath(apath, "any_of"), "any_of is empty, so the condition never holds");
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
        Add(fpath, absl::StrCat("profile flag ", static_cast<int>(flag), " is not a known flag"));
      }
      return;
    }
    case Condition::kAll:
      CheckConditionList(c.all().conditions(), FieldPath(path, "all"), "'all' has no conditions",
                         owner);
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

void Linter::CheckConditionList(const google::protobuf::RepeatedPtrField<Condition>& conditions,
                                const std::string& path, absl::string_view empty_message,
                                const ConditionOwner& owner) {
  if (conditions.empty()) Add(path, std::string(empty_message));
  for (int i = 0; i < conditions.size(); ++i) {
    CheckCondition(conditions.Get(i), FieldPath(path, "conditions", i), owner,
                   /*nested=*/true);
  }
}

void Linter::CheckTokens(const Condition::AnswerIs& a, const std::string& apath,
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
      } else if (token == kTokenNotApplicable && !target.allow_not_applicable()) {
        Add(tpath, absl::StrCat("'not_applicable' never matches: question '", target.id(),
                                "' does not allow not applicable"));
      }
    } else if (IsChoice(type)) {
      bool found = false;
      std::vector<std::string> ids;
      for (const auto& o : target.options()) {
        found = found || o.id() == token;
        ids.push_back(o.id());
      }
      if (!found) {
        Add(tpath, absl::StrCat("'", token, "' is not an option of question '", target.id(),
                                "' (options: ", absl::StrJoin(ids, ", "), ")"));
      }
    } else {
      Add(apath, absl::StrCat("a condition cannot test the answer of ", TypeName(type),
                              " question '", target.id(), "'"));
      return;
    }
  }
}

void Linter::CheckCycles() {
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
      for (const std::string& ref : ReferencedQuestions(question.condition())) {
        if (ref != question.id() && questions_.contains(ref)) {
          out.push_back(Edge{ref, FieldPath(FieldPath(spath, "questions", q), "condition")});
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
        Add(out_edge.path, absl::StrCat("condition cycle: ", absl::StrJoin(nodes, " -> ")));
      }
    }
  }
}

}  // namespace supplyrisk::questionnaire::lint_internal
