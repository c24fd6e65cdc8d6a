#include "service/store/key_codec.h"

#include <cstring>

namespace supplyrisk::store {
namespace {

void AppendBigEndian(std::string* out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    out->push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  }
}

bool ConsumeBigEndian(absl::string_view* in, int bytes, uint64_t* value) {
  if (in->size() < static_cast<size_t>(bytes)) return false;
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) {
    v = (v << 8) | static_cast<uint8_t>((*in)[i]);
  }
  in->remove_prefix(bytes);
  *value = v;
  return true;
}

constexpr uint64_t kSignBit = uint64_t{1} << 63;

}  // namespace

void AppendString(std::string* out, absl::string_view value) {
  for (char c : value) {
    out->push_back(c);
    if (c == '\0') out->push_back('\xFF');
  }
  out->push_back('\0');
  out->push_back('\x01');
}

void AppendUint32(std::string* out, uint32_t value) { AppendBigEndian(out, value, 4); }
void AppendUint64(std::string* out, uint64_t value) { AppendBigEndian(out, value, 8); }

void AppendInt64(std::string* out, int64_t value) {
  AppendBigEndian(out, static_cast<uint64_t>(value) ^ kSignBit, 8);
}

void AppendDouble(std::string* out, double value) {
  if (value == 0) value = 0;  // -0.0 and +0.0 compare equal: give them one encoding
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  bits = (bits & kSignBit) ? ~bits : (bits | kSignBit);
  AppendBigEndian(out, bits, 8);
}

bool ConsumeString(absl::string_view* in, std::string* value) {
  value->clear();
  size_t i = 0;
  while (i < in->size()) {
    char c = (*in)[i];
    if (c != '\0') {
      value->push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= in->size()) return false;
    char next = (*in)[i + 1];
    if (next == '\x01') {
      in->remove_prefix(i + 2);
      return true;
    }
    if (next != '\xFF') return false;
    value->push_back('\0');
    i += 2;
  }
  return false;
}

bool ConsumeUint32(absl::string_view* in, uint32_t* value) {
  uint64_t v;
  if (!ConsumeBigEndian(in, 4, &v)) return false;
  *value = static_cast<uint32_t>(v);
  return true;
}

bool ConsumeUint64(absl::string_view* in, uint64_t* value) {
  return ConsumeBigEndian(in, 8, value);
}

bool ConsumeInt64(absl::string_view* in, int64_t* value) {
  uint64_t v;
  if (!ConsumeBigEndian(in, 8, &v)) return false;
  *value = static_cast<int64_t>(v ^ kSignBit);
  return true;
}

bool ConsumeDouble(absl::string_view* in, double* value) {
  uint64_t bits;
  if (!ConsumeBigEndian(in, 8, &bits)) return false;
  bits = (bits & kSignBit) ? (bits & ~kSignBit) : ~bits;
  std::memcpy(value, &bits, sizeof(bits));
  return true;
}

std::string PrefixSuccessor(absl::string_view prefix) {
  std::string out(prefix);
  while (!out.empty()) {
    unsigned char last = static_cast<unsigned char>(out.back());
    if (last != 0xFF) {
      out.back() = static_cast<char>(last + 1);
      return out;
    }
    out.pop_back();
  }
  return out;
}

}  // namespace supplyrisk::store
