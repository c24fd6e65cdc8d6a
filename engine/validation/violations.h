#ifndef SUPPLYRISK_ENGINE_VALIDATION_VIOLATIONS_H_
#define SUPPLYRISK_ENGINE_VALIDATION_VIOLATIONS_H_

// Every problem of an input, each naming the field it is about. Validation never stops at the first
// bad field; the caller decides how to report the list (the API as a google.rpc.BadRequest, the CLI
// as lines on stderr).

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace supplyrisk::validation {

struct Violation {
  // A path from the input's root, e.g. "answers[2].evidence[0].uri".
  std::string field;
  std::string description;
};

class Violations {
 public:
  void Add(absl::string_view field, absl::string_view description) {
    violations_.push_back({std::string(field), std::string(description)});
  }
  bool empty() const { return violations_.empty(); }
  size_t size() const { return violations_.size(); }
  const std::vector<Violation>& violations() const { return violations_; }

 protected:
  std::vector<Violation> violations_;
};

}  // namespace supplyrisk::validation

#endif  // SUPPLYRISK_ENGINE_VALIDATION_VIOLATIONS_H_
