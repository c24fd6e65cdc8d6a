#include "engine/catalog/cpsf_names.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace supplyrisk::catalog {
namespace {

using ::supplyrisk::v1::Component;
using ::supplyrisk::v1::Factor;
using ::supplyrisk::v1::Layer;
using ::supplyrisk::v1::Severity;

TEST(CpsfNamesTest, Counts) {
  EXPECT_EQ(kLayerCount, 3);
  EXPECT_EQ(kComponentCount, 6);
  EXPECT_EQ(kCellCount, 18);
  EXPECT_EQ(kFactorCount, 7);
  EXPECT_FALSE(IsValidLayer(0));
  EXPECT_TRUE(IsValidLayer(3));
  EXPECT_FALSE(IsValidLayer(4));
  EXPECT_FALSE(IsValidComponent(0));
  EXPECT_TRUE(IsValidComponent(6));
  EXPECT_FALSE(IsValidComponent(7));
}

TEST(CpsfNamesTest, Layers) {
  EXPECT_EQ(LayerLabel(v1::LAYER_1_ORGANIZATIONS), "L1");
  EXPECT_EQ(LayerLabel(v1::LAYER_2_PHYSICAL_CYBER), "L2");
  EXPECT_EQ(LayerLabel(v1::LAYER_3_CYBERSPACE), "L3");
  EXPECT_EQ(LayerLabel(v1::LAYER_UNSPECIFIED), "L?");
  EXPECT_EQ(LayerLabel(static_cast<Layer>(9)), "L?");
}

TEST(CpsfNamesTest, Components) {
  const char* const expected[] = {"UNSPECIFIED", "ORGANIZATION", "PEOPLE", "COMPONENT",
                                  "DATA",        "PROCEDURE",    "SYSTEM"};
  for (int k = 0; k <= kComponentCount; ++k) {
    EXPECT_EQ(ComponentLabel(static_cast<Component>(k)), expected[k]) << k;
  }
  EXPECT_EQ(ComponentLabel(static_cast<Component>(42)), "");
}

TEST(CpsfNamesTest, CellsAndTheirTargets) {
  EXPECT_EQ(CellLabel(v1::LAYER_1_ORGANIZATIONS, v1::COMPONENT_ORGANIZATION), "L1/ORGANIZATION");
  EXPECT_EQ(CellLabel(v1::LAYER_3_CYBERSPACE, v1::COMPONENT_SYSTEM), "L3/SYSTEM");
  EXPECT_EQ(CellTarget(v1::LAYER_2_PHYSICAL_CYBER, v1::COMPONENT_DATA), "cell:L2/DATA");
  // As the service has always written them for an unspecified cell.
  EXPECT_EQ(CellTarget(v1::LAYER_UNSPECIFIED, v1::COMPONENT_UNSPECIFIED), "cell:L0/UNSPECIFIED");
}

TEST(CpsfNamesTest, EveryValidCellTargetParsesBackAndIsDistinct) {
  std::set<std::string> seen;
  for (int l = 1; l <= kLayerCount; ++l) {
    for (int k = 1; k <= kComponentCount; ++k) {
      const std::string target = CellTarget(static_cast<Layer>(l), static_cast<Component>(k));
      EXPECT_TRUE(seen.insert(target).second) << target;
      Layer layer = v1::LAYER_UNSPECIFIED;
      Component component = v1::COMPONENT_UNSPECIFIED;
      ASSERT_TRUE(ParseCellTarget(target, &layer, &component)) << target;
      EXPECT_EQ(layer, l);
      EXPECT_EQ(component, k);
    }
  }
  Layer layer;
  Component component;
  for (const char* bad : {"cell:L0/UNSPECIFIED", "cell:L1/organization", "L1/ORGANIZATION",
                          "cell:L4/DATA", "cell:L1/ORGANIZATION ", "factor:DNS_HEALTH", ""}) {
    EXPECT_FALSE(ParseCellTarget(bad, &layer, &component)) << bad;
  }
}

TEST(CpsfNamesTest, Factors) {
  EXPECT_EQ(FactorLabel(v1::FACTOR_DNS_HEALTH), "DNS_HEALTH");
  EXPECT_EQ(FactorLabel(v1::FACTOR_LEAKED_CREDENTIALS), "LEAKED_CREDENTIALS");
  EXPECT_EQ(FactorLabel(v1::FACTOR_UNSPECIFIED), "UNSPECIFIED");
  EXPECT_EQ(FactorLabel(static_cast<Factor>(99)), "");
  EXPECT_EQ(FactorTarget(v1::FACTOR_PATCHING_CADENCE), "factor:PATCHING_CADENCE");
  for (int f = 1; f <= kFactorCount; ++f) {
    Factor parsed = v1::FACTOR_UNSPECIFIED;
    ASSERT_TRUE(ParseFactorTarget(FactorTarget(static_cast<Factor>(f)), &parsed)) << f;
    EXPECT_EQ(parsed, f);
  }
  Factor parsed;
  EXPECT_FALSE(ParseFactorTarget("factor:UNSPECIFIED", &parsed));
  EXPECT_FALSE(ParseFactorTarget("factor:dns_health", &parsed));
  EXPECT_FALSE(ParseFactorTarget("cell:L1/DATA", &parsed));
}

TEST(CpsfNamesTest, Severities) {
  EXPECT_EQ(SeverityLabel(v1::SEVERITY_CRITICAL), "CRITICAL");
  EXPECT_EQ(SeverityLabel(v1::SEVERITY_POSITIVE), "POSITIVE");
  EXPECT_EQ(SeverityEnumName(v1::SEVERITY_HIGH), "SEVERITY_HIGH");
  EXPECT_EQ(SeverityEnumName(v1::SEVERITY_UNSPECIFIED), "SEVERITY_UNSPECIFIED");
  EXPECT_EQ(SeverityLabel(static_cast<Severity>(77)), "");
  EXPECT_EQ(SeverityEnumName(static_cast<Severity>(77)), "");
}

}  // namespace
}  // namespace supplyrisk::catalog
