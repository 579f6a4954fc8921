// ONNX models (issue 4): a ModelProto in the protobuf wire format (see
// protobuf_reader.hpp), walked only where tensors can live:
//
//   ModelProto    graph = 7, training_info = 20 (TrainingInfoProto), functions = 25
//   TrainingInfo  initialization = 1, algorithm = 2 (GraphProto)
//   FunctionProto node = 7
//   GraphProto    node = 1, initializer = 5 (TensorProto), sparse_initializer = 15
//   NodeProto     attribute = 5 (AttributeProto)
//   AttributeProto t = 5, g = 6, tensors = 10, graphs = 11,
//                  sparse_tensor = 22, sparse_tensors = 23
//   SparseTensor  values = 1, indices = 2 (TensorProto)
//   TensorProto   dims = 1, data_type = 2, segment = 3, name = 8, raw_data = 9,
//                 external_data = 13 (key = 1, value = 2), data_location = 14
//
// Other fields are skipped (forward compatible). raw_data is never read, only its
// length. A tensor with data_location EXTERNAL (1) names a file by its
// external_data entries "location" (relative to the model's folder), "offset" and
// "length" (decimal); that file must stay inside the bundle, exist, and hold the
// range. Finding ids ("onnx.*") are listed in docs/findings-onnx.md.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "formats/scan/scan.hpp"

namespace modelseal::formats {

inline constexpr uint64_t kOnnxMaxFields = 1ull << 26;  // protobuf fields decoded per file
inline constexpr size_t kOnnxMaxGraphDepth = 32;        // subgraphs within subgraphs
inline constexpr size_t kOnnxMaxExternalEntries = 64;   // external_data entries per tensor
inline constexpr size_t kOnnxMaxLocationBytes = 4096;
inline constexpr size_t kOnnxMaxNameBytes = 256;  // of a tensor name quoted in messages
inline constexpr size_t kOnnxMaxFindings = 1000;

struct OnnxContext {
  std::string
      model_path;  // the .onnx file's path relative to the bundle/folder root, '/'-separated
  // Size of a file of the bundle/folder given its root-relative path, nullopt when absent/not
  // listed.
  std::function<std::optional<uint64_t>(std::string_view root_relative_path)> file_size;
  // When set, told the root-relative path of every external data file a tensor reads that
  // file_size found (once per tensor), so the caller knows those files are this model's data.
  std::function<void(std::string_view root_relative_path)> on_external_file{};
};

// Content sniff: a ModelProto whose first field is ir_version (tag 0x08) and whose
// well-formed top-level fields include a graph (field 7).
bool looks_like_onnx(const ByteSource& src);

// report.format = "onnx".
ScanReport scan_onnx(const ByteSource& src, std::string_view name, const OnnxContext& ctx);

}  // namespace modelseal::formats
