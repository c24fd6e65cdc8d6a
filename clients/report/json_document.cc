#include "clients/report/json_document.h"

#include <cassert>
#include <utility>

#include "engine/common/json_text.h"

namespace supplyrisk::report {

JsonValue JsonValue::Object() { return JsonValue(Kind::kObject); }
JsonValue JsonValue::Array() { return JsonValue(Kind::kArray); }
JsonValue JsonValue::String(std::string text) {
  JsonValue v(Kind::kString);
  v.text_ = std::move(text);
  return v;
}

JsonValue& JsonValue::Set(std::string key, JsonValue value) {
  assert(kind_ == Kind::kObject);
  keys_.push_back(std::move(key));
  values_.push_back(std::move(value));
  return values_.back();
}

JsonValue& JsonValue::Add(JsonValue value) {
  assert(kind_ == Kind::kArray);
  items_.push_back(std::move(value));
  return items_.back();
}

bool JsonValue::Omitted() const {
  switch (kind_) {
    case Kind::kString:
      return false;
    case Kind::kArray:
      return items_.empty();
    case Kind::kObject:
      for (const JsonValue& v : values_) {
        if (!v.Omitted()) return false;
      }
      return true;
  }
  return false;
}

std::string JsonValue::Write() const {
  std::string out;
  WriteTo(0, &out);
  out.push_back('\n');
  return out;
}

void JsonValue::WriteTo(int depth, std::string* out) const {
  const std::string indent(2 * (depth + 1), ' ');
  const std::string closing(2 * depth, ' ');
  switch (kind_) {
    case Kind::kString:
      out->append(common::JsonQuote(text_));
      return;
    case Kind::kArray: {
      out->append("[");
      bool first = true;
      for (const JsonValue& item : items_) {
        out->append(first ? "\n" : ",\n");
        first = false;
        out->append(indent);
        item.WriteTo(depth + 1, out);
      }
      if (!items_.empty()) out->append("\n" + closing);
      out->append("]");
      return;
    }
    case Kind::kObject: {
      out->append("{");
      bool first = true;
      auto key = keys_.begin();
      for (const JsonValue& value : values_) {
        const std::string& name = *key++;
        if (value.Omitted()) continue;
        out->append(first ? "\n" : ",\n");
        first = false;
        out->append(indent);
        out->append(common::JsonQuote(name));
        out->append(": ");
        value.WriteTo(depth + 1, out);
      }
      if (!first) out->append("\n" + closing);
      out->append("}");
      return;
    }
  }
}

}  // namespace supplyrisk::report
