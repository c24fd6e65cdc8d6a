#include "service/assess/error_subject.h"

#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace supplyrisk::assess {
namespace {

constexpr absl::string_view kSubjectUrl = "type.supplyrisk/assess.ErrorSubject";
// Resource types, names and precondition kinds never contain a NUL.
constexpr char kSeparator = '\0';

}  // namespace

absl::Status WithSubject(absl::Status status, const ErrorSubject& subject) {
  if (status.ok()) return status;
  std::string encoded;
  absl::StrAppend(&encoded, subject.resource_type, absl::string_view(&kSeparator, 1), subject.name,
                  absl::string_view(&kSeparator, 1), subject.precondition);
  status.SetPayload(kSubjectUrl, absl::Cord(encoded));
  return status;
}

std::optional<ErrorSubject> SubjectOf(const absl::Status& status) {
  auto payload = status.GetPayload(kSubjectUrl);
  if (!payload.has_value()) return std::nullopt;
  std::string flat(*payload);
  std::vector<std::string> parts = absl::StrSplit(flat, kSeparator);
  if (parts.size() != 3) return std::nullopt;
  return ErrorSubject{std::move(parts[0]), std::move(parts[1]), std::move(parts[2])};
}

}  // namespace supplyrisk::assess
