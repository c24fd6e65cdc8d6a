#ifndef SUPPLYRISK_ENGINE_SCORING_MODEL_H_
#define SUPPLYRISK_ENGINE_SCORING_MODEL_H_

// The prepared half of scoring: a questionnaire template resolved against the catalogue and the
// policy into dense indexes (questions, the measures they evidence, the 18 CPSF cells), plus the
// digest of those inputs. Preparing costs far more than scoring one supplier, so a model is built
// once and scores many suppliers.
//
// A model keeps pointers into its ModelInput: the catalogue, templates and policy must outlive it.

#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "engine/catalog/cpsf_names.h"
#include "engine/questionnaire/conditions.h"
#include "engine/scoring/scoring_input.h"
#include "supplyrisk/v1/catalog.pb.h"

namespace supplyrisk::scoring {

inline constexpr int kLayers = catalog::kLayerCount;
inline constexpr int kComponents = catalog::kComponentCount;
inline constexpr int kCells = catalog::kCellCount;
inline constexpr int kFactors = catalog::kFactorCount;  // v1::Factor values 1..7
inline constexpr char kEngineVersion[] = "engine-2";

// Cell index 0..17 of a layer (1..3) and component (1..6); -1 when either is unspecified.
int CellIndex(supplyrisk::v1::Layer layer, supplyrisk::v1::Component component);
// The layer and component of cell index 0..17.
supplyrisk::v1::Layer CellLayer(int cell);
supplyrisk::v1::Component CellComponent(int cell);
// "L1/ORGANIZATION" (catalog::CellLabel of the cell).
std::string CellName(int cell);

// A question as the engine sees it.
struct QuestionInfo {
  const supplyrisk::v1::Question* question = nullptr;
  // Scored: weight > 0, linked to a measure, and of an answer type that carries credit.
  bool scored = false;
  // (measure index, weight x share) per linked measure.
  std::vector<std::pair<int, double>> links;
  // Highest credit an answer can earn (best option, best band, or 1 for yes).
  double best_credit = 1.0;
  int validity_days = 0;
  // Measures whose credit can compensate this question (when compensable).
  std::vector<int> compensating_measures;
  double compensation_max = 0;
  double evidence_cap = 1.0;  // 1 when no evidence is required
  bool evidence_required = false;
  double effort_days = 0;
  int deadline_days = 0;
  // Its remediation step's measure ids (sorted, unique; views into the catalogue).
  std::vector<const std::string*> step_measure_ids;
  // The distinct cells of its linked measures, in link order: the only cells a change of its credit
  // can move.
  std::vector<int> cells;
  // Its position in question-id order. Ids are unique, so comparing ranks orders questions exactly
  // as comparing their ids does, without the string compare.
  int id_rank = 0;
  // Its credit feeds no compensation (it is not compensable and none of its measures compensates
  // another question): a what-if on it moves only its own measures and their cells.
  bool compensation_free = true;
  // One of its signal links is a CONTRADICTS link.
  bool has_contradicting_link = false;
};

struct MeasureInfo {
  const supplyrisk::v1::Measure* measure = nullptr;
  int cell = 0;
  std::vector<int> questions;
};

class ScoringModel {
 public:
  // Validates the template against the catalogue (every linked measure exists, every compensating
  // measure exists, scored questions have a positive weight) and the policy.
  static absl::StatusOr<std::unique_ptr<ScoringModel>> Create(const ModelInput& input);

  const ModelInput& input() const { return input_; }
  const supplyrisk::v1::Template& questionnaire() const { return *input_.questionnaire; }
  const supplyrisk::v1::ScoringPolicy& policy() const { return *input_.policy; }
  const std::vector<QuestionInfo>& questions() const { return questions_; }
  const std::vector<MeasureInfo>& measures() const { return measures_; }
  // -1 when absent.
  int QuestionIndex(absl::string_view id) const;
  int MeasureIndex(absl::string_view id) const;
  // "engine-2/<catalog version>/<policy version>".
  const std::string& model_version() const { return model_version_; }
  // SHA-256 (raw bytes) of the canonical catalogue, templates and policy.
  const std::string& model_digest() const { return model_digest_; }
  bool has_conditions() const { return has_conditions_; }
  // The template's conditions compiled against question indices (which are the template's question
  // positions).
  const questionnaire::VisibilityProgram& visibility() const { return visibility_; }
  // For a readiness profile of the input: per item, the index of each of its measure ids (-1 when
  // the template evidences no such measure). nullptr for any other template.
  const std::vector<std::vector<int>>* ReadinessMeasures(
      const supplyrisk::v1::Template* profile) const {
    auto it = readiness_measures_.find(profile);
    return it == readiness_measures_.end() ? nullptr : &it->second;
  }
  // Question indices in question-id order (the canonical answer order).
  const std::vector<int>& questions_by_id() const { return questions_by_id_; }
  // Measures evidenced by the template, per cell, in (id) order.
  const std::array<std::vector<int>, kCells>& cell_measures() const { return cell_measures_; }
  // Compensable questions whose compensation reads measure m.
  const std::vector<int>& CompensationDependents(int m) const { return comp_dependents_[m]; }
  // Scored questions with compensating measures, in question order.
  const std::vector<int>& compensable_questions() const { return compensable_questions_; }
  // The measures those questions evidence (each once): the only measures whose credit compensation
  // can raise.
  const std::vector<int>& compensated_measures() const { return compensated_measures_; }
  // Whether question q is referenced by a condition (its answer can show or hide others).
  bool gating(int q) const { return gating_[q] != 0; }
  // The honest worst answer to question q for visibility: "no", the option of least credit, no
  // option chosen; nullptr for answer types conditions cannot test. A gating question whose
  // answer earns nothing (unanswered, unknown, not applicable) is read as this when deciding
  // visibility, so silence never hides the follow-ups a "no" would show.
  const supplyrisk::v1::Answer* worst_answer(int q) const {
    return worst_answers_[q].value_case() == supplyrisk::v1::Answer::VALUE_NOT_SET
               ? nullptr
               : &worst_answers_[q];
  }
  // Policy look-ups resolved once.
  double factor_weight(int f) const { return factor_weights_[f]; }

 private:
  ScoringModel() = default;
  // Fills gating_ and worst_answers_ from the template's conditions.
  void IndexGatingQuestions(const supplyrisk::v1::Template& t);

  ModelInput input_;
  std::vector<QuestionInfo> questions_;
  std::vector<MeasureInfo> measures_;
  absl::flat_hash_map<std::string, int> question_index_;
  absl::flat_hash_map<std::string, int> measure_index_;
  std::array<std::vector<int>, kCells> cell_measures_;
  std::vector<std::vector<int>> comp_dependents_;
  std::vector<int> compensable_questions_;
  std::vector<int> compensated_measures_;
  std::array<double, kFactors + 1> factor_weights_{};
  questionnaire::VisibilityProgram visibility_;
  std::vector<int> questions_by_id_;
  std::vector<unsigned char> gating_;
  std::vector<supplyrisk::v1::Answer> worst_answers_;
  absl::flat_hash_map<const supplyrisk::v1::Template*, std::vector<std::vector<int>>>
      readiness_measures_;
  std::string model_version_;
  std::string model_digest_;
  bool has_conditions_ = false;
};

}  // namespace supplyrisk::scoring

#endif  // SUPPLYRISK_ENGINE_SCORING_MODEL_H_
