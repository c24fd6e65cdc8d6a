#include "engine/scoring/digest.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/unknown_field_set.h"
#include "gtest/gtest.h"

namespace supplyrisk::scoring {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Every message type reachable from `d` (d included).
void Reachable(const Descriptor* d, std::set<const Descriptor*>* out) {
  if (!out->insert(d).second) return;
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->message_type() != nullptr) Reachable(d->field(i)->message_type(), out);
  }
}

std::set<const Descriptor*> SupplierInputTypes() {
  std::set<const Descriptor*> types;
  Reachable(v1::SupplierProfile::descriptor(), &types);
  Reachable(v1::Response::descriptor(), &types);
  Reachable(v1::Signal::descriptor(), &types);
  Reachable(v1::Engagement::descriptor(), &types);
  return types;
}

// The supplier digest serialises these with MessageWithoutMaps, which is only deterministic while
// no map field exists anywhere inside them.
TEST(DigestTest, SupplierInputsHaveNoMapFields) {
  const auto types = SupplierInputTypes();
  for (const auto* d : types) {
    for (int i = 0; i < d->field_count(); ++i) {
      EXPECT_FALSE(d->field(i)->is_map()) << d->field(i)->full_name();
    }
  }
  EXPECT_GT(types.size(), 4u);
}

// A field added to any supplier input must be added to the digest's encoder too: until then this
// fails (and the random test below checks the new code).
TEST(DigestTest, EncoderWritesEveryFieldOfTheSupplierInputs) {
  const auto types = SupplierInputTypes();
  for (const auto* d : types) {
    std::vector<int> numbers;
    for (int i = 0; i < d->field_count(); ++i) {
      numbers.push_back(d->field(i)->number());
    }
    std::sort(numbers.begin(), numbers.end());
    EXPECT_EQ(WireEncodedFields(d->full_name()), numbers) << d->full_name();
    EXPECT_EQ(d->extension_range_count(), 0) << d->full_name();
  }
  EXPECT_EQ(types.size(), 10u);
  EXPECT_TRUE(WireEncodedFields("supplyrisk.v1.Template").empty());
}

TEST(DigestTest, MessageWithoutMapsMatchesMessage) {
  v1::Answer a;
  a.set_question_id("q1");
  a.mutable_options()->add_option_ids("o1");
  a.mutable_options()->add_option_ids("o2");
  a.add_evidence()->set_uri("doc://x");
  a.mutable_answered_at()->set_seconds(1700000000);
  Sha256 x, y;
  x.Part('V', "v");
  y.Part('V', "v");
  x.Message('A', a);
  y.MessageWithoutMaps('A', a);
  EXPECT_EQ(HexEncode(x.Finish()), HexEncode(y.Finish()));
  Sha256 z;
  z.Part('V', "v");
  z.MessageWithoutMaps('A', v1::Answer());
  Sha256 w;
  w.Part('V', "v");
  w.MessageWithoutMaps('A', a);
  EXPECT_NE(HexEncode(z.Finish()), HexEncode(w.Finish()));
}

// Known vectors, through contexts handed from one Sha256 to the next, nested ones, and inputs
// larger than the gathering block.
TEST(DigestTest, Sha256KnownVectors) {
  const std::string abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  const std::string empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  const std::string million_a = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  for (int round = 0; round < 3; ++round) {
    {
      Sha256 abandoned;  // its context goes back unfinished
      abandoned.Update("not part of any digest");
    }
    Sha256 outer;
    outer.Update("a");
    {
      Sha256 inner;
      inner.Update("abc");
      EXPECT_EQ(HexEncode(inner.Finish()), abc);
    }
    {
      Sha256 nothing;
      EXPECT_EQ(HexEncode(nothing.Finish()), empty);
    }
    outer.Update("bc");
    EXPECT_EQ(HexEncode(outer.Finish()), abc);
  }
  std::string buffer = "left over";
  Sha256 big(&buffer);
  for (int i = 0; i < 1000; ++i) big.Update(std::string(1000, 'a'));
  EXPECT_EQ(HexEncode(big.Finish()), million_a);
  Sha256 one(&buffer);
  one.Update(std::string(1000000, 'a'));
  EXPECT_EQ(HexEncode(one.Finish()), million_a);
}

// Random messages through reflection: every field, oneof members, repeated fields, nested messages
// unset, empty or filled; zero, negative, extreme and unknown enum values; empty, non-ASCII and
// long strings.
class RandomFiller {
 public:
  // With `unknown_one_in` > 0, about one message in that many gets an unknown field, wherever it is
  // nested.
  explicit RandomFiller(uint64_t seed, int unknown_one_in = 0)
      : rng_(seed), unknown_one_in_(unknown_one_in) {}

  int Below(int n) { return static_cast<int>(rng_() % n); }

  void Fill(Message* m, int depth) {
    const Descriptor* d = m->GetDescriptor();
    const Reflection* r = m->GetReflection();
    if (unknown_one_in_ > 0 && Below(unknown_one_in_) == 0) {
      r->MutableUnknownFields(m)->AddVarint(1000 + Below(5), Below(300));
    }
    for (int i = 0; i < d->real_oneof_decl_count(); ++i) {
      const auto* oneof = d->oneof_decl(i);
      const int pick = Below(oneof->field_count() + 1);
      if (pick < oneof->field_count()) SetOne(m, oneof->field(pick), depth);
    }
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      if (f->real_containing_oneof() != nullptr) continue;
      if (f->is_repeated()) {
        const int n = Below(4) == 0 ? 0 : Below(5);
        for (int k = 0; k < n; ++k) AddOne(m, f, depth);
      } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        switch (Below(3)) {
          case 0:
            break;  // unset
          case 1:
            r->MutableMessage(m, f);  // present but empty
            break;
          default:
            if (depth < 4) Fill(r->MutableMessage(m, f), depth + 1);
        }
      } else if (Below(3) != 0) {
        SetOne(m, f, depth);
      }
    }
  }

  int32_t Int32() {
    static constexpr int32_t kValues[] = {0,
                                          1,
                                          -1,
                                          127,
                                          128,
                                          300,
                                          std::numeric_limits<int32_t>::max(),
                                          std::numeric_limits<int32_t>::min()};
    if (Below(3) == 0) return static_cast<int32_t>(rng_());
    return kValues[Below(8)];
  }
  int64_t Int64() {
    static constexpr int64_t kValues[] = {0,
                                          1,
                                          -1,
                                          1700000000,
                                          -62135596800,
                                          std::numeric_limits<int64_t>::max(),
                                          std::numeric_limits<int64_t>::min()};
    if (Below(3) == 0) return static_cast<int64_t>(rng_());
    return kValues[Below(7)];
  }
  double Double() {
    static const double kValues[] = {0.0,
                                     -0.0,
                                     1.5,
                                     -2.25,
                                     1e300,
                                     std::numeric_limits<double>::infinity(),
                                     std::numeric_limits<double>::quiet_NaN(),
                                     std::numeric_limits<double>::denorm_min()};
    if (Below(3) == 0) return std::ldexp(static_cast<double>(rng_()), -40);
    return kValues[Below(8)];
  }
  int Enum(const google::protobuf::EnumDescriptor* e) {
    switch (Below(6)) {
      case 0:
        return 0;
      case 1:
        return 1000;  // unknown to the enum: proto3 keeps it
      case 2:
        return -3;  // negative: ten bytes on the wire
      default:
        return e->value(Below(e->value_count()))->number();
    }
  }
  std::string String() {
    switch (Below(7)) {
      case 0:
        return "";
      case 1:
        return "q-" + std::to_string(Below(20));
      case 2:
        return "サプライヤー管理 ✓ " + std::to_string(Below(5));
      case 3:
        return std::string(100 + Below(200), 'x');  // 2-byte lengths
      case 4:
        if (Below(10) == 0) return std::string(20000, 'y');  // 3-byte lengths
        return "z";
      default:
        return std::string(1 + Below(10), static_cast<char>('a' + Below(26)));
    }
  }

 private:
  void SetOne(Message* m, const FieldDescriptor* f, int depth) {
    const Reflection* r = m->GetReflection();
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        r->SetInt32(m, f, Int32());
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        r->SetInt64(m, f, Int64());
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE:
        r->SetDouble(m, f, Double());
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        r->SetBool(m, f, Below(2) == 0);
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        r->SetEnumValue(m, f, Enum(f->enum_type()));
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        r->SetString(m, f, String());
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE: {
        Message* sub = r->MutableMessage(m, f);
        if (depth < 4 && Below(4) != 0) Fill(sub, depth + 1);
        break;
      }
      default:
        ADD_FAILURE() << "field type the filler does not know: " << f->full_name();
    }
  }

  void AddOne(Message* m, const FieldDescriptor* f, int depth) {
    const Reflection* r = m->GetReflection();
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        r->AddInt32(m, f, Int32());
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        r->AddInt64(m, f, Int64());
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE:
        r->AddDouble(m, f, Double());
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        r->AddBool(m, f, Below(2) == 0);
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        r->AddEnumValue(m, f, Enum(f->enum_type()));
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        r->AddString(m, f, String());
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE: {
        Message* sub = r->AddMessage(m, f);
        if (depth < 4) Fill(sub, depth + 1);
        break;
      }
      default:
        ADD_FAILURE() << "field type the filler does not know: " << f->full_name();
    }
  }

  std::mt19937_64 rng_;
  int unknown_one_in_;
};

bool HasUnknownFieldsAnywhere(const Message& m) {
  const Reflection* r = m.GetReflection();
  if (!r->GetUnknownFields(m).empty()) return true;
  std::vector<const FieldDescriptor*> fields;
  r->ListFields(m, &fields);
  for (const auto* f : fields) {
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (f->is_repeated()) {
      for (int i = 0; i < r->FieldSize(m, f); ++i) {
        if (HasUnknownFieldsAnywhere(r->GetRepeatedMessage(m, f, i))) {
          return true;
        }
      }
    } else if (HasUnknownFieldsAnywhere(r->GetMessage(m, f))) {
      return true;
    }
  }
  return false;
}

std::string Serialized(const Message& m) {
  std::string s;
  SerializeDeterministicTo(m, &s);
  return s;
}

// The encoder's bytes for `m` after a prefix, which it must leave alone; or, for a message with
// unknown fields anywhere inside, its refusal. Counts messages encoded and refused.
template <typename M>
void ExpectEncodesAsProtobuf(const M& m, int iteration, int* encoded = nullptr,
                             int* refused = nullptr) {
  std::string out = "prefix";
  if (HasUnknownFieldsAnywhere(m)) {
    EXPECT_FALSE(AppendWireFormat(m, &out)) << iteration << ": " << m.ShortDebugString();
    EXPECT_EQ(out, "prefix");
    if (refused != nullptr) ++*refused;
    return;
  }
  if (encoded != nullptr) ++*encoded;
  ASSERT_TRUE(AppendWireFormat(m, &out)) << iteration << ": " << m.ShortDebugString();
  ASSERT_EQ(out.substr(0, 6), "prefix");
  EXPECT_EQ(out.substr(6), Serialized(m))
      << iteration << ": " << M::descriptor()->full_name() << " " << m.ShortDebugString();
}

TEST(DigestTest, EncoderWritesWhatProtobufWrites) {
  RandomFiller filler(20240601, /*unknown_one_in=*/60);
  int encoded = 0, refused = 0;
  for (int i = 0; i < 1500; ++i) {
    v1::Answer answer;
    filler.Fill(&answer, 0);
    ExpectEncodesAsProtobuf(answer, i, &encoded, &refused);
    v1::Signal signal;
    filler.Fill(&signal, 0);
    ExpectEncodesAsProtobuf(signal, i, &encoded, &refused);
    v1::SupplierProfile profile;
    filler.Fill(&profile, 0);
    ExpectEncodesAsProtobuf(profile, i, &encoded, &refused);
    v1::Engagement engagement;
    filler.Fill(&engagement, 0);
    ExpectEncodesAsProtobuf(engagement, i, &encoded, &refused);
    v1::Response response;
    filler.Fill(&response, 0);
    ExpectEncodesAsProtobuf(response, i, &encoded, &refused);
    if (HasFailure()) return;
  }
  // Both kinds occur often enough to mean something.
  EXPECT_GT(encoded, 5000);
  EXPECT_GT(refused, 200);
}

TEST(DigestTest, EncoderWritesDefaultsAndEmptyMessagesAsProtobufDoes) {
  ExpectEncodesAsProtobuf(v1::Answer(), 0);
  ExpectEncodesAsProtobuf(v1::Signal(), 0);
  ExpectEncodesAsProtobuf(v1::SupplierProfile(), 0);
  ExpectEncodesAsProtobuf(v1::Engagement(), 0);
  ExpectEncodesAsProtobuf(v1::Response(), 0);
  // Oneof members set to their zero values are still written.
  v1::Answer a;
  a.set_yes_no(v1::YES_NO_UNSPECIFIED);
  ExpectEncodesAsProtobuf(a, 1);
  a.set_number(0.0);
  ExpectEncodesAsProtobuf(a, 2);
  a.set_option_id("");
  ExpectEncodesAsProtobuf(a, 3);
  a.mutable_options();
  ExpectEncodesAsProtobuf(a, 4);
  a.mutable_subcontractors()->add_entries();
  a.mutable_answered_at();
  ExpectEncodesAsProtobuf(a, 5);
  // Invalid UTF-8 is written as it is (protobuf only logs it).
  a.set_comment(std::string("\xff\xfe ok", 5));
  ExpectEncodesAsProtobuf(a, 6);
}

TEST(DigestTest, EncoderLeavesUnknownFieldsToProtobuf) {
  v1::Answer a;
  a.set_question_id("q1");
  a.add_evidence()->set_uri("doc://x");
  std::string out = "kept";
  ASSERT_TRUE(AppendWireFormat(a, &out));
  // Unknown fields anywhere inside make the encoder decline, writing nothing.
  a.mutable_evidence(0)
      ->GetReflection()
      ->MutableUnknownFields(a.mutable_evidence(0))
      ->AddVarint(99, 5);
  out = "kept";
  EXPECT_FALSE(AppendWireFormat(a, &out));
  EXPECT_EQ(out, "kept");
  v1::Signal s;
  s.mutable_observed_at()
      ->GetReflection()
      ->MutableUnknownFields(s.mutable_observed_at())
      ->AddFixed32(7, 1);
  EXPECT_FALSE(AppendWireFormat(s, &out));
  v1::SupplierProfile p;
  p.GetReflection()->MutableUnknownFields(&p)->AddLengthDelimited(40, "x");
  EXPECT_FALSE(AppendWireFormat(p, &out));
  EXPECT_EQ(out, "kept");
  Sha256 sha;
  EXPECT_FALSE(sha.SupplierPart('P', p));
  // An unknown field set left empty changes nothing on the wire.
  v1::Engagement e;
  e.set_title("t");
  e.GetReflection()->MutableUnknownFields(&e);
  out.clear();
  ASSERT_TRUE(AppendWireFormat(e, &out));
  EXPECT_EQ(out, Serialized(e));
}

// The per-input digests computed through protobuf only (the digest.h layout); the encoder's
// digests must equal them for any input.
std::string Hex(Sha256& sha) { return HexEncode(sha.Finish()); }

std::string ReferenceProfileDigest(const v1::SupplierProfile& profile) {
  Sha256 sha;
  sha.Part('V', "supplyrisk-profile-1");
  sha.MessageWithoutMaps('P', profile);
  return Hex(sha);
}

std::string ReferenceResponseDigest(const v1::Response& response) {
  Sha256 sha;
  sha.Part('V', "supplyrisk-response-1");
  v1::Response head;
  head.set_name(response.name());
  head.set_template_id(response.template_id());
  head.set_template_revision(response.template_revision());
  head.set_state(response.state());
  if (response.has_submitted_at()) *head.mutable_submitted_at() = response.submitted_at();
  sha.MessageWithoutMaps('R', head);
  std::vector<const v1::Answer*> answers;
  for (const auto& a : response.answers()) answers.push_back(&a);
  std::stable_sort(answers.begin(), answers.end(), [](const auto* a, const auto* b) {
    return a->question_id() < b->question_id();
  });
  for (const auto* a : answers) {
    v1::Answer canonical = *a;
    if (canonical.has_options()) {
      auto* ids = canonical.mutable_options()->mutable_option_ids();
      std::sort(ids->begin(), ids->end());
    }
    std::vector<std::string> evidence;
    for (const auto& e : canonical.evidence()) evidence.push_back(Serialized(e));
    std::sort(evidence.begin(), evidence.end());
    canonical.clear_evidence();
    for (const auto& e : evidence) canonical.add_evidence()->ParseFromString(e);
    sha.MessageWithoutMaps('A', canonical);
  }
  return Hex(sha);
}

std::string ReferenceSignalDigest(const v1::Signal& signal) {
  Sha256 sha;
  sha.Part('V', "supplyrisk-signal-1");
  v1::Signal s = signal;
  s.clear_digest();
  sha.MessageWithoutMaps('S', s);
  return Hex(sha);
}

std::string ReferenceEngagementDigest(const v1::Engagement& engagement) {
  Sha256 sha;
  sha.Part('V', "supplyrisk-engagement-1");
  v1::Engagement e = engagement;
  e.clear_etag();
  e.clear_digest();
  std::sort(e.mutable_data_classes()->begin(), e.mutable_data_classes()->end());
  sha.MessageWithoutMaps('E', e);
  return Hex(sha);
}

void MaybeAddUnknownField(RandomFiller& filler, Message* m) {
  if (filler.Below(12) == 0) {
    m->GetReflection()->MutableUnknownFields(m)->AddVarint(1000 + filler.Below(5),
                                                           filler.Below(300));
  }
}

TEST(DigestTest, InputDigestsMatchTheProtobufEncoding) {
  RandomFiller filler(77, /*unknown_one_in=*/80);
  for (int i = 0; i < 400; ++i) {
    v1::SupplierProfile profile;
    filler.Fill(&profile, 0);
    MaybeAddUnknownField(filler, &profile);
    ASSERT_EQ(ProfileDigest(profile), ReferenceProfileDigest(profile)) << i;
    v1::Response response;
    filler.Fill(&response, 0);
    MaybeAddUnknownField(filler, &response);
    if (response.has_submitted_at()) {
      MaybeAddUnknownField(filler, response.mutable_submitted_at());
    }
    // Answers with option ids and evidence in any order, some unknown fields.
    const int extra = filler.Below(6);
    for (int k = 0; k < extra; ++k) {
      v1::Answer* a = response.add_answers();
      filler.Fill(a, 0);
      if (filler.Below(2) == 0) {
        auto* ids = a->mutable_options()->mutable_option_ids();
        for (int n = filler.Below(5); n > 0; --n) {
          *a->mutable_options()->add_option_ids() = filler.String();
        }
        std::shuffle(ids->begin(), ids->end(), std::mt19937(i + k));
      }
      MaybeAddUnknownField(filler, a);
      if (a->has_options()) MaybeAddUnknownField(filler, a->mutable_options());
    }
    ASSERT_EQ(ResponseDigest(response), ReferenceResponseDigest(response)) << i;
    v1::Signal signal;
    filler.Fill(&signal, 0);
    MaybeAddUnknownField(filler, &signal);
    ASSERT_EQ(SignalDigest(signal), ReferenceSignalDigest(signal)) << i;
    v1::Engagement engagement;
    filler.Fill(&engagement, 0);
    MaybeAddUnknownField(filler, &engagement);
    ASSERT_EQ(EngagementDigest(engagement), ReferenceEngagementDigest(engagement)) << i;
  }
}

// Every field of an input is content: changing any one of them (to any other value the filler
// makes) changes its digest, except the fields that are not content (etags, the digest itself).
template <typename M>
void ExpectEveryFieldCounts(std::string (*digest)(const M&), const std::set<int>& not_content) {
  RandomFiller filler(31);
  const Descriptor* d = M::descriptor();
  int checked = 0;
  for (int trial = 0; trial < 60; ++trial) {
    M base;
    filler.Fill(&base, 0);
    const std::string before = digest(base);
    for (int f = 0; f < d->field_count(); ++f) {
      const FieldDescriptor* field = d->field(f);
      M changed = base;
      filler.Fill(&changed, 0);
      // Back to base everywhere except `field`.
      M probe = base;
      const Reflection* r = probe.GetReflection();
      r->ClearField(&probe, field);
      M only;
      only.CopyFrom(changed);
      for (int g = 0; g < d->field_count(); ++g) {
        if (g != f) only.GetReflection()->ClearField(&only, d->field(g));
      }
      probe.MergeFrom(only);
      if (Serialized(probe) == Serialized(base)) continue;  // drew the same value
      if (not_content.count(field->number()) > 0) {
        EXPECT_EQ(digest(probe), before) << field->full_name();
      } else {
        EXPECT_NE(digest(probe), before) << field->full_name();
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100) << d->full_name();
}

TEST(DigestTest, EveryContentFieldChangesItsInputsDigest) {
  ExpectEveryFieldCounts<v1::SupplierProfile>(&ProfileDigest, {});
  ExpectEveryFieldCounts<v1::Signal>(&SignalDigest, {v1::Signal::kDigestFieldNumber});
  ExpectEveryFieldCounts<v1::Engagement>(
      &EngagementDigest, {v1::Engagement::kEtagFieldNumber, v1::Engagement::kDigestFieldNumber});
  std::string (*response_digest)(const v1::Response&) = &ResponseDigest;
  ExpectEveryFieldCounts<v1::Response>(
      response_digest, {v1::Response::kEtagFieldNumber, v1::Response::kDigestFieldNumber});
}

TEST(DigestTest, AnyChangedByteOfAnAnswerChangesTheResponseDigest) {
  v1::Response r;
  r.set_name("suppliers/s/responses/r");
  auto* a = r.add_answers();
  a->set_question_id("q1");
  a->set_text("we patch monthly");
  r.add_answers()->set_question_id("q2");
  const std::string before = ResponseDigest(r);
  for (size_t k = 0; k < a->text().size(); ++k) {
    v1::Response changed = r;
    (*changed.mutable_answers(0)->mutable_text())[k] ^= 1;
    EXPECT_NE(ResponseDigest(changed), before) << k;
  }
  v1::Response removed = r;
  removed.mutable_answers()->RemoveLast();
  EXPECT_NE(ResponseDigest(removed), before);
}

TEST(DigestTest, OrderWithoutMeaningDoesNotChangeADigest) {
  v1::Response r;
  r.set_name("suppliers/s/responses/r");
  for (const char* q : {"q3", "q1", "q2"}) {
    auto* a = r.add_answers();
    a->set_question_id(q);
    a->mutable_options()->add_option_ids("b");
    a->mutable_options()->add_option_ids("a");
    a->add_evidence()->set_uri("doc://2");
    a->add_evidence()->set_uri("doc://1");
  }
  v1::Response reordered = r;
  std::reverse(reordered.mutable_answers()->begin(), reordered.mutable_answers()->end());
  for (auto& a : *reordered.mutable_answers()) {
    std::reverse(a.mutable_options()->mutable_option_ids()->begin(),
                 a.mutable_options()->mutable_option_ids()->end());
    std::reverse(a.mutable_evidence()->begin(), a.mutable_evidence()->end());
  }
  EXPECT_EQ(ResponseDigest(reordered), ResponseDigest(r));
  v1::Engagement e;
  e.add_data_classes(v1::DataClass(2));
  e.add_data_classes(v1::DataClass(1));
  v1::Engagement f;
  f.add_data_classes(v1::DataClass(1));
  f.add_data_classes(v1::DataClass(2));
  EXPECT_EQ(EngagementDigest(e), EngagementDigest(f));
  // A revision or a stored digest is not content.
  f.set_etag("abc");
  f.set_digest(EngagementDigest(e));
  EXPECT_EQ(EngagementDigest(e), EngagementDigest(f));
}

// The kinds are tagged apart: an empty profile, response, signal and engagement differ.
TEST(DigestTest, EmptyInputsOfDifferentKindsDiffer) {
  std::set<std::string> seen = {ProfileDigest({}), ResponseDigest(v1::Response()), SignalDigest({}),
                                EngagementDigest({})};
  EXPECT_EQ(seen.size(), 4u);
  for (const auto& d : seen) EXPECT_EQ(d.size(), 64u);
}

// The thread's gathering buffer holds a large earlier input: a later, small digest must not see any
// of it.
TEST(DigestTest, InputDigestsIgnoreWhatEarlierDigestsLeft) {
  v1::Response big;
  for (int k = 0; k < 200; ++k) {
    auto* a = big.add_answers();
    a->set_question_id("q" + std::to_string(k));
    a->set_text(std::string(1000, 't'));
  }
  ResponseDigest(big);
  v1::Response small;
  small.set_name("suppliers/s/responses/r");
  EXPECT_EQ(ResponseDigest(small), ReferenceResponseDigest(small));
  EXPECT_EQ(ResponseDigest(big), ReferenceResponseDigest(big));
  v1::Signal s;
  s.set_id("x");
  EXPECT_EQ(SignalDigest(s), ReferenceSignalDigest(s));
}

}  // namespace
}  // namespace supplyrisk::scoring
