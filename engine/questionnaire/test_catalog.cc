#include "engine/questionnaire/test_catalog.h"

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"

namespace supplyrisk::questionnaire::testing {
namespace {

constexpr char kCatalog[] = R"pb(
  version: "test-1"
  layers {
    layer: LAYER_1_ORGANIZATIONS
    name { ja: "企業間" en: "Organizations" }
    description { ja: "企業間のつながり" en: "Connections between companies" }
  }
  layers {
    layer: LAYER_2_PHYSICAL_CYBER
    name { ja: "フィジカル空間とサイバー空間" en: "Physical-cyber" }
    description { ja: "転写" en: "Transcription" }
  }
  layers {
    layer: LAYER_3_CYBERSPACE
    name { ja: "サイバー空間" en: "Cyberspace" }
    description { ja: "データ" en: "Data" }
  }
  components {
    component: COMPONENT_ORGANIZATION
    name { ja: "ソシキ" en: "Organization" }
    description { ja: "組織" en: "Organizations" }
  }
  components {
    component: COMPONENT_PEOPLE
    name { ja: "ヒト" en: "People" }
    description { ja: "人" en: "People" }
  }
  components {
    component: COMPONENT_COMPONENT
    name { ja: "モノ" en: "Component" }
    description { ja: "機器" en: "Devices" }
  }
  components {
    component: COMPONENT_DATA
    name { ja: "データ" en: "Data" }
    description { ja: "情報" en: "Information" }
  }
  components {
    component: COMPONENT_PROCEDURE
    name { ja: "プロシージャ" en: "Procedure" }
    description { ja: "手続" en: "Procedures" }
  }
  components {
    component: COMPONENT_SYSTEM
    name { ja: "システム" en: "System" }
    description { ja: "仕組み" en: "Systems" }
  }
  categories {
    code: "AM"
    name { ja: "資産管理" en: "Asset management" }
    csf_function: "IDENTIFY"
  }
  categories {
    code: "MA"
    name { ja: "保守" en: "Maintenance" }
    csf_function: "PROTECT"
  }
  categories {
    code: "PT"
    name { ja: "保護技術" en: "Protective technology" }
    csf_function: "PROTECT"
  }
  categories {
    code: "AC"
    name { ja: "アクセス制御" en: "Access control" }
    csf_function: "PROTECT"
  }
  categories {
    code: "RP"
    name { ja: "対応計画" en: "Response planning" }
    csf_function: "RESPOND"
  }
  categories {
    code: "SC"
    name { ja: "サプライチェーン" en: "Supply chain" }
    csf_function: "IDENTIFY"
  }
  measures {
    id: "CPS.AM-1"
    origin: ID_ORIGIN_CPSF_CONFIRMED
    category: "AM"
    layer: LAYER_1_ORGANIZATIONS
    component: COMPONENT_ORGANIZATION
    title { ja: "資産台帳" en: "Asset inventory" }
    description { ja: "台帳を持つ" en: "Keep an inventory" }
    guideline_directives: 4
    nist_csf: "ID.AM-01"
    scs_category: SCS_IDENTIFY
    scs_stars: [ 3, 4 ]
  }
  measures {
    id: "CPS.MA-1"
    origin: ID_ORIGIN_CPSF_CONFIRMED
    category: "MA"
    layer: LAYER_3_CYBERSPACE
    component: COMPONENT_COMPONENT
    title { ja: "更新" en: "Updates" }
    description { ja: "更新を適用" en: "Apply updates" }
    guideline_directives: 5
    nist_csf: "PR.PS-02"
    scs_category: SCS_PROTECT
    scs_stars: [ 3, 4 ]
    factors: FACTOR_PATCHING_CADENCE
    observed_by {
      factor: FACTOR_PATCHING_CADENCE
      issue_types: [ "unpatched_cve", "end_of_life_software" ]
      confirming_issue_types: "patched_within_deadline"
    }
  }
  measures {
    id: "SR.PT-1"
    origin: ID_ORIGIN_SUPPLYRISK
    category: "PT"
    layer: LAYER_2_PHYSICAL_CYBER
    component: COMPONENT_SYSTEM
    title { ja: "分離" en: "Isolation" }
    description { ja: "分離する" en: "Isolate" }
    guideline_directives: 5
    nist_csf: "PR.IR-01"
    scs_category: SCS_PROTECT
    scs_stars: 4
    factors: FACTOR_NETWORK_SECURITY
  }
  measures {
    id: "SR.AC-1"
    origin: ID_ORIGIN_SUPPLYRISK
    category: "AC"
    layer: LAYER_3_CYBERSPACE
    component: COMPONENT_PEOPLE
    title { ja: "多要素認証" en: "MFA" }
    description { ja: "多要素" en: "Multi-factor" }
    guideline_directives: 5
    nist_csf: "PR.AA-03"
    scs_category: SCS_PROTECT
    factors: FACTOR_LEAKED_CREDENTIALS
  }
  measures {
    id: "CPS.RP-1"
    origin: ID_ORIGIN_CPSF_CONFIRMED
    category: "RP"
    layer: LAYER_1_ORGANIZATIONS
    component: COMPONENT_PROCEDURE
    title { ja: "対応手順" en: "Response procedure" }
    description { ja: "手順" en: "Procedure" }
    guideline_directives: [ 7, 8 ]
    nist_csf: "RS.MA-01"
    scs_category: SCS_RESPOND
    scs_stars: 4
  }
  measures {
    id: "SR.SC-1"
    origin: ID_ORIGIN_SUPPLYRISK
    category: "SC"
    layer: LAYER_1_ORGANIZATIONS
    component: COMPONENT_ORGANIZATION
    title { ja: "委託先管理" en: "Contractor management" }
    description { ja: "委託先" en: "Contractors" }
    guideline_directives: 9
    nist_csf: "GV.SC-05"
    scs_category: SCS_SUPPLIER_MANAGEMENT
    scs_stars: [ 3, 4 ]
  }
)pb";

catalog::CatalogIndex Build() {
  supplyrisk::v1::Catalog c;
  if (!google::protobuf::TextFormat::ParseFromString(kCatalog, &c)) {
    std::fprintf(stderr, "test catalogue does not parse\n");
    std::abort();
  }
  std::set<std::pair<int, int>> used;
  for (const auto& m : c.measures()) used.emplace(m.layer(), m.component());
  for (int l = 1; l <= 3; ++l) {
    for (int k = 1; k <= 6; ++k) {
      if (used.count({l, k})) continue;
      auto* e = c.add_empty_cells();
      e->set_layer(static_cast<supplyrisk::v1::Layer>(l));
      e->set_component(static_cast<supplyrisk::v1::Component>(k));
      e->mutable_reason()->set_ja("テスト用の空セル");
      e->mutable_reason()->set_en("empty in the test catalogue");
    }
  }
  auto index = catalog::CatalogIndex::Create(std::move(c));
  if (!index.ok()) {
    std::fprintf(stderr, "test catalogue invalid: %s\n",
                 std::string(index.status().message()).c_str());
    std::abort();
  }
  return *std::move(index);
}

}  // namespace

const catalog::CatalogIndex& TestCatalog() {
  static const catalog::CatalogIndex* const kIndex = new catalog::CatalogIndex(Build());
  return *kIndex;
}

}  // namespace supplyrisk::questionnaire::testing
