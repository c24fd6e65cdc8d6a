#include "engine/common/sha256.h"

#include "gtest/gtest.h"
#include "supplyrisk/v1/policy.pb.h"

namespace supplyrisk {
namespace {

TEST(Sha256Test, KnownVectors) {
  // FIPS 180-2 test vectors.
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, IncrementalEqualsOneShot) {
  Sha256 h;
  h.Update("a");
  h.Update("bc");
  EXPECT_EQ(h.HexDigest(), Sha256Hex("abc"));
}

TEST(Sha256Test, FieldsAreLengthPrefixed) {
  Sha256 a, b;
  a.UpdateField("ab");
  a.UpdateField("c");
  b.UpdateField("a");
  b.UpdateField("bc");
  EXPECT_NE(a.HexDigest(), b.HexDigest());
  Sha256 c;
  c.UpdateField("abc");
  EXPECT_EQ(c.HexDigest(), Sha256Hex(std::string("\0\0\0\0\0\0\0\3abc", 11)));
}

TEST(Sha256Test, RawDigestIs32BytesAndHexMatches) {
  Sha256 h;
  h.Update("abc");
  std::string raw = h.RawDigest();
  ASSERT_EQ(raw.size(), 32u);
  EXPECT_EQ(HexEncode(raw), Sha256Hex("abc"));
}

TEST(HexEncodeTest, AllByteValues) {
  EXPECT_EQ(HexEncode(std::string("\x00\x0f\xf0\xff", 4)), "000ff0ff");
  EXPECT_EQ(HexEncode(""), "");
}

TEST(SerializeDeterministicTest, MapOrderDoesNotMatter) {
  v1::ScoringPolicy a, b;
  for (const char* key : {"x", "y", "z", "w"}) (*a.mutable_fade_days())[key] = key[0];
  for (const char* key : {"w", "z", "y", "x"}) (*b.mutable_fade_days())[key] = key[0];
  EXPECT_EQ(SerializeDeterministic(a), SerializeDeterministic(b));
  v1::ScoringPolicy parsed;
  ASSERT_TRUE(parsed.ParseFromString(SerializeDeterministic(a)));
  EXPECT_EQ(parsed.fade_days().at("y"), 'y');
  std::string reused = "stale";
  SerializeDeterministicTo(a, &reused);
  EXPECT_EQ(reused, SerializeDeterministic(a));
}

}  // namespace
}  // namespace supplyrisk
