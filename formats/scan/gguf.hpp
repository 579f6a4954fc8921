// GGUF weight files (ggml, llama.cpp, Ollama), versions 2 and 3, little-endian.
//
//   file        = "GGUF", u32 version, u64 tensor_count, u64 metadata_kv_count,
//                 kv[metadata_kv_count], tensor_info[tensor_count], padding, data
//   string      = u64 len, len bytes of UTF-8 (no terminating NUL)
//   kv          = string key (unique), u32 value_type, value
//   value       = u8 | i8 | u16 | i16 | u32 | i32 | f32 | bool (u8 0 or 1) | string
//               | array | u64 | i64 | f64            (value_type 0..12, in that order)
//   array       = u32 element_type (any value type but array), u64 count, value[count]
//   tensor_info = string name (unique, <= 64 bytes), u32 n_dims (<= 4), u64 dims[n_dims],
//                 u32 ggml_type, u64 offset
//   data        = starts at the end of the tensor infos rounded up to the alignment
//                 (general.alignment: u32, a power of two; default 32). A tensor's offset
//                 is relative to data, a multiple of the alignment; its size is
//                 product(dims) / block_size(type) * type_size(type). Tensors lie
//                 inside the file and do not overlap.
//
// The scanner reads through a bounds-checked cursor in bounded chunks, checks every
// count against the bytes left and a named limit before looping or allocating, and
// stops after kGgufMaxFindings findings. Finding ids ("gguf.*") are listed in
// docs/findings-gguf.md.
#pragma once

#include <cstdint>
#include <string_view>

#include "formats/scan/scan.hpp"

namespace modelseal::formats {

inline constexpr uint64_t kGgufMaxTensors = 1u << 20;
inline constexpr uint64_t kGgufMaxMetadataKv = 1u << 20;
inline constexpr uint64_t kGgufMaxArrayElements = 1ull << 32;
inline constexpr uint64_t kGgufMaxKeyBytes = 64u << 10;           // 64 KiB
inline constexpr uint64_t kGgufMaxValueStringBytes = 64u << 20;   // 64 MiB
inline constexpr uint64_t kGgufMaxTensorNameBytes = 64;           // the spec's limit
inline constexpr uint32_t kGgufMaxDims = 4;                       // GGML_MAX_DIMS
inline constexpr uint32_t kGgufDefaultAlignment = 32;
inline constexpr size_t kGgufMaxFindings = 100;

// True when the file starts with "GGUF".
bool looks_like_gguf(const ByteSource& src);

ScanReport scan_gguf(const ByteSource& src, std::string_view name);

}  // namespace modelseal::formats
