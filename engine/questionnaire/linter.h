// The template linter's internals, shared by the files that implement its checks by concern:
// lint.cc (the entry points, the template header and scoring), lint_questions.cc (sections,
// questions, options, bands, compensation), lint_conditions.cc (conditions and dependency cycles)
// lint_readiness.cc (readiness profiles) and lint_signals.cc (signal links against the catalogue's
// observed_by). Private to //engine/questionnaire:lint.
#ifndef SUPPLYRISK_ENGINE_QUESTIONNAIRE_LINTER_H_
#define SUPPLYRISK_ENGINE_QUESTIONNAIRE_LINTER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "engine/catalog/catalog.h"
#include "engine/questionnaire/lint.h"
#include "engine/questionnaire/loader.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::questionnaire::lint_internal {

using ::supplyrisk::v1::AnswerType;
using ::supplyrisk::v1::ChoiceOption;
using ::supplyrisk::v1::Condition;
using ::supplyrisk::v1::LocalizedText;
using ::supplyrisk::v1::NumberBand;
using ::supplyrisk::v1::Question;
using ::supplyrisk::v1::Section;
using ::supplyrisk::v1::Template;

// Ids of sections, questions, options and items: no spaces or punctuation that would need quoting
// in a URL, a condition or a report.
bool ValidId(const std::string& id);

// "snake_case": lower-case letters, digits and single underscores, starting with a letter.
bool SnakeCase(const std::string& s);

// "YES_NO" for ANSWER_TYPE_YES_NO; the number of a value the enum lacks.
std::string TypeName(AnswerType type);

bool IsChoice(AnswerType type);
bool IsBanded(AnswerType type);
// Question types that earn credit toward measures.
bool IsScored(AnswerType type);

struct QuestionRef {
  int section = 0;
  int index = 0;
  const Question* question = nullptr;
  std::string path;
};

// Collects every problem of one template; Run() once per object.
class Linter {
 public:
  Linter(const Template& t, const std::string& file, const FieldLines* lines,
         const catalog::CatalogIndex& catalog, const KnownTemplates* known,
         const LintOptions& options)
      : t_(t), file_(file), lines_(lines), catalog_(catalog), known_(known), options_(options) {}

  std::vector<Problem> Run();

 private:
  void Add(const std::string& path, std::string message) {
    out_.push_back(Problem{file_, lines_ ? lines_->LineOf(path) : 0, path, std::move(message)});
  }

  // A signal-link rule: a warning, or an error for a shipped template (LintOptions::shipped).
  void AddSignalRule(const std::string& path, std::string message) {
    Add(path, std::move(message));
    if (!options_.shipped) out_.back().severity = Severity::kWarning;
  }

  // Both languages present; `required` false only asks that one is not set without the other.
  void CheckText(const std::string& path, const LocalizedText& text, bool required);

  void CheckMeasureId(const std::string& path, const std::string& id, absl::string_view what);

  void CheckHeader();

  bool Ipa() const { return t_.scoring().method() == supplyrisk::v1::SCORING_METHOD_IPA_POINTS; }

  void CheckScoring();

  void IndexQuestions();

  void CheckSection(int s);

  void CheckQuestion(const Question& q, const std::string& path, int section);

  void CheckOptions(const Question& q, const std::string& path, AnswerType type,
                    const std::string& tname);

  void CheckBands(const Question& q, const std::string& path, AnswerType type,
                  const std::string& tname);

  // The asset patterns of each link, and the links against the catalogue's observed_by: known
  // issue types with their factor and meaning, and a contradicting link for every observed
  // measure of a scored question.
  void CheckSignalLinks(const Question& q, const std::string& path, bool scored);

  void CheckCompensation(const Question& q, const std::string& path, bool scored,
                         const absl::flat_hash_set<std::string>& own);

  // Where a condition sits: on a question, or on a section when `question` is null. The difference
  // matters for a question whose id is missing, which must not have its condition taken for its
  // section's.
  struct ConditionOwner {
    int section = 0;
    const Question* question = nullptr;
  };

  void CheckCondition(const Condition& c, const std::string& path, const ConditionOwner& owner,
                      bool nested);

  // The conditions of an All or Any at `path`.
  void CheckConditionList(const google::protobuf::RepeatedPtrField<Condition>& conditions,
                          const std::string& path, absl::string_view empty_message,
                          const ConditionOwner& owner);

  void CheckTokens(const Condition::AnswerIs& a, const std::string& apath, const Question& target);

  // A question depends on the questions its own condition and its section's condition test. Self
  // references are reported by CheckCondition and left out here.
  void CheckCycles();

  void CheckReadiness();

  const Template& t_;
  const std::string& file_;
  const FieldLines* lines_;
  const catalog::CatalogIndex& catalog_;
  const KnownTemplates* known_;
  const LintOptions options_;
  absl::flat_hash_map<std::string, QuestionRef> questions_;
  std::vector<Problem> out_;
};

}  // namespace supplyrisk::questionnaire::lint_internal

#endif  // SUPPLYRISK_ENGINE_QUESTIONNAIRE_LINTER_H_
