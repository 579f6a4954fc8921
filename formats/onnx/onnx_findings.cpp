#include "formats/onnx/onnx_findings.hpp"

#include <array>
#include <string>

#include "formats/onnx/onnx_scan.hpp"

namespace modelseal::formats::onnx_detail {

const HintTable& onnx_hints() {
  static constexpr std::array<HintEntry, 18> kHints{{
      {"onnx.truncated", "the file ends inside a protobuf field; re-export the model"},
      {"onnx.malformed", "the file is not a well-formed ONNX protobuf; re-export the model"},
      {"onnx.limit_exceeded", "the model exceeds a scanner safety limit; check the file"},
      {"onnx.read_error", "the file could not be read; check the storage and retry"},
      {"onnx.missing_graph", "an ONNX model must hold a graph (ModelProto field 7)"},
      {"onnx.duplicate_field", "a singular message field may appear once; readers merge repeats"},
      {"onnx.tensor_invalid_dims", "tensor dims must be non-negative with a byte size under 2^64"},
      {"onnx.tensor_size_mismatch", "the data must be exactly product(dims) * the data type size"},
      {"onnx.external_bad_field",
       "external data needs data_location 1, a location and decimal offset/length"},
      {"onnx.external_unknown_key", "external_data keys are location, offset, length and checksum"},
      {"onnx.external_bad_path", "use a non-empty '/'-separated relative UTF-8 path"},
      {"onnx.external_absolute_path",
       "external data must be a path relative to the model's folder"},
      {"onnx.external_path_escapes", "external data must stay inside the bundle; remove the '..'"},
      {"onnx.external_outside_model_dir",
       "ONNX loaders refuse data outside the model's folder; move the file beside the model"},
      {"onnx.external_missing", "add the external data file to the bundle, or fix the location"},
      {"onnx.external_out_of_bounds", "offset and length must lie within the external data file"},
      {"onnx.too_many_findings", "fix the listed problems first; the file is badly broken"},
      {"onnx.external_inline_data", "an external tensor must not also carry raw_data"},
  }};
  static const HintTable kTable{kHints, ""};
  return kTable;
}

OnnxFindings onnx_findings(ScanReport& report, std::string_view file) {
  return FindingsSink(report.findings, file, onnx_hints(),
                      {kOnnxMaxFindings, "onnx.too_many_findings",
                       "more than " + std::to_string(kOnnxMaxFindings) + " findings; listing stopped"});
}

}  // namespace modelseal::formats::onnx_detail
