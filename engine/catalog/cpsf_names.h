// The names of CPSF things as the engine writes them in texts, reports and explain targets: layers
// ("L1"), components ("ORGANIZATION"), cells ("L1/ORGANIZATION"), external factors ("DNS_HEALTH")
// and severities ("HIGH"), and the explain-target strings built from them ("cell:L1/ORGANIZATION",
// "factor:DNS_HEALTH"). Every user spells them through here, so a stored explanation's target and
// the one a caller asks for cannot drift apart.
//
// The labels are the proto enum value names without their type prefix (COMPONENT_, FACTOR_,
// SEVERITY_); layers are numbered instead, as the CPSF does. Lookups return views into tables built
// once; they never allocate.
#ifndef SUPPLYRISK_ENGINE_CATALOG_CPSF_NAMES_H_
#define SUPPLYRISK_ENGINE_CATALOG_CPSF_NAMES_H_

#include <string>

#include "absl/strings/string_view.h"
#include "supplyrisk/v1/common.pb.h"

namespace supplyrisk::catalog {

// The enums number their meaningful values from 1 without gaps.
inline constexpr int kLayerCount = supplyrisk::v1::Layer_MAX;          // 3
inline constexpr int kComponentCount = supplyrisk::v1::Component_MAX;  // 6
inline constexpr int kCellCount = kLayerCount * kComponentCount;       // 18
inline constexpr int kFactorCount = supplyrisk::v1::Factor_MAX;        // 7

inline constexpr absl::string_view kCellTargetPrefix = "cell:";
inline constexpr absl::string_view kFactorTargetPrefix = "factor:";

// Whether `layer` is 1..kLayerCount and `component` 1..kComponentCount.
bool IsValidLayer(int layer);
bool IsValidComponent(int component);

// "L1", "L2", "L3"; "L?" for LAYER_UNSPECIFIED and any value outside the enum.
absl::string_view LayerLabel(supplyrisk::v1::Layer layer);

// "ORGANIZATION" ... "SYSTEM"; "UNSPECIFIED" for COMPONENT_UNSPECIFIED, empty for a value outside
// the enum.
absl::string_view ComponentLabel(supplyrisk::v1::Component component);

// "L1/ORGANIZATION": "L" and the layer's number, "/", the component's label. Written for any value,
// as the explain targets of stored assessments were ("L0/UNSPECIFIED").
std::string CellLabel(supplyrisk::v1::Layer layer, supplyrisk::v1::Component component);

// "DNS_HEALTH" for FACTOR_DNS_HEALTH; "UNSPECIFIED" for FACTOR_UNSPECIFIED, empty for a value
// outside the enum.
absl::string_view FactorLabel(supplyrisk::v1::Factor factor);

// "HIGH" for SEVERITY_HIGH; "UNSPECIFIED" for SEVERITY_UNSPECIFIED, empty outside the enum.
absl::string_view SeverityLabel(supplyrisk::v1::Severity severity);
// The full enum value name, "SEVERITY_HIGH" (Severity_Name without its descriptor lookup).
absl::string_view SeverityEnumName(supplyrisk::v1::Severity severity);

// Explain targets: "cell:L1/ORGANIZATION" and "factor:DNS_HEALTH".
std::string CellTarget(supplyrisk::v1::Layer layer, supplyrisk::v1::Component component);
std::string FactorTarget(supplyrisk::v1::Factor factor);

// The inverses, for valid cells and factors only: true and the cell (or factor) when `target` is
// exactly CellTarget(layer, component) (or FactorTarget(factor)) of a valid one.
bool ParseCellTarget(absl::string_view target, supplyrisk::v1::Layer* layer,
                     supplyrisk::v1::Component* component);
bool ParseFactorTarget(absl::string_view target, supplyrisk::v1::Factor* factor);

}  // namespace supplyrisk::catalog

#endif  // SUPPLYRISK_ENGINE_CATALOG_CPSF_NAMES_H_
