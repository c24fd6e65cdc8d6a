// Resource names of the API (AIP-122): the one place that spells "suppliers/{supplier}" and its
// relatives. Ids are the last segment of a name; they never contain '/'.
//
// Example:
//   std::string name = names::Supplier("acme");            // "suppliers/acme"
//   std::optional<std::string> id = names::ParseSupplier(name);  // "acme"
#ifndef SUPPLYRISK_ENGINE_COMMON_RESOURCE_NAMES_H_
#define SUPPLYRISK_ENGINE_COMMON_RESOURCE_NAMES_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace supplyrisk::names {

inline constexpr absl::string_view kSuppliers = "suppliers";
inline constexpr absl::string_view kResponses = "responses";
inline constexpr absl::string_view kAssessments = "assessments";
inline constexpr absl::string_view kSignals = "signals";
inline constexpr absl::string_view kEngagements = "engagements";
inline constexpr absl::string_view kRelationships = "relationships";
inline constexpr absl::string_view kJobs = "jobs";
inline constexpr absl::string_view kTemplates = "templates";

std::string Supplier(absl::string_view supplier_id);
std::string Response(absl::string_view supplier_id, absl::string_view response_id);
std::string Assessment(absl::string_view supplier_id, absl::string_view assessment_id);
// The collection of a supplier's signals: "suppliers/{supplier}/signals".
std::string SupplierSignals(absl::string_view supplier_id);
std::string Engagement(absl::string_view engagement_id);
std::string Relationship(absl::string_view relationship_id);
std::string Job(absl::string_view job_id);
std::string Template(absl::string_view template_id);
std::string TemplateRevision(absl::string_view template_id, int revision);

// The id of a top-level name "{collection}/{id}"; nullopt unless `name` has exactly that form with
// a non-empty id.
std::optional<std::string> ParseTopLevel(absl::string_view collection, absl::string_view name);
inline std::optional<std::string> ParseSupplier(absl::string_view name) {
  return ParseTopLevel(kSuppliers, name);
}
inline std::optional<std::string> ParseJob(absl::string_view name) {
  return ParseTopLevel(kJobs, name);
}

// "suppliers/{supplier}/{collection}/{child}" split into its two ids; false unless `name` has
// exactly that form with non-empty ids.
bool ParseSupplierChild(absl::string_view collection, absl::string_view name,
                        std::string* supplier_id, std::string* child_id);

}  // namespace supplyrisk::names

#endif  // SUPPLYRISK_ENGINE_COMMON_RESOURCE_NAMES_H_
