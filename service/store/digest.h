// The audit chain's hash rules. SHA-256 itself, hex and deterministic serialisation come from
// engine/common/sha256.h.
#ifndef SUPPLYRISK_SERVICE_STORE_DIGEST_H_
#define SUPPLYRISK_SERVICE_STORE_DIGEST_H_

#include <string>

#include "supplyrisk/v1/audit.pb.h"

namespace supplyrisk::store {

// 64 hex zeros: the prev_hash of a chain's first entry.
const std::string& GenesisHash();

// The hash of an audit entry: SHA-256 over prev_hash and every other field except `hash`, each
// length-prefixed, in field-number order.
std::string AuditEntryHash(const supplyrisk::v1::AuditEntry& entry);

}  // namespace supplyrisk::store

#endif  // SUPPLYRISK_SERVICE_STORE_DIGEST_H_
