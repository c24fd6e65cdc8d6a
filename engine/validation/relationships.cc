#include "engine/validation/relationships.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "engine/chain/declared_subcontractors.h"
#include "engine/validation/identifiers.h"

namespace supplyrisk::validation {
namespace {

std::string Path(absl::string_view prefix, absl::string_view field) {
  return prefix.empty() ? std::string(field) : absl::StrCat(prefix, ".", field);
}

std::string Indexed(absl::string_view path, int i) { return absl::StrCat(path, "[", i, "]"); }

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// Who receives the work: another supplier, or a party named as declared.
void CheckTarget(absl::string_view prefix, const v1::Relationship& r, Violations* v) {
  std::string from_id;
  ParseName(Path(prefix, "from_supplier"), r.from_supplier(), "suppliers", &from_id, v);
  if (!r.to_supplier().empty()) {
    std::string to_id;
    const std::string field = Path(prefix, "to_supplier");
    if (ParseName(field, r.to_supplier(), "suppliers", &to_id, v) && to_id == from_id) {
      v->Add(field, "a supplier cannot subcontract to itself");
    }
    if (!r.party_name().empty() || !r.party_corporate_number().empty()) {
      v->Add(Path(prefix, "party_name"), "set to_supplier or party_name, not both");
    }
    return;
  }
  const std::string field = Path(prefix, "party_name");
  if (r.party_name().empty()) {
    v->Add(Path(prefix, "to_supplier"), "required unless party_name names the subcontractor");
    return;
  }
  const size_t before = v->violations().size();
  CheckText(field, r.party_name(), kMaxPartyNameBytes, v);
  if (v->violations().size() == before && chain::CompanyNameKey(r.party_name()).empty()) {
    v->Add(field, "names no company: nothing is left once blanks and punctuation are removed");
  }
  if (!r.party_corporate_number().empty()) {
    const std::string problem = CorporateNumberProblem(r.party_corporate_number());
    if (!problem.empty()) v->Add(Path(prefix, "party_corporate_number"), problem);
  }
}

// What is passed on: services, data classes, access and the kinds of dependency.
void CheckScope(absl::string_view prefix, const v1::Relationship& r, RelationshipUse use,
                Violations* v) {
  if (r.services_size() > kMaxRelationshipServices) {
    v->Add(Path(prefix, "services"), absl::StrCat("at most ", kMaxRelationshipServices));
  } else {
    absl::flat_hash_set<std::string> seen;
    for (int i = 0; i < r.services_size(); ++i) {
      const std::string field = Indexed(Path(prefix, "services"), i);
      if (IsBlank(r.services(i))) {
        v->Add(field, "empty");
        continue;
      }
      CheckText(field, r.services(i), kMaxServiceBytes, v);
      if (!seen.insert(r.services(i)).second) v->Add(field, "listed twice");
    }
  }
  absl::flat_hash_set<int> data;
  for (int i = 0; i < r.data_classes_size(); ++i) {
    const int dc = r.data_classes(i);
    const std::string field = Indexed(Path(prefix, "data_classes"), i);
    if (dc == v1::DATA_CLASS_UNSPECIFIED || !v1::DataClass_IsValid(dc)) {
      v->Add(field, absl::StrCat("unknown data class ", dc));
    } else if (!data.insert(dc).second) {
      v->Add(field, "listed twice");
    }
  }
  if (use == RelationshipUse::kRecord && r.access() == v1::ACCESS_LEVEL_UNSPECIFIED) {
    // A record may leave access unset: nothing is passed on.
  } else if (r.access() == v1::ACCESS_LEVEL_UNSPECIFIED || !v1::AccessLevel_IsValid(r.access())) {
    v->Add(Path(prefix, "access"), r.access() == 0
                                       ? "required (ACCESS_LEVEL_NONE when none is passed on)"
                                       : absl::StrCat("unknown access level ", r.access()));
  }
  absl::flat_hash_set<int> classes;
  for (int i = 0; i < r.dependency_classes_size(); ++i) {
    const int c = r.dependency_classes(i);
    const std::string field = Indexed(Path(prefix, "dependency_classes"), i);
    if (c == v1::DEPENDENCY_CLASS_UNSPECIFIED || !v1::DependencyClass_IsValid(c)) {
      v->Add(field, absl::StrCat("unknown dependency class ", c));
    } else if (!classes.insert(c).second) {
      v->Add(field, "listed twice");
    }
  }
}

}  // namespace

void ValidateRelationship(absl::string_view prefix, const v1::Relationship& r, RelationshipUse use,
                          const TimeLimits& limits, Violations* v) {
  CheckTarget(prefix, r, v);
  CheckScope(prefix, r, use, v);
  const bool write = use == RelationshipUse::kWrite;
  switch (r.source()) {
    case v1::RELATIONSHIP_SOURCE_DECLARED:
    case v1::RELATIONSHIP_SOURCE_DISCOVERED:
      break;
    case v1::RELATIONSHIP_SOURCE_QUESTIONNAIRE:
      if (write) {
        v->Add(Path(prefix, "source"),
               "questionnaire relationships come only from submitted responses");
      }
      break;
    case v1::RELATIONSHIP_SOURCE_UNSPECIFIED:
      // A record without a source counts as declared (chain::FromProto).
      if (write) {
        v->Add(Path(prefix, "source"), "required: RELATIONSHIP_SOURCE_DECLARED or _DISCOVERED");
      }
      break;
    default:
      v->Add(Path(prefix, "source"), absl::StrCat("unknown source ", r.source()));
      break;
  }
  if (write && !r.source_response().empty()) {
    v->Add(Path(prefix, "source_response"), "set only for relationships from a response");
  }
  // NaN fails both comparisons.
  if (!(r.confidence() >= 0 && r.confidence() <= 1)) {
    v->Add(Path(prefix, "confidence"), "within 0-1 (0 or unset means 1)");
  }
  if (r.has_start_time()) CheckTimestamp(Path(prefix, "start_time"), r.start_time(), v);
  if (r.has_end_time()) CheckTimestamp(Path(prefix, "end_time"), r.end_time(), v);
  if (r.has_start_time() && r.has_end_time() && TimeOf(r.end_time()) <= TimeOf(r.start_time())) {
    v->Add(Path(prefix, "end_time"), "must be after start_time");
  }
  if (r.has_last_evidence_time()) {
    CheckPastTimestamp(Path(prefix, "last_evidence_time"), r.last_evidence_time(), limits, v);
  }
}

}  // namespace supplyrisk::validation
