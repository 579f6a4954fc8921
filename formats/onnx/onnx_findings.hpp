// The ONNX scanner's findings sink (formats/scan/findings_sink), with the
// documented hints (docs/findings-onnx.md), stopping after kOnnxMaxFindings.
#pragma once

#include <string_view>

#include "formats/scan/findings_sink.hpp"
#include "formats/scan/scan.hpp"
#include "formats/text/quote.hpp"  // quote(), for messages

namespace modelseal::formats::onnx_detail {

// The scanner's sink: kOnnxMaxFindings findings, then one "onnx.too_many_findings".
using OnnxFindings = FindingsSink;
OnnxFindings onnx_findings(ScanReport& report, std::string_view file);

// The documented hints of "onnx.*" ids.
const HintTable& onnx_hints();

}  // namespace modelseal::formats::onnx_detail
