// A hardened reader of a ZIP file's directory (own code, not libarchive): it
// finds the end record, reads the central directory, checks every local
// header against it and proves that entries, directory and end records tile
// the file without overlap or unexplained bytes. Record layouts: zip_records.hpp.
// Problems are returned as issues ("zip.*" ids, docs/findings-zip.md), never
// thrown; the entries that can be read safely are listed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "formats/scan/scan.hpp"

namespace modelseal::formats::zip {

inline constexpr uint64_t kMaxEndRecordSearchBytes = 65535 + 22;
inline constexpr uint64_t kMaxEntries = 100000;
inline constexpr size_t kMaxIssues = 1000;
inline constexpr uint16_t kMethodStored = 0;
inline constexpr uint16_t kMethodDeflate = 8;
// Deflate cannot exceed about 1032:1; honest weights compress far less.
inline constexpr uint64_t kMaxCompressionRatio = 200;
inline constexpr uint64_t kRatioCheckMinBytes = 1u << 20;  // small members may compress well
inline constexpr uint64_t kMaxTotalUncompressedBytes = uint64_t{1} << 40;  // 1 TiB

inline constexpr uint16_t kFlagEncrypted = 1u << 0;
inline constexpr uint16_t kFlagDataDescriptor = 1u << 3;
inline constexpr uint16_t kFlagStrongEncryption = 1u << 6;
inline constexpr uint16_t kFlagUtf8 = 1u << 11;
// Flag bits that must agree between a local and a central header.
inline constexpr uint16_t kFlagsCompared =
    kFlagEncrypted | kFlagDataDescriptor | kFlagStrongEncryption | kFlagUtf8;

struct Entry {
  std::string name;
  uint16_t flags = 0;
  uint16_t method = 0;
  uint32_t crc32 = 0;
  uint64_t compressed_size = 0;
  uint64_t uncompressed_size = 0;
  uint64_t header_offset = 0;  // local header
  uint64_t data_offset = 0;    // first byte of the (compressed) data
  uint64_t end_offset = 0;     // past the data and its descriptor
  bool data_readable = false;  // local header sound, data in bounds, method supported
  bool is_folder() const { return !name.empty() && name.back() == '/'; }
};

// True when a deflated entry declares more than kMaxCompressionRatio:1; such
// an entry is reported and never inflated.
bool exceeds_compression_ratio(const Entry& e);

struct Issue {
  std::string id;
  uint64_t offset = 0;
  std::string message;
};

struct Directory {
  std::vector<Entry> entries;
  std::vector<Issue> issues;
  bool found_end_record = false;
};

Directory read_directory(const ByteSource& src);

// True when `src` starts with a local header, or ends with an end record whose
// comment reaches exactly the end of the file (an empty archive, or a ZIP
// behind prepended bytes -- a polyglot that the scan then rejects).
bool looks_like_zip_directory(const ByteSource& src);

}  // namespace modelseal::formats::zip
