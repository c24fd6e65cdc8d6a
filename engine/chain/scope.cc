#include "engine/chain/scope.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

namespace supplyrisk::chain {

Scope Scope::Of(std::initializer_list<v1::DataClass> data, v1::AccessLevel access) {
  Scope s;
  for (v1::DataClass d : data) s.AddData(d);
  switch (access) {
    case v1::ACCESS_LEVEL_PRIVILEGED:
      s.bits_ |= kPrivileged | kRemote | kPortal;
      break;
    case v1::ACCESS_LEVEL_REMOTE:
      s.bits_ |= kRemote | kPortal;
      break;
    case v1::ACCESS_LEVEL_PORTAL:
      s.bits_ |= kPortal;
      break;
    case v1::ACCESS_LEVEL_ONSITE_OT:
      s.bits_ |= kOnsiteOt;
      break;
    default:
      break;
  }
  return s;
}

void Scope::AddData(v1::DataClass d) {
  // DATA_CLASS_UNSPECIFIED and values outside the enum carry nothing.
  if (d > v1::DATA_CLASS_UNSPECIFIED && d <= v1::DataClass_MAX && d < 16) bits_ |= 1u << d;
}

std::vector<v1::DataClass> Scope::data_classes() const {
  std::vector<v1::DataClass> out;
  for (int d = 1; d < 16; ++d) {
    if (bits_ & (1u << d)) out.push_back(static_cast<v1::DataClass>(d));
  }
  return out;
}

v1::AccessLevel Scope::access() const {
  if (bits_ & kPrivileged) return v1::ACCESS_LEVEL_PRIVILEGED;
  if (bits_ & kRemote) return v1::ACCESS_LEVEL_REMOTE;
  if (bits_ & kPortal) return v1::ACCESS_LEVEL_PORTAL;
  if (bits_ & kOnsiteOt) return v1::ACCESS_LEVEL_ONSITE_OT;
  return v1::ACCESS_LEVEL_NONE;
}

std::string Scope::ToString() const {
  std::vector<std::string> data;
  for (v1::DataClass d : data_classes()) {
    std::string name = v1::DataClass_Name(d);
    absl::string_view short_name = name;
    absl::ConsumePrefix(&short_name, "DATA_CLASS_");
    data.push_back(absl::AsciiStrToLower(short_name));
  }
  std::string text = data.empty() ? "no data" : absl::StrJoin(data, ", ");
  if (bits_ & kOnsiteOt) absl::StrAppend(&text, "; onsite OT access");
  if (bits_ & kPrivileged) {
    absl::StrAppend(&text, "; privileged access");
  } else if (bits_ & kRemote) {
    absl::StrAppend(&text, "; remote access");
  } else if (bits_ & kPortal) {
    absl::StrAppend(&text, "; portal access");
  }
  return text;
}

}  // namespace supplyrisk::chain
