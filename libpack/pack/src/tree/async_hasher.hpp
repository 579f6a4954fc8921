// SHA-256 on a worker thread, so hashing overlaps with whatever produces the
// bytes (decompression when verifying, writing when building). The caller
// fills one of a few fixed buffers, uses it, and submits it; memory stays at
// kBuffers x kBufferBytes.
#pragma once

#include <optional>
#include <span>

#include "base/buffer_worker.hpp"
#include "modelseal/digest.hpp"

namespace modelseal::tree {

class AsyncHasher {
 public:
  static constexpr size_t kBuffers = 4;
  static constexpr size_t kBufferBytes = 1 << 20;

  AsyncHasher();

  // Starts a new digest; the previous one must be finished.
  Status begin();
  // A free buffer to fill; waits while all are queued for hashing.
  std::span<uint8_t> acquire() { return worker_.acquire(); }
  // Queues the first `n` bytes of the buffer from the last acquire() (an error: from finish()).
  void submit(size_t n) { (void)worker_.submit(n); }
  // Waits until every submitted byte is hashed and returns the digest.
  Result<Sha256Digest> finish();

 private:
  std::optional<Sha256> hasher_;  // set and read only while the worker is idle, or by it
  BufferWorker worker_;           // last: its thread stops before hasher_ goes
};

}  // namespace modelseal::tree
