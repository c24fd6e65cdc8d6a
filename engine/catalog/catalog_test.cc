#include "engine/catalog/catalog.h"

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "supplyrisk/v1/catalog.pb.h"

namespace supplyrisk::catalog {
namespace {

using ::supplyrisk::v1::Catalog;
using ::supplyrisk::v1::Measure;
using ::testing::HasSubstr;

// Runs first, so the threads race on the first use of the built-in catalogue.
TEST(BuiltinCatalogTest, FirstUseFromManyThreadsYieldsOneIndex) {
  std::vector<const CatalogIndex*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] { seen[i] = &BuiltinCatalog(); });
  }
  for (std::thread& t : threads) t.join();
  for (const CatalogIndex* index : seen) EXPECT_EQ(index, seen[0]);
}

TEST(BuiltinCatalogTest, Validates) {
  const CatalogIndex& index = BuiltinCatalog();
  EXPECT_FALSE(index.catalog().version().empty());
  // Same object on every call.
  EXPECT_EQ(&index, &BuiltinCatalog());
}

TEST(BuiltinCatalogTest, HasTheTwentyCategories) {
  const CatalogIndex& index = BuiltinCatalog();
  EXPECT_EQ(index.catalog().categories_size(), 20);
  std::set<std::string> used;
  for (const Measure& m : index.catalog().measures()) used.insert(m.category());
  for (const char* code : {"AM", "BE", "GV", "RA", "RM", "SC", "AC", "AT", "DS", "IP",
                           "MA", "PT", "AE", "CM", "DP", "RP", "CO", "AN", "MI", "IM"}) {
    ASSERT_NE(index.FindCategory(code), nullptr) << code;
    EXPECT_TRUE(used.count(code)) << "no measure in category " << code;
  }
  EXPECT_EQ(index.FindCategory("XX"), nullptr);
  EXPECT_EQ(index.catalog().layers_size(), 3);
  EXPECT_EQ(index.catalog().components_size(), 6);
}

TEST(BuiltinCatalogTest, ConfirmedIdsPresentWithConfirmedOrigin) {
  const CatalogIndex& index = BuiltinCatalog();
  const std::set<std::string> confirmed = {"CPS.AM-1", "CPS.BE-2", "CPS.GV-1", "CPS.RA-1",
                                           "CPS.RM-1", "CPS.SC-1", "CPS.AC-1", "CPS.AT-1",
                                           "CPS.DS-1", "CPS.IP-1", "CPS.IP-9", "CPS.MA-1",
                                           "CPS.AE-1", "CPS.CM-1", "CPS.DP-1", "CPS.RP-1"};
  for (const std::string& id : confirmed) {
    const Measure* m = index.FindMeasure(id);
    ASSERT_NE(m, nullptr) << id;
    EXPECT_EQ(m->origin(), supplyrisk::v1::ID_ORIGIN_CPSF_CONFIRMED) << id;
  }
  // No other measure claims an official number.
  for (const Measure& m : index.catalog().measures()) {
    if (m.origin() == supplyrisk::v1::ID_ORIGIN_CPSF_CONFIRMED) {
      EXPECT_TRUE(confirmed.count(m.id())) << m.id();
    }
  }
}

TEST(BuiltinCatalogTest, SizeCellsStarsAndCrosswalks) {
  const CatalogIndex& index = BuiltinCatalog();
  const int n = index.catalog().measures_size();
  EXPECT_GE(n, 90);
  EXPECT_LE(n, 130);
  int cells_with_measures = 0;
  for (int l = 1; l <= 3; ++l) {
    for (int c = 1; c <= 6; ++c) {
      const auto layer = static_cast<supplyrisk::v1::Layer>(l);
      const auto component = static_cast<supplyrisk::v1::Component>(c);
      const auto measures = index.MeasuresInCell(layer, component);
      EXPECT_NE(measures.empty(), !index.IsEmptyCell(layer, component));
      for (const Measure* m : measures) {
        EXPECT_EQ(m->layer(), layer);
        EXPECT_EQ(m->component(), component);
      }
      if (!measures.empty()) ++cells_with_measures;
    }
  }
  EXPECT_EQ(cells_with_measures + index.catalog().empty_cells_size(), 18);

  int star3 = 0, star4 = 0;
  std::set<int> directives, scs;
  for (const Measure& m : index.catalog().measures()) {
    for (int s : m.scs_stars()) (s == 3 ? star3 : star4)++;
    directives.insert(m.guideline_directives().begin(), m.guideline_directives().end());
    scs.insert(m.scs_category());
  }
  EXPECT_GE(star3, 20);
  EXPECT_LE(star3, 30);
  EXPECT_GE(star4, 40);
  EXPECT_LE(star4, 50);
  EXPECT_EQ(directives.size(), 10u);
  EXPECT_EQ(scs.size(), 7u);
}

TEST(BuiltinCatalogTest, IndexSurvivesCopyAndMove) {
  absl::StatusOr<CatalogIndex> loaded = CatalogIndex::Create(BuiltinCatalog().catalog());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const Measure* before = loaded->FindMeasure("CPS.AM-1");
  ASSERT_NE(before, nullptr);
  CatalogIndex copy = *loaded;
  CatalogIndex moved = std::move(*loaded);
  EXPECT_EQ(moved.FindMeasure("CPS.AM-1"), before);
  EXPECT_EQ(copy.FindMeasure("CPS.AM-1")->id(), "CPS.AM-1");
  EXPECT_EQ(moved.FindMeasure("SR.NOPE-1"), nullptr);
}

// A minimal valid catalogue: 3 layers, 6 components, one category and a measure in every cell but
// one, which is listed as empty.
Catalog SmallCatalog() {
  Catalog c;
  c.set_version("test-1");
  for (int l = 1; l <= 3; ++l) {
    auto* info = c.add_layers();
    info->set_layer(static_cast<supplyrisk::v1::Layer>(l));
    info->mutable_name()->set_ja("層");
    info->mutable_name()->set_en("layer");
    info->mutable_description()->set_ja("説明");
    info->mutable_description()->set_en("description");
  }
  for (int k = 1; k <= 6; ++k) {
    auto* info = c.add_components();
    info->set_component(static_cast<supplyrisk::v1::Component>(k));
    info->mutable_name()->set_ja("要素");
    info->mutable_name()->set_en("component");
    info->mutable_description()->set_ja("説明");
    info->mutable_description()->set_en("description");
  }
  auto* cat = c.add_categories();
  cat->set_code("AM");
  cat->mutable_name()->set_ja("資産管理");
  cat->mutable_name()->set_en("Asset Management");
  cat->set_csf_function("IDENTIFY");
  int n = 0;
  for (int l = 1; l <= 3; ++l) {
    for (int k = 1; k <= 6; ++k) {
      if (l == 3 && k == 2) continue;
      Measure* m = c.add_measures();
      m->set_id(absl::StrCat("SR.AM-", ++n));
      m->set_origin(supplyrisk::v1::ID_ORIGIN_SUPPLYRISK);
      m->set_category("AM");
      m->set_layer(static_cast<supplyrisk::v1::Layer>(l));
      m->set_component(static_cast<supplyrisk::v1::Component>(k));
      m->mutable_title()->set_ja("題");
      m->mutable_title()->set_en("title");
      m->mutable_description()->set_ja("説明");
      m->mutable_description()->set_en("description");
      m->add_guideline_directives(4);
      m->add_nist_csf("ID.AM-01");
      m->set_scs_category(supplyrisk::v1::SCS_IDENTIFY);
      m->add_scs_stars(3);
      m->add_scs_stars(4);
      m->add_factors(supplyrisk::v1::FACTOR_PATCHING_CADENCE);
      m->add_iso27001("A.5.9");
    }
  }
  c.mutable_measures(0)->set_id("CPS.AM-1");
  c.mutable_measures(0)->set_origin(supplyrisk::v1::ID_ORIGIN_CPSF_CONFIRMED);
  auto* empty = c.add_empty_cells();
  empty->set_layer(supplyrisk::v1::LAYER_3_CYBERSPACE);
  empty->set_component(supplyrisk::v1::COMPONENT_PEOPLE);
  empty->mutable_reason()->set_ja("理由");
  empty->mutable_reason()->set_en("reason");
  return c;
}

std::string CreateError(const Catalog& c) {
  absl::StatusOr<CatalogIndex> index = CatalogIndex::Create(c);
  if (index.ok()) return "";
  EXPECT_EQ(index.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(index.status().message());
}

TEST(ValidationTest, SmallCatalogueIsValid) {
  absl::StatusOr<CatalogIndex> index = CatalogIndex::Create(SmallCatalog());
  ASSERT_TRUE(index.ok()) << index.status();
  EXPECT_EQ(index
                ->MeasuresInCell(supplyrisk::v1::LAYER_1_ORGANIZATIONS,
                                 supplyrisk::v1::COMPONENT_ORGANIZATION)
                .size(),
            1u);
}

TEST(ValidationTest, DuplicateId) {
  Catalog c = SmallCatalog();
  c.mutable_measures(2)->set_id("SR.AM-2");
  EXPECT_THAT(CreateError(c), HasSubstr("measure SR.AM-2: id: duplicate measure id"));
}

TEST(ValidationTest, IdShapeMustMatchOrigin) {
  Catalog c = SmallCatalog();
  c.mutable_measures(1)->set_origin(supplyrisk::v1::ID_ORIGIN_CPSF_CONFIRMED);
  c.mutable_measures(0)->set_origin(supplyrisk::v1::ID_ORIGIN_SUPPLYRISK);
  c.mutable_measures(3)->set_id("SR.AM-04");
  c.mutable_measures(4)->set_origin(supplyrisk::v1::ID_ORIGIN_UNSPECIFIED);
  const std::string error = CreateError(c);
  EXPECT_THAT(error, HasSubstr("measure SR.AM-2: id: a confirmed CPSF id must look like"));
  EXPECT_THAT(error, HasSubstr("measure CPS.AM-1: id: an id defined by supplyrisk must look like"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-04: id: an id defined by supplyrisk"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-5: origin: must be"));
}

TEST(ValidationTest, CategoryMustExistAndMatchId) {
  Catalog c = SmallCatalog();
  c.mutable_measures(1)->set_category("ZZ");
  c.mutable_measures(2)->set_id("SR.GV-3");
  const std::string error = CreateError(c);
  EXPECT_THAT(error, HasSubstr("measure SR.AM-2: category: unknown category \"ZZ\""));
  EXPECT_THAT(error, HasSubstr("measure SR.GV-3: id: category part \"GV\" differs"));
}

TEST(ValidationTest, LayerAndComponentMustBeSet) {
  Catalog c = SmallCatalog();
  c.mutable_measures(1)->clear_layer();
  c.mutable_measures(1)->clear_component();
  const std::string error = CreateError(c);
  EXPECT_THAT(error, HasSubstr("measure SR.AM-2: layer: must be set"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-2: component: must be set"));
  // The cell it left now holds nothing and is not listed as empty.
  EXPECT_THAT(error, HasSubstr("LAYER_1_ORGANIZATIONS x COMPONENT_PEOPLE holds no measure"));
}

TEST(ValidationTest, DirectivesInRange) {
  Catalog c = SmallCatalog();
  c.mutable_measures(1)->add_guideline_directives(11);
  c.mutable_measures(2)->clear_guideline_directives();
  c.mutable_measures(3)->add_guideline_directives(4);
  const std::string error = CreateError(c);
  EXPECT_THAT(error, HasSubstr("measure SR.AM-2: guideline_directives: 11 is outside 1..10"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-3: guideline_directives: at least one"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-4: guideline_directives: 4 is repeated"));
}

TEST(ValidationTest, StarsAreThreeOrFour) {
  Catalog c = SmallCatalog();
  c.mutable_measures(1)->add_scs_stars(5);
  c.mutable_measures(2)->clear_scs_stars();
  c.mutable_measures(2)->add_scs_stars(3);
  const std::string error = CreateError(c);
  EXPECT_THAT(error, HasSubstr("measure SR.AM-2: scs_stars: 5 is not a star level"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-3: scs_stars: star 3 is listed without star 4"));
}

TEST(ValidationTest, TextInBothLanguages) {
  Catalog c = SmallCatalog();
  c.mutable_measures(1)->mutable_title()->clear_ja();
  c.mutable_measures(2)->mutable_description()->set_en("  ");
  c.mutable_categories(0)->mutable_name()->clear_en();
  const std::string error = CreateError(c);
  EXPECT_THAT(error, HasSubstr("measure SR.AM-2: title.ja: missing"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-3: description.en: missing"));
  EXPECT_THAT(error, HasSubstr("category AM: name.en: missing"));
}

TEST(ValidationTest, NistCsfShape) {
  Catalog c = SmallCatalog();
  c.mutable_measures(1)->set_nist_csf(0, "ID.AM-1");  // CSF 1.1 style
  c.mutable_measures(2)->set_nist_csf(0, "XX.AM-01");
  c.mutable_measures(3)->clear_nist_csf();
  const std::string error = CreateError(c);
  EXPECT_THAT(error, HasSubstr("measure SR.AM-2: nist_csf: \"ID.AM-1\" is not a NIST CSF 2.0"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-3: nist_csf: \"XX.AM-01\""));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-4: nist_csf: at least one"));
}

TEST(ValidationTest, ScsCategoryFactorsAndIso) {
  Catalog c = SmallCatalog();
  c.mutable_measures(1)->clear_scs_category();
  c.mutable_measures(2)->add_factors(supplyrisk::v1::FACTOR_PATCHING_CADENCE);
  c.mutable_measures(3)->add_factors(supplyrisk::v1::FACTOR_UNSPECIFIED);
  c.mutable_measures(4)->add_iso27001("A.9.1");
  c.mutable_measures(5)->add_iso27001("A.6.9");  // clause 6 ends at A.6.8
  const std::string error = CreateError(c);
  EXPECT_THAT(error, HasSubstr("measure SR.AM-2: scs_category: must be set"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-3: factors: FACTOR_PATCHING_CADENCE is repeated"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-4: factors: 0 is not a factor"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-5: iso27001: \"A.9.1\""));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-6: iso27001: \"A.6.9\""));
}

supplyrisk::v1::ObservedBy* Observe(Measure* m, supplyrisk::v1::Factor factor,
                                    std::vector<std::string> findings,
                                    std::vector<std::string> confirmations = {}) {
  auto* o = m->add_observed_by();
  o->set_factor(factor);
  for (std::string& t : findings) o->add_issue_types(std::move(t));
  for (std::string& t : confirmations) o->add_confirming_issue_types(std::move(t));
  return o;
}

TEST(ValidationTest, ObservedByIsIndexedByIssueType) {
  Catalog c = SmallCatalog();
  Observe(c.mutable_measures(0), supplyrisk::v1::FACTOR_PATCHING_CADENCE,
          {"unpatched_cve", "end_of_life_software"});
  // The same finding may observe several measures.
  Observe(c.mutable_measures(1), supplyrisk::v1::FACTOR_PATCHING_CADENCE, {"unpatched_cve"},
          {"patched_quickly"});
  absl::StatusOr<CatalogIndex> index = CatalogIndex::Create(c);
  ASSERT_TRUE(index.ok()) << index.status();
  const ObservedIssue* cve = index->FindObservedIssue("unpatched_cve");
  ASSERT_NE(cve, nullptr);
  EXPECT_EQ(cve->factor, supplyrisk::v1::FACTOR_PATCHING_CADENCE);
  EXPECT_FALSE(cve->confirming);
  const ObservedIssue* quick = index->FindObservedIssue("patched_quickly");
  ASSERT_NE(quick, nullptr);
  EXPECT_TRUE(quick->confirming);
  EXPECT_EQ(index->FindObservedIssue("unpatched_cves"), nullptr);
}

TEST(ValidationTest, ObservedByShape) {
  Catalog c = SmallCatalog();
  // Factor not in factors, repeated factor, bad and repeated issue types, nothing listed.
  Observe(c.mutable_measures(1), supplyrisk::v1::FACTOR_DNS_HEALTH, {"spf_record_missing"});
  Observe(c.mutable_measures(2), supplyrisk::v1::FACTOR_PATCHING_CADENCE, {"a"});
  Observe(c.mutable_measures(2), supplyrisk::v1::FACTOR_PATCHING_CADENCE, {"b"});
  Observe(c.mutable_measures(3), supplyrisk::v1::FACTOR_PATCHING_CADENCE,
          {"Unpatched-CVE", "x_y", "x_y"});
  Observe(c.mutable_measures(4), supplyrisk::v1::FACTOR_PATCHING_CADENCE, {});
  Observe(c.mutable_measures(5), supplyrisk::v1::FACTOR_UNSPECIFIED, {"c"});
  const std::string error = CreateError(c);
  EXPECT_THAT(error, HasSubstr("measure SR.AM-2: observed_by[0].factor: FACTOR_DNS_HEALTH is not "
                               "listed in factors"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-3: observed_by[1].factor: FACTOR_PATCHING_CADENCE "
                               "is repeated"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-4: observed_by[0]: issue type \"Unpatched-CVE\" is "
                               "not snake_case"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-4: observed_by[0]: issue type \"x_y\" is repeated"));
  EXPECT_THAT(error,
              HasSubstr("measure SR.AM-5: observed_by[0]: at least one issue type is required"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-6: observed_by[0].factor: must be set to a factor"));
}

TEST(ValidationTest, IssueTypeMeansOneThingAcrossTheCatalogue) {
  Catalog c = SmallCatalog();
  c.mutable_measures(1)->add_factors(supplyrisk::v1::FACTOR_NETWORK_SECURITY);
  Observe(c.mutable_measures(0), supplyrisk::v1::FACTOR_PATCHING_CADENCE, {"unpatched_cve"},
          {"dnssec_detected"});
  Observe(c.mutable_measures(1), supplyrisk::v1::FACTOR_NETWORK_SECURITY, {"unpatched_cve"});
  Observe(c.mutable_measures(2), supplyrisk::v1::FACTOR_PATCHING_CADENCE, {"dnssec_detected"});
  const std::string error = CreateError(c);
  EXPECT_THAT(error, HasSubstr("measure SR.AM-2: observed_by: issue type \"unpatched_cve\" is "
                               "listed under FACTOR_NETWORK_SECURITY here and under "
                               "FACTOR_PATCHING_CADENCE elsewhere"));
  EXPECT_THAT(error, HasSubstr("measure SR.AM-3: observed_by: issue type \"dnssec_detected\" is a "
                               "confirmation in one measure and a finding in another"));
}

TEST(ValidationTest, EmptyCellsMustBeEmptyAndExplained) {
  Catalog c = SmallCatalog();
  auto* bad = c.add_empty_cells();
  bad->set_layer(supplyrisk::v1::LAYER_1_ORGANIZATIONS);
  bad->set_component(supplyrisk::v1::COMPONENT_ORGANIZATION);
  bad->mutable_reason()->set_en("reason");
  const std::string error = CreateError(c);
  EXPECT_THAT(error, HasSubstr("empty_cells[1]: LAYER_1_ORGANIZATIONS x "
                               "COMPONENT_ORGANIZATION is listed as empty but "
                               "holds measure CPS.AM-1"));
  EXPECT_THAT(error, HasSubstr("empty_cells[1]: reason.ja: missing"));

  Catalog unlisted = SmallCatalog();
  unlisted.clear_empty_cells();
  EXPECT_THAT(CreateError(unlisted),
              HasSubstr("LAYER_3_CYBERSPACE x COMPONENT_PEOPLE holds no measure and "
                        "is not listed as empty"));
}

TEST(ValidationTest, CollectsEveryProblem) {
  Catalog c = SmallCatalog();
  c.clear_version();
  c.mutable_measures(1)->clear_nist_csf();
  c.mutable_measures(5)->mutable_title()->clear_en();
  c.mutable_categories(0)->set_csf_function("PROTECTING");
  const std::string error = CreateError(c);
  EXPECT_THAT(error, HasSubstr("(4 problems)"));
  EXPECT_THAT(error, HasSubstr("catalog: version: missing"));
  EXPECT_THAT(error, HasSubstr("category AM: csf_function: \"PROTECTING\""));
}

TEST(ValidationTest, LayersAndComponentsDescribed) {
  Catalog c = SmallCatalog();
  c.mutable_layers()->RemoveLast();
  c.mutable_components(0)->mutable_name()->clear_ja();
  const std::string error = CreateError(c);
  EXPECT_THAT(error, HasSubstr("catalog: layers: LAYER_3_CYBERSPACE is not described"));
  EXPECT_THAT(error, HasSubstr("components[0]: name.ja: missing"));
}

TEST(ValidationTest, LayersAndComponentsDescribedOnceEach) {
  Catalog c = SmallCatalog();
  // Component 0 described twice (and so component 2 not at all); a layer without its value.
  c.mutable_components(1)->set_component(c.components(0).component());
  c.mutable_layers(0)->clear_layer();
  const std::string error = CreateError(c);
  EXPECT_THAT(error, HasSubstr("components[1]: component: "
                               "COMPONENT_ORGANIZATION is described twice"));
  EXPECT_THAT(error, HasSubstr("catalog: components: COMPONENT_PEOPLE is not "
                               "described"));
  EXPECT_THAT(error, HasSubstr("layers[0]: layer: must be set"));
  EXPECT_THAT(error, HasSubstr("catalog: layers: LAYER_1_ORGANIZATIONS is not "
                               "described"));
}

TEST(ParseTest, ErrorsNameLineAndField) {
  absl::StatusOr<Catalog> parsed = ParseCatalogText(
      "version: \"x\"\n"
      "measures {\n"
      "  id: \"SR.AM-1\"\n"
      "  colour: 3\n"
      "}\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(parsed.status().message()), HasSubstr("line 4:"));
  EXPECT_THAT(std::string(parsed.status().message()), HasSubstr("colour"));

  absl::StatusOr<Catalog> bad_enum = ParseCatalogText("measures { layer: LAYER_9 }\n");
  ASSERT_FALSE(bad_enum.ok());
  EXPECT_THAT(std::string(bad_enum.status().message()), HasSubstr("LAYER_9"));
}

}  // namespace
}  // namespace supplyrisk::catalog
