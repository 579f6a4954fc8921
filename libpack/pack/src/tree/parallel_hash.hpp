// SHA-256 of many files on every core (tree/work_on_cores): files are handed out largest
// first, each read in 1 MiB pieces, so memory is threads x 1 MiB whatever the sizes.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <vector>

#include "base/file_io.hpp"
#include "modelseal/digest.hpp"
#include "modelseal/result.hpp"
#include "tree/progress_meter.hpp"

namespace modelseal::tree {

struct FileToHash {
  std::filesystem::path location;
  uint64_t expected_size;  // a different size at read time is an error
  std::optional<fs::FileIdentity> linked = std::nullopt;  // TreeEntry::linked
};

// `threads` 0 means one per core. Digests come back in input order.
Result<std::vector<Sha256Digest>> hash_files(const std::vector<FileToHash>& files,
                                             unsigned threads, ProgressMeter& meter);

// Streams one open file through SHA-256, counting into `meter`; reads into
// `buffer` (a buffer of its own when empty).
Result<Sha256Digest> hash_fd(int fd, const std::filesystem::path& name, uint64_t expected_size,
                             ProgressMeter* meter, std::span<uint8_t> buffer = {});

// SHA-256 of one whole file: `expected_size` when the caller knows it (a
// different size is an error), else the size the open file has. Read on one thread and
// hashed on another; `progress` sees "hashing" from the calling thread.
Result<Sha256Digest> hash_file(const std::filesystem::path& path,
                               std::optional<uint64_t> expected_size = std::nullopt,
                               const ProgressFn& progress = {});

// Root digest: SHA-256 over the concatenated raw digests, in order (OMS v1.0).
Result<Sha256Digest> root_digest(const std::vector<Sha256Digest>& file_digests);

}  // namespace modelseal::tree
