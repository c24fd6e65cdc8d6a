#include "engine/render/texts.h"

#include "engine/render/renderer.h"
#include "engine/scoring/discrepancies.h"

namespace supplyrisk::render {

ModelTexts::ModelTexts(const scoring::ScoringModel& model, Language lang)
    : renderer_(std::make_unique<Renderer>(model, lang, nullptr)) {}

ModelTexts::~ModelTexts() = default;

Language ModelTexts::lang() const { return renderer_->lang(); }

std::string ModelTexts::QuestionText(absl::string_view question_id) const {
  return renderer_->QuestionText(question_id);
}

std::string ModelTexts::MeasureTitle(absl::string_view measure_id) const {
  return renderer_->MeasureTitle(measure_id);
}

std::string ModelTexts::Answer(absl::string_view question_id, absl::string_view canonical) const {
  return renderer_->Answer(question_id, canonical);
}

std::string ModelTexts::Answer(const supplyrisk::v1::Answer& answer) const {
  if (answer.value_case() == supplyrisk::v1::Answer::kText) return answer.text();
  return renderer_->Answer(answer.question_id(), scoring::AnswerText(&answer));
}

std::string ModelTexts::Cell(supplyrisk::v1::Layer layer,
                             supplyrisk::v1::Component component) const {
  return renderer_->Cell(layer, component);
}

std::string ModelTexts::Factor(supplyrisk::v1::Factor factor) const {
  return renderer_->Factor(factor);
}

std::string ModelTexts::Severity(supplyrisk::v1::Severity severity) const {
  return renderer_->Severity(severity);
}

}  // namespace supplyrisk::render
