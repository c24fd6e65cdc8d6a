#ifndef SUPPLYRISK_ENGINE_RENDER_PHRASES_H_
#define SUPPLYRISK_ENGINE_RENDER_PHRASES_H_

// The wording of every rendered text, as data: one entry per key with its English and Japanese
// pattern. Patterns name their parameters in braces ("{count} open {issue}"); Fill substitutes
// them. Code chooses the key and formats the numbers; the words live here only, so a translation
// is reviewed in one table (as OpenSSF Scorecard keeps each check's wording in data).

#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "engine/render/language.h"

namespace supplyrisk::render {

struct Phrase {
  absl::string_view key;
  absl::string_view en;
  absl::string_view ja;
};

// Every phrase, sorted by key (phrases_test checks the order, uniqueness and that no pattern is
// empty or the same in both languages).
absl::Span<const Phrase> AllPhrases();

// The pattern of `key` in `lang`; the key itself when no such phrase exists (a bug that
// render_test catches: every rendered key must be in the table).
absl::string_view Pattern(absl::string_view key, Language lang);

using Arg = std::pair<absl::string_view, absl::string_view>;

// `pattern` with each "{name}" replaced by the value of the argument of that name. A name without
// an argument is left as written.
std::string Fill(absl::string_view pattern, absl::Span<const Arg> args);

// Pattern then Fill.
std::string Say(Language lang, absl::string_view key, absl::Span<const Arg> args = {});

}  // namespace supplyrisk::render

#endif  // SUPPLYRISK_ENGINE_RENDER_PHRASES_H_
