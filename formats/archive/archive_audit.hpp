// Audit of an untrusted bundle archive: a tar, or a tar compressed as zstd frames.
//
//   file     = tar / 1*zstd-frame                  ; zstd frames decompress to the tar
//   tar      = *entry end [padding]
//   entry    = *(pax-x / pax-g / gnu-L / gnu-K) header data pad
//   header   = 512-byte ustar block ("ustar\0" "00", or GNU "ustar  \0"), unsigned checksum
//   pax data = *("LEN key=value\n")                ; LEN decimal, counts the whole record
//   end      = 2 * 512 zero bytes;  padding = zero bytes only
//
// One streaming pass in constant memory (plus the list of entry names), never
// allocating by a size read from the input. Every problem is a Finding with an
// `archive.*` or `name.*` id (docs/findings-archive.md); a problem that makes the
// rest unreadable stops the audit, leaving a well-formed report.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "formats/scan/scan.hpp"

namespace modelseal::formats {

struct ArchiveAuditLimits {
  uint64_t max_entries = 1'000'000;
  uint64_t max_entry_bytes = 1ull << 42;
  uint64_t max_total_bytes = 1ull << 44;  // sum of entry data sizes
  double max_compression_ratio =
      100.0;                          // decompressed/compressed, checked once > 16 MiB decompressed
  uint32_t max_zstd_window_log = 27;  // refuse frames needing more decoder memory
  uint64_t max_pax_bytes = 1 << 20;   // one pax or GNU long-name header's data
  size_t max_path_bytes = 4096;
  uint64_t max_name_bytes = 256ull << 20;  // all entry names together (they are kept)
};

inline constexpr uint64_t kArchiveRatioCheckAfter = 16ull << 20;
inline constexpr size_t kArchiveMaxFindings = 1000;

struct AuditedEntry {
  std::string path;
  char type;               // the tar typeflag, '0' for a regular file
  uint64_t size;           // data bytes
  uint64_t header_offset;  // first header of the entry (its pax header when there is one)
  int64_t mtime;
};

struct ArchiveAuditOptions {
  ArchiveAuditLimits limits;
  std::function<void(std::span<const uint8_t>)>
      on_tar_bytes;                // every decompressed tar byte, in order
  size_t capture_first_entry = 0;  // keep up to this many bytes of the first entry's data
};

struct ArchiveAudit {
  std::string compression;        // "zstd" or "none"
  std::vector<Finding> findings;  // offset in the decompressed tar; problems of the compressed
                                  // file itself (zstd framing, ratio): offset in the file
  std::vector<AuditedEntry> entries;
  std::string first_entry_data;
  uint64_t compressed_bytes = 0;  // file bytes read (equal to tar_bytes without compression)
  uint64_t tar_bytes = 0;         // tar bytes read, all passed to on_tar_bytes
  bool complete = false;          // reached a well-formed end without a fatal finding
  bool rejected() const;          // any error finding
};

// zstd frame magic, or a ustar header with a valid checksum.
bool looks_like_archive(const ByteSource& src);

ArchiveAudit audit_archive(const ByteSource& src, std::string_view name,
                           const ArchiveAuditOptions& options);

}  // namespace modelseal::formats
