#include "engine/questionnaire/coverage.h"

#include <iterator>
#include <map>
#include <set>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/catalog/cpsf_names.h"
#include "engine/questionnaire/format.h"
#include "google/protobuf/util/json_util.h"

namespace supplyrisk::questionnaire {
namespace {

using ::supplyrisk::v1::Measure;
using ::supplyrisk::v1::Template;
using ::supplyrisk::v1::TemplateCoverage;

// The enums number their values from 1 without gaps, so their _MAX is their count: a factor added
// to the proto shows up here without a change.
constexpr int kLayers = catalog::kLayerCount;
constexpr int kComponents = catalog::kComponentCount;
constexpr int kScsCategories = supplyrisk::v1::ScsCategory_MAX;
constexpr int kFactors = supplyrisk::v1::Factor_MAX;
// Cybersecurity Management Guidelines directives to the CISO.
constexpr int kDirectives = 10;

// One counted entry: a question or a readiness item.
struct Entry {
  std::vector<const Measure*> measures;
  // A readiness item's own SCS category, counted besides its measures'.
  std::set<supplyrisk::v1::ScsCategory> extra_scs;
};

// "yes_no" for ANSWER_TYPE_YES_NO with prefix "ANSWER_TYPE_".
std::string ShortName(absl::string_view enum_name, absl::string_view prefix) {
  return absl::AsciiStrToLower(WithoutPrefix(enum_name, prefix));
}

// Counts one question or item whose text is `text` toward the languages.
void CountLanguages(const supplyrisk::v1::LocalizedText& text,
                    TemplateCoverage::Languages* languages) {
  const bool ja = HasText(text.ja());
  const bool en = HasText(text.en());
  languages->set_total(languages->total() + 1);
  languages->set_with_ja(languages->with_ja() + ja);
  languages->set_with_en(languages->with_en() + en);
  languages->set_with_both(languages->with_both() + (ja && en));
}

}  // namespace

TemplateCoverage ComputeCoverage(const Template& t, const catalog::CatalogIndex& catalog) {
  TemplateCoverage c;
  c.set_template_id(t.id());
  c.set_revision(t.revision());
  c.set_kind(t.kind());
  c.set_catalog_version(catalog.catalog().version());
  c.set_sections(t.sections_size());

  std::vector<Entry> entries;
  std::map<supplyrisk::v1::AnswerType, int> types;
  std::map<supplyrisk::v1::Factor, int> factors;
  absl::flat_hash_set<std::string> linked;
  auto* lang = c.mutable_languages();

  auto resolve = [&](const std::string& id, Entry* e) {
    const Measure* m = catalog.FindMeasure(id);
    if (m == nullptr) return;
    for (const Measure* seen : e->measures) {
      if (seen == m) return;
    }
    e->measures.push_back(m);
    linked.insert(id);
  };

  for (const auto& section : t.sections()) {
    for (const auto& q : section.questions()) {
      Entry e;
      for (const auto& link : q.measures()) resolve(link.measure_id(), &e);
      entries.push_back(std::move(e));
      ++types[q.answer_type()];
      const bool scored = q.weight() > 0 && !q.measures().empty();
      if (scored) c.set_scored_questions(c.scored_questions() + 1);
      if (q.knockout()) c.set_knockouts(c.knockouts() + 1);
      if (q.has_condition() || section.has_condition()) {
        c.set_conditional_questions(c.conditional_questions() + 1);
      }
      if (q.compensable()) {
        c.set_compensable_questions(c.compensable_questions() + 1);
      }
      if (q.evidence().required()) {
        c.set_evidence_required(c.evidence_required() + 1);
      }
      std::set<supplyrisk::v1::Factor> qf;
      for (const auto& s : q.signal_links()) qf.insert(s.factor());
      for (auto f : qf) ++factors[f];
      CountLanguages(q.text(), lang);
    }
  }
  for (const auto& item : t.readiness().items()) {
    Entry e;
    for (const auto& id : item.measure_ids()) resolve(id, &e);
    if (item.scs_category() != supplyrisk::v1::SCS_CATEGORY_UNSPECIFIED) {
      e.extra_scs.insert(item.scs_category());
    }
    entries.push_back(std::move(e));
    CountLanguages(item.title(), lang);
  }
  c.set_questions(static_cast<int>(entries.size()));

  int cells[kLayers + 1][kComponents + 1] = {};
  std::map<std::string, int> categories;
  int directives[kDirectives + 1] = {};
  int scs[kScsCategories + 1] = {};
  for (const Entry& e : entries) {
    std::set<std::pair<int, int>> ecells;
    std::set<std::string> ecats;
    std::set<int> edirs;
    std::set<int> escs;
    for (auto s : e.extra_scs) escs.insert(s);
    for (const Measure* m : e.measures) {
      if (m->layer() >= 1 && m->layer() <= kLayers && m->component() >= 1 &&
          m->component() <= kComponents) {
        ecells.emplace(m->layer(), m->component());
      }
      ecats.insert(m->category());
      for (int d : m->guideline_directives()) {
        if (d >= 1 && d <= kDirectives) edirs.insert(d);
      }
      if (m->scs_category() >= 1 && m->scs_category() <= kScsCategories) {
        escs.insert(m->scs_category());
      }
    }
    for (auto [l, k] : ecells) ++cells[l][k];
    for (const auto& cat : ecats) ++categories[cat];
    for (int d : edirs) ++directives[d];
    for (int s : escs) ++scs[s];
  }

  for (int l = 1; l <= kLayers; ++l) {
    for (int k = 1; k <= kComponents; ++k) {
      auto* cell = c.add_cells();
      cell->set_layer(static_cast<supplyrisk::v1::Layer>(l));
      cell->set_component(static_cast<supplyrisk::v1::Component>(k));
      cell->set_questions(cells[l][k]);
      cell->set_empty_in_catalog(catalog.IsEmptyCell(cell->layer(), cell->component()));
      if (cells[l][k] > 0) c.set_cells_covered(c.cells_covered() + 1);
      if (!cell->empty_in_catalog()) c.set_cells_populated(c.cells_populated() + 1);
    }
  }
  for (const auto& cat : catalog.catalog().categories()) {
    auto* cc = c.add_categories();
    cc->set_code(cat.code());
    auto it = categories.find(cat.code());
    cc->set_questions(it == categories.end() ? 0 : it->second);
    if (cc->questions() > 0) {
      c.set_categories_covered(c.categories_covered() + 1);
    } else {
      c.add_categories_missing(cat.code());
    }
  }
  c.set_categories_total(catalog.catalog().categories_size());
  for (int d = 1; d <= kDirectives; ++d) {
    auto* dc = c.add_directives();
    dc->set_directive(d);
    dc->set_questions(directives[d]);
    if (directives[d] > 0) c.set_directives_covered(c.directives_covered() + 1);
  }
  for (int s = 1; s <= kScsCategories; ++s) {
    auto* sc = c.add_scs_categories();
    sc->set_category(static_cast<supplyrisk::v1::ScsCategory>(s));
    sc->set_questions(scs[s]);
    if (scs[s] > 0) c.set_scs_categories_covered(c.scs_categories_covered() + 1);
  }
  for (int f = 1; f <= kFactors; ++f) {
    auto* fc = c.add_factors();
    fc->set_factor(static_cast<supplyrisk::v1::Factor>(f));
    auto it = factors.find(fc->factor());
    fc->set_questions(it == factors.end() ? 0 : it->second);
  }
  for (const auto& [type, n] : types) {
    auto* tc = c.add_answer_types();
    tc->set_answer_type(type);
    tc->set_questions(n);
  }
  c.set_measures_linked(static_cast<int>(linked.size()));
  c.set_measures_total(catalog.catalog().measures_size());
  return c;
}

std::string RenderCoverageText(const TemplateCoverage& c, const catalog::CatalogIndex& catalog) {
  const bool items = c.kind() == supplyrisk::v1::TEMPLATE_KIND_READINESS_PROFILE;
  const char* noun = items ? "items" : "questions";
  std::string out =
      absl::StrFormat("template %s revision %d (%s), catalogue %s\n", c.template_id(), c.revision(),
                      ShortName(supplyrisk::v1::TemplateKind_Name(c.kind()), "TEMPLATE_KIND_"),
                      c.catalog_version());
  absl::StrAppendFormat(&out, "%s: %d", noun, c.questions());
  if (!items) {
    absl::StrAppendFormat(&out, " in %d sections, %d scored", c.sections(), c.scored_questions());
  }
  absl::StrAppend(&out, "\n\n");

  // The matrix: rows are layers, columns components. "." marks a cell the catalogue leaves empty on
  // purpose, so a 0 there is expected.
  static constexpr const char* kComponentNames[] = {"Organization", "People",    "Component",
                                                    "Data",         "Procedure", "System"};
  static constexpr const char* kLayerNames[] = {"L1 organizations", "L2 physical-cyber",
                                                "L3 cyberspace"};
  static_assert(std::size(kComponentNames) == kComponents);
  static_assert(std::size(kLayerNames) == kLayers);
  absl::StrAppendFormat(&out, "%s per CPSF cell (. = empty in catalogue)\n", noun);
  absl::StrAppendFormat(&out, "%-18s", "");
  for (const char* name : kComponentNames) absl::StrAppendFormat(&out, " %12s", name);
  absl::StrAppend(&out, "\n");
  for (int l = 0; l < kLayers; ++l) {
    absl::StrAppendFormat(&out, "%-18s", kLayerNames[l]);
    for (int k = 0; k < kComponents; ++k) {
      const int i = l * kComponents + k;
      if (i >= c.cells_size()) break;
      const auto& cell = c.cells(i);
      absl::StrAppendFormat(&out, " %12s",
                            cell.empty_in_catalog() && cell.questions() == 0
                                ? std::string(".")
                                : absl::StrCat(cell.questions()));
    }
    absl::StrAppend(&out, "\n");
  }
  absl::StrAppendFormat(&out, "cells covered: %d/%d populated by the catalogue\n\n",
                        c.cells_covered(), c.cells_populated());
  for (const auto& e : catalog.catalog().empty_cells()) {
    const int l = static_cast<int>(e.layer());
    const int k = static_cast<int>(e.component());
    absl::StrAppendFormat(
        &out, "  empty cell %s x %s: %s\n", l >= 1 && l <= kLayers ? kLayerNames[l - 1] : "?",
        k >= 1 && k <= kComponents ? kComponentNames[k - 1] : "?", e.reason().en());
  }
  if (catalog.catalog().empty_cells_size() > 0) absl::StrAppend(&out, "\n");

  std::vector<std::string> cats;
  for (const auto& cc : c.categories()) {
    cats.push_back(absl::StrCat(cc.code(), "=", cc.questions()));
  }
  absl::StrAppendFormat(&out, "categories: %d/%d  %s\n", c.categories_covered(),
                        c.categories_total(), absl::StrJoin(cats, " "));
  if (c.categories_missing_size() > 0) {
    absl::StrAppendFormat(&out, "  missing: %s\n", absl::StrJoin(c.categories_missing(), " "));
  }
  std::vector<std::string> dirs;
  for (const auto& d : c.directives()) {
    dirs.push_back(absl::StrCat(d.directive(), "=", d.questions()));
  }
  absl::StrAppendFormat(&out, "guideline directives: %d/%d  %s\n", c.directives_covered(),
                        kDirectives, absl::StrJoin(dirs, " "));
  std::vector<std::string> scs;
  for (const auto& s : c.scs_categories()) {
    scs.push_back(absl::StrCat(ShortName(supplyrisk::v1::ScsCategory_Name(s.category()), "SCS_"),
                               "=", s.questions()));
  }
  absl::StrAppendFormat(&out, "SCS categories: %d/%d  %s\n", c.scs_categories_covered(),
                        kScsCategories, absl::StrJoin(scs, " "));
  absl::StrAppendFormat(&out, "signal-linked %s per factor:\n", noun);
  for (const auto& f : c.factors()) {
    absl::StrAppendFormat(&out, "  %-22s %d\n",
                          ShortName(supplyrisk::v1::Factor_Name(f.factor()), "FACTOR_"),
                          f.questions());
  }
  absl::StrAppendFormat(&out, "languages: %d with ja, %d with en, %d with both, of %d\n",
                        c.languages().with_ja(), c.languages().with_en(), c.languages().with_both(),
                        c.languages().total());
  if (!items) {
    std::vector<std::string> types;
    for (const auto& t : c.answer_types()) {
      types.push_back(
          absl::StrCat(ShortName(supplyrisk::v1::AnswerType_Name(t.answer_type()), "ANSWER_TYPE_"),
                       "=", t.questions()));
    }
    absl::StrAppendFormat(&out, "answer types: %s\n", absl::StrJoin(types, " "));
    absl::StrAppendFormat(&out,
                          "knockouts: %d  conditional: %d  compensable: %d  "
                          "evidence required: %d\n",
                          c.knockouts(), c.conditional_questions(), c.compensable_questions(),
                          c.evidence_required());
  }
  absl::StrAppendFormat(&out, "measures linked: %d/%d\n", c.measures_linked(), c.measures_total());
  return out;
}

absl::StatusOr<std::string> RenderCoverageJson(const TemplateCoverage& c) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string out;
  auto status = google::protobuf::util::MessageToJsonString(c, &out, options);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("coverage to JSON: ", status.ToString()));
  }
  return out;
}

}  // namespace supplyrisk::questionnaire
