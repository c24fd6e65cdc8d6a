#include "engine/scoring/digest.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace supplyrisk::scoring {

struct Sha256::Ctx {
  EVP_MD_CTX* md = nullptr;
};

Sha256::Sha256() : Sha256(nullptr) {}

Sha256::Sha256(std::string* buffer)
    : ctx_(std::make_unique<Ctx>()),
      buffer_(buffer != nullptr ? *buffer : own_buffer_) {
  buffer_.clear();
  ctx_->md = EVP_MD_CTX_new();
  // Allocation failure of a few bytes leaves nothing sensible to do.
  if (ctx_->md == nullptr ||
      EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) != 1) {
    std::abort();
  }
}

Sha256::~Sha256() {
  if (ctx_->md != nullptr) EVP_MD_CTX_free(ctx_->md);
}

// Bytes are gathered and hashed in large blocks: one EVP call per small part
// costs more than the hashing itself.
void Sha256::Update(absl::string_view bytes) {
  buffer_.append(bytes.data(), bytes.size());
  if (buffer_.size() >= 64 * 1024) {
    EVP_DigestUpdate(ctx_->md, buffer_.data(), buffer_.size());
    buffer_.clear();
  }
}

void Sha256::Part(char tag, absl::string_view bytes) {
  char header[9];
  header[0] = tag;
  uint64_t n = bytes.size();
  for (int i = 0; i < 8; ++i)
    header[1 + i] = static_cast<char>((n >> (8 * i)) & 0xff);
  Update(absl::string_view(header, sizeof(header)));
  Update(bytes);
}

// Serialised straight into the block buffer: no scratch string, no copy.
void Sha256::Message(char tag, const google::protobuf::MessageLite& m) {
  const size_t n = m.ByteSizeLong();
  char header[9];
  header[0] = tag;
  for (int i = 0; i < 8; ++i)
    header[1 + i] =
        static_cast<char>((static_cast<uint64_t>(n) >> (8 * i)) & 0xff);
  buffer_.append(header, sizeof(header));
  const size_t at = buffer_.size();
  buffer_.resize(at + n);
  {
    google::protobuf::io::ArrayOutputStream raw(&buffer_[at],
                                                static_cast<int>(n));
    google::protobuf::io::CodedOutputStream coded(&raw);
    coded.SetSerializationDeterministic(true);
    m.SerializeWithCachedSizes(&coded);
  }
  if (buffer_.size() >= 64 * 1024) {
    EVP_DigestUpdate(ctx_->md, buffer_.data(), buffer_.size());
    buffer_.clear();
  }
}

void Sha256::MessageWithoutMaps(char tag,
                                const google::protobuf::MessageLite& m) {
  const size_t n = m.ByteSizeLong();
  const size_t at = buffer_.size();
  buffer_.resize(at + 9 + n);
  char* out = &buffer_[at];
  out[0] = tag;
  for (int i = 0; i < 8; ++i)
    out[1 + i] =
        static_cast<char>((static_cast<uint64_t>(n) >> (8 * i)) & 0xff);
  m.SerializeWithCachedSizesToArray(reinterpret_cast<uint8_t*>(out + 9));
  if (buffer_.size() >= 64 * 1024) {
    EVP_DigestUpdate(ctx_->md, buffer_.data(), buffer_.size());
    buffer_.clear();
  }
}

std::string Sha256::Finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!buffer_.empty())
    EVP_DigestUpdate(ctx_->md, buffer_.data(), buffer_.size());
  buffer_.clear();
  EVP_DigestFinal_ex(ctx_->md, out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

void SerializeDeterministic(const google::protobuf::MessageLite& m,
                            std::string* out) {
  out->clear();
  out->reserve(m.ByteSizeLong());
  google::protobuf::io::StringOutputStream raw(out);
  google::protobuf::io::CodedOutputStream coded(&raw);
  coded.SetSerializationDeterministic(true);
  m.SerializeWithCachedSizes(&coded);
  coded.Trim();
}

std::string HexEncode(absl::string_view raw) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(raw.size() * 2, '0');
  for (size_t i = 0; i < raw.size(); ++i) {
    hex[2 * i] = kHex[(static_cast<unsigned char>(raw[i]) >> 4) & 0xf];
    hex[2 * i + 1] = kHex[static_cast<unsigned char>(raw[i]) & 0xf];
  }
  return hex;
}

std::string SupplierInputDigest(
    absl::string_view model_digest,
    const supplyrisk::v1::SupplierProfile& profile,
    const supplyrisk::v1::Response& response,
    absl::Span<const supplyrisk::v1::Signal* const> sorted_signals,
    const supplyrisk::v1::Engagement* engagement, absl::Time as_of) {
  std::vector<const supplyrisk::v1::Answer*> answers;
  answers.reserve(response.answers_size());
  for (const auto& a : response.answers()) answers.push_back(&a);
  std::sort(answers.begin(), answers.end(), [](const auto* a, const auto* b) {
    return a->question_id() < b->question_id();
  });
  return SupplierInputDigest(model_digest, profile, response, answers,
                             sorted_signals, engagement, as_of);
}

std::string SupplierInputDigest(
    absl::string_view model_digest,
    const supplyrisk::v1::SupplierProfile& profile,
    const supplyrisk::v1::Response& response,
    absl::Span<const supplyrisk::v1::Answer* const> sorted_answers,
    absl::Span<const supplyrisk::v1::Signal* const> sorted_signals,
    const supplyrisk::v1::Engagement* engagement, absl::Time as_of) {
  thread_local std::string buffer;
  Sha256 sha(&buffer);
  sha.Part('V', "supplyrisk-input-1");
  sha.Part('M', model_digest);
  // Profiles, responses, signals and engagements have no map fields.
  sha.MessageWithoutMaps('P', profile);

  // The response without its answers, then each answer in question-id order.
  supplyrisk::v1::Response head;
  head.set_name(response.name());
  head.set_template_id(response.template_id());
  head.set_template_revision(response.template_revision());
  head.set_state(response.state());
  if (response.has_submitted_at())
    *head.mutable_submitted_at() = response.submitted_at();
  sha.MessageWithoutMaps('R', head);
  supplyrisk::v1::Answer canonical;
  std::vector<std::string> evidence;
  for (const auto* a : sorted_answers) {
    // Only an answer whose option ids or evidence are out of order needs a
    // canonical copy; an ordered one encodes the same as the copy would.
    const bool unordered = (a->has_options() &&
                            !std::is_sorted(a->options().option_ids().begin(),
                                            a->options().option_ids().end())) ||
                           a->evidence_size() > 1;
    const supplyrisk::v1::Answer* use = a;
    if (unordered) {
      canonical = *a;
      if (canonical.has_options()) {
        auto* ids = canonical.mutable_options()->mutable_option_ids();
        std::sort(ids->begin(), ids->end());
      }
      if (canonical.evidence_size() > 1) {
        evidence.clear();
        for (const auto& e : canonical.evidence()) {
          evidence.emplace_back();
          SerializeDeterministic(e, &evidence.back());
        }
        std::sort(evidence.begin(), evidence.end());
        canonical.clear_evidence();
        for (const auto& e : evidence)
          canonical.add_evidence()->ParseFromString(e);
      }
      use = &canonical;
    }
    sha.MessageWithoutMaps('A', *use);
  }
  for (const auto* s : sorted_signals) sha.MessageWithoutMaps('S', *s);
  if (engagement != nullptr) {
    if (std::is_sorted(engagement->data_classes().begin(),
                       engagement->data_classes().end())) {
      sha.MessageWithoutMaps('E', *engagement);
    } else {
      supplyrisk::v1::Engagement e = *engagement;
      std::sort(e.mutable_data_classes()->begin(),
                e.mutable_data_classes()->end());
      sha.MessageWithoutMaps('E', e);
    }
  }
  sha.Part('T', absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", as_of,
                                 absl::UTCTimeZone()));
  return HexEncode(sha.Finish());
}

}  // namespace supplyrisk::scoring
