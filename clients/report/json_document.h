#ifndef SUPPLYRISK_CLIENTS_REPORT_JSON_DOCUMENT_H_
#define SUPPLYRISK_CLIENTS_REPORT_JSON_DOCUMENT_H_

// An ordered JSON document built in memory and written once, for exports whose readers expect the
// members in the order a specification lists them (OSCAL puts uuid first, then metadata, ...).
// Only what those exports hold: objects, arrays and strings (OSCAL's values are strings; numbers
// travel as text in properties).
//
//   JsonValue doc = JsonValue::Object();
//   JsonValue& result = doc.Set("result", JsonValue::Object());
//   result.Set("uuid", JsonValue::String(uuid));
//   result.Set("findings", JsonValue::Array());   // left empty: not written
//   std::string text = doc.Write();
//
// Write leaves out every object member whose value is an empty array or an empty object, so a
// builder may open a list before knowing whether anything goes in it (OSCAL forbids empty arrays).

#include <list>
#include <string>
#include <vector>

namespace supplyrisk::report {

class JsonValue {
 public:
  static JsonValue Object();
  static JsonValue Array();
  static JsonValue String(std::string text);

  // Object members, in the order set. Returns the value as stored, to fill in place; the reference
  // stays valid as long as this value does.
  // Precondition: this is an object and `key` is not set yet.
  JsonValue& Set(std::string key, JsonValue value);
  // Array items. Returns the item as stored, valid as long as this value is.
  // Precondition: this is an array.
  JsonValue& Add(JsonValue value);

  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }
  // Items of an array, members of an object; 0 for a string.
  size_t size() const { return kind_ == Kind::kArray ? items_.size() : values_.size(); }

  // The document as UTF-8 JSON (RFC 8259), two spaces per level, ending in a newline. Strings pass
  // through common::JsonEscape; they must be valid UTF-8, as every protobuf string is.
  std::string Write() const;

 private:
  enum class Kind { kString, kArray, kObject };
  explicit JsonValue(Kind kind) : kind_(kind) {}
  bool Omitted() const;
  void WriteTo(int depth, std::string* out) const;

  Kind kind_;
  std::string text_;
  std::vector<std::string> keys_;  // object: member names
  // Lists, so references handed out by Set and Add survive later insertions.
  std::list<JsonValue> values_;  // object: member values, beside keys_
  std::list<JsonValue> items_;   // array
};

}  // namespace supplyrisk::report

#endif  // SUPPLYRISK_CLIENTS_REPORT_JSON_DOCUMENT_H_
