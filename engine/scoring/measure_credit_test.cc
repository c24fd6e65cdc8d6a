#include "engine/scoring/measure_credit.h"

#include <cstdint>
#include <string>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "engine/scoring/signal_factors.h"
#include "gtest/gtest.h"

namespace supplyrisk::scoring {
namespace {

// What ParseDate must agree with: absl's own parser of the same form.
bool ReferenceParse(const std::string& text, absl::Time* out) {
  std::string err;
  return absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), out, &err);
}

void ExpectSameAsReference(const std::string& text) {
  absl::Time got, want;
  const bool ok = ParseDate(text, &got);
  const bool want_ok = ReferenceParse(text, &want);
  ASSERT_EQ(ok, want_ok) << text;
  if (ok) {
    EXPECT_EQ(got, want) << text;
  }
}

TEST(ParseDateTest, EveryDayOfTwoCenturiesMatchesParseTime) {
  for (absl::CivilDay d(1900, 1, 1); d < absl::CivilDay(2101, 1, 1); ++d) {
    ExpectSameAsReference(absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day()));
  }
}

TEST(ParseDateTest, SampledDaysFromYear1000To9999MatchParseTime) {
  for (absl::CivilDay d(1000, 1, 1); d < absl::CivilDay(10000, 1, 1); d += 97) {
    ExpectSameAsReference(absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day()));
  }
}

TEST(ParseDateTest, MalformedAndImpossibleDatesMatchParseTime) {
  for (const char* text :
       {"2026-02-29", "2024-02-29", "2100-02-29",  "2000-02-29",  "2026-04-31",  "2026-00-10",
        "2026-13-01", "2026-01-00", "2026-01-32",  "0999-12-31",  "0001-01-01",  "2026-1-01",
        "2026-01-1",  "2026/01/01", "2026-01-01x", " 2026-01-01", "2026-01-01 ", "20260101",
        "",           "abcd-ef-gh", "2026-0a-01",  "+202-01-01",  "-202-01-01",  "12026-01-01"}) {
    ExpectSameAsReference(text);
  }
}

// ToTime takes a fast path for normalised timestamps; every timestamp must give the instant seconds
// + nanos describes.
TEST(ToTimeTest, MatchesSecondsPlusNanos) {
  const int64_t seconds[] = {0,
                             1,
                             -1,
                             1793491200,
                             -62135596800,
                             253402300799,
                             INT64_C(9223372036854775807),
                             INT64_C(-9223372036854775807) - 1};
  const int32_t nanos[] = {0,  1,          999999999,   1000000000, 1000000001,
                           -1, -999999999, -1000000000, 2147483647, -2147483647 - 1};
  for (int64_t s : seconds) {
    for (int32_t n : nanos) {
      google::protobuf::Timestamp ts;
      ts.set_seconds(s);
      ts.set_nanos(n);
      EXPECT_EQ(ToTime(ts), absl::FromUnixSeconds(s) + absl::Nanoseconds(n))
          << s << "s " << n << "ns";
    }
  }
}

// The integer day count used in the signal loops against absl::Time's.
TEST(DaysBetweenNanosTest, MatchesDaysBetween) {
  const int64_t day = 86400;
  const int64_t points[] = {0,    1,        -1,         day - 1,     day,        day + 1,
                            -day, -day - 1, 1793491200, -1793491200, 3999999999, -3999999999};
  const int32_t nanos[] = {0, 1, 999999999};
  for (int64_t a : points) {
    for (int64_t b : points) {
      for (int32_t na : nanos) {
        for (int32_t nb : nanos) {
          google::protobuf::Timestamp ta, tb;
          ta.set_seconds(a);
          ta.set_nanos(na);
          tb.set_seconds(b);
          tb.set_nanos(nb);
          int64_t from = 0, to = 0;
          ASSERT_TRUE(TimestampNanos(ta, &from));
          ASSERT_TRUE(TimestampNanos(tb, &to));
          EXPECT_EQ(DaysBetweenNanos(from, to), DaysBetween(ToTime(ta), ToTime(tb)))
              << a << "." << na << " -> " << b << "." << nb;
        }
      }
    }
  }
}

}  // namespace
}  // namespace supplyrisk::scoring
