#include "engine/render/renderer.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "engine/catalog/cpsf_names.h"

namespace supplyrisk::render {

std::string Fixed(double v, int digits) { return absl::StrFormat("%.*f", digits, v); }

std::string Day(int64_t unix_seconds) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(unix_seconds), absl::UTCTimeZone());
}

const supplyrisk::v1::Question* Renderer::FindQuestion(absl::string_view id) const {
  const int q = model_.QuestionIndex(id);
  return q < 0 ? nullptr : model_.questions()[q].question;
}

std::string Renderer::Pick(const supplyrisk::v1::LocalizedText& t, absl::string_view what,
                           absl::string_view id) const {
  const std::string& wanted = lang_ == Language::kJa ? t.ja() : t.en();
  if (!wanted.empty()) return wanted;
  if (stats_ != nullptr) stats_->fallbacks.push_back(absl::StrCat(what, ":", id));
  if (!t.en().empty()) return t.en();
  return std::string(id);
}

std::string Renderer::QuestionText(absl::string_view id) const {
  const auto* q = FindQuestion(id);
  if (q == nullptr) {
    if (stats_ != nullptr) stats_->fallbacks.push_back(absl::StrCat("question:", id));
    return std::string(id);
  }
  return Pick(q->text(), "question", id);
}

std::string Renderer::Quoted(absl::string_view question_id) const {
  return Say("quote", {{"text", QuestionText(question_id)}});
}

bool Renderer::HasAdvice(absl::string_view id) const {
  const auto* q = FindQuestion(id);
  return q != nullptr &&
         (!q->remediation().advice().en().empty() || !q->remediation().advice().ja().empty());
}

std::string Renderer::QuestionAdvice(absl::string_view id) const {
  if (!HasAdvice(id)) return Say("advice.fallback", {{"question", QuestionText(id)}});
  return Pick(FindQuestion(id)->remediation().advice(), "advice", id);
}

std::string Renderer::MeasureTitle(absl::string_view id) const {
  const int m = model_.MeasureIndex(id);
  if (m >= 0) return Pick(model_.measures()[m].measure->title(), "measure", id);
  // A measure the template does not evidence: from the catalogue itself.
  if (model_.input().catalog != nullptr) {
    const auto* measure = model_.input().catalog->FindMeasure(id);
    if (measure != nullptr) return Pick(measure->title(), "measure", id);
  }
  if (stats_ != nullptr) stats_->fallbacks.push_back(absl::StrCat("measure:", id));
  return std::string(id);
}

std::string Renderer::StarItem(absl::string_view id) const {
  const std::string key = absl::StrCat("star_item.", id);
  if (Pattern(key, lang_) != key) return Say(key);
  for (const auto* t : model_.input().readiness) {
    for (const auto& item : t->readiness().items()) {
      if (item.id() == id) return Pick(item.title(), "item", id);
    }
  }
  if (stats_ != nullptr) stats_->fallbacks.push_back(absl::StrCat("item:", id));
  return std::string(id);
}

std::string Renderer::Answer(absl::string_view question_id, absl::string_view canonical) const {
  if (lang_ == Language::kEn) return std::string(canonical);
  const std::string key = absl::StrCat("answer.", canonical);
  if (Pattern(key, lang_) != key) return Say(key);
  if (absl::EndsWith(canonical, " subcontractors")) {
    return Say("answer.subcontractors",
               {{"count", canonical.substr(0, canonical.size() - sizeof(" subcontractors") + 1)}});
  }
  // Option ids (several joined by "+"): their labels.
  const auto* q = FindQuestion(question_id);
  if (q == nullptr || q->options().empty()) return std::string(canonical);
  std::vector<std::string> labels;
  for (absl::string_view id : absl::StrSplit(canonical, '+')) {
    std::string label(id);
    for (const auto& o : q->options()) {
      if (o.id() == id) label = Pick(o.label(), "option", absl::StrCat(question_id, "/", id));
    }
    labels.push_back(std::move(label));
  }
  return Join(labels, "sep.list");
}

std::string Renderer::Layer(supplyrisk::v1::Layer layer) const {
  return Coded("layer", catalog::LayerLabel(layer));
}

std::string Renderer::Cell(supplyrisk::v1::Layer layer, supplyrisk::v1::Component component) const {
  if (lang_ == Language::kEn) return catalog::CellLabel(layer, component);
  return absl::StrCat(Layer(layer), "/", Coded("component", catalog::ComponentLabel(component)));
}

std::string Renderer::Factor(supplyrisk::v1::Factor factor) const {
  return Coded("factor", catalog::FactorLabel(factor));
}

std::string Renderer::Severity(supplyrisk::v1::Severity severity) const {
  return Coded("severity", catalog::SeverityLabel(severity));
}

std::string Renderer::ProfileFlag(supplyrisk::v1::ProfileFlag flag) const {
  const std::string key = absl::StrCat("profile_flag.", static_cast<int>(flag));
  return Pattern(key, lang_) != key ? Say(key) : Say("profile_flag.unknown");
}

std::string Renderer::Coded(absl::string_view prefix, absl::string_view code) const {
  const std::string key = absl::StrCat(prefix, ".", code);
  const absl::string_view pattern = Pattern(key, lang_);
  return pattern == key ? std::string(code) : std::string(pattern);
}

std::string Renderer::Join(const std::vector<std::string>& items, absl::string_view sep_key) const {
  const absl::string_view sep = Pattern(sep_key, lang_);
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.append(sep.data(), sep.size());
    out += items[i];
  }
  return out;
}

}  // namespace supplyrisk::render
