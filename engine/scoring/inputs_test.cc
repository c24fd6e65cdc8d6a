#include "engine/scoring/inputs.h"

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "engine/scoring/digest.h"
#include "gtest/gtest.h"

namespace supplyrisk::scoring {
namespace {

using ::supplyrisk::v1::Assessment;

struct Fixture {
  v1::SupplierProfile profile;
  v1::Response response;
  std::vector<v1::Signal> signals;
  v1::Engagement engagement;

  Fixture() {
    profile.set_has_website(true);
    response.set_name("suppliers/acme/responses/r1");
    response.set_etag("e1");
    response.add_answers()->set_question_id("q1");
    for (const char* id : {"s-b", "s-a", "s-c"}) {
      v1::Signal& s = signals.emplace_back();
      s.set_id(id);
      s.set_supplier("suppliers/acme");
      s.set_issue_type("spf_record_missing");
    }
    engagement.set_name("engagements/e");
    engagement.set_supplier("suppliers/acme");
  }

  SupplierInput Input() const {
    SupplierInput in;
    in.profile = &profile;
    in.response = &response;
    in.signals = signals;
    in.engagement = &engagement;
    in.as_of = absl::FromUnixSeconds(1790000000);
    return in;
  }
};

Assessment Recorded(const SupplierInput& in, absl::string_view model = "model") {
  Assessment a;
  RecordInputs(model, in, &a);
  return a;
}

TEST(InputsTest, ListsEveryInputSortedByKindThenName) {
  Fixture f;
  Assessment a = Recorded(f.Input());
  ASSERT_EQ(a.inputs_size(), 6);
  EXPECT_EQ(a.inputs(0).kind(), v1::ASSESSMENT_INPUT_KIND_SUPPLIER_PROFILE);
  EXPECT_EQ(a.inputs(0).name(), "suppliers/acme");
  EXPECT_EQ(a.inputs(1).kind(), v1::ASSESSMENT_INPUT_KIND_RESPONSE);
  EXPECT_EQ(a.inputs(1).revision(), "e1");
  EXPECT_EQ(a.inputs(2).name(), "s-a");
  EXPECT_EQ(a.inputs(3).name(), "s-b");
  EXPECT_EQ(a.inputs(4).name(), "s-c");
  EXPECT_EQ(a.inputs(5).kind(), v1::ASSESSMENT_INPUT_KIND_ENGAGEMENT);
  EXPECT_EQ(a.inputs(2).digest(), absl::HexStringToBytes(SignalDigest(f.signals[1])));
  EXPECT_EQ(a.input_digest().size(), 64u);
  EXPECT_EQ(CombinedInputDigest("model", f.Input().as_of, a.inputs()), a.input_digest());
}

TEST(InputsTest, StoredDigestsGiveWhatComputingGives) {
  Fixture f;
  InputDigests stored;
  stored.profile = ProfileDigest(f.profile);
  stored.response = ResponseDigest(f.response);
  for (const auto& s : f.signals) stored.signals.push_back(SignalDigest(s));
  stored.engagement = EngagementDigest(f.engagement);
  SupplierInput in = f.Input();
  in.digests = &stored;
  EXPECT_EQ(SerializeDeterministic(Recorded(in)), SerializeDeterministic(Recorded(f.Input())));
  // The stored digests are what is hashed: a different stored one is a different input.
  stored.signals[0] = std::string(64, 'a');
  EXPECT_NE(Recorded(in).input_digest(), Recorded(f.Input()).input_digest());
  // Something that is not a digest the store wrote is not trusted.
  stored.signals[0] = "not hex";
  EXPECT_EQ(Recorded(in).input_digest(), Recorded(f.Input()).input_digest());
}

TEST(InputsTest, SignalOrderDoesNotMatterAndEveryInputDoes) {
  Fixture f;
  const std::string base = Recorded(f.Input()).input_digest();
  Fixture g;
  std::swap(g.signals[0], g.signals[2]);
  EXPECT_EQ(Recorded(g.Input()).input_digest(), base);

  std::vector<std::string> seen = {base};
  auto expect_new = [&](const SupplierInput& in, absl::string_view what) {
    std::string d = Recorded(in).input_digest();
    for (const auto& s : seen) EXPECT_NE(d, s) << what;
    seen.push_back(d);
  };
  Fixture h;
  h.signals[1].set_detail("resolved later");
  expect_new(h.Input(), "a changed signal");
  Fixture i;
  i.signals.pop_back();
  expect_new(i.Input(), "a removed signal");
  Fixture j;
  j.response.mutable_answers(0)->set_comment("x");
  expect_new(j.Input(), "a changed answer");
  Fixture k;
  k.profile.set_operates_ot(true);
  expect_new(k.Input(), "a changed profile");
  Fixture l;
  l.engagement.set_criticality(v1::CRITICALITY_HIGH);
  expect_new(l.Input(), "a changed engagement");
  SupplierInput later = f.Input();
  later.as_of += absl::Seconds(1);
  expect_new(later, "another as_of");
  EXPECT_NE(Recorded(f.Input(), "other model").input_digest(), base);
  SupplierInput no_engagement = f.Input();
  no_engagement.engagement = nullptr;
  expect_new(no_engagement, "no engagement");
  // A revision is not content: the same content written again is the same input.
  Fixture m;
  m.response.set_etag("e2");
  m.engagement.set_etag("e9");
  EXPECT_EQ(Recorded(m.Input()).input_digest(), base);
}

// A signal moved from one name to another is a different input even with the same content bytes.
TEST(InputsTest, NamesAreDigested) {
  Fixture f;
  SupplierInput in = f.Input();
  in.supplier = "suppliers/other";
  EXPECT_NE(Recorded(in).input_digest(), Recorded(f.Input()).input_digest());
}

}  // namespace
}  // namespace supplyrisk::scoring
