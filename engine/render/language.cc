#include "engine/render/language.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace supplyrisk::render {

absl::StatusOr<Language> ParseLanguage(absl::string_view code, absl::string_view field) {
  if (code.empty() || code == "ja") return Language::kJa;
  if (code == "en") return Language::kEn;
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": unsupported language \"", code, "\" (use \"ja\" or \"en\")"));
}

absl::string_view LanguageCode(Language lang) { return lang == Language::kJa ? "ja" : "en"; }

std::string* MutableText(Language lang, supplyrisk::v1::LocalizedText* t) {
  return lang == Language::kJa ? t->mutable_ja() : t->mutable_en();
}

}  // namespace supplyrisk::render
