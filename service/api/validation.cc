#include "service/api/validation.h"

#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "service/api/identifiers.h"

namespace supplyrisk::api {
namespace {

std::string Path(absl::string_view prefix, absl::string_view field) {
  return prefix.empty() ? std::string(field) : absl::StrCat(prefix, ".", field);
}

std::string Indexed(absl::string_view path, int i) { return absl::StrCat(path, "[", i, "]"); }

bool IsLowerHex(absl::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

void CheckResourceId(absl::string_view field, absl::string_view id, bool optional,
                     FieldViolations* violations) {
  if (id.empty()) {
    if (!optional) violations->Add(field, "required");
    return;
  }
  if (!ValidResourceId(id)) {
    violations->Add(field,
                    "must be 1-63 characters of a-z, 0-9 and '-', not starting or ending "
                    "with '-'");
  }
}

bool ParseChildName(absl::string_view field, absl::string_view name, absl::string_view collection,
                    std::string* supplier_id, std::string* id, FieldViolations* violations) {
  if (name.empty()) {
    violations->Add(field, "required");
    return false;
  }
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "suppliers" || !ValidResourceId(parts[1]) ||
      parts[2] != collection || !ValidResourceId(parts[3])) {
    violations->Add(field, absl::StrCat("must be \"suppliers/{supplier}/", collection, "/{id}\""));
    return false;
  }
  *supplier_id = std::string(parts[1]);
  *id = std::string(parts[3]);
  return true;
}

void CheckRequestId(absl::string_view field, absl::string_view request_id,
                    FieldViolations* violations) {
  if (request_id.empty()) return;
  static constexpr int kGroups[] = {8, 4, 4, 4, 12};
  std::vector<absl::string_view> parts = absl::StrSplit(request_id, '-');
  bool ok = parts.size() == 5;
  for (size_t i = 0; ok && i < 5; ++i) {
    ok = static_cast<int>(parts[i].size()) == kGroups[i] &&
         IsLowerHex(absl::AsciiStrToLower(parts[i]));
  }
  if (!ok) violations->Add(field, "must be a UUID, e.g. 123e4567-e89b-42d3-a456-426614174000");
}

void CheckPageSize(absl::string_view field, int page_size, FieldViolations* violations) {
  if (page_size < 0) violations->Add(field, "must not be negative");
}

void CheckUpdateMask(const google::protobuf::FieldMask& mask,
                     const absl::flat_hash_set<std::string>& updatable,
                     const absl::flat_hash_map<std::string, std::string>& fixed,
                     FieldViolations* violations) {
  if (mask.paths().empty()) violations->Add("update_mask", "required: name the fields to change");
  for (int i = 0; i < mask.paths_size(); ++i) {
    const std::string& path = mask.paths(i);
    if (updatable.contains(path)) continue;
    auto reason = fixed.find(path);
    violations->Add(absl::StrCat("update_mask.paths[", i, "]"),
                    reason != fixed.end()
                        ? reason->second
                        : absl::StrCat("\"", path, "\" is not an updatable field"));
  }
}

void ValidateSupplier(absl::string_view prefix, v1::Supplier* s, FieldViolations* v) {
  if (validation::IsBlank(s->display_name().ja()) && validation::IsBlank(s->display_name().en())) {
    v->Add(Path(prefix, "display_name"), "required: set ja or en to more than blanks");
  }
  CheckText(Path(prefix, "display_name.ja"), s->display_name().ja(), 300, v);
  CheckText(Path(prefix, "display_name.en"), s->display_name().en(), 300, v);
  if (!s->corporate_number().empty()) {
    std::string problem = CorporateNumberProblem(s->corporate_number());
    if (!problem.empty()) v->Add(Path(prefix, "corporate_number"), problem);
  }
  if (!s->lei().empty()) {
    std::string problem = LeiProblem(s->lei());
    if (!problem.empty()) v->Add(Path(prefix, "lei"), problem);
  }
  if (s->domains_size() > 100) {
    v->Add(Path(prefix, "domains"), "at most 100 domains");
  } else {
    absl::flat_hash_set<std::string> seen;
    for (int i = 0; i < s->domains_size(); ++i) {
      std::string canonical, problem;
      std::string field = Indexed(Path(prefix, "domains"), i);
      if (!CanonicalDomain(s->domains(i), &canonical, &problem)) {
        v->Add(field, problem);
      } else if (!seen.insert(canonical).second) {
        v->Add(field, absl::StrCat("duplicate of another domain (", canonical, ")"));
      } else {
        *s->mutable_domains(i) = canonical;
      }
    }
  }
  if (!v1::CompanySize_IsValid(s->size())) {
    v->Add(Path(prefix, "size"), absl::StrCat("unknown company size ", s->size()));
  }
  CheckText(Path(prefix, "industry"), s->industry(), 100, v);
  int stars = s->profile().security_action_stars();
  if (stars < 0 || stars > 2) {
    v->Add(Path(prefix, "profile.security_action_stars"), "must be 0, 1 or 2");
  }
}

}  // namespace supplyrisk::api
