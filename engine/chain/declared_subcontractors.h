// The subcontractors a supplier declares in its questionnaire answers, as relationships of source
// QUESTIONNAIRE: one per entry of every subcontractor answer, matched to a known supplier by the
// supplier named in the entry, else by corporate number, else by company name (compared without
// case, blanks or legal-form words such as 株式会社 or "Co., Ltd."), else kept as an unidentified
// party under its declared name.
//
//   std::vector<v1::Relationship> r = DeclaredRelationships(response, known);
//   // r[i].to_supplier is "suppliers/x", or empty with party_name set.
#ifndef SUPPLYRISK_ENGINE_CHAIN_DECLARED_SUBCONTRACTORS_H_
#define SUPPLYRISK_ENGINE_CHAIN_DECLARED_SUBCONTRACTORS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "supplyrisk/v1/relationship.pb.h"
#include "supplyrisk/v1/response.pb.h"

namespace supplyrisk::chain {

// A supplier of the tenant, as matching needs it.
struct KnownSupplier {
  std::string name;  // "suppliers/{supplier}"
  std::string corporate_number;
  std::vector<std::string> display_names;  // ja and en
};

// The key company names are compared by: letters folded to lower case (full-width ASCII to
// half-width), blanks and punctuation removed, legal-form words dropped.
std::string CompanyNameKey(absl::string_view name);

// Precondition: `response` is submitted (submitted_at set) and names its supplier. Entries naming
// the response's own supplier are skipped (a supplier is not its own subcontractor). Entries that
// resolve to the same party with the same access are merged (services and data classes united);
// the graph unites the rest. Deterministic: relationships come sorted by target (supplier name,
// else party key), then access.
std::vector<v1::Relationship> DeclaredRelationships(const v1::Response& response,
                                                    absl::Span<const KnownSupplier> known);

}  // namespace supplyrisk::chain

#endif  // SUPPLYRISK_ENGINE_CHAIN_DECLARED_SUBCONTRACTORS_H_
