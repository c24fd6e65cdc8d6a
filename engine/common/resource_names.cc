#include "engine/common/resource_names.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace supplyrisk::names {

std::string Supplier(absl::string_view supplier_id) {
  return absl::StrCat(kSuppliers, "/", supplier_id);
}

std::string Response(absl::string_view supplier_id, absl::string_view response_id) {
  return absl::StrCat(kSuppliers, "/", supplier_id, "/", kResponses, "/", response_id);
}

std::string Assessment(absl::string_view supplier_id, absl::string_view assessment_id) {
  return absl::StrCat(kSuppliers, "/", supplier_id, "/", kAssessments, "/", assessment_id);
}

std::string SupplierSignals(absl::string_view supplier_id) {
  return absl::StrCat(kSuppliers, "/", supplier_id, "/", kSignals);
}

std::string Engagement(absl::string_view engagement_id) {
  return absl::StrCat(kEngagements, "/", engagement_id);
}

std::string Relationship(absl::string_view relationship_id) {
  return absl::StrCat(kRelationships, "/", relationship_id);
}

std::string Job(absl::string_view job_id) { return absl::StrCat(kJobs, "/", job_id); }

std::string Template(absl::string_view template_id) {
  return absl::StrCat(kTemplates, "/", template_id);
}

std::string TemplateRevision(absl::string_view template_id, int revision) {
  return absl::StrCat(kTemplates, "/", template_id, "/revisions/", revision);
}

std::optional<std::string> ParseTopLevel(absl::string_view collection, absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != collection || parts[1].empty()) return std::nullopt;
  return std::string(parts[1]);
}

bool ParseSupplierChild(absl::string_view collection, absl::string_view name,
                        std::string* supplier_id, std::string* child_id) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != kSuppliers || parts[1].empty() || parts[2] != collection ||
      parts[3].empty()) {
    return false;
  }
  *supplier_id = std::string(parts[1]);
  *child_id = std::string(parts[3]);
  return true;
}

}  // namespace supplyrisk::names
