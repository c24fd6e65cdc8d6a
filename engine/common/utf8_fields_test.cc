#include "engine/common/utf8_fields.h"

#include "gtest/gtest.h"
#include "proto/supplyrisk/v1/response.pb.h"

namespace supplyrisk {
namespace {

TEST(NonUtf8Field, NamesTheNestedRepeatedField) {
  v1::Response r;
  r.add_answers()->set_question_id("a");
  v1::Answer* second = r.add_answers();
  second->set_question_id("b");
  EXPECT_EQ(NonUtf8Field(r), "");
  second->add_evidence()->set_uri("https://x/");
  second->add_evidence()->set_uri("https://x/\xff");
  EXPECT_EQ(NonUtf8Field(r), "answers[1].evidence[1].uri");
}

TEST(NonUtf8Field, AcceptsMultibyteText) {
  v1::Response r;
  r.add_answers()->set_question_id("\xe6\xa0\xaa\xe5\xbc\x8f");  // 株式
  EXPECT_EQ(NonUtf8Field(r), "");
}

}  // namespace
}  // namespace supplyrisk
