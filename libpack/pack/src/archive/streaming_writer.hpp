// Writes a large output file while the kernel puts the bytes behind us on disk: each window of
// kWindowBytes written starts its writeback (sync_file_range), and the writer waits for the
// window kLagWindows back. The commit's fsync then finds almost nothing left to write (writing
// overlaps reading, hashing and compressing instead of following them) and the dirty pages of
// the output stay under kLagWindows x kWindowBytes whatever its size.
#pragma once

#include <cstdint>
#include <span>

#include "base/file_io.hpp"
#include "modelseal/result.hpp"

namespace modelseal::archive {

class StreamingWriter {
 public:
  static constexpr uint64_t kWindowBytes = 8 << 20;
  static constexpr uint64_t kLagWindows = 8;

  explicit StreamingWriter(fs::AtomicFile& file) : file_(file) {}
  Status write(std::span<const uint8_t> data);
  uint64_t bytes_written() const { return written_; }

 private:
  fs::AtomicFile& file_;
  uint64_t written_ = 0;
  uint64_t writeback_started_ = 0;  // bytes whose writeback was started
};

}  // namespace modelseal::archive
