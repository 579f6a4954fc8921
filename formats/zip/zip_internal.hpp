// Private to the ZIP directory reader: shared helpers of its stages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "formats/zip/zip_directory.hpp"

namespace modelseal::formats::zip::detail {

// Collects issues, at most kMaxIssues, then one "zip.too_many_findings".
class Issues {
 public:
  explicit Issues(std::vector<Issue>& out) : out_(out) {}
  void add(std::string id, uint64_t offset, std::string message);

 private:
  std::vector<Issue>& out_;
};

// Exactly n bytes at offset (callers bound n), or nullopt at end of file / on error.
std::optional<std::vector<uint8_t>> read_exact(const ByteSource& src, uint64_t offset, uint64_t n);

// Where the end records put the central directory and where the archive ends.
struct EndInfo {
  uint64_t entries = 0;
  uint64_t directory_offset = 0;
  uint64_t directory_size = 0;
  uint64_t records_offset = 0;  // ZIP64 end record, or the end record
  uint64_t archive_end = 0;     // past the end record's comment
};

// The end record's offset in `tail` (the file's last bytes): the last
// signature whose comment ends exactly at the end of the file, else (unless
// exact_only) the last one whose comment fits.
std::optional<size_t> find_end_signature(const std::vector<uint8_t>& tail, bool exact_only);

std::optional<EndInfo> locate_end(const ByteSource& src, Issues& issues);

// Reads and checks the central directory; false when it is unusable.
bool read_central_directory(const ByteSource& src, const EndInfo& end, Directory& dir,
                            Issues& issues);

// Checks each entry's local header (and data descriptor) against the central one.
void read_local_headers(const ByteSource& src, Directory& dir, Issues& issues);

// Entries, directory and end records must tile the file: no overlaps, no gaps,
// nothing before the first entry or after the end record.
void check_tiling(const Directory& dir, const EndInfo& end, uint64_t file_size, Issues& issues);

std::string hex32(uint32_t v);

}  // namespace modelseal::formats::zip::detail
