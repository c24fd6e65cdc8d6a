#ifndef SUPPLYRISK_ENGINE_CATALOG_CATALOG_H_
#define SUPPLYRISK_ENGINE_CATALOG_CATALOG_H_

// The CPSF measure catalogue: the measures that questions evidence and scores credit, each placed
// in one CPSF cell (layer x component) with its crosswalks (guideline directives, NIST CSF 2.0, SCS
// category and stars, external factors, ISO/IEC 27001).

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "supplyrisk/v1/catalog.pb.h"
#include "supplyrisk/v1/common.pb.h"

namespace supplyrisk::catalog {

// An issue type some measure's observed_by lists: the factor its signals carry, and whether it is a
// positive observation (confirms a measure) rather than a finding (contradicts one).
struct ObservedIssue {
  supplyrisk::v1::Factor factor = supplyrisk::v1::FACTOR_UNSPECIFIED;
  bool confirming = false;
};

// A validated, indexed catalogue. Immutable after Create. Copies and moves are cheap and share the
// same data, so pointers returned by the lookups stay valid as long as any copy of the index is
// alive.
class CatalogIndex {
 public:
  // Validates `catalog` and builds the lookups. Checks: version set; the 3 layers and 6 components
  // described in ja and en; category codes unique, two capital letters, named in ja and en, with a
  // CSF function; measure ids unique and shaped by their origin ("CPS.<CAT>-n" for
  // ID_ORIGIN_CPSF_CONFIRMED, "SR.<CAT>-n" for ID_ORIGIN_SUPPLYRISK) with <CAT> equal to the
  // measure's category, which must exist; layer and component set; title and description in ja and
  // en; at least one guideline directive, each in 1..10; at least one NIST CSF 2.0 subcategory
  // shaped like "GV.SC-05"; SCS category set; stars in {3, 4}, star 3 implying star 4; factors set
  // and not repeated; ISO controls shaped like "A.5.19"; observed_by: each factor set, listed in
  // `factors` and not repeated, at least one issue type each, issue types snake_case and not
  // repeated within the measure, and across the catalogue an issue type always under the same
  // factor and always a finding or always a confirmation; empty cells unique, explained in ja and
  // en, and holding no measure; every cell either holds a measure or is listed as empty. On failure
  // the InvalidArgument status lists every problem found, one per line, each naming the measure (or
  // element) and the field.
  static absl::StatusOr<CatalogIndex> Create(supplyrisk::v1::Catalog catalog);

  const supplyrisk::v1::Catalog& catalog() const;

  // nullptr if absent.
  const supplyrisk::v1::Measure* FindMeasure(absl::string_view id) const;
  const supplyrisk::v1::MeasureCategory* FindCategory(absl::string_view code) const;

  // How the catalogue's observed_by lists know `issue_type`; nullptr if no measure lists it.
  const ObservedIssue* FindObservedIssue(absl::string_view issue_type) const;

  // Measures of one cell in catalogue order; empty for an empty or unknown cell.
  std::vector<const supplyrisk::v1::Measure*> MeasuresInCell(
      supplyrisk::v1::Layer layer, supplyrisk::v1::Component component) const;

  // Whether the catalogue lists the cell as deliberately empty.
  bool IsEmptyCell(supplyrisk::v1::Layer layer, supplyrisk::v1::Component component) const;

 private:
  struct State;
  explicit CatalogIndex(std::shared_ptr<const State> state);

  std::shared_ptr<const State> state_;
};

// Parses a catalogue in protobuf text format. Errors name the line, column and the field or token
// at fault. Does not validate content; pass the result to CatalogIndex::Create.
absl::StatusOr<supplyrisk::v1::Catalog> ParseCatalogText(absl::string_view textproto);

// The catalogue compiled into the binary from data/cpsf_catalog.textproto. Parsed and validated on
// first use (thread-safe); an invalid built-in catalogue is a build defect and aborts with the
// validation report.
const CatalogIndex& BuiltinCatalog();

}  // namespace supplyrisk::catalog

#endif  // SUPPLYRISK_ENGINE_CATALOG_CATALOG_H_
