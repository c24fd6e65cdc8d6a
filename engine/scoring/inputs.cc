#include "engine/scoring/inputs.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "engine/scoring/digest.h"

namespace supplyrisk::scoring {
namespace {

using ::supplyrisk::v1::AssessmentInput;

const supplyrisk::v1::SupplierProfile& DefaultProfile() {
  static const auto* const p = new supplyrisk::v1::SupplierProfile();
  return *p;
}

// The value of each lower-case hex digit; -1 for every other byte.
struct HexTable {
  int8_t value[256];
  constexpr HexTable() : value() {
    for (int c = 0; c < 256; ++c) value[c] = -1;
    for (int c = '0'; c <= '9'; ++c) value[c] = static_cast<int8_t>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c) value[c] = static_cast<int8_t>(c - 'a' + 10);
  }
};
constexpr HexTable kHex;

// A stored hex digest (64 lower-case hex digits) as its 32 raw bytes into `out`; false, leaving
// `out` unspecified, for anything else, which is then not a digest the store wrote. Branch-free
// per byte: it runs for every input of every assessment.
bool DecodeHexDigest(absl::string_view hex, std::string* out) {
  if (hex.size() != 64) return false;
  out->resize(32);
  char* p = &(*out)[0];
  int bad = 0;
  for (int i = 0; i < 32; ++i) {
    const int hi = kHex.value[static_cast<unsigned char>(hex[2 * i])];
    const int lo = kHex.value[static_cast<unsigned char>(hex[2 * i + 1])];
    bad |= hi | lo;
    p[i] = static_cast<char>((hi << 4) | lo);
  }
  return bad >= 0;
}

// Adds an input with the stored digest, or `compute()`'s when there is none the store wrote.
template <typename Compute>
void Add(supplyrisk::v1::AssessmentInputKind kind, absl::string_view name,
         absl::string_view revision, absl::string_view stored, Compute compute,
         supplyrisk::v1::Assessment* out) {
  AssessmentInput* in = out->add_inputs();
  in->set_kind(kind);
  in->set_name(name.data(), name.size());
  if (!revision.empty()) in->set_revision(revision.data(), revision.size());
  std::string* digest = in->mutable_digest();
  if (!DecodeHexDigest(stored, digest)) DecodeHexDigest(compute(), digest);
}

bool InputLess(const AssessmentInput& a, const AssessmentInput& b) {
  return std::forward_as_tuple(a.kind(), a.name(), a.digest()) <
         std::forward_as_tuple(b.kind(), b.name(), b.digest());
}

}  // namespace

std::string InputSupplierName(const SupplierInput& in) {
  if (!in.supplier.empty()) return std::string(in.supplier);
  if (in.engagement != nullptr && !in.engagement->supplier().empty()) {
    return in.engagement->supplier();
  }
  if (in.response == nullptr) return "";
  const std::string& name = in.response->name();
  const size_t pos = name.find("/responses/");
  return pos == std::string::npos ? "" : name.substr(0, pos);
}

void RecordInputs(absl::string_view model_digest, const SupplierInput& in,
                  supplyrisk::v1::Assessment* out) {
  static const InputDigests kNone;
  const InputDigests& stored = in.digests != nullptr ? *in.digests : kNone;
  out->clear_inputs();
  out->mutable_inputs()->Reserve(static_cast<int>(in.signals.size()) + 3);
  const auto& profile = in.profile != nullptr ? *in.profile : DefaultProfile();
  Add(
      supplyrisk::v1::ASSESSMENT_INPUT_KIND_SUPPLIER_PROFILE, InputSupplierName(in), "",
      stored.profile, [&] { return ProfileDigest(profile); }, out);
  if (in.response != nullptr) {
    Add(
        supplyrisk::v1::ASSESSMENT_INPUT_KIND_RESPONSE, in.response->name(), in.response->etag(),
        stored.response, [&] { return ResponseDigest(*in.response); }, out);
  }
  const bool have_signal_digests = stored.signals.size() == in.signals.size();
  for (size_t i = 0; i < in.signals.size(); ++i) {
    const supplyrisk::v1::Signal& s = in.signals[i];
    Add(
        supplyrisk::v1::ASSESSMENT_INPUT_KIND_SIGNAL, s.id(), "",
        have_signal_digests ? absl::string_view(stored.signals[i]) : absl::string_view(),
        [&] { return SignalDigest(s); }, out);
  }
  if (in.engagement != nullptr) {
    Add(
        supplyrisk::v1::ASSESSMENT_INPUT_KIND_ENGAGEMENT, in.engagement->name(),
        in.engagement->etag(), stored.engagement, [&] { return EngagementDigest(*in.engagement); },
        out);
  }
  if (in.engagement != nullptr && in.chain != nullptr) {
    Add(
        supplyrisk::v1::ASSESSMENT_INPUT_KIND_CHAIN, "", "", "",
        [&] { return ChainDigest(*in.chain); }, out);
  }
  std::sort(out->mutable_inputs()->begin(), out->mutable_inputs()->end(), InputLess);
  out->set_input_digest(CombinedInputDigest(model_digest, in.as_of, out->inputs()));
}

std::string CombinedInputDigest(
    absl::string_view model_digest, absl::Time as_of,
    const google::protobuf::RepeatedPtrField<AssessmentInput>& sorted_inputs) {
  thread_local std::string buffer;
  Sha256 sha(&buffer);
  sha.Part('V', "supplyrisk-input-2");
  sha.Part('M', model_digest);
  sha.Part('T', absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", as_of, absl::UTCTimeZone()));
  for (const AssessmentInput& in : sorted_inputs) {
    const char kind = static_cast<char>(in.kind());
    sha.Part('K', absl::string_view(&kind, 1));
    sha.Part('N', in.name());
    sha.Part('D', in.digest());
  }
  return HexEncode(sha.Finish());
}

}  // namespace supplyrisk::scoring
