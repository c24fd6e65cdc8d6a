#ifndef SUPPLYRISK_ENGINE_RENDER_LANGUAGE_H_
#define SUPPLYRISK_ENGINE_RENDER_LANGUAGE_H_

// The languages texts are rendered in. Japanese is the default: the questionnaires are Japanese
// first, English is served alongside for multinational buyers.

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "supplyrisk/v1/common.pb.h"

namespace supplyrisk::render {

enum class Language { kJa, kEn };

// "" and "ja" -> kJa, "en" -> kEn; anything else is INVALID_ARGUMENT naming `field` (the request
// field the value came from, e.g. "language").
absl::StatusOr<Language> ParseLanguage(absl::string_view code,
                                       absl::string_view field = "language");

// "ja" or "en".
absl::string_view LanguageCode(Language lang);

// The text of `lang` in *t: t->ja for kJa, t->en for kEn.
std::string* MutableText(Language lang, supplyrisk::v1::LocalizedText* t);

}  // namespace supplyrisk::render

#endif  // SUPPLYRISK_ENGINE_RENDER_LANGUAGE_H_
