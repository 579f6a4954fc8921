// A tiny protobuf encoder for hand-built ONNX models (and the varint and
// field writers for hand-built SavedModels), shared by the ONNX and SavedModel
// scanner tests and the validation tests.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace onnx_test_support {

inline std::string varint(uint64_t v) {
  std::string out;
  do {
    out += static_cast<char>((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
    v >>= 7;
  } while (v != 0);
  return out;
}
inline std::string vfield(uint32_t number, uint64_t v) { return varint(number << 3) + varint(v); }
inline std::string bfield(uint32_t number, const std::string& payload) {
  return varint(number << 3 | 2) + varint(payload.size()) + payload;
}

// ModelProto{ir_version 8, graph}; GraphProto.initializer.
inline std::string model(const std::string& graph) { return vfield(1, 8) + bfield(7, graph); }
inline std::string initializer(const std::string& tensor) { return bfield(5, tensor); }

// TensorProto.external_data entry.
inline std::string entry(const std::string& key, const std::string& value) {
  return bfield(13, bfield(1, key) + bfield(2, value));
}

// A FLOAT tensor named `name` of `dims` stored in an external file.
inline std::string external_tensor(const std::vector<std::pair<std::string, std::string>>& entries,
                                   std::vector<uint64_t> dims = {4, 4}, uint64_t location = 1,
                                   const std::string& name = "w") {
  std::string t;
  for (const uint64_t d : dims) t += vfield(1, d);
  t += vfield(2, 1) + bfield(8, name);
  for (const auto& [k, v] : entries) t += entry(k, v);
  return t + vfield(14, location);
}

}  // namespace onnx_test_support
