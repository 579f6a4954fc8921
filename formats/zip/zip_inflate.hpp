// Inflates one deflated ZIP entry with libarchive, streaming: libarchive sees
// only a local header built from the already-checked central entry, followed
// by the entry's compressed bytes read from the source, so it never parses
// the hostile file's own headers.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "formats/scan/scan.hpp"
#include "formats/zip/zip_directory.hpp"

namespace modelseal::formats::zip {

inline constexpr size_t kInflateChunkBytes = 64 * 1024;

struct InflateOutcome {
  uint64_t produced = 0;     // bytes handed to the sink
  uint32_t crc32 = 0;        // of those bytes
  bool over_limit = false;   // output passed max_output; stopped there
  std::string error;         // non-empty when the deflate stream is broken
};

// Calls sink for each chunk of output, in order, at most max_output bytes in all.
InflateOutcome inflate_entry(const ByteSource& src, const Entry& entry, uint64_t max_output,
                             const std::function<void(std::span<const uint8_t>)>& sink);

}  // namespace modelseal::formats::zip
