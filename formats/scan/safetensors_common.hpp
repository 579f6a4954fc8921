// Private helpers shared by the safetensors scanner and index check: their
// findings sink (hints, cap).
#pragma once

#include <string_view>

#include "formats/scan/findings_sink.hpp"
#include "formats/scan/scan.hpp"

namespace modelseal::formats::safetensors_detail {

// The documented hints of "safetensors.*" ids (docs/findings-safetensors-npy.md).
const HintTable& safetensors_hints();

// At most kSafetensorsMaxFindings findings, then one "safetensors.too_many_findings".
FindingsSink findings_sink(ScanReport& report, std::string_view file);

}  // namespace modelseal::formats::safetensors_detail
