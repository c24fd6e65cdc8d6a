#ifndef SUPPLYRISK_ENGINE_QUESTIONNAIRE_REGISTRY_H_
#define SUPPLYRISK_ENGINE_QUESTIONNAIRE_REGISTRY_H_

// The revisions of every template known to a process, with the immutability rules: a published
// revision never changes, revisions only grow, a draft may be replaced until it is published. In
// memory and without I/O; the store persists what it accepts.

#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/catalog/catalog.h"
#include "supplyrisk/v1/template.pb.h"

namespace supplyrisk::questionnaire {

// Not thread-safe: callers sharing one registry across threads serialise access.
class TemplateRegistry {
 public:
  // `catalog` validates every revision added and must outlive the registry.
  explicit TemplateRegistry(const catalog::CatalogIndex& catalog) : catalog_(catalog) {}

  // The catalogue revisions are validated against.
  const catalog::CatalogIndex& catalog() const { return catalog_; }

  // Adds or replaces a revision after validating it against the catalogue and the latest revision
  // of every other template (InvalidArgument listing every problem).
  // - A new revision must be above every revision of the same template (FailedPrecondition).
  // - An existing draft revision is replaced, possibly by its published form.
  // - An existing published revision cannot be replaced (FailedPrecondition); adding an identical
  //   copy again is accepted and changes nothing, so reloading is idempotent.
  absl::Status Add(supplyrisk::v1::Template t);

  // The highest published revision, or nullptr. Pointers returned by these lookups stay valid until
  // the registry is destroyed; replacing a draft changes the template they point to in place.
  const supplyrisk::v1::Template* LatestPublished(absl::string_view id) const;
  // The highest revision in any state, or nullptr.
  const supplyrisk::v1::Template* Latest(absl::string_view id) const;
  // One revision, or nullptr.
  const supplyrisk::v1::Template* Get(absl::string_view id, int revision) const;

  // Revisions of a template, ascending; empty when unknown.
  std::vector<int> Revisions(absl::string_view id) const;
  // Template ids, sorted.
  std::vector<std::string> TemplateIds() const;

 private:
  const catalog::CatalogIndex& catalog_;
  absl::flat_hash_map<std::string, std::map<int, supplyrisk::v1::Template>> templates_;
};

}  // namespace supplyrisk::questionnaire

#endif  // SUPPLYRISK_ENGINE_QUESTIONNAIRE_REGISTRY_H_
