#include "engine/scoring/digest.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/timestamp.pb.h"

namespace supplyrisk::scoring {
namespace {

// Bytes gathered before they are hashed: one EVP call per small part costs more than the hashing
// itself.
constexpr size_t kBlock = 64 * 1024;

// The EVP core. //engine/common:sha256 is the project's SHA-256; this class keeps its own EVP
// context only because the input digest runs once per supplier scored and the shared class sets up
// a context per object: EVP_sha256() makes every EVP_DigestInit_ex fetch the implementation again,
// and allocating a context per digest shows too (about 0.15 us per digest, measured with
// BM_FloorHashInputs). So the algorithm is fetched once and each thread keeps the context of its
// last finished digest for the next one. The bytes are the same SHA-256 either way (digest_test
// checks known vectors).
const EVP_MD* Sha256Algorithm() {
  // Lives as long as the process, so it is never freed.
  static const EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) std::abort();
    return fetched;
  }();
  return md;
}

struct SpareContext {
  EVP_MD_CTX* md = nullptr;
  ~SpareContext() { EVP_MD_CTX_free(md); }
};
thread_local SpareContext spare_context;

// `n` as 8 little-endian bytes: a part's length, a double on the wire.
void PutLittleEndian64(uint64_t n, char* out) {
  google::protobuf::io::CodedOutputStream::WriteLittleEndian64ToArray(
      n, reinterpret_cast<uint8_t*>(out));
}

}  // namespace

Sha256::Sha256() : Sha256(nullptr) {}

Sha256::Sha256(std::string* buffer)
    : md_(std::exchange(spare_context.md, nullptr)),
      buffer_(buffer != nullptr ? *buffer : own_buffer_) {
  if (md_ == nullptr) md_ = EVP_MD_CTX_new();
  // Allocation failure of a few bytes leaves nothing sensible to do.
  if (md_ == nullptr || EVP_DigestInit_ex(md_, Sha256Algorithm(), nullptr) != 1) std::abort();
}

Sha256::~Sha256() {
  if (spare_context.md == nullptr) {
    spare_context.md = md_;
  } else {
    EVP_MD_CTX_free(md_);
  }
}

char* Sha256::Reserve(size_t n) {
  if (buffer_.size() - used_ < n) {
    buffer_.resize(std::max(2 * buffer_.size(), used_ + n + 1024));
  }
  return &buffer_[used_];
}

void Sha256::MaybeFlush() {
  if (used_ >= kBlock) {
    EVP_DigestUpdate(md_, buffer_.data(), used_);
    used_ = 0;
  }
}

void Sha256::Update(absl::string_view bytes) {
  if (bytes.empty()) return;
  std::memcpy(Reserve(bytes.size()), bytes.data(), bytes.size());
  used_ += bytes.size();
  MaybeFlush();
}

void Sha256::Part(char tag, absl::string_view bytes) {
  char* out = Reserve(9 + bytes.size());
  out[0] = tag;
  PutLittleEndian64(bytes.size(), out + 1);
  if (!bytes.empty()) std::memcpy(out + 9, bytes.data(), bytes.size());
  used_ += 9 + bytes.size();
  MaybeFlush();
}

// Serialised straight into the block buffer: no scratch string, no copy.
void Sha256::Message(char tag, const google::protobuf::MessageLite& m) {
  const size_t n = m.ByteSizeLong();
  char* out = Reserve(9 + n);
  out[0] = tag;
  PutLittleEndian64(n, out + 1);
  {
    google::protobuf::io::ArrayOutputStream raw(out + 9, static_cast<int>(n));
    google::protobuf::io::CodedOutputStream coded(&raw);
    coded.SetSerializationDeterministic(true);
    m.SerializeWithCachedSizes(&coded);
  }
  used_ += 9 + n;
  MaybeFlush();
}

void Sha256::MessageWithoutMaps(char tag, const google::protobuf::MessageLite& m) {
  const size_t n = m.ByteSizeLong();
  char* out = Reserve(9 + n);
  out[0] = tag;
  PutLittleEndian64(n, out + 1);
  m.SerializeWithCachedSizesToArray(reinterpret_cast<uint8_t*>(out + 9));
  used_ += 9 + n;
  MaybeFlush();
}

std::string Sha256::Finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (used_ > 0) EVP_DigestUpdate(md_, buffer_.data(), used_);
  used_ = 0;
  EVP_DigestFinal_ex(md_, out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

// --------------------------------------------------------------------------- The supplier-side
// wire encoder.
//
// Why: per supplier the digest encodes a few hundred small messages. Through protobuf's generated
// code each costs a ByteSizeLong walk, a serialisation walk through the output-stream machinery and
// a UTF-8 check of every string, together about twice the SHA-256 of the resulting bytes. The
// encoder below writes the same bytes in one pass.
//
// What it must reproduce (protobuf 3.21 generated code, proto3 messages): fields in field-number
// order, unknown fields last; a singular scalar only when non-zero, a singular string only when
// non-empty, a message field when present, a oneof member whenever it is the set case (even zero or
// empty); int32 and enum values as sign-extended 64-bit varints (a negative one takes ten bytes);
// repeated strings and messages element by element; repeated enums packed; a double as its 8 bytes,
// little-endian; lengths as varints.
//
// Not reproduced: the UTF-8 check of strings on serialisation. In proto3 it only logs an error and
// writes the bytes anyway, so leaving it out changes no byte (digest_test holds a case); only that
// log line is lost.
//
// Not covered: unknown fields. A message holding any makes the encoder give up, and the caller
// serialises through protobuf instead, so the digest never depends on which path wrote it.
//
// Guarded by digest_test: random messages over every field must encode as SerializeDeterministic
// does, and the field numbers in WireEncodedFields must match the descriptors.
namespace {

enum WireType : uint32_t {
  kVarint = 0,
  kFixed64 = 1,
  kLengthDelimited = 2,
};

size_t VarintSize(uint64_t v) { return google::protobuf::io::CodedOutputStream::VarintSize64(v); }

// Protobuf wire format into a std::string, from a given offset on. Bytes of the string past the
// write position are room to write into; the owner keeps track of how much is in use (pos()).
//
// Writes go through a local copy of the position: stores through a char pointer may alias anything,
// and would otherwise make the compiler reload the members after every byte.
class WireWriter {
 public:
  WireWriter(std::string* buffer, size_t pos) : buffer_(buffer) { Rebase(pos); }

  size_t pos() const { return static_cast<size_t>(p_ - base_); }

  // Room for `n` more bytes. Every write below ensures its own room.
  void Ensure(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) Grow(n);
  }

  void PutByte(char c) {
    Ensure(1);
    *p_++ = c;
  }
  void Skip(size_t n) {
    Ensure(n);
    p_ += n;
  }
  // The 8-byte little-endian length of a part, at offset `at`.
  void PutLengthAt(size_t at, uint64_t n) { PutLittleEndian64(n, base_ + at); }

  void VarintField(int field, uint64_t v) {
    Ensure(20);
    char* p = PutVarint(p_, Tag(field, kVarint));
    p_ = PutVarint(p, v);
  }
  // int32 and enum values are sign-extended to 64 bits on the wire.
  void Int32Field(int field, int32_t v) {
    VarintField(field, static_cast<uint64_t>(static_cast<int64_t>(v)));
  }
  void Int64Field(int field, int64_t v) { VarintField(field, static_cast<uint64_t>(v)); }
  void DoubleField(int field, double v) {
    uint64_t bits;
    static_assert(sizeof(bits) == sizeof(v), "double is 64 bits");
    std::memcpy(&bits, &v, sizeof(bits));
    Ensure(10 + 8);
    char* p = PutVarint(p_, Tag(field, kFixed64));
    PutLittleEndian64(bits, p);
    p_ = p + 8;
  }
  void StringField(int field, const std::string& s) {
    Ensure(20 + s.size());
    char* p = PutVarint(p_, Tag(field, kLengthDelimited));
    p = PutVarint(p, s.size());
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p_ = p + s.size();
  }
  template <typename Ints>
  void PackedInt32Field(int field, const Ints& v) {
    if (v.empty()) return;
    size_t size = 0;
    for (int x : v) size += x < 0 ? 10 : VarintSize(static_cast<uint32_t>(x));
    Ensure(20 + size);
    char* p = PutVarint(p_, Tag(field, kLengthDelimited));
    p = PutVarint(p, size);
    for (int x : v) p = PutVarint(p, static_cast<uint64_t>(int64_t{x}));
    p_ = p;
  }

  // A nested message: its tag and one byte held for its length, which EndNested fills in once the
  // message is written; returns where the message starts. Lengths of 128 or more need more bytes,
  // and the message moves up to make room (rare here: the nested messages are timestamps, evidence,
  // option lists).
  size_t BeginNested(int field) {
    Ensure(10 + 1);
    p_ = PutVarint(p_, Tag(field, kLengthDelimited)) + 1;
    return pos();
  }
  void EndNested(size_t start) {
    const size_t len = pos() - start;
    if (len < 0x80) {
      base_[start - 1] = static_cast<char>(len);
      return;
    }
    const size_t extra = VarintSize(len) - 1;
    Ensure(extra);
    std::memmove(base_ + start + extra, base_ + start, len);
    PutVarint(base_ + start - 1, len);
    p_ += extra;
  }

 private:
  static uint64_t Tag(int field, WireType type) {
    return (static_cast<uint64_t>(field) << 3) | type;
  }
  // Writes `v` at `p` (callers ensure room: at most 10 bytes); returns the end.
  static char* PutVarint(char* p, uint64_t v) {
    return reinterpret_cast<char*>(google::protobuf::io::CodedOutputStream::WriteVarint64ToArray(
        v, reinterpret_cast<uint8_t*>(p)));
  }
  void Grow(size_t n) {
    const size_t at = pos();
    buffer_->resize(std::max(2 * buffer_->size(), at + n + 1024));
    Rebase(at);
  }
  void Rebase(size_t at) {
    base_ = &(*buffer_)[0];
    p_ = base_ + at;
    end_ = base_ + buffer_->size();
  }

  std::string* buffer_;
  char* base_;  // buffer_'s bytes
  char* p_;     // where the next byte goes
  char* end_;   // end of the room
};

// Unknown fields are the one thing the encoder leaves to protobuf. (Proto3 classes have no
// unknown_fields() accessor: reflection tells, its object looked up once per type.)
template <typename M>
bool HasUnknownFields(const M& m) {
  static const google::protobuf::Reflection* const reflection = M::GetReflection();
  return !reflection->GetUnknownFields(m).empty();
}

bool Encode(const google::protobuf::Timestamp& m, WireWriter& w) {
  if (HasUnknownFields(m)) return false;
  if (m.seconds() != 0) w.Int64Field(1, m.seconds());
  if (m.nanos() != 0) w.Int32Field(2, m.nanos());
  return true;
}

// A present message field `field` holding `m`.
template <typename M>
bool EncodeNested(int field, const M& m, WireWriter& w) {
  const size_t start = w.BeginNested(field);
  if (!Encode(m, w)) return false;
  w.EndNested(start);
  return true;
}

bool Encode(const supplyrisk::v1::Evidence& m, WireWriter& w) {
  if (HasUnknownFields(m)) return false;
  if (m.kind() != 0) w.Int32Field(1, m.kind());
  if (!m.uri().empty()) w.StringField(2, m.uri());
  if (!m.sha256().empty()) w.StringField(3, m.sha256());
  if (!m.description().empty()) w.StringField(4, m.description());
  return true;
}

bool Encode(const supplyrisk::v1::SubcontractorDeclaration& m, WireWriter& w) {
  if (HasUnknownFields(m)) return false;
  if (!m.supplier().empty()) w.StringField(1, m.supplier());
  if (!m.company_name().empty()) w.StringField(2, m.company_name());
  if (!m.corporate_number().empty()) w.StringField(3, m.corporate_number());
  for (const auto& s : m.services()) w.StringField(4, s);
  w.PackedInt32Field(5, m.data_classes());
  if (m.access() != 0) w.Int32Field(6, m.access());
  return true;
}

bool Encode(const supplyrisk::v1::SubcontractorList& m, WireWriter& w) {
  if (HasUnknownFields(m)) return false;
  for (const auto& e : m.entries()) {
    if (!EncodeNested(1, e, w)) return false;
  }
  return true;
}

// With `sort_ids`, the ids in sorted order (the digest's canonical order) rather than as listed.
bool EncodeMultipleChoice(const supplyrisk::v1::MultipleChoice& m, bool sort_ids, WireWriter& w) {
  if (HasUnknownFields(m)) return false;
  const auto& ids = m.option_ids();
  if (!sort_ids || std::is_sorted(ids.begin(), ids.end())) {
    for (const auto& id : ids) w.StringField(1, id);
    return true;
  }
  absl::InlinedVector<const std::string*, 16> sorted;
  sorted.reserve(ids.size());
  for (const auto& id : ids) sorted.push_back(&id);
  std::sort(sorted.begin(), sorted.end(),
            [](const std::string* a, const std::string* b) { return *a < *b; });
  for (const std::string* id : sorted) w.StringField(1, *id);
  return true;
}

bool EncodeAnswer(const supplyrisk::v1::Answer& m, bool sort_option_ids, WireWriter& w) {
  using supplyrisk::v1::Answer;
  if (HasUnknownFields(m)) return false;
  if (!m.question_id().empty()) w.StringField(1, m.question_id());
  switch (m.value_case()) {
    case Answer::kYesNo:
      w.Int32Field(2, m.yes_no());
      break;
    case Answer::kOptionId:
      w.StringField(3, m.option_id());
      break;
    case Answer::kOptions: {
      const size_t start = w.BeginNested(4);
      if (!EncodeMultipleChoice(m.options(), sort_option_ids, w)) return false;
      w.EndNested(start);
      break;
    }
    case Answer::kNumber:
      w.DoubleField(5, m.number());
      break;
    case Answer::kDate:
      w.StringField(6, m.date());
      break;
    case Answer::kText:
      w.StringField(7, m.text());
      break;
    case Answer::kSubcontractors:
      if (!EncodeNested(8, m.subcontractors(), w)) return false;
      break;
    case Answer::VALUE_NOT_SET:
      break;
  }
  for (const auto& e : m.evidence()) {
    if (!EncodeNested(9, e, w)) return false;
  }
  if (m.has_answered_at() && !EncodeNested(10, m.answered_at(), w)) {
    return false;
  }
  if (!m.comment().empty()) w.StringField(11, m.comment());
  return true;
}

// With `digest_form`, without the record's own digest field (a digest cannot cover itself).
bool Encode(const supplyrisk::v1::Signal& m, bool digest_form, WireWriter& w) {
  if (HasUnknownFields(m)) return false;
  if (!m.id().empty()) w.StringField(1, m.id());
  if (!m.supplier().empty()) w.StringField(2, m.supplier());
  if (m.factor() != 0) w.Int32Field(3, m.factor());
  if (!m.issue_type().empty()) w.StringField(4, m.issue_type());
  if (m.severity() != 0) w.Int32Field(5, m.severity());
  if (!m.asset().empty()) w.StringField(6, m.asset());
  if (m.has_observed_at() && !EncodeNested(7, m.observed_at(), w)) {
    return false;
  }
  if (m.has_last_observed_at() && !EncodeNested(8, m.last_observed_at(), w)) {
    return false;
  }
  if (m.has_resolved_at() && !EncodeNested(9, m.resolved_at(), w)) {
    return false;
  }
  if (!m.source().empty()) w.StringField(10, m.source());
  if (!m.cve().empty()) w.StringField(11, m.cve());
  if (!m.detail().empty()) w.StringField(12, m.detail());
  if (!digest_form && !m.digest().empty()) w.StringField(25, m.digest());
  return true;
}

bool Encode(const supplyrisk::v1::SupplierProfile& m, WireWriter& w) {
  if (HasUnknownFields(m)) return false;
  if (m.handles_personal_data()) w.VarintField(1, 1);
  if (m.has_website()) w.VarintField(2, 1);
  if (m.operates_ot()) w.VarintField(3, 1);
  if (m.supplies_iot_devices()) w.VarintField(4, 1);
  if (m.uses_subcontractors()) w.VarintField(5, 1);
  if (m.develops_software()) w.VarintField(6, 1);
  if (m.uses_cloud_services()) w.VarintField(7, 1);
  if (m.security_action_stars() != 0) {
    w.Int32Field(8, m.security_action_stars());
  }
  return true;
}

// With `digest_form`, what the digest encodes: the data classes in sorted order (the canonical
// order) rather than as listed, and neither the etag (a revision, not content) nor the digest.
bool EncodeEngagement(const supplyrisk::v1::Engagement& m, bool digest_form, WireWriter& w) {
  if (HasUnknownFields(m)) return false;
  if (!m.name().empty()) w.StringField(1, m.name());
  if (!m.supplier().empty()) w.StringField(2, m.supplier());
  if (!m.title().empty()) w.StringField(3, m.title());
  const auto& classes = m.data_classes();
  if (!digest_form || std::is_sorted(classes.begin(), classes.end())) {
    w.PackedInt32Field(4, classes);
  } else {
    absl::InlinedVector<int, 8> sorted(classes.begin(), classes.end());
    std::sort(sorted.begin(), sorted.end());
    w.PackedInt32Field(4, sorted);
  }
  if (m.access() != 0) w.Int32Field(5, m.access());
  if (m.criticality() != 0) w.Int32Field(6, m.criticality());
  if (m.outage_unacceptable()) w.VarintField(7, 1);
  if (m.physical_or_ot()) w.VarintField(8, 1);
  if (!digest_form && !m.etag().empty()) w.StringField(9, m.etag());
  if (!digest_form && !m.digest().empty()) w.StringField(25, m.digest());
  return true;
}

// With `head_only`, what the digest encodes of a response: fields 1, 2, 3, 5 and 6, as a head
// copied field by field would serialise (such a copy has no unknown fields of its own; its
// submission time may).
bool EncodeResponse(const supplyrisk::v1::Response& m, bool head_only, WireWriter& w) {
  if (!head_only && HasUnknownFields(m)) return false;
  if (!m.name().empty()) w.StringField(1, m.name());
  if (!m.template_id().empty()) w.StringField(2, m.template_id());
  if (m.template_revision() != 0) w.Int32Field(3, m.template_revision());
  if (!head_only) {
    for (const auto& a : m.answers()) {
      const size_t start = w.BeginNested(4);
      if (!EncodeAnswer(a, /*sort_option_ids=*/false, w)) return false;
      w.EndNested(start);
    }
  }
  if (m.state() != 0) w.Int32Field(5, m.state());
  if (m.has_submitted_at() && !EncodeNested(6, m.submitted_at(), w)) {
    return false;
  }
  if (!head_only && !m.etag().empty()) w.StringField(7, m.etag());
  if (!head_only && !m.digest().empty()) w.StringField(25, m.digest());
  return true;
}

// Appends with `encode(WireWriter&)`; on failure `out` is left as it was.
template <typename EncodeFn>
bool AppendEncoded(std::string* out, EncodeFn encode) {
  const size_t at = out->size();
  WireWriter w(out, at);
  const bool ok = encode(w);
  out->resize(ok ? w.pos() : at);
  return ok;
}

}  // namespace

template <typename EncodeFn>
bool Sha256::EncodedPart(char tag, EncodeFn encode) {
  WireWriter w(&buffer_, used_);
  w.PutByte(tag);
  const size_t length_at = w.pos();
  w.Skip(8);
  const size_t start = w.pos();
  // On failure used_ stays where it was: the partial bytes are not input.
  if (!encode(w)) return false;
  w.PutLengthAt(length_at, w.pos() - start);
  used_ = w.pos();
  MaybeFlush();
  return true;
}

bool Sha256::SupplierPart(char tag, const supplyrisk::v1::SupplierProfile& m) {
  return EncodedPart(tag, [&m](WireWriter& w) { return Encode(m, w); });
}

bool Sha256::SupplierPart(char tag, const supplyrisk::v1::Signal& m) {
  return EncodedPart(tag, [&m](WireWriter& w) { return Encode(m, /*digest_form=*/true, w); });
}

bool Sha256::SupplierPart(char tag, const supplyrisk::v1::Answer& m) {
  return EncodedPart(tag,
                     [&m](WireWriter& w) { return EncodeAnswer(m, /*sort_option_ids=*/true, w); });
}

bool Sha256::SupplierPart(char tag, const supplyrisk::v1::Engagement& m) {
  return EncodedPart(tag,
                     [&m](WireWriter& w) { return EncodeEngagement(m, /*digest_form=*/true, w); });
}

bool Sha256::SupplierResponseHead(char tag, const supplyrisk::v1::Response& m) {
  return EncodedPart(tag, [&m](WireWriter& w) { return EncodeResponse(m, /*head_only=*/true, w); });
}

bool AppendWireFormat(const supplyrisk::v1::SupplierProfile& m, std::string* out) {
  return AppendEncoded(out, [&m](WireWriter& w) { return Encode(m, w); });
}

bool AppendWireFormat(const supplyrisk::v1::Signal& m, std::string* out) {
  return AppendEncoded(out, [&m](WireWriter& w) { return Encode(m, /*digest_form=*/false, w); });
}

bool AppendWireFormat(const supplyrisk::v1::Answer& m, std::string* out) {
  return AppendEncoded(
      out, [&m](WireWriter& w) { return EncodeAnswer(m, /*sort_option_ids=*/false, w); });
}

bool AppendWireFormat(const supplyrisk::v1::Engagement& m, std::string* out) {
  return AppendEncoded(
      out, [&m](WireWriter& w) { return EncodeEngagement(m, /*digest_form=*/false, w); });
}

bool AppendWireFormat(const supplyrisk::v1::Response& m, std::string* out) {
  return AppendEncoded(out,
                       [&m](WireWriter& w) { return EncodeResponse(m, /*head_only=*/false, w); });
}

// Keep in step with the Encode functions above.
std::vector<int> WireEncodedFields(absl::string_view full_name) {
  if (full_name == "google.protobuf.Timestamp") return {1, 2};
  if (full_name == "supplyrisk.v1.Evidence") return {1, 2, 3, 4};
  if (full_name == "supplyrisk.v1.SubcontractorDeclaration") {
    return {1, 2, 3, 4, 5, 6};
  }
  if (full_name == "supplyrisk.v1.SubcontractorList") return {1};
  if (full_name == "supplyrisk.v1.MultipleChoice") return {1};
  if (full_name == "supplyrisk.v1.Answer") {
    return {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  }
  if (full_name == "supplyrisk.v1.Response") return {1, 2, 3, 4, 5, 6, 7, 25};
  if (full_name == "supplyrisk.v1.Signal") {
    return {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 25};
  }
  if (full_name == "supplyrisk.v1.SupplierProfile") {
    return {1, 2, 3, 4, 5, 6, 7, 8};
  }
  if (full_name == "supplyrisk.v1.Engagement") {
    return {1, 2, 3, 4, 5, 6, 7, 8, 9, 25};
  }
  return {};
}

// ---------------------------------------------------------------------------

namespace {

// The protobuf path for what the encoder does not cover; both paths write the same bytes.

void ResponseHeadByProtobuf(const supplyrisk::v1::Response& response, Sha256& sha) {
  supplyrisk::v1::Response head;
  head.set_name(response.name());
  head.set_template_id(response.template_id());
  head.set_template_revision(response.template_revision());
  head.set_state(response.state());
  if (response.has_submitted_at()) *head.mutable_submitted_at() = response.submitted_at();
  sha.MessageWithoutMaps('R', head);
}

// The answer with its option ids and its evidence in canonical order.
void AnswerByProtobuf(const supplyrisk::v1::Answer& a, Sha256& sha) {
  // Only an answer whose option ids or evidence are out of order needs a canonical copy; an ordered
  // one encodes the same as the copy would.
  const bool unordered = (a.has_options() && !std::is_sorted(a.options().option_ids().begin(),
                                                             a.options().option_ids().end())) ||
                         a.evidence_size() > 1;
  if (!unordered) {
    sha.MessageWithoutMaps('A', a);
    return;
  }
  supplyrisk::v1::Answer canonical = a;
  if (canonical.has_options()) {
    auto* ids = canonical.mutable_options()->mutable_option_ids();
    std::sort(ids->begin(), ids->end());
  }
  if (canonical.evidence_size() > 1) {
    std::vector<std::string> evidence;
    for (const auto& e : canonical.evidence()) {
      evidence.emplace_back();
      SerializeDeterministicTo(e, &evidence.back());
    }
    std::sort(evidence.begin(), evidence.end());
    canonical.clear_evidence();
    for (const auto& e : evidence) canonical.add_evidence()->ParseFromString(e);
  }
  sha.MessageWithoutMaps('A', canonical);
}

// The engagement with its data classes sorted, without etag and digest.
void EngagementByProtobuf(const supplyrisk::v1::Engagement& engagement, Sha256& sha) {
  supplyrisk::v1::Engagement e = engagement;
  e.clear_etag();
  e.clear_digest();
  std::sort(e.mutable_data_classes()->begin(), e.mutable_data_classes()->end());
  sha.MessageWithoutMaps('E', e);
}

void SignalByProtobuf(const supplyrisk::v1::Signal& signal, Sha256& sha) {
  if (signal.digest().empty()) {
    sha.MessageWithoutMaps('S', signal);
    return;
  }
  supplyrisk::v1::Signal s = signal;
  s.clear_digest();
  sha.MessageWithoutMaps('S', s);
}

// One digest at a time per thread gathers its bytes here (the allocation is reused).
std::string& GatherBuffer() {
  thread_local std::string buffer;
  return buffer;
}

}  // namespace

std::string ProfileDigest(const supplyrisk::v1::SupplierProfile& profile) {
  Sha256 sha(&GatherBuffer());
  sha.Part('V', "supplyrisk-profile-1");
  if (!sha.SupplierPart('P', profile)) sha.MessageWithoutMaps('P', profile);
  return HexEncode(sha.Finish());
}

std::string ResponseDigest(const supplyrisk::v1::Response& response) {
  std::vector<const supplyrisk::v1::Answer*> answers;
  answers.reserve(response.answers_size());
  for (const auto& a : response.answers()) answers.push_back(&a);
  std::stable_sort(answers.begin(), answers.end(), [](const auto* a, const auto* b) {
    return a->question_id() < b->question_id();
  });
  return ResponseDigest(response, answers);
}

std::string ResponseDigest(const supplyrisk::v1::Response& response,
                           absl::Span<const supplyrisk::v1::Answer* const> sorted_answers) {
  Sha256 sha(&GatherBuffer());
  sha.Part('V', "supplyrisk-response-1");
  // The response without its answers, etag and digest, then each answer in question-id order.
  if (!sha.SupplierResponseHead('R', response)) ResponseHeadByProtobuf(response, sha);
  for (const auto* a : sorted_answers) {
    // Evidence is put in the order of its serialisation by a copy re-parsed from sorted bytes; that
    // stays with protobuf (an answer rarely has more than one piece of evidence).
    if (a->evidence_size() > 1 || !sha.SupplierPart('A', *a)) AnswerByProtobuf(*a, sha);
  }
  return HexEncode(sha.Finish());
}

std::string SignalDigest(const supplyrisk::v1::Signal& signal) {
  Sha256 sha(&GatherBuffer());
  sha.Part('V', "supplyrisk-signal-1");
  if (!sha.SupplierPart('S', signal)) SignalByProtobuf(signal, sha);
  return HexEncode(sha.Finish());
}

std::string EngagementDigest(const supplyrisk::v1::Engagement& engagement) {
  Sha256 sha(&GatherBuffer());
  sha.Part('V', "supplyrisk-engagement-1");
  if (!sha.SupplierPart('E', engagement)) EngagementByProtobuf(engagement, sha);
  return HexEncode(sha.Finish());
}

std::string ChainDigest(const supplyrisk::v1::EffectiveRisk& chain) {
  Sha256 sha(&GatherBuffer());
  sha.Part('V', "supplyrisk-chain-1");
  sha.MessageWithoutMaps('C', chain);
  return HexEncode(sha.Finish());
}

}  // namespace supplyrisk::scoring
