// What a relationship passes on, and what of an engagement reaches a party: classes of the buyer's
// data and kinds of access to the buyer's systems, as one bit set so that "what still reaches the
// next hop" is an intersection.
//
//   Scope engagement = Scope::Of({DATA_CLASS_PERSONAL}, ACCESS_LEVEL_REMOTE);
//   Scope passed = Scope::Of({DATA_CLASS_PERSONAL, DATA_CLASS_INTERNAL}, ACCESS_LEVEL_NONE);
//   engagement.Intersect(passed);  // personal data, no access: it still reaches the subcontractor
#ifndef SUPPLYRISK_ENGINE_CHAIN_SCOPE_H_
#define SUPPLYRISK_ENGINE_CHAIN_SCOPE_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "supplyrisk/v1/common.pb.h"

namespace supplyrisk::chain {

class Scope {
 public:
  Scope() = default;

  // Access levels nest: privileged access includes remote access, which includes the portal.
  // Maintenance access to control systems (ONSITE_OT) is a kind of its own.
  static Scope Of(std::initializer_list<v1::DataClass> data, v1::AccessLevel access);
  template <typename DataClasses>
  static Scope FromFields(const DataClasses& data, v1::AccessLevel access) {
    Scope s = Of({}, access);
    for (int d : data) s.AddData(static_cast<v1::DataClass>(d));
    return s;
  }

  // The scope of bits() (for merging and storage).
  static Scope FromBits(uint32_t bits) { return Scope(bits); }

  Scope Intersect(Scope other) const { return Scope(bits_ & other.bits_); }
  // True when every class and kind of access of `other` is in this scope.
  bool Covers(Scope other) const { return (bits_ & other.bits_) == other.bits_; }
  bool empty() const { return bits_ == 0; }
  bool has_data() const { return (bits_ & kDataMask) != 0; }
  bool has_access() const { return (bits_ & ~kDataMask) != 0; }

  std::vector<v1::DataClass> data_classes() const;
  // The widest access in the scope; ACCESS_LEVEL_NONE when there is none.
  v1::AccessLevel access() const;
  // "personal, internal; remote access" - for explanations.
  std::string ToString() const;

  uint32_t bits() const { return bits_; }
  friend bool operator==(Scope a, Scope b) { return a.bits_ == b.bits_; }

 private:
  explicit Scope(uint32_t bits) : bits_(bits) {}
  void AddData(v1::DataClass d);

  // Bits 1-7: DataClass values. Bits 16-19: portal, remote, privileged, onsite OT.
  static constexpr uint32_t kDataMask = 0xFFFF;
  static constexpr uint32_t kPortal = 1u << 16, kRemote = 1u << 17, kPrivileged = 1u << 18,
                            kOnsiteOt = 1u << 19;
  uint32_t bits_ = 0;
};

}  // namespace supplyrisk::chain

#endif  // SUPPLYRISK_ENGINE_CHAIN_SCOPE_H_
