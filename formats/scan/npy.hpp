// NumPy .npy arrays (issue 4).
//
//   file    = "\x93NUMPY", u8 major, u8 minor, header_len, header[header_len], data
//   header_len = u16le for version 1.0, u32le for 2.0 and 3.0
//   header  = a Python dict literal, latin-1 (v1, v2) or UTF-8 (v3), padded with spaces
//             and ending in '\n':
//             {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
//   data    = product(shape) * itemsize(descr) bytes, exactly to the end of the file
//
// The header is parsed, never evaluated: only string, True/False and tuples of
// integers are understood. Object dtypes ('O') are pickles and always rejected.
// Finding ids ("npy.*") are listed in docs/findings-safetensors-npy.md.
#pragma once

#include <cstdint>
#include <string_view>

#include "formats/scan/scan.hpp"

namespace modelseal::formats {

inline constexpr uint32_t kNpyMaxHeaderBytes = 1u << 20;  // 1 MiB
inline constexpr size_t kNpyMaxRank = 64;                  // NumPy's own limit
inline constexpr size_t kNpyMaxDescrBytes = 64;

// True when the file starts with the .npy magic.
bool looks_like_npy(const ByteSource& src);

ScanReport scan_npy(const ByteSource& src, std::string_view name);

}  // namespace modelseal::formats
