// safetensors weight files and their sharded index (issue 4).
//
//   file   = u64le N, header[N], data[size - 8 - N]
//   header = UTF-8 JSON object, starts with '{', may be padded with spaces (0x20):
//            { "__metadata__"?: { string: string, ... },
//              tensor-name: { "dtype": DTYPE, "shape": [u64, ...],
//                             "data_offsets": [begin, end] }, ... }
//   data   = the tensors' bytes; data_offsets are relative to the start of data and,
//            sorted by begin, tile it exactly: first begin 0, no gap, no overlap,
//            last end = size - 8 - N.
//
//   model.safetensors.index.json = { "metadata": {...}, "weight_map": { tensor: shard } }
//
// Finding ids ("safetensors.*") are listed in docs/findings-safetensors-npy.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "formats/scan/scan.hpp"

namespace modelseal::formats {

inline constexpr uint64_t kSafetensorsMaxHeaderBytes = 100ull << 20;  // 100 MiB
inline constexpr size_t kSafetensorsMaxRank = 16;
inline constexpr size_t kSafetensorsMaxJsonDepth = 8;  // valid headers nest 3 deep
// JSON values (scalars and containers) in a header: bounds the memory of the parsed
// header (~100 bytes a value) far below what 100 MiB of tiny values would take.
inline constexpr size_t kSafetensorsMaxJsonValues = 4u << 20;
inline constexpr size_t kSafetensorsMaxFindings = 1000;
inline constexpr uint64_t kSafetensorsMaxIndexBytes = 64ull << 20;  // 64 MiB

// True when the first bytes are a plausible header length followed by '{'.
bool looks_like_safetensors(const ByteSource& src);

ScanReport scan_safetensors(const ByteSource& src, std::string_view name);

// Checks a sharded model's index: every shard it names is a plain relative file
// name present in shard_files_present (the names of all files beside the index);
// files named like its shards (`<base>-*.safetensors` for `<base>.safetensors.index.json`)
// that it does not reference are warnings. Other files beside it are ignored.
ScanReport check_safetensors_index(const ByteSource& index_json, std::string_view name,
                                   const std::vector<std::string>& shard_files_present);

}  // namespace modelseal::formats
