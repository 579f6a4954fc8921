// Writes a large output file while the kernel puts the bytes behind us on disk: each window of
// kWindowBytes written starts its writeback at once (sync_file_range, without waiting for it).
// Writing to disk then overlaps reading, hashing and compressing instead of following them, and
// the commit's fsync finds almost nothing left to write. (Waiting for a window some way back, to
// bound the dirty pages ourselves, made the build no faster and the final fsync longer on a
// shared disk; the kernel's dirty limits throttle the writer anyway.)
#pragma once

#include <cstdint>
#include <span>

#include "base/file_io.hpp"
#include "modelseal/result.hpp"

namespace modelseal::archive {

class StreamingWriter {
 public:
  static constexpr uint64_t kWindowBytes = 8 << 20;

  explicit StreamingWriter(fs::AtomicFile& file) : file_(file) {}
  Status write(std::span<const uint8_t> data);
  uint64_t bytes_written() const { return written_; }

 private:
  fs::AtomicFile& file_;
  uint64_t written_ = 0;
  uint64_t writeback_started_ = 0;  // bytes whose writeback was started
};

}  // namespace modelseal::archive
