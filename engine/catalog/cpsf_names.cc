#include "engine/catalog/cpsf_names.h"

#include <array>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace supplyrisk::catalog {
namespace {

// Enum value names without `prefix`, indexed by value 0..kMax, built once. Severity_Name and
// friends go through the enum descriptor on every call, which shows in scoring profiles.
template <int kMax, typename NameFn>
const std::array<std::string, kMax + 1>& Labels(NameFn name, absl::string_view prefix) {
  static const auto* const labels = [&] {
    auto* out = new std::array<std::string, kMax + 1>();
    for (int v = 0; v <= kMax; ++v) {
      const std::string& full = name(v);
      (*out)[v] = absl::StartsWith(full, prefix) ? full.substr(prefix.size()) : full;
    }
    return out;
  }();
  return *labels;
}

const std::array<std::string, kComponentCount + 1>& ComponentLabels() {
  return Labels<kComponentCount>(
      [](int v) -> const std::string& {
        return supplyrisk::v1::Component_Name(static_cast<supplyrisk::v1::Component>(v));
      },
      "COMPONENT_");
}

const std::array<std::string, kFactorCount + 1>& FactorLabels() {
  return Labels<kFactorCount>(
      [](int v) -> const std::string& {
        return supplyrisk::v1::Factor_Name(static_cast<supplyrisk::v1::Factor>(v));
      },
      "FACTOR_");
}

constexpr int kSeverityMax = supplyrisk::v1::Severity_MAX;

const std::array<std::string, kSeverityMax + 1>& SeverityLabels() {
  return Labels<kSeverityMax>(
      [](int v) -> const std::string& {
        return supplyrisk::v1::Severity_Name(static_cast<supplyrisk::v1::Severity>(v));
      },
      "SEVERITY_");
}

const std::array<std::string, kSeverityMax + 1>& SeverityEnumNames() {
  return Labels<kSeverityMax>(
      [](int v) -> const std::string& {
        return supplyrisk::v1::Severity_Name(static_cast<supplyrisk::v1::Severity>(v));
      },
      "");
}

template <size_t N>
absl::string_view Lookup(const std::array<std::string, N>& labels, int value) {
  if (value < 0 || value >= static_cast<int>(N)) return absl::string_view();
  return labels[value];
}

}  // namespace

bool IsValidLayer(int layer) { return layer >= 1 && layer <= kLayerCount; }
bool IsValidComponent(int component) { return component >= 1 && component <= kComponentCount; }

absl::string_view LayerLabel(supplyrisk::v1::Layer layer) {
  static constexpr absl::string_view kLabels[] = {"L?", "L1", "L2", "L3"};
  static_assert(sizeof(kLabels) / sizeof(kLabels[0]) == kLayerCount + 1);
  const int l = static_cast<int>(layer);
  return IsValidLayer(l) ? kLabels[l] : kLabels[0];
}

absl::string_view ComponentLabel(supplyrisk::v1::Component component) {
  return Lookup(ComponentLabels(), static_cast<int>(component));
}

std::string CellLabel(supplyrisk::v1::Layer layer, supplyrisk::v1::Component component) {
  return absl::StrCat("L", static_cast<int>(layer), "/", ComponentLabel(component));
}

absl::string_view FactorLabel(supplyrisk::v1::Factor factor) {
  return Lookup(FactorLabels(), static_cast<int>(factor));
}

absl::string_view SeverityLabel(supplyrisk::v1::Severity severity) {
  return Lookup(SeverityLabels(), static_cast<int>(severity));
}

absl::string_view SeverityEnumName(supplyrisk::v1::Severity severity) {
  return Lookup(SeverityEnumNames(), static_cast<int>(severity));
}

std::string CellTarget(supplyrisk::v1::Layer layer, supplyrisk::v1::Component component) {
  return absl::StrCat(kCellTargetPrefix, CellLabel(layer, component));
}

std::string FactorTarget(supplyrisk::v1::Factor factor) {
  return absl::StrCat(kFactorTargetPrefix, FactorLabel(factor));
}

bool ParseCellTarget(absl::string_view target, supplyrisk::v1::Layer* layer,
                     supplyrisk::v1::Component* component) {
  if (!absl::ConsumePrefix(&target, kCellTargetPrefix)) return false;
  for (int l = 1; l <= kLayerCount; ++l) {
    for (int k = 1; k <= kComponentCount; ++k) {
      const auto cell_layer = static_cast<supplyrisk::v1::Layer>(l);
      const auto cell_component = static_cast<supplyrisk::v1::Component>(k);
      if (target == CellLabel(cell_layer, cell_component)) {
        *layer = cell_layer;
        *component = cell_component;
        return true;
      }
    }
  }
  return false;
}

bool ParseFactorTarget(absl::string_view target, supplyrisk::v1::Factor* factor) {
  if (!absl::ConsumePrefix(&target, kFactorTargetPrefix)) return false;
  for (int f = 1; f <= kFactorCount; ++f) {
    if (target == FactorLabels()[f]) {
      *factor = static_cast<supplyrisk::v1::Factor>(f);
      return true;
    }
  }
  return false;
}

}  // namespace supplyrisk::catalog
