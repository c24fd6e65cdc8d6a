// Validation of a subcontractor relationship as a client gives it (ChainService, the CLI's chain
// files), shared like the other inputs' (inputs.h): every problem is added with its field path.
#ifndef SUPPLYRISK_ENGINE_VALIDATION_RELATIONSHIPS_H_
#define SUPPLYRISK_ENGINE_VALIDATION_RELATIONSHIPS_H_

#include "absl/strings/string_view.h"
#include "engine/validation/inputs.h"
#include "engine/validation/violations.h"
#include "supplyrisk/v1/relationship.pb.h"

namespace supplyrisk::validation {

// Bounds on one relationship.
inline constexpr int kMaxRelationshipServices = 50;
inline constexpr size_t kMaxServiceBytes = 100;
inline constexpr size_t kMaxPartyNameBytes = 512;

// What the relationship is checked for: a client writing it (ChainService), or a record read back
// (the CLI's files, exported from the server), which may also be a questionnaire relationship.
enum class RelationshipUse { kWrite, kRecord };

// from_supplier is a supplier name; exactly one of to_supplier (another supplier's name) and
// party_name (text that names a company, with an optional corporate number) says who receives the
// work; services are distinct text; data classes and dependency classes are known and distinct;
// access is known (ACCESS_LEVEL_NONE when nothing is passed on; a record may leave it unset); for
// kWrite, source is DECLARED or DISCOVERED (QUESTIONNAIRE relationships come only from submitted
// responses, and source_response with them), for kRecord any known source or none (declared);
// confidence is within (0, 1], or unset for 1; start_time is before end_time; last_evidence_time is
// not in the future.
void ValidateRelationship(absl::string_view prefix, const v1::Relationship& relationship,
                          RelationshipUse use, const TimeLimits& limits, Violations* violations);

}  // namespace supplyrisk::validation

#endif  // SUPPLYRISK_ENGINE_VALIDATION_RELATIONSHIPS_H_
