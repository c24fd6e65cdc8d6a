#include "service/store/digest.h"

#include "absl/strings/str_cat.h"
#include "engine/common/sha256.h"

namespace supplyrisk::store {

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
  h.UpdateField(absl::StrCat(entry.time().seconds(), ".", entry.time().nanos()));
  h.UpdateField(entry.change_digest());
  h.UpdateField(entry.request_id());
  h.UpdateField(entry.detail());
  return h.HexDigest();
}

}  // namespace supplyrisk::store
