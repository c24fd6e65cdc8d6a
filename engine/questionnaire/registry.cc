#include "engine/questionnaire/registry.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "engine/questionnaire/lint.h"
#include "google/protobuf/util/message_differencer.h"

namespace supplyrisk::questionnaire {

using ::supplyrisk::v1::Template;

absl::Status TemplateRegistry::Add(Template t) {
  KnownTemplates known;
  for (const auto& [id, revisions] : templates_) {
    if (!revisions.empty()) known[id] = &revisions.rbegin()->second;
  }
  if (absl::Status s = ValidateTemplate(t, catalog_, &known); !s.ok()) return s;

  auto& revisions = templates_[t.id()];
  auto existing = revisions.find(t.revision());
  if (existing != revisions.end()) {
    if (existing->second.state() == supplyrisk::v1::TEMPLATE_STATE_PUBLISHED) {
      if (google::protobuf::util::MessageDifferencer::Equals(existing->second, t)) {
        return absl::OkStatus();
      }
      // 64-bit: the latest revision may be INT32_MAX, and its successor must not overflow.
      const int64_t next = int64_t{revisions.rbegin()->first} + 1;
      return absl::FailedPreconditionError(
          absl::StrCat("template '", t.id(), "' revision ", t.revision(),
                       " is published and immutable; changes need revision ", next));
    }
    existing->second = std::move(t);
    return absl::OkStatus();
  }
  if (!revisions.empty() && t.revision() < revisions.rbegin()->first) {
    return absl::FailedPreconditionError(absl::StrCat(
        "template '", t.id(), "' revision ", t.revision(), " is below the latest revision ",
        revisions.rbegin()->first, "; revisions only increase"));
  }
  const int revision = t.revision();
  revisions.emplace(revision, std::move(t));
  return absl::OkStatus();
}

const Template* TemplateRegistry::LatestPublished(absl::string_view id) const {
  auto it = templates_.find(id);
  if (it == templates_.end()) return nullptr;
  for (auto r = it->second.rbegin(); r != it->second.rend(); ++r) {
    if (r->second.state() == supplyrisk::v1::TEMPLATE_STATE_PUBLISHED) {
      return &r->second;
    }
  }
  return nullptr;
}

const Template* TemplateRegistry::Latest(absl::string_view id) const {
  auto it = templates_.find(id);
  if (it == templates_.end() || it->second.empty()) return nullptr;
  return &it->second.rbegin()->second;
}

const Template* TemplateRegistry::Get(absl::string_view id, int revision) const {
  auto it = templates_.find(id);
  if (it == templates_.end()) return nullptr;
  auto r = it->second.find(revision);
  return r == it->second.end() ? nullptr : &r->second;
}

std::vector<int> TemplateRegistry::Revisions(absl::string_view id) const {
  std::vector<int> out;
  auto it = templates_.find(id);
  if (it == templates_.end()) return out;
  for (const auto& [revision, t] : it->second) out.push_back(revision);
  return out;
}

std::vector<std::string> TemplateRegistry::TemplateIds() const {
  std::vector<std::string> ids;
  for (const auto& [id, revisions] : templates_) {
    if (!revisions.empty()) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace supplyrisk::questionnaire
