#include "engine/scoring/model.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "engine/policy/policy.h"
#include "engine/scoring/digest.h"

namespace supplyrisk::scoring {
namespace {

using supplyrisk::v1::AnswerType;
using supplyrisk::v1::Question;

bool IsScoredType(AnswerType t) {
  switch (t) {
    case supplyrisk::v1::ANSWER_TYPE_YES_NO:
    case supplyrisk::v1::ANSWER_TYPE_SINGLE_CHOICE:
    case supplyrisk::v1::ANSWER_TYPE_MULTIPLE_CHOICE:
    case supplyrisk::v1::ANSWER_TYPE_NUMBER:
    case supplyrisk::v1::ANSWER_TYPE_DATE:
      return true;
    default:
      return false;
  }
}

double BestCredit(const Question& q) {
  switch (q.answer_type()) {
    case supplyrisk::v1::ANSWER_TYPE_SINGLE_CHOICE: {
      double best = 0;
      for (const auto& o : q.options()) best = std::max(best, o.credit());
      return std::min(best, 1.0);
    }
    case supplyrisk::v1::ANSWER_TYPE_MULTIPLE_CHOICE: {
      double sum = 0;
      for (const auto& o : q.options()) sum += std::max(0.0, o.credit());
      return std::min(sum, 1.0);
    }
    case supplyrisk::v1::ANSWER_TYPE_NUMBER:
    case supplyrisk::v1::ANSWER_TYPE_DATE: {
      double best = 0;
      for (const auto& b : q.bands()) best = std::max(best, b.credit());
      return std::min(best, 1.0);
    }
    default:
      return 1.0;
  }
}

bool HasCondition(const supplyrisk::v1::Condition& c) {
  return c.test_case() != supplyrisk::v1::Condition::TEST_NOT_SET;
}

}  // namespace

int CellIndex(supplyrisk::v1::Layer layer, supplyrisk::v1::Component component) {
  const int l = static_cast<int>(layer);
  const int c = static_cast<int>(component);
  if (l < 1 || l > kLayers || c < 1 || c > kComponents) return -1;
  return (l - 1) * kComponents + (c - 1);
}

supplyrisk::v1::Layer CellLayer(int cell) {
  return static_cast<supplyrisk::v1::Layer>(cell / kComponents + 1);
}

supplyrisk::v1::Component CellComponent(int cell) {
  return static_cast<supplyrisk::v1::Component>(cell % kComponents + 1);
}

std::string CellName(int cell) { return catalog::CellLabel(CellLayer(cell), CellComponent(cell)); }

int ScoringModel::QuestionIndex(absl::string_view id) const {
  auto it = question_index_.find(id);
  return it == question_index_.end() ? -1 : it->second;
}

int ScoringModel::MeasureIndex(absl::string_view id) const {
  auto it = measure_index_.find(id);
  return it == measure_index_.end() ? -1 : it->second;
}

namespace {

// Leaves `out` unset for answer types that carry no condition token.
void SetWorstAnswer(const Question& q, supplyrisk::v1::Answer* out) {
  out->set_question_id(q.id());
  switch (q.answer_type()) {
    case supplyrisk::v1::ANSWER_TYPE_YES_NO:
      out->set_yes_no(supplyrisk::v1::YES_NO_NO);
      break;
    case supplyrisk::v1::ANSWER_TYPE_SINGLE_CHOICE: {
      const supplyrisk::v1::ChoiceOption* worst = nullptr;
      for (const auto& o : q.options()) {
        if (worst == nullptr || o.credit() < worst->credit()) worst = &o;
      }
      if (worst != nullptr) out->set_option_id(worst->id());
      break;
    }
    case supplyrisk::v1::ANSWER_TYPE_MULTIPLE_CHOICE:
      out->mutable_options();
      break;
    default:
      break;
  }
}

}  // namespace

void ScoringModel::IndexGatingQuestions(const supplyrisk::v1::Template& t) {
  gating_.assign(questions_.size(), 0);
  worst_answers_.resize(questions_.size());
  for (const auto& section : t.sections()) {
    auto mark = [&](const supplyrisk::v1::Condition& c) {
      for (const auto& id : questionnaire::ReferencedQuestions(c)) {
        const int q = QuestionIndex(id);
        if (q >= 0) gating_[q] = 1;
      }
    };
    mark(section.condition());
    for (const auto& q : section.questions()) mark(q.condition());
  }
  for (size_t q = 0; q < questions_.size(); ++q) {
    if (gating_[q]) SetWorstAnswer(*questions_[q].question, &worst_answers_[q]);
  }
}

absl::StatusOr<std::unique_ptr<ScoringModel>> ScoringModel::Create(const ModelInput& input) {
  if (input.catalog == nullptr) return absl::InvalidArgumentError("model: catalogue missing");
  if (input.questionnaire == nullptr) {
    return absl::InvalidArgumentError("model: questionnaire template missing");
  }
  if (input.policy == nullptr) return absl::InvalidArgumentError("model: policy missing");
  absl::Status policy_ok = policy::ValidatePolicy(*input.policy);
  if (!policy_ok.ok()) return policy_ok;
  const auto& t = *input.questionnaire;
  if (t.kind() == supplyrisk::v1::TEMPLATE_KIND_READINESS_PROFILE) {
    return absl::InvalidArgumentError(
        absl::StrCat("template ", t.id(),
                     ": kind: a readiness profile cannot be scored as a "
                     "questionnaire"));
  }
  for (const auto* r : input.readiness) {
    if (r == nullptr || r->kind() != supplyrisk::v1::TEMPLATE_KIND_READINESS_PROFILE) {
      return absl::InvalidArgumentError(
          absl::StrCat("readiness profile ", r == nullptr ? "(null)" : r->id(),
                       ": kind: must be TEMPLATE_KIND_READINESS_PROFILE"));
    }
    if (r->readiness().star() < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("readiness profile ", r->id(), ": readiness.star: must be set"));
    }
  }

  auto model = std::unique_ptr<ScoringModel>(new ScoringModel());
  model->input_ = input;
  const auto& catalog = *input.catalog;

  // Measures evidenced by the template, in (layer, component, id) order.
  std::vector<const supplyrisk::v1::Measure*> used;
  for (int s = 0; s < t.sections_size(); ++s) {
    const auto& section = t.sections(s);
    if (HasCondition(section.condition())) model->has_conditions_ = true;
    for (int qi = 0; qi < section.questions_size(); ++qi) {
      const Question& q = section.questions(qi);
      const std::string where = absl::StrCat("template ", t.id(), ": sections[", s, "].questions[",
                                             qi, "] (", q.id(), ")");
      if (q.id().empty()) return absl::InvalidArgumentError(absl::StrCat(where, ".id: empty"));
      if (HasCondition(q.condition())) model->has_conditions_ = true;
      for (int k = 0; k < q.measures_size(); ++k) {
        const auto* m = catalog.FindMeasure(q.measures(k).measure_id());
        if (m == nullptr) {
          return absl::InvalidArgumentError(
              absl::StrCat(where, ".measures[", k, "].measure_id: '", q.measures(k).measure_id(),
                           "' is not in catalogue ", catalog.catalog().version()));
        }
        if (CellIndex(m->layer(), m->component()) < 0) {
          return absl::InvalidArgumentError(
              absl::StrCat("catalogue: measure ", m->id(), ": layer/component unset"));
        }
        used.push_back(m);
      }
      for (const auto& id : q.compensation().compensating_measure_ids()) {
        const auto* m = catalog.FindMeasure(id);
        if (m == nullptr) {
          return absl::InvalidArgumentError(
              absl::StrCat(where, ".compensation.compensating_measure_ids: '", id,
                           "' is not in catalogue ", catalog.catalog().version()));
        }
        used.push_back(m);
      }
    }
  }
  std::sort(used.begin(), used.end(), [](const auto* a, const auto* b) {
    if (a->layer() != b->layer()) return a->layer() < b->layer();
    if (a->component() != b->component()) return a->component() < b->component();
    return a->id() < b->id();
  });
  used.erase(std::unique(used.begin(), used.end()), used.end());
  for (const auto* m : used) {
    MeasureInfo info;
    info.measure = m;
    info.cell = CellIndex(m->layer(), m->component());
    model->measure_index_[m->id()] = static_cast<int>(model->measures_.size());
    model->cell_measures_[info.cell].push_back(static_cast<int>(model->measures_.size()));
    model->measures_.push_back(std::move(info));
  }
  model->comp_dependents_.resize(model->measures_.size());

  const auto& policy = *input.policy;
  for (int s = 0; s < t.sections_size(); ++s) {
    for (const Question& q : t.sections(s).questions()) {
      const int index = static_cast<int>(model->questions_.size());
      if (!model->question_index_.emplace(q.id(), index).second) {
        return absl::InvalidArgumentError(
            absl::StrCat("template ", t.id(), ": question id '", q.id(), "' used twice"));
      }
      QuestionInfo info;
      info.question = &q;
      info.scored = IsScoredType(q.answer_type()) && q.weight() > 0 && q.measures_size() > 0;
      if (info.scored) {
        for (const auto& link : q.measures()) {
          const double share = link.has_share() ? link.share() : 1.0;
          if (share <= 0) continue;
          const int m = model->measure_index_.at(link.measure_id());
          info.links.emplace_back(m, q.weight() * share);
          model->measures_[m].questions.push_back(index);
        }
        if (info.links.empty()) info.scored = false;
      }
      info.best_credit = BestCredit(q);
      info.validity_days =
          q.validity_days() > 0 ? q.validity_days() : policy.default_validity_days();
      if (q.compensable()) {
        for (const auto& id : q.compensation().compensating_measure_ids()) {
          const int m = model->measure_index_.at(id);
          info.compensating_measures.push_back(m);
          model->comp_dependents_[m].push_back(index);
        }
        info.compensation_max = std::clamp(q.compensation().max_credit(), 0.0, 1.0);
      }
      for (const auto& link : q.signal_links()) {
        if (link.relation() == supplyrisk::v1::SIGNAL_RELATION_CONTRADICTS)
          info.has_contradicting_link = true;
      }
      info.evidence_required = q.evidence().required();
      info.evidence_cap = info.evidence_required ? (q.evidence().has_cap_without_evidence()
                                                        ? q.evidence().cap_without_evidence()
                                                        : policy.default_evidence_cap())
                                                 : 1.0;
      for (const auto& [m, w] : info.links)
        info.step_measure_ids.push_back(&model->measures_[m].measure->id());
      std::sort(info.step_measure_ids.begin(), info.step_measure_ids.end(),
                [](const std::string* a, const std::string* b) { return *a < *b; });
      info.step_measure_ids.erase(
          std::unique(info.step_measure_ids.begin(), info.step_measure_ids.end(),
                      [](const std::string* a, const std::string* b) { return *a == *b; }),
          info.step_measure_ids.end());
      info.effort_days = policy::EffortDays(policy, q.remediation());
      info.deadline_days = policy::ConditionDays(policy, q.remediation().effort());
      model->questions_.push_back(std::move(info));
    }
  }
  if (model->has_conditions_) model->visibility_ = questionnaire::VisibilityProgram(t);
  model->IndexGatingQuestions(t);
  for (size_t q = 0; q < model->questions_.size(); ++q)
    model->questions_by_id_.push_back(static_cast<int>(q));
  std::sort(model->questions_by_id_.begin(), model->questions_by_id_.end(), [&](int a, int b) {
    return model->questions_[a].question->id() < model->questions_[b].question->id();
  });
  for (size_t r = 0; r < model->questions_by_id_.size(); ++r)
    model->questions_[model->questions_by_id_[r]].id_rank = static_cast<int>(r);
  for (size_t q = 0; q < model->questions_.size(); ++q) {
    const QuestionInfo& info = model->questions_[q];
    if (!info.scored || info.compensating_measures.empty()) continue;
    model->compensable_questions_.push_back(static_cast<int>(q));
    for (const auto& [m, w] : info.links) {
      if (std::find(model->compensated_measures_.begin(), model->compensated_measures_.end(), m) ==
          model->compensated_measures_.end()) {
        model->compensated_measures_.push_back(m);
      }
    }
  }
  for (QuestionInfo& info : model->questions_) {
    info.compensation_free = info.compensating_measures.empty();
    for (const auto& [m, w] : info.links) {
      const int cell = model->measures_[m].cell;
      if (std::find(info.cells.begin(), info.cells.end(), cell) == info.cells.end()) {
        info.cells.push_back(cell);
      }
      if (!model->comp_dependents_[m].empty()) info.compensation_free = false;
    }
  }
  for (const auto* r : input.readiness) {
    auto& items = model->readiness_measures_[r];
    items.clear();
    for (const auto& item : r->readiness().items()) {
      items.emplace_back();
      for (const auto& id : item.measure_ids()) items.back().push_back(model->MeasureIndex(id));
    }
  }
  for (int f = 1; f <= kFactors; ++f) {
    model->factor_weights_[f] =
        policy::FactorWeight(policy, static_cast<supplyrisk::v1::Factor>(f));
  }

  model->model_version_ =
      absl::StrCat(kEngineVersion, "/", catalog.catalog().version(), "/", policy.version());
  Sha256 sha;
  sha.Part('v', model->model_version_);
  sha.Message('c', catalog.catalog());
  sha.Message('q', t);
  std::vector<const supplyrisk::v1::Template*> readiness = input.readiness;
  std::sort(readiness.begin(), readiness.end(), [](const auto* a, const auto* b) {
    if (a->id() != b->id()) return a->id() < b->id();
    return a->revision() < b->revision();
  });
  for (const auto* r : readiness) sha.Message('r', *r);
  sha.Message('p', policy);
  model->model_digest_ = sha.Finish();
  return model;
}

}  // namespace supplyrisk::scoring
