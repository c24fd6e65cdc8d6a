#include "service/store/digest.h"

#include <openssl/evp.h>

#include <cstdint>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace supplyrisk::store {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr);
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha256::Update(absl::string_view data) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data.data(), data.size());
}

void Sha256::UpdateField(absl::string_view data) {
  uint64_t size = data.size();
  unsigned char len[8];
  for (int i = 0; i < 8; ++i)
    len[i] = static_cast<unsigned char>(size >> (56 - 8 * i));
  Update(absl::string_view(reinterpret_cast<const char*>(len), sizeof(len)));
  Update(data);
}

std::string Sha256::HexDigest() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), out, &size);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(out), size));
}

std::string Sha256Hex(absl::string_view data) {
  Sha256 h;
  h.Update(data);
  return h.HexDigest();
}

std::string SerializeDeterministic(
    const google::protobuf::MessageLite& message) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return out;
}

const std::string& GenesisHash() {
  static const std::string* const kGenesis = new std::string(64, '0');
  return *kGenesis;
}

std::string AuditEntryHash(const supplyrisk::v1::AuditEntry& entry) {
  Sha256 h;
  h.UpdateField(entry.prev_hash());
  h.UpdateField(absl::StrCat(entry.sequence()));
  h.UpdateField(entry.tenant());
  h.UpdateField(entry.actor());
  h.UpdateField(entry.action());
  h.UpdateField(entry.resource());
  h.UpdateField(
      absl::StrCat(entry.time().seconds(), ".", entry.time().nanos()));
  h.UpdateField(entry.change_digest());
  h.UpdateField(entry.request_id());
  h.UpdateField(entry.detail());
  return h.HexDigest();
}

}  // namespace supplyrisk::store
