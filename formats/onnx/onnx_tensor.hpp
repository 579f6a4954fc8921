// One ONNX TensorProto: the fields that decide where its data lives and how
// large it must be, and the checks of that data (inline raw_data or external).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "formats/onnx/onnx_findings.hpp"
#include "formats/onnx/onnx_scan.hpp"
#include "formats/onnx/protobuf_reader.hpp"

namespace modelseal::formats::onnx_detail {

inline constexpr size_t kOnnxMaxKeyBytes = 64;  // longer external_data keys are unknown anyway

struct ExternalEntry {
  uint64_t offset = 0;  // of the StringStringEntryProto
  std::string key;      // at most kOnnxMaxKeyBytes bytes kept
  std::string value;    // at most kOnnxMaxLocationBytes bytes kept
  uint64_t key_size = 0;
  uint64_t value_size = 0;
};

struct TensorInfo {
  uint64_t offset = 0;  // of the TensorProto
  std::string name;     // at most kOnnxMaxNameBytes bytes kept
  uint64_t data_type = 0;
  uint64_t data_location = 0;
  uint64_t data_location_at = 0;
  uint64_t elements = 1;  // product of dims, valid unless a flag below is set
  bool dims_negative = false;
  bool dims_overflow = false;
  bool has_segment = false;
  std::optional<uint64_t> raw_data_size;
  uint64_t raw_data_at = 0;
  std::vector<ExternalEntry> external;
  bool external_truncated = false;  // more than kOnnxMaxExternalEntries entries
};

// Reads the TensorProto in the payload of `field`; false when the parse failed.
bool read_tensor(const protobuf::MessageReader& parent, const protobuf::Field& field,
                 TensorInfo& out);

void check_tensor(const TensorInfo& t, const OnnxContext& ctx, OnnxFindings& out);

// Bits per element of a fixed-size ONNX data type, 0 when unknown or variable (STRING).
uint32_t data_type_bits(uint64_t data_type);

}  // namespace modelseal::formats::onnx_detail
