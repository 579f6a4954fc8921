// Digests of byte ranges of files on every core: the shards of OMS shard
// serialization (one large file hashed by all cores), or whole files in a
// digest other than SHA-256. Each range is read in 1 MiB pieces from its own
// descriptor, so memory is threads x 1 MiB whatever the sizes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "base/file_io.hpp"
#include "crypto/content_digest.hpp"
#include "modelseal/result.hpp"
#include "tree/progress_meter.hpp"

namespace modelseal::tree {

struct RangeToHash {
  std::filesystem::path location;
  std::optional<fs::FileIdentity> linked;  // TreeEntry::linked
  uint64_t file_size = 0;  // the file's size when walked: a different size is an error
  uint64_t start = 0;      // [start, end) within the file, end <= file_size
  uint64_t end = 0;
};

// `threads` 0 means one per core. Digests come back in input order; on a
// failure, the error of the first failing range in input order.
Result<std::vector<std::vector<uint8_t>>> hash_ranges(const std::vector<RangeToHash>& ranges,
                                                      crypto::ContentHash hash, unsigned threads,
                                                      ProgressMeter& meter);

}  // namespace modelseal::tree
