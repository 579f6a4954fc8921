// SHA-256 on a worker thread, so hashing overlaps with whatever produces the
// bytes (decompression when verifying, writing when building). The caller
// fills one of a few fixed buffers, uses it, and submits it; memory stays at
// kBuffers x kBufferBytes.
#pragma once

#include <array>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "modelseal/digest.hpp"

namespace modelseal::tree {

class AsyncHasher {
 public:
  static constexpr size_t kBuffers = 4;
  static constexpr size_t kBufferBytes = 1 << 20;

  AsyncHasher();
  ~AsyncHasher();
  AsyncHasher(const AsyncHasher&) = delete;
  AsyncHasher& operator=(const AsyncHasher&) = delete;

  // Starts a new digest; the previous one must be finished.
  Status begin();
  // A free buffer to fill; waits while all are queued for hashing.
  std::span<uint8_t> acquire();
  // Queues the first `n` bytes of the buffer from the last acquire().
  void submit(size_t n);
  // Waits until every submitted byte is hashed and returns the digest.
  Result<Sha256Digest> finish();

 private:
  void run();

  // Not zeroed: a small file touches only the pages it fills.
  std::array<std::unique_ptr<uint8_t[]>, kBuffers> buffers_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<size_t> free_;
  std::deque<std::pair<size_t, size_t>> queued_;  // buffer index, byte count
  size_t acquired_ = kBuffers;
  bool busy_ = false;  // the worker is hashing a buffer
  bool stop_ = false;
  std::optional<Sha256> hasher_;
  std::optional<Error> error_;
  std::thread worker_;
};

}  // namespace modelseal::tree
