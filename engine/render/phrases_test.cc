#include "engine/render/phrases.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace supplyrisk::render {
namespace {

TEST(PhrasesTest, KeysUniqueAndEveryPatternTranslated) {
  std::set<std::string> keys;
  for (const auto& p : AllPhrases()) {
    EXPECT_TRUE(keys.insert(std::string(p.key)).second) << "duplicate key " << p.key;
    EXPECT_FALSE(p.en.empty()) << p.key;
    EXPECT_FALSE(p.ja.empty()) << p.key;
    EXPECT_NE(p.en, p.ja) << p.key << ": not translated";
    // Both languages take the same parameters.
    std::set<std::string> en_args, ja_args;
    for (auto* pair : {&en_args, &ja_args}) {
      const absl::string_view text = pair == &en_args ? p.en : p.ja;
      for (size_t i = text.find('{'); i != absl::string_view::npos; i = text.find('{', i + 1)) {
        pair->insert(std::string(text.substr(i, text.find('}', i) - i)));
      }
    }
    // A Japanese pattern may name more (a measure's title), never fewer.
    for (const auto& a : en_args) EXPECT_TRUE(ja_args.count(a)) << p.key << " ja lacks " << a;
  }
}

TEST(PhrasesTest, FillSubstitutesNamedArguments) {
  EXPECT_EQ(Fill("{n} open {issue} ({n})", {{"n", "2"}, {"issue", "exposed_rdp"}}),
            "2 open exposed_rdp (2)");
  EXPECT_EQ(Fill("keep {unknown} as written", {}), "keep {unknown} as written");
  EXPECT_EQ(Fill("unclosed {brace", {{"brace", "x"}}), "unclosed {brace");
}

TEST(PhrasesTest, PatternFallsBackToTheKey) {
  EXPECT_EQ(Pattern("finding.unanswered", Language::kEn),
            "{count} question(s) unanswered or answered unknown: no credit");
  EXPECT_EQ(Pattern("no.such.key", Language::kJa), "no.such.key");
}

}  // namespace
}  // namespace supplyrisk::render
