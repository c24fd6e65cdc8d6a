// Order-preserving key encoding: the byte order of encoded keys equals the order of the encoded
// tuples, so RocksDB's bytewise comparator sorts and range-scans them correctly.
//
// - Strings: every 0x00 byte becomes 0x00 0xFF and the string ends with 0x00 0x01. A string that is
//   a prefix of another sorts first, and no encoded string is a prefix of another's encoding, so a
//   tuple's components never run into each other.
// - Unsigned integers: fixed-width big-endian.
// - Signed 64-bit integers: big-endian with the sign bit flipped.
// - Doubles: IEEE-754 bits, sign bit flipped for positives, all bits flipped for negatives; -0.0 is
//   encoded as +0.0. NaN is not encodable (callers reject it first).
#ifndef SUPPLYRISK_SERVICE_STORE_KEY_CODEC_H_
#define SUPPLYRISK_SERVICE_STORE_KEY_CODEC_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace supplyrisk::store {

void AppendString(std::string* out, absl::string_view value);
void AppendUint32(std::string* out, uint32_t value);
void AppendUint64(std::string* out, uint64_t value);
void AppendInt64(std::string* out, int64_t value);
void AppendDouble(std::string* out, double value);

// Decoders consume one component from the front of `in`; false on malformed input (then `in` is
// unspecified).
bool ConsumeString(absl::string_view* in, std::string* value);
bool ConsumeUint32(absl::string_view* in, uint32_t* value);
bool ConsumeUint64(absl::string_view* in, uint64_t* value);
bool ConsumeInt64(absl::string_view* in, int64_t* value);
bool ConsumeDouble(absl::string_view* in, double* value);

// The smallest key greater than every key starting with `prefix`; empty when none exists (prefix
// all 0xFF).
std::string PrefixSuccessor(absl::string_view prefix);

}  // namespace supplyrisk::store

#endif  // SUPPLYRISK_SERVICE_STORE_KEY_CODEC_H_
