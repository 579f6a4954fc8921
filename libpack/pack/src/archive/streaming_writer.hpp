// Writes a large output file sequentially from its first byte, durable at the commit's fsync.
//
// Cache::kKeep (an output read again soon: a build, a decrypted bundle): the bytes go through
// the page cache, and each window of kWindowBytes written starts its writeback at once
// (sync_file_range, without waiting for it), so writing to disk overlaps reading, hashing and
// compressing instead of following them, and the commit's fsync finds almost nothing left.
// (Waiting for a window some way back, to bound the dirty pages ourselves, made the build no
// faster and the final fsync longer on a shared disk; the kernel's dirty limits throttle the
// writer anyway.)
//
// Cache::kBypass (an output nobody reads soon: a sealed file): whole aligned blocks are written
// with O_DIRECT, straight from an aligned buffer to the disk, without the copy into the page
// cache, which costs as much CPU as a SHA-256 pass on a virtual machine; the last partial
// block is written through the cache by finish(). Where the file system refuses O_DIRECT
// (tmpfs, some network file systems), it writes as kKeep does.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "base/file_io.hpp"
#include "modelseal/result.hpp"

namespace modelseal::archive {

class StreamingWriter {
 public:
  static constexpr uint64_t kWindowBytes = 8 << 20;
  static constexpr size_t kDirectAlign = 4096;      // offsets, lengths and the buffer's address
  static constexpr size_t kDirectBytes = 4 << 20;   // one O_DIRECT write

  enum class Cache { kKeep, kBypass };

  // `file` must be empty (nothing written yet) for kBypass; otherwise it writes as kKeep.
  explicit StreamingWriter(fs::AtomicFile& file, Cache cache = Cache::kKeep);
  ~StreamingWriter();
  StreamingWriter(const StreamingWriter&) = delete;
  StreamingWriter& operator=(const StreamingWriter&) = delete;

  Status write(std::span<const uint8_t> data);
  // Writes what is still held (kBypass: less than kDirectBytes). Before the file is committed
  // or written elsewhere; writing after it goes through the cache.
  Status finish();
  uint64_t bytes_written() const { return written_; }  // bytes given to write()
  bool bypassing_cache() const { return direct_; }

 private:
  Status write_cached(std::span<const uint8_t> data);
  Status write_direct_block();
  void stop_bypassing();

  struct AlignedFree {
    void operator()(uint8_t* p) const;
  };

  fs::AtomicFile& file_;
  uint64_t written_ = 0;
  uint64_t writeback_started_ = 0;  // bytes whose writeback was started (kKeep)
  bool direct_ = false;
  std::unique_ptr<uint8_t, AlignedFree> block_;  // kBypass: the next aligned write
  size_t held_ = 0;                              // bytes in block_
};

}  // namespace modelseal::archive
