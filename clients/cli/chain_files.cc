#include "clients/cli/chain_files.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "engine/io/file_loaders.h"
#include "engine/scoring/input_text.h"
#include "engine/validation/relationships.h"

namespace supplyrisk::cli {

absl::StatusOr<std::vector<v1::Relationship>> LoadRelationshipsFile(const std::string& path) {
  absl::StatusOr<std::string> text = io::ReadFile(path);
  if (!text.ok()) return text.status();
  auto relationships = scoring::ParseJsonLinesOf<v1::Relationship>(*text, path);
  if (!relationships.ok()) return relationships.status();
  // The server's checks, for records: every problem of the first bad line, named by field.
  const validation::TimeLimits limits{absl::Now(), validation::kDefaultClockSkew};
  for (size_t i = 0; i < relationships->size(); ++i) {
    validation::Violations v;
    validation::ValidateRelationship("", (*relationships)[i], validation::RelationshipUse::kRecord,
                                     limits, &v);
    if (v.empty()) continue;
    std::string message = absl::StrCat(path, ": relationship ", i + 1, ": invalid");
    for (const auto& x : v.violations())
      absl::StrAppend(&message, "; ", x.field, ": ", x.description);
    return absl::InvalidArgumentError(message);
  }
  return relationships;
}

absl::StatusOr<std::vector<v1::ChainNode>> LoadPartiesFile(const std::string& path) {
  absl::StatusOr<std::string> text = io::ReadFile(path);
  if (!text.ok()) return text.status();
  return scoring::ParseJsonLinesOf<v1::ChainNode>(*text, path);
}

}  // namespace supplyrisk::cli
