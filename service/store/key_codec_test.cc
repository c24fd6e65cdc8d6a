#include "service/store/key_codec.h"

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"

namespace supplyrisk::store {
namespace {

int Sign(int v) { return (v > 0) - (v < 0); }

std::string RandomString(std::mt19937_64& rng) {
  // Bias towards the bytes the escaping treats specially.
  static const char kAlphabet[] = {'\0', '\x01', '\xFF', 'a', 'b', '\xFE'};
  std::string s(rng() % 5, '\0');
  for (char& c : s) c = kAlphabet[rng() % sizeof(kAlphabet)];
  return s;
}

TEST(KeyCodecTest, StringTuplesSortLikeTheirEncodings) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string a1 = RandomString(rng), a2 = RandomString(rng);
    std::string b1 = RandomString(rng), b2 = RandomString(rng);
    std::string ea, eb;
    AppendString(&ea, a1);
    AppendString(&ea, a2);
    AppendString(&eb, b1);
    AppendString(&eb, b2);
    int want =
        std::tie(a1, a2) < std::tie(b1, b2) ? -1 : (std::tie(a1, a2) == std::tie(b1, b2) ? 0 : 1);
    ASSERT_EQ(Sign(ea.compare(eb)), want) << i;
  }
}

TEST(KeyCodecTest, StringRoundTripAndNoPrefixAmbiguity) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 5000; ++i) {
    std::string a = RandomString(rng), b = RandomString(rng);
    std::string enc;
    AppendString(&enc, a);
    AppendString(&enc, b);
    absl::string_view in(enc);
    std::string da, db;
    ASSERT_TRUE(ConsumeString(&in, &da));
    ASSERT_TRUE(ConsumeString(&in, &db));
    EXPECT_TRUE(in.empty());
    EXPECT_EQ(da, a);
    EXPECT_EQ(db, b);
  }
}

TEST(KeyCodecTest, MalformedStringsAreRejected) {
  std::string out;
  absl::string_view unterminated("abc");
  EXPECT_FALSE(ConsumeString(&unterminated, &out));
  absl::string_view bad_escape("a\0\x05", 3);
  EXPECT_FALSE(ConsumeString(&bad_escape, &out));
  absl::string_view truncated("a\0", 2);
  EXPECT_FALSE(ConsumeString(&truncated, &out));
  absl::string_view short_int("\x01\x02", 2);
  uint32_t v;
  EXPECT_FALSE(ConsumeUint32(&short_int, &v));
}

TEST(KeyCodecTest, IntegersSortAndRoundTrip) {
  std::mt19937_64 rng(3);
  std::vector<int64_t> values = {std::numeric_limits<int64_t>::min(), -1, 0, 1,
                                 std::numeric_limits<int64_t>::max()};
  for (int i = 0; i < 2000; ++i) values.push_back(static_cast<int64_t>(rng()));
  for (int64_t a : values) {
    for (int j = 0; j < 5; ++j) {
      int64_t b = values[rng() % values.size()];
      std::string ea, eb;
      AppendInt64(&ea, a);
      AppendInt64(&eb, b);
      ASSERT_EQ(Sign(ea.compare(eb)), (a > b) - (a < b));
      std::string ua, ub;
      AppendUint64(&ua, static_cast<uint64_t>(a));
      AppendUint64(&ub, static_cast<uint64_t>(b));
      ASSERT_EQ(Sign(ua.compare(ub)), (static_cast<uint64_t>(a) > static_cast<uint64_t>(b)) -
                                          (static_cast<uint64_t>(a) < static_cast<uint64_t>(b)));
    }
    std::string e;
    AppendInt64(&e, a);
    absl::string_view in(e);
    int64_t back;
    ASSERT_TRUE(ConsumeInt64(&in, &back));
    EXPECT_EQ(back, a);
  }
  std::string e32;
  AppendUint32(&e32, 0xDEADBEEF);
  absl::string_view in32(e32);
  uint32_t back32;
  ASSERT_TRUE(ConsumeUint32(&in32, &back32));
  EXPECT_EQ(back32, 0xDEADBEEFu);
}

TEST(KeyCodecTest, DoublesSortAndRoundTrip) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> dist(-1e6, 1e6);
  std::vector<double> values = {-std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::max(),
                                -1.5,
                                -std::numeric_limits<double>::denorm_min(),
                                -0.0,
                                0.0,
                                std::numeric_limits<double>::denorm_min(),
                                0.5,
                                100.0,
                                std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::infinity()};
  for (int i = 0; i < 2000; ++i) values.push_back(dist(rng));
  for (double a : values) {
    for (int j = 0; j < 40; ++j) {
      double b = values[rng() % values.size()];
      std::string ea, eb;
      AppendDouble(&ea, a);
      AppendDouble(&eb, b);
      ASSERT_EQ(Sign(ea.compare(eb)), (a > b) - (a < b)) << a << " vs " << b;
    }
    std::string e;
    AppendDouble(&e, a);
    absl::string_view in(e);
    double back;
    ASSERT_TRUE(ConsumeDouble(&in, &back));
    EXPECT_EQ(back, a);
  }
}

TEST(KeyCodecTest, PrefixSuccessorBoundsThePrefix) {
  EXPECT_EQ(PrefixSuccessor("ab"), "ac");
  EXPECT_EQ(PrefixSuccessor(std::string("a\xFF", 2)), "b");
  EXPECT_EQ(PrefixSuccessor(std::string("\xFF\xFF", 2)), "");
  std::string prefix;
  AppendString(&prefix, "tenant");
  std::string inside = prefix + "zzzz";
  EXPECT_LT(inside, PrefixSuccessor(prefix));
  EXPECT_GT(inside, prefix);
}

}  // namespace
}  // namespace supplyrisk::store
