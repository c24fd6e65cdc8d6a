#include "engine/catalog/catalog.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/catalog/builtin_catalog_data.h"
#include "engine/catalog/cpsf_names.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace supplyrisk::catalog {
namespace {

using ::supplyrisk::v1::Catalog;
using ::supplyrisk::v1::Component;
using ::supplyrisk::v1::Layer;
using ::supplyrisk::v1::Measure;
using ::supplyrisk::v1::MeasureCategory;

int CellKey(int layer, int component) { return layer * (kComponentCount + 1) + component; }

// How validation problems name a cell: the proto enum names ("LAYER_1_ORGANIZATIONS x
// COMPONENT_DATA"), since they point at the values to fix in the catalogue text. Reports and
// explain targets use cpsf_names.h instead.
std::string CellEnumNames(int layer, int component) {
  return absl::StrCat(supplyrisk::v1::Layer_Name(static_cast<Layer>(layer)), " x ",
                      supplyrisk::v1::Component_Name(static_cast<Component>(component)));
}

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Two capital letters, e.g. "AM".
bool IsCategoryCode(absl::string_view code) {
  return code.size() == 2 && IsUpper(code[0]) && IsUpper(code[1]);
}

// Splits "<prefix>.<CAT>-<n>" into CAT; false if the shape is wrong. n is a positive number without
// leading zeros.
bool SplitMeasureId(absl::string_view id, absl::string_view prefix, absl::string_view* category) {
  if (!absl::StartsWith(id, prefix)) return false;
  id.remove_prefix(prefix.size());
  if (id.size() < 5 || id[0] != '.' || !IsCategoryCode(id.substr(1, 2)) || id[3] != '-') {
    return false;
  }
  absl::string_view number = id.substr(4);
  if (number.empty() || number[0] == '0') return false;
  for (char c : number) {
    if (!IsDigit(c)) return false;
  }
  *category = id.substr(1, 2);
  return true;
}

// NIST CSF 2.0 subcategory, e.g. "GV.SC-05": function, category, two-digit number.
bool IsNistCsf2Subcategory(absl::string_view id) {
  static const char* const kFunctions[] = {"GV", "ID", "PR", "DE", "RS", "RC"};
  if (id.size() != 8 || id[2] != '.' || id[5] != '-') return false;
  bool function_ok = false;
  for (const char* f : kFunctions) {
    if (id.substr(0, 2) == f) function_ok = true;
  }
  return function_ok && IsUpper(id[3]) && IsUpper(id[4]) && IsDigit(id[6]) && IsDigit(id[7]) &&
         !(id[6] == '0' && id[7] == '0');
}

// ISO/IEC 27001:2022 Annex A control: "A.5.1".."A.5.37", "A.6.1".."A.6.8", "A.7.1".."A.7.14",
// "A.8.1".."A.8.34".
// An issue type: lower-case letters, digits and single underscores, starting with a letter.
bool IsSnakeCase(absl::string_view s) {
  if (s.empty() || !absl::ascii_islower(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) && !IsDigit(c) && c != '_') {
      return false;
    }
  }
  return s.back() != '_' && !absl::StrContains(s, "__");
}

bool IsIso27001Control(absl::string_view id) {
  if (id.size() < 5 || id.size() > 6 || id.substr(0, 2) != "A." || id[2] < '5' || id[2] > '8' ||
      id[3] != '.') {
    return false;
  }
  static constexpr int kControls[] = {37, 8, 14, 34};  // clauses 5..8
  int n = 0;
  for (char c : id.substr(4)) {
    if (!IsDigit(c)) return false;
    n = n * 10 + (c - '0');
  }
  return id[4] != '0' && n >= 1 && n <= kControls[id[2] - '5'];
}

// Reports a missing language of a localized field as "<where>: <field>.ja: missing".
void CheckText(const supplyrisk::v1::LocalizedText& text, absl::string_view where,
               absl::string_view field, std::vector<std::string>* problems) {
  if (absl::StripAsciiWhitespace(text.ja()).empty()) {
    problems->push_back(absl::StrCat(where, ": ", field, ".ja: missing"));
  }
  if (absl::StripAsciiWhitespace(text.en()).empty()) {
    problems->push_back(absl::StrCat(where, ": ", field, ".en: missing"));
  }
}

// Checks the descriptions of one CPSF axis (the layers or the components): each entry names a valid
// value once and is named and described in ja and en, and every value of the axis is described.
template <typename Info, typename ValueOf, typename NameOf>
void CheckAxisDescribed(const google::protobuf::RepeatedPtrField<Info>& infos,
                        absl::string_view list, absl::string_view field, int count,
                        ValueOf value_of, NameOf name_of, std::vector<std::string>* problems) {
  absl::flat_hash_set<int> seen;
  for (int i = 0; i < infos.size(); ++i) {
    const Info& info = infos.Get(i);
    const std::string where = absl::StrCat(list, "[", i, "]");
    const int value = value_of(info);
    if (value < 1 || value > count) {
      problems->push_back(absl::StrCat(where, ": ", field, ": must be set"));
      continue;
    }
    if (!seen.insert(value).second) {
      problems->push_back(
          absl::StrCat(where, ": ", field, ": ", name_of(value), " is described twice"));
    }
    CheckText(info.name(), where, "name", problems);
    CheckText(info.description(), where, "description", problems);
  }
  for (int value = 1; value <= count; ++value) {
    if (!seen.contains(value)) {
      problems->push_back(
          absl::StrCat("catalog: ", list, ": ", name_of(value), " is not described"));
    }
  }
}

void ValidateMeasure(const Measure& m, int index,
                     const absl::flat_hash_map<std::string, const MeasureCategory*>& categories,
                     std::vector<std::string>* problems) {
  const std::string where =
      m.id().empty() ? absl::StrCat("measures[", index, "]") : absl::StrCat("measure ", m.id());
  auto add = [&](absl::string_view field, absl::string_view message) {
    problems->push_back(absl::StrCat(where, ": ", field, ": ", message));
  };

  if (m.id().empty()) {
    add("id", "missing");
  } else {
    absl::string_view id_category;
    switch (m.origin()) {
      case supplyrisk::v1::ID_ORIGIN_CPSF_CONFIRMED:
        if (!SplitMeasureId(m.id(), "CPS", &id_category)) {
          add("id", "a confirmed CPSF id must look like \"CPS.<CAT>-<n>\"");
        }
        break;
      case supplyrisk::v1::ID_ORIGIN_SUPPLYRISK:
        if (!SplitMeasureId(m.id(), "SR", &id_category)) {
          add("id", "an id defined by supplyrisk must look like \"SR.<CAT>-<n>\"");
        }
        break;
      default:
        add("origin", "must be ID_ORIGIN_CPSF_CONFIRMED or ID_ORIGIN_SUPPLYRISK");
        break;
    }
    if (!id_category.empty() && id_category != m.category()) {
      add("id", absl::StrCat("category part \"", id_category, "\" differs from category \"",
                             m.category(), "\""));
    }
  }
  if (m.category().empty()) {
    add("category", "missing");
  } else if (!categories.contains(m.category())) {
    add("category", absl::StrCat("unknown category \"", m.category(), "\""));
  }
  if (!IsValidLayer(m.layer())) add("layer", "must be set to one of the 3 layers");
  if (!IsValidComponent(m.component())) {
    add("component", "must be set to one of the 6 components");
  }
  CheckText(m.title(), where, "title", problems);
  CheckText(m.description(), where, "description", problems);

  if (m.guideline_directives().empty()) {
    add("guideline_directives", "at least one directive (1-10) is required");
  }
  absl::flat_hash_set<int> directives;
  for (int d : m.guideline_directives()) {
    if (d < 1 || d > 10) {
      add("guideline_directives", absl::StrCat(d, " is outside 1..10"));
    } else if (!directives.insert(d).second) {
      add("guideline_directives", absl::StrCat(d, " is repeated"));
    }
  }

  if (m.nist_csf().empty()) {
    add("nist_csf", "at least one NIST CSF 2.0 subcategory is required");
  }
  for (const std::string& n : m.nist_csf()) {
    if (!IsNistCsf2Subcategory(n)) {
      add("nist_csf",
          absl::StrCat("\"", n, "\" is not a NIST CSF 2.0 subcategory like \"GV.SC-05\""));
    }
  }

  if (m.scs_category() == supplyrisk::v1::SCS_CATEGORY_UNSPECIFIED ||
      !supplyrisk::v1::ScsCategory_IsValid(m.scs_category())) {
    add("scs_category", "must be set");
  }
  absl::flat_hash_set<int> stars;
  for (int s : m.scs_stars()) {
    if (s != 3 && s != 4) {
      add("scs_stars", absl::StrCat(s, " is not a star level with criteria (3 or 4)"));
    } else if (!stars.insert(s).second) {
      add("scs_stars", absl::StrCat(s, " is repeated"));
    }
  }
  // A star needs every item of the levels below it that have criteria.
  if (stars.contains(3) && !stars.contains(4)) {
    add("scs_stars", "star 3 is listed without star 4, which includes it");
  }

  absl::flat_hash_set<int> factors;
  for (int f : m.factors()) {
    if (f == supplyrisk::v1::FACTOR_UNSPECIFIED || !supplyrisk::v1::Factor_IsValid(f)) {
      add("factors", absl::StrCat(f, " is not a factor"));
    } else if (!factors.insert(f).second) {
      add("factors",
          absl::StrCat(supplyrisk::v1::Factor_Name(static_cast<supplyrisk::v1::Factor>(f)),
                       " is repeated"));
    }
  }
  absl::flat_hash_set<int> observed_factors;
  absl::flat_hash_set<std::string> observed_types;
  for (int i = 0; i < m.observed_by_size(); ++i) {
    const supplyrisk::v1::ObservedBy& o = m.observed_by(i);
    const std::string field = absl::StrCat("observed_by[", i, "]");
    const int f = o.factor();
    if (f == supplyrisk::v1::FACTOR_UNSPECIFIED || !supplyrisk::v1::Factor_IsValid(f)) {
      add(absl::StrCat(field, ".factor"), "must be set to a factor");
    } else {
      const std::string name = supplyrisk::v1::Factor_Name(static_cast<supplyrisk::v1::Factor>(f));
      if (!factors.contains(f)) {
        add(absl::StrCat(field, ".factor"), absl::StrCat(name, " is not listed in factors"));
      }
      if (!observed_factors.insert(f).second) {
        add(absl::StrCat(field, ".factor"), absl::StrCat(name, " is repeated"));
      }
    }
    if (o.issue_types().empty() && o.confirming_issue_types().empty()) {
      add(field, "at least one issue type is required");
    }
    for (const auto* list : {&o.issue_types(), &o.confirming_issue_types()}) {
      for (const std::string& t : *list) {
        if (!IsSnakeCase(t)) {
          add(field, absl::StrCat("issue type \"", t, "\" is not snake_case"));
        } else if (!observed_types.insert(t).second) {
          add(field, absl::StrCat("issue type \"", t, "\" is repeated"));
        }
      }
    }
  }
  for (const std::string& c : m.iso27001()) {
    if (!IsIso27001Control(c)) {
      add("iso27001", absl::StrCat("\"", c,
                                   "\" is not an ISO/IEC 27001:2022 Annex A "
                                   "control like \"A.5.19\""));
    }
  }
}

}  // namespace

struct CatalogIndex::State {
  Catalog catalog;
  absl::flat_hash_map<std::string, ObservedIssue> issues;
  absl::flat_hash_map<std::string, const Measure*> measures;
  absl::flat_hash_map<std::string, const MeasureCategory*> categories;
  absl::flat_hash_map<int, std::vector<const Measure*>> cells;
  absl::flat_hash_set<int> empty_cells;
};

CatalogIndex::CatalogIndex(std::shared_ptr<const State> state) : state_(std::move(state)) {}

absl::StatusOr<CatalogIndex> CatalogIndex::Create(Catalog catalog) {
  auto state = std::make_shared<State>();
  state->catalog = std::move(catalog);
  const Catalog& c = state->catalog;
  std::vector<std::string> problems;

  if (absl::StripAsciiWhitespace(c.version()).empty()) {
    problems.push_back("catalog: version: missing");
  }

  CheckAxisDescribed(
      c.layers(), "layers", "layer", kLayerCount,
      [](const supplyrisk::v1::LayerInfo& info) { return info.layer(); },
      [](int l) { return supplyrisk::v1::Layer_Name(static_cast<Layer>(l)); }, &problems);
  CheckAxisDescribed(
      c.components(), "components", "component", kComponentCount,
      [](const supplyrisk::v1::ComponentInfo& info) { return info.component(); },
      [](int k) { return supplyrisk::v1::Component_Name(static_cast<Component>(k)); }, &problems);

  static const char* const kCsfFunctions[] = {"IDENTIFY", "PROTECT", "DETECT", "RESPOND",
                                              "RECOVER"};
  for (int i = 0; i < c.categories_size(); ++i) {
    const MeasureCategory& category = c.categories(i);
    const std::string where = category.code().empty() ? absl::StrCat("categories[", i, "]")
                                                      : absl::StrCat("category ", category.code());
    if (!IsCategoryCode(category.code())) {
      problems.push_back(absl::StrCat(where, ": code: \"", category.code(),
                                      "\" is not a category code of two capital letters"));
    } else if (!state->categories.emplace(category.code(), &category).second) {
      problems.push_back(absl::StrCat(where, ": code: duplicate category"));
    }
    CheckText(category.name(), where, "name", &problems);
    bool function_ok = false;
    for (const char* f : kCsfFunctions) {
      if (category.csf_function() == f) function_ok = true;
    }
    if (!function_ok) {
      problems.push_back(
          absl::StrCat(where, ": csf_function: \"", category.csf_function(),
                       "\" is not one of IDENTIFY, PROTECT, DETECT, RESPOND, RECOVER"));
    }
  }

  for (int i = 0; i < c.measures_size(); ++i) {
    const Measure& m = c.measures(i);
    ValidateMeasure(m, i, state->categories, &problems);
    if (!m.id().empty() && !state->measures.emplace(m.id(), &m).second) {
      problems.push_back(absl::StrCat("measure ", m.id(), ": id: duplicate measure id"));
    }
    if (IsValidLayer(m.layer()) && IsValidComponent(m.component())) {
      state->cells[CellKey(m.layer(), m.component())].push_back(&m);
    }
  }

  // An issue type means one thing everywhere: one factor, a finding or a confirmation.
  for (const Measure& m : c.measures()) {
    for (const supplyrisk::v1::ObservedBy& o : m.observed_by()) {
      for (int confirming = 0; confirming < 2; ++confirming) {
        for (const std::string& t : confirming ? o.confirming_issue_types() : o.issue_types()) {
          const ObservedIssue issue{o.factor(), confirming == 1};
          auto [it, inserted] = state->issues.try_emplace(t, issue);
          if (inserted) continue;
          if (it->second.factor != issue.factor) {
            problems.push_back(absl::StrCat(
                "measure ", m.id(), ": observed_by: issue type \"", t, "\" is listed under ",
                supplyrisk::v1::Factor_Name(issue.factor), " here and under ",
                supplyrisk::v1::Factor_Name(it->second.factor), " elsewhere"));
          } else if (it->second.confirming != issue.confirming) {
            problems.push_back(absl::StrCat("measure ", m.id(), ": observed_by: issue type \"", t,
                                            "\" is a confirmation in one measure and a finding "
                                            "in another"));
          }
        }
      }
    }
  }

  for (int i = 0; i < c.empty_cells_size(); ++i) {
    const auto& cell = c.empty_cells(i);
    const std::string where = absl::StrCat("empty_cells[", i, "]");
    if (!IsValidLayer(cell.layer()) || !IsValidComponent(cell.component())) {
      problems.push_back(absl::StrCat(where, ": layer/component: both must be set"));
      continue;
    }
    const int key = CellKey(cell.layer(), cell.component());
    const std::string name = CellEnumNames(cell.layer(), cell.component());
    if (!state->empty_cells.insert(key).second) {
      problems.push_back(absl::StrCat(where, ": ", name, " is listed twice"));
    }
    auto it = state->cells.find(key);
    if (it != state->cells.end()) {
      problems.push_back(absl::StrCat(where, ": ", name, " is listed as empty but holds measure ",
                                      it->second.front()->id()));
    }
    CheckText(cell.reason(), where, "reason", &problems);
  }
  for (int l = 1; l <= kLayerCount; ++l) {
    for (int k = 1; k <= kComponentCount; ++k) {
      const int key = CellKey(l, k);
      if (!state->cells.contains(key) && !state->empty_cells.contains(key)) {
        problems.push_back(
            absl::StrCat("catalog: empty_cells: ", CellEnumNames(l, k),
                         " holds no measure and is not listed as empty with a reason"));
      }
    }
  }

  if (!problems.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("invalid catalogue (", problems.size(),
                                                   " problems):\n", absl::StrJoin(problems, "\n")));
  }
  return CatalogIndex(std::move(state));
}

const Catalog& CatalogIndex::catalog() const { return state_->catalog; }

const Measure* CatalogIndex::FindMeasure(absl::string_view id) const {
  auto it = state_->measures.find(id);
  return it == state_->measures.end() ? nullptr : it->second;
}

const MeasureCategory* CatalogIndex::FindCategory(absl::string_view code) const {
  auto it = state_->categories.find(code);
  return it == state_->categories.end() ? nullptr : it->second;
}

const ObservedIssue* CatalogIndex::FindObservedIssue(absl::string_view issue_type) const {
  auto it = state_->issues.find(issue_type);
  return it == state_->issues.end() ? nullptr : &it->second;
}

std::vector<const Measure*> CatalogIndex::MeasuresInCell(Layer layer, Component component) const {
  auto it = state_->cells.find(CellKey(layer, component));
  if (it == state_->cells.end()) return {};
  return it->second;
}

bool CatalogIndex::IsEmptyCell(Layer layer, Component component) const {
  return state_->empty_cells.contains(CellKey(layer, component));
}

namespace {

// Collects parser errors as "line L:C: message" (1-based), all of them.
class CollectingErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    errors_.push_back(absl::StrCat("line ", line + 1, ":", column + 1, ": ", message));
  }
  void AddWarning(int line, google::protobuf::io::ColumnNumber column,
                  const std::string& message) override {
    AddError(line, column, message);
  }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::vector<std::string> errors_;
};

}  // namespace

absl::StatusOr<Catalog> ParseCatalogText(absl::string_view textproto) {
  Catalog catalog;
  CollectingErrors errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  const bool ok = parser.ParseFromString(std::string(textproto), &catalog);
  if (!ok || !errors.errors().empty()) {
    return absl::InvalidArgumentError(errors.errors().empty()
                                          ? std::string("catalogue text does not parse")
                                          : absl::StrJoin(errors.errors(), "\n"));
  }
  return catalog;
}

const CatalogIndex& BuiltinCatalog() {
  // Function-local static: initialised once, thread-safe since C++11; never destroyed, so
  // references stay valid during shutdown.
  static const CatalogIndex* const kIndex = [] {
    absl::StatusOr<CatalogIndex> index = [] {
      absl::StatusOr<Catalog> catalog = ParseCatalogText(internal::kBuiltinCatalogText);
      if (!catalog.ok()) return absl::StatusOr<CatalogIndex>(catalog.status());
      return CatalogIndex::Create(*std::move(catalog));
    }();
    if (!index.ok()) {
      std::fprintf(stderr, "built-in CPSF catalogue is invalid: %s\n",
                   std::string(index.status().message()).c_str());
      std::abort();
    }
    return new CatalogIndex(*std::move(index));
  }();
  return *kIndex;
}

}  // namespace supplyrisk::catalog
