#include "service/api/validation.h"

#include <algorithm>
#include <string>
#include <vector>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "supplyrisk/v1/response_service.pb.h"

namespace supplyrisk::api {
namespace {

std::vector<std::string> Fields(const FieldViolations& v) {
  std::vector<std::string> out;
  for (const auto& x : v.violations()) out.push_back(x.field);
  return out;
}

TEST(ValidateSupplierTest, ValidSupplierIsCanonicalised) {
  v1::Supplier s;
  s.mutable_display_name()->set_ja("株式会社テスト");
  s.set_corporate_number("7000012050002");
  s.set_lei("HWUPKR0MPOU8FGXBT394");
  s.add_domains("例え.JP");
  s.add_domains("Example.CO.JP");
  FieldViolations v;
  ValidateSupplier("supplier", &s, &v);
  EXPECT_TRUE(v.empty()) << v.ToStatus().error_message();
  EXPECT_EQ(s.domains(0), "xn--r8jz45g.jp");
  EXPECT_EQ(s.domains(1), "example.co.jp");
}

TEST(ValidateSupplierTest, EveryProblemIsReported) {
  v1::Supplier s;
  s.set_corporate_number("7000012050003");
  s.set_lei("HWUPKR0MPOU8FGXBT395");
  s.add_domains("ok.example.jp");
  s.add_domains("bad_domain.jp");
  s.add_domains("OK.example.jp");
  s.set_size(static_cast<v1::CompanySize>(42));
  s.mutable_profile()->set_security_action_stars(5);
  FieldViolations v;
  ValidateSupplier("supplier", &s, &v);
  EXPECT_EQ(Fields(v),
            (std::vector<std::string>{"supplier.display_name", "supplier.corporate_number",
                                      "supplier.lei", "supplier.domains[1]", "supplier.domains[2]",
                                      "supplier.size", "supplier.profile.security_action_stars"}));
  grpc::Status status = v.ToStatus();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_FALSE(status.error_details().empty());
}

TEST(NamesTest, ParsesAndRejects) {
  FieldViolations v;
  std::string id, supplier;
  EXPECT_TRUE(ParseName("name", "suppliers/acme-1", "suppliers", &id, &v));
  EXPECT_EQ(id, "acme-1");
  EXPECT_TRUE(ParseChildName("name", "suppliers/a/responses/r1", "responses", &supplier, &id, &v));
  EXPECT_EQ(supplier, "a");
  EXPECT_EQ(id, "r1");
  EXPECT_TRUE(v.empty());
  for (const char* bad : {"", "suppliers/", "supplier/a", "suppliers/A", "suppliers/a/b",
                          "suppliers/-a", "engagements/a"}) {
    FieldViolations one;
    EXPECT_FALSE(ParseName("name", bad, "suppliers", &id, &one)) << bad;
    EXPECT_EQ(one.size(), 1u) << bad;
  }
  FieldViolations r;
  CheckRequestId("request_id", "123e4567-e89b-42d3-a456-426614174000", &r);
  EXPECT_TRUE(r.empty());
  CheckRequestId("request_id", "123e4567e89b42d3a456426614174000", &r);
  EXPECT_EQ(r.size(), 1u);
}

TEST(ValidateAnswersTest, ChecksAgainstTheTemplate) {
  v1::Template t;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(
        id: "t"
        revision: 1
        sections {
          id: "s"
          questions { id: "yn" answer_type: ANSWER_TYPE_YES_NO }
          questions {
            id: "one"
            answer_type: ANSWER_TYPE_SINGLE_CHOICE
            options { id: "a" }
          }
          questions { id: "day" answer_type: ANSWER_TYPE_DATE }
        }
      )pb",
      &t));
  v1::SaveAnswersRequest req;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(
        answers { question_id: "yn" yes_no: YES_NO_NOT_APPLICABLE }
        answers { question_id: "one" option_id: "b" }
        answers { question_id: "day" date: "2026-02-30" }
        answers { question_id: "nope" yes_no: YES_NO_YES }
        answers { question_id: "yn" yes_no: YES_NO_YES }
        answers { question_id: "one" number: 3 }
      )pb",
      &req));
  FieldViolations v;
  ValidateAnswers("answers", req.answers(), t, TimeLimits{}, &v);
  EXPECT_EQ(Fields(v), (std::vector<std::string>{"answers[0].yes_no", "answers[1].option_id",
                                                 "answers[2].date", "answers[3].question_id",
                                                 "answers[4].question_id", "answers[5].question_id",
                                                 "answers[5].number"}));
}

TEST(ValidateAnswersTest, RepeatedFieldsAreBounded) {
  v1::Template t;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(
        id: "t"
        revision: 1
        sections {
          id: "s"
          questions { id: "yn" answer_type: ANSWER_TYPE_YES_NO }
          questions { id: "subs" answer_type: ANSWER_TYPE_SUBCONTRACTORS }
        }
      )pb",
      &t));
  v1::SaveAnswersRequest req;
  v1::Answer* yes = req.add_answers();
  yes->set_question_id("yn");
  yes->set_yes_no(v1::YES_NO_YES);
  for (int i = 0; i < 51; ++i) {
    v1::Evidence* e = yes->add_evidence();
    e->set_kind(v1::EVIDENCE_KIND_DOCUMENT);
    e->set_uri("https://example.jp/e");
  }
  v1::Answer* subs = req.add_answers();
  subs->set_question_id("subs");
  for (int i = 0; i < 501; ++i) {
    subs->mutable_subcontractors()->add_entries()->set_company_name("KK");
  }
  FieldViolations v;
  ValidateAnswers("answers", req.answers(), t, TimeLimits{}, &v);
  EXPECT_EQ(Fields(v),
            (std::vector<std::string>{"answers[0].evidence", "answers[1].subcontractors.entries"}));
}

}  // namespace
}  // namespace supplyrisk::api
