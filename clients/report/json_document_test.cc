#include "clients/report/json_document.h"

#include "gtest/gtest.h"

namespace supplyrisk::report {
namespace {

TEST(JsonDocument, WritesMembersInTheOrderSetAndLeavesOutEmptyLists) {
  JsonValue doc = JsonValue::Object();
  doc.Set("z", JsonValue::String("first"));
  JsonValue& list = doc.Set("empty", JsonValue::Array());
  JsonValue& nested = doc.Set("nested", JsonValue::Object());
  nested.Set("only_empty", JsonValue::Array());
  doc.Set("a", JsonValue::String("last"));
  EXPECT_EQ(list.size(), 0u);
  EXPECT_EQ(doc.Write(), "{\n  \"z\": \"first\",\n  \"a\": \"last\"\n}\n");
}

TEST(JsonDocument, ReferencesSurviveLaterInsertions) {
  JsonValue doc = JsonValue::Object();
  JsonValue& first = doc.Set("first", JsonValue::Array());
  for (int i = 0; i < 100; ++i) doc.Set("k" + std::to_string(i), JsonValue::String("v"));
  first.Add(JsonValue::String("still here"));
  EXPECT_NE(doc.Write().find("\"first\": [\n    \"still here\"\n  ]"), std::string::npos);
}

TEST(JsonDocument, EscapesStrings) {
  JsonValue doc = JsonValue::Array();
  doc.Add(JsonValue::String("\"<b>\"\\\n\x01株"));
  EXPECT_EQ(doc.Write(), "[\n  \"\\\"<b>\\\"\\\\\\n\\u0001株\"\n]\n");
}

TEST(JsonDocument, EmptyDocumentsAreWrittenAsSuch) {
  EXPECT_EQ(JsonValue::Object().Write(), "{}\n");
  EXPECT_EQ(JsonValue::Array().Write(), "[]\n");
}

}  // namespace
}  // namespace supplyrisk::report
