#include "clients/report/words.h"

#include <set>
#include <string>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace supplyrisk::report {
namespace {

TEST(Words, SortedUniqueAndWrittenInBothLanguages) {
  std::string previous;
  for (const render::Phrase& p : AllWords()) {
    EXPECT_LT(previous, std::string(p.key)) << "out of order or repeated: " << p.key;
    previous = std::string(p.key);
    EXPECT_FALSE(p.en.empty()) << p.key;
    EXPECT_FALSE(p.ja.empty()) << p.key;
    EXPECT_NE(p.en, p.ja) << p.key;
  }
}

TEST(Words, EveryKeyIsFoundAndFilled) {
  for (const render::Phrase& p : AllWords()) {
    EXPECT_NE(Words(Language::kEn, p.key), std::string(p.key)) << p.key;
    EXPECT_NE(Words(Language::kJa, p.key), std::string(p.key)) << p.key;
  }
  EXPECT_EQ(Words(Language::kEn, "oscal.title", {{"supplier", "Acme"}}),
            "Supplier cyber risk assessment: Acme");
  EXPECT_EQ(Words(Language::kEn, "no.such.key"), "no.such.key");
}

TEST(Words, DaysFollowEachLanguage) {
  const absl::Time t =
      absl::FromCivil(absl::CivilSecond(2026, 3, 7, 23, 59, 0), absl::UTCTimeZone());
  EXPECT_EQ(Day(Language::kEn, t), "2026-03-07");
  EXPECT_EQ(Day(Language::kJa, t), "2026年3月7日");
  EXPECT_EQ(Fixed(0.5, 2), "0.50");
}

}  // namespace
}  // namespace supplyrisk::report
