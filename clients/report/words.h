#ifndef SUPPLYRISK_CLIENTS_REPORT_WORDS_H_
#define SUPPLYRISK_CLIENTS_REPORT_WORDS_H_

// The wording of the documents clients/report writes (OSCAL exports and, later, the reports), in
// data: one entry per key with its English and Japanese pattern, as engine/render keeps the
// assessment's own texts. Patterns name their parameters in braces; render::Fill substitutes them.
// Dates and numbers are formatted here in each language's convention.
//
//   std::string t = Words(Language::kJa, "oscal.title", {{"supplier", name}});

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "engine/render/language.h"
#include "engine/render/phrases.h"

namespace supplyrisk::report {

using render::Arg;
using render::Language;

// Every phrase, sorted by key (words_test checks order, uniqueness, and that both languages have
// a pattern).
absl::Span<const render::Phrase> AllWords();

// The pattern of `key` filled with `args`; the key itself when the table has no such entry (a bug
// words_test catches for every key the exporters use).
std::string Words(Language lang, absl::string_view key, absl::Span<const Arg> args = {});

// A calendar day (UTC): "2026-11-01" in English, "2026年11月1日" in Japanese.
std::string Day(Language lang, absl::Time t);

// `v` with `digits` decimals.
std::string Fixed(double v, int digits);

}  // namespace supplyrisk::report

#endif  // SUPPLYRISK_CLIENTS_REPORT_WORDS_H_
