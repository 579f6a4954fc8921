#include "formats/scan/safetensors_common.hpp"

#include <array>
#include <span>
#include <utility>

namespace modelseal::formats::safetensors_detail {

void Collector::add(std::string_view id, Severity severity, uint64_t offset,
                    std::string message) {
  if (report_.findings.size() > cap_) return;
  if (report_.findings.size() == cap_) {
    report_.findings.push_back({"safetensors.too_many_findings", Severity::kError, file_, offset,
                                "more than " + std::to_string(cap_) + " findings; stopped listing",
                                std::string(safetensors_hint("safetensors.too_many_findings"))});
    return;
  }
  report_.findings.push_back({std::string(id), severity, file_, offset, std::move(message),
                              std::string(safetensors_hint(id))});
}

std::string_view safetensors_hint(std::string_view id) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 28> kHints{{
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
  }};
  if (id == "safetensors.index_unreferenced_shard")
    return "remove the shard or reference it in weight_map";
  if (id == "safetensors.index_unknown_field") return "the index holds only metadata and weight_map";
  if (id == "safetensors.index_duplicate_key") return "each key may appear once in the index";
  for (const auto& [k, v] : kHints)
    if (k == id) return v;
  return "";
}

Result<std::string> read_exact(const ByteSource& src, uint64_t offset, uint64_t n) {
  std::string out(static_cast<size_t>(n), '\0');
  std::span<uint8_t> buf(reinterpret_cast<uint8_t*>(out.data()), out.size());
  auto got = src.read_at(offset, buf);
  if (!got.ok()) return got.error();
  if (*got != n) return make_error(ErrorCode::kCorrupt, "short read");
  return out;
}

}  // namespace modelseal::formats::safetensors_detail
