#include "engine/common/sha256.h"

#include <openssl/evp.h>

#include <cstdint>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace supplyrisk {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr); }

Sha256::~Sha256() { EVP_MD_CTX_free(ctx_); }

void Sha256::Update(absl::string_view data) { EVP_DigestUpdate(ctx_, data.data(), data.size()); }

void Sha256::UpdateField(absl::string_view data) {
  uint64_t size = data.size();
  char len[8];
  for (int i = 0; i < 8; ++i) len[i] = static_cast<char>(size >> (56 - 8 * i));
  Update(absl::string_view(len, sizeof(len)));
  Update(data);
}

std::string Sha256::RawDigest() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx_, out, &size);
  return std::string(reinterpret_cast<const char*>(out), size);
}

std::string Sha256::HexDigest() { return HexEncode(RawDigest()); }

std::string Sha256Hex(absl::string_view data) {
  Sha256 h;
  h.Update(data);
  return h.HexDigest();
}

std::string HexEncode(absl::string_view raw) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(raw.size() * 2, '0');
  for (size_t i = 0; i < raw.size(); ++i) {
    const unsigned char byte = static_cast<unsigned char>(raw[i]);
    hex[2 * i] = kHex[byte >> 4];
    hex[2 * i + 1] = kHex[byte & 0xf];
  }
  return hex;
}

void SerializeDeterministicTo(const google::protobuf::MessageLite& message, std::string* out) {
  out->clear();
  out->reserve(message.ByteSizeLong());
  google::protobuf::io::StringOutputStream stream(out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeWithCachedSizes(&coded);
  coded.Trim();
}

std::string SerializeDeterministic(const google::protobuf::MessageLite& message) {
  std::string out;
  SerializeDeterministicTo(message, &out);
  return out;
}

}  // namespace supplyrisk
