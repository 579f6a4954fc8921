#include "formats/scan/safetensors_common.hpp"

#include <array>
#include <string>

#include "formats/scan/safetensors.hpp"

namespace modelseal::formats::safetensors_detail {

const HintTable& safetensors_hints() {
  static constexpr std::array<HintEntry, 31> kHints{{
      {"safetensors.truncated", "the file is shorter than the 8-byte header length; re-export it"},
      {"safetensors.read_error", "the file could not be read; check the storage and retry"},
      {"safetensors.header_length_out_of_range",
       "the header length exceeds 100 MiB or the file; the file is truncated or not safetensors"},
      {"safetensors.header_not_object", "the header must be a JSON object starting with '{'"},
      {"safetensors.header_not_json", "the header must be valid UTF-8 JSON; re-export the file"},
      {"safetensors.header_too_deep", "a valid header nests 3 levels; remove the extra nesting"},
      {"safetensors.header_too_many_values",
       "a header of over 4 Mi JSON values is refused; split the model into shards"},
      {"safetensors.header_padding", "pad the header only with spaces (0x20) after the '}'"},
      {"safetensors.duplicate_key", "each key may appear once; readers disagree on which wins"},
      {"safetensors.metadata_not_object", "__metadata__ must be an object of strings"},
      {"safetensors.metadata_not_string", "__metadata__ values must be strings"},
      {"safetensors.tensor_not_object",
       "each tensor entry must be {dtype, shape, data_offsets}"},
      {"safetensors.missing_field", "add the missing dtype, shape or data_offsets"},
      {"safetensors.unknown_field",
       "a tensor entry holds only dtype, shape and data_offsets; remove the rest"},
      {"safetensors.unknown_dtype", "use a dtype of the safetensors specification"},
      {"safetensors.invalid_shape", "shape must be an array of at most 16 non-negative integers"},
      {"safetensors.invalid_offsets", "data_offsets must be [begin, end] with begin <= end"},
      {"safetensors.size_overflow", "the shape's element count overflows 64 bits"},
      {"safetensors.size_mismatch", "end - begin must equal the element count times the dtype size"},
      {"safetensors.offsets_out_of_range", "data_offsets point past the end of the file"},
      {"safetensors.offsets_gap", "tensors must tile the data area with no unused bytes"},
      {"safetensors.offsets_overlap", "tensors must not share bytes"},
      {"safetensors.trailing_bytes", "remove the bytes after the last tensor"},
      {"safetensors.too_many_findings", "fix the listed problems first; the file is badly broken"},
      {"safetensors.index_too_large", "an index over 64 MiB is refused; check the file"},
      {"safetensors.index_invalid",
       "the index must be {\"metadata\": {...}, \"weight_map\": {tensor: shard}}"},
      {"safetensors.index_unsafe_shard_name",
       "shards must be plain file names beside the index (no '/', no '..')"},
      {"safetensors.index_missing_shard", "add the shard file the index names, or fix the index"},
      {"safetensors.index_unreferenced_shard", "remove the shard or reference it in weight_map"},
      {"safetensors.index_unknown_field", "the index holds only metadata and weight_map"},
      {"safetensors.index_duplicate_key", "each key may appear once in the index"},
  }};
  static const HintTable kTable{kHints, ""};
  return kTable;
}

FindingsSink findings_sink(ScanReport& report, std::string_view file) {
  return FindingsSink(report.findings, file, safetensors_hints(),
                      {kSafetensorsMaxFindings, "safetensors.too_many_findings",
                       "more than " + std::to_string(kSafetensorsMaxFindings) +
                           " findings; stopped listing"});
}

}  // namespace modelseal::formats::safetensors_detail
