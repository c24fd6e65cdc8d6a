#include "engine/questionnaire/loader.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "engine/common/utf8_fields.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"

namespace supplyrisk::questionnaire {
namespace {

using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;
using ::google::protobuf::TextFormat;

class CollectingErrors : public google::protobuf::io::ErrorCollector {
 public:
  CollectingErrors(const std::string& file, std::vector<Problem>* out) : file_(file), out_(out) {}

  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    // The parser numbers lines from 0 and uses -1 when it has no position.
    out_->push_back(Problem{file_, line < 0 ? 0 : line + 1, "syntax", message});
  }
  void AddWarning(int line, google::protobuf::io::ColumnNumber column,
                  const std::string& message) override {}

 private:
  const std::string& file_;
  std::vector<Problem>* out_;
};

// Walks the message and its parse tree together, recording the line of every field that the text
// set.
void RecordLines(const Message& msg, const TextFormat::ParseInfoTree* tree,
                 const std::string& prefix, FieldLines* lines) {
  if (tree == nullptr) return;
  const Reflection* refl = msg.GetReflection();
  const google::protobuf::Descriptor* desc = msg.GetDescriptor();
  // Every field of the descriptor, not just the set ones: "weight: 0" is a field the text names
  // even though proto3 does not keep it, and a problem about it belongs on its line.
  for (int f = 0; f < desc->field_count(); ++f) {
    const FieldDescriptor* field = desc->field(f);
    if (field->is_repeated()) {
      const int n = refl->FieldSize(msg, field);
      // The parser records one location per occurrence of the field name, and a list ("any_of: [a,
      // b]") is one occurrence for several values. Only when there is a location for every value do
      // they line up; otherwise only the first is certain, and the others fall back to the
      // enclosing field rather than take another value's line.
      int located = 0;
      while (located < n && tree->GetLocation(field, located).line >= 0) {
        ++located;
      }
      const int trusted = located == n ? n : std::min(located, 1);
      for (int i = 0; i < n; ++i) {
        const std::string path = FieldPath(prefix, field->name(), i);
        if (i < trusted) {
          lines->Set(path, tree->GetLocation(field, i).line + 1);
        }
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          RecordLines(refl->GetRepeatedMessage(msg, field, i), tree->GetTreeForNested(field, i),
                      path, lines);
        }
      }
    } else {
      const auto loc = tree->GetLocation(field, -1);
      if (loc.line < 0) continue;
      const std::string path = FieldPath(prefix, field->name());
      lines->Set(path, loc.line + 1);
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        RecordLines(refl->GetMessage(msg, field), tree->GetTreeForNested(field, -1), path, lines);
      }
    }
  }
}

}  // namespace

std::string FormatProblem(const Problem& p) {
  std::string out;
  if (!p.file.empty()) {
    absl::StrAppend(&out, p.file, ":");
    if (p.line > 0) absl::StrAppend(&out, p.line, ":");
    absl::StrAppend(&out, " ");
  }
  if (p.severity == Severity::kWarning) absl::StrAppend(&out, "warning: ");
  if (!p.field.empty()) absl::StrAppend(&out, p.field, ": ");
  absl::StrAppend(&out, p.message);
  return out;
}

int FieldLines::LineOf(absl::string_view path) const {
  std::string p(path);
  while (!p.empty()) {
    auto it = lines_.find(p);
    if (it != lines_.end()) return it->second;
    // Strip the last component: ".name" or "[i]".
    const size_t cut = p.find_last_of(".[");
    if (cut == std::string::npos) break;
    p.resize(cut);
  }
  return 1;
}

std::string FieldPath(absl::string_view parent, absl::string_view field) {
  if (parent.empty()) return std::string(field);
  if (field.empty()) return std::string(parent);
  return absl::StrCat(parent, ".", field);
}

std::string FieldPath(absl::string_view parent, absl::string_view field, int index) {
  return absl::StrCat(FieldPath(parent, field), "[", index, "]");
}

LoadedTemplate ParseTemplateText(absl::string_view text, std::string file) {
  LoadedTemplate loaded;
  loaded.file = std::move(file);
  CollectingErrors errors(loaded.file, &loaded.syntax_errors);
  TextFormat::ParseInfoTree tree;
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  const bool ok = parser.ParseFromString(std::string(text), &loaded.tmpl);
  if (!ok && loaded.syntax_errors.empty()) {
    loaded.syntax_errors.push_back(Problem{loaded.file, 0, "syntax", "the text does not parse"});
  }
  if (ok) RecordLines(loaded.tmpl, &tree, "", &loaded.lines);
  // The text format lets an escape spell a string the wire format (the API, the store) refuses.
  if (const std::string field = NonUtf8Field(loaded.tmpl); ok && !field.empty()) {
    loaded.syntax_errors.push_back(
        Problem{loaded.file, loaded.lines.LineOf(field), field, "not valid UTF-8"});
  }
  return loaded;
}

}  // namespace supplyrisk::questionnaire
