#ifndef SUPPLYRISK_ENGINE_QUESTIONNAIRE_DIFF_H_
#define SUPPLYRISK_ENGINE_QUESTIONNAIRE_DIFF_H_

// Semantic difference between two revisions of a template: what a buyer must know before moving
// suppliers to the new revision (a re-weighted question changes scores, a re-worded one may change
// answers, a removed one drops evidence).

#include <string>
#include <vector>

#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::questionnaire {

// What changed about one question between two revisions. kAdded and kRemoved stand alone; a
// question present in both may have several of the others.
enum class ChangeKind {
  kAdded,
  kRemoved,
  kMoved,       // now in another section
  kAnswerType,  // answer type changed
  kReweighted,  // weight or measure links / shares changed
  kReworded,    // ja or en text or help changed
  kOptions,     // options (ids, labels, credits, knockout) changed
  kBands,       // number bands changed
  kKnockout,    // knockout flag changed
  kEvidence,    // evidence requirement changed
  kCondition,   // condition changed (own or section's)
  kOther,       // remediation, signals, compensation, validity, ...
};

// "added", "re-weighted", ...
const char* ChangeKindName(ChangeKind kind);

struct QuestionChange {
  std::string question_id;
  ChangeKind kind;
  // What changed, e.g. "weight 1 -> 2", "text.en", "option 'partly' credit 0.5 -> 0.4".
  std::vector<std::string> details;
};

struct TemplateDiff {
  std::string old_id;
  std::string new_id;
  int old_revision = 0;
  int new_revision = 0;
  // Template-level changes: title, scoring, sections added or removed, readiness items.
  std::vector<std::string> template_changes;
  // Added and changed questions in the new revision's order, then removed questions in the old
  // revision's order; a question may have several changes, listed in ChangeKind order.
  std::vector<QuestionChange> question_changes;

  bool empty() const { return template_changes.empty() && question_changes.empty(); }
  // Questions with a change of `kind`.
  int Count(ChangeKind kind) const;
};

// Compares two revisions, matching questions, sections, options and readiness items by id (the
// first declaration of a repeated id stands for it; lint rejects repeats). Neither template needs
// to be valid, and they may even differ in id. Numbers are compared exactly and printed so that
// different values never read alike.
TemplateDiff DiffTemplates(const supplyrisk::v1::Template& old_t,
                           const supplyrisk::v1::Template& new_t);

// Text form, one change a line, ending with a summary line of counts; the format `supplyrisk
// template diff` prints.
std::string RenderDiff(const TemplateDiff& diff);

}  // namespace supplyrisk::questionnaire

#endif  // SUPPLYRISK_ENGINE_QUESTIONNAIRE_DIFF_H_
