#include "engine/scoring/digest.h"

#include <set>
#include <string>

#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"

namespace supplyrisk::scoring {
namespace {

// Every message type reachable from `d` (d included).
void Reachable(const google::protobuf::Descriptor* d,
               std::set<const google::protobuf::Descriptor*>* out) {
  if (!out->insert(d).second) return;
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->message_type() != nullptr)
      Reachable(d->field(i)->message_type(), out);
  }
}

// The supplier digest serialises these with MessageWithoutMaps, which is only
// deterministic while no map field exists anywhere inside them.
TEST(DigestTest, SupplierInputsHaveNoMapFields) {
  std::set<const google::protobuf::Descriptor*> types;
  Reachable(v1::SupplierProfile::descriptor(), &types);
  Reachable(v1::Response::descriptor(), &types);
  Reachable(v1::Signal::descriptor(), &types);
  Reachable(v1::Engagement::descriptor(), &types);
  for (const auto* d : types) {
    for (int i = 0; i < d->field_count(); ++i) {
      EXPECT_FALSE(d->field(i)->is_map()) << d->field(i)->full_name();
    }
  }
  EXPECT_GT(types.size(), 4u);
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

}  // namespace
}  // namespace supplyrisk::scoring
