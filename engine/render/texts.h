#ifndef SUPPLYRISK_ENGINE_RENDER_TEXTS_H_
#define SUPPLYRISK_ENGINE_RENDER_TEXTS_H_

// The words of one scoring model in one language, for clients that lay out their own documents
// (reports, OSCAL exports) from an assessment's facts: question texts, measure titles, answers as
// given, CPSF cell, factor and severity names. The same lookups, with the same fallbacks (English,
// then the id), as the texts RenderAssessment writes, so a report and the assessment it shows never
// name a thing two ways.
//
//   render::ModelTexts texts(model, render::Language::kJa);
//   std::string title = texts.MeasureTitle("CPS.AM-1");

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "engine/render/language.h"
#include "engine/scoring/model.h"
#include "supplyrisk/v1/assessment.pb.h"
#include "supplyrisk/v1/response.pb.h"

namespace supplyrisk::render {

class Renderer;

class ModelTexts {
 public:
  // Precondition: `model` outlives this object.
  ModelTexts(const scoring::ScoringModel& model, Language lang);
  ~ModelTexts();
  ModelTexts(const ModelTexts&) = delete;
  ModelTexts& operator=(const ModelTexts&) = delete;

  Language lang() const;
  // The question's text; the id when the template has none.
  std::string QuestionText(absl::string_view question_id) const;
  // The measure's title, from the template's model or else the catalogue; the id when neither has
  // it.
  std::string MeasureTitle(absl::string_view measure_id) const;
  // An answer in its canonical form (scoring::AnswerText): as stored in English; in Japanese the
  // yes/no words and the chosen options' labels.
  std::string Answer(absl::string_view question_id, absl::string_view canonical) const;
  // An answer as given, in that form; a text answer's own text.
  std::string Answer(const supplyrisk::v1::Answer& answer) const;
  // "L1/ORGANIZATION" in English, "第1層/ソシキ" in Japanese.
  std::string Cell(supplyrisk::v1::Layer layer, supplyrisk::v1::Component component) const;
  std::string Factor(supplyrisk::v1::Factor factor) const;
  std::string Severity(supplyrisk::v1::Severity severity) const;

 private:
  std::unique_ptr<Renderer> renderer_;
};

}  // namespace supplyrisk::render

#endif  // SUPPLYRISK_ENGINE_RENDER_TEXTS_H_
