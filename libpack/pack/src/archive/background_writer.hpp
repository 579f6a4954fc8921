// Writes an output file on its own thread (base's BufferWorker, through StreamingWriter), so
// that the caller produces its next bytes while the kernel copies the previous ones into the
// page cache: sealing encrypts the next block while the last one is written. The caller fills
// one of a few buffers and submits it, or writes bytes that are gathered into them; memory stays
// at kBuffers x the buffer size. A failed write is returned by the next call, and finish().
#pragma once

#include <span>

#include "archive/streaming_writer.hpp"
#include "base/buffer_worker.hpp"

namespace modelseal::archive {

class BackgroundWriter {
 public:
  static constexpr size_t kBuffers = 4;

  BackgroundWriter(fs::AtomicFile& file, size_t buffer_bytes,
                   StreamingWriter::Cache cache = StreamingWriter::Cache::kKeep);

  // A free buffer to fill (what write() had gathered is queued first); waits while all are queued.
  std::span<uint8_t> acquire();
  // Queues the first `n` bytes of the buffer from the last acquire() (0 gives it back).
  Status submit(size_t n) { return worker_.submit(n); }
  // Copies `data` into a buffer, queued once full (small writes are gathered). Not between an
  // acquire() and its submit().
  Status write(std::span<const uint8_t> data);
  // Waits until everything written or submitted is written (StreamingWriter::finish too); the
  // first error.
  Status finish();

 private:
  Status queue_gathered();

  StreamingWriter writer_;
  std::span<uint8_t> gathered_;  // the buffer write() is filling
  size_t gathered_bytes_ = 0;
  BufferWorker worker_;  // last: its thread stops before writer_ goes
};

}  // namespace modelseal::archive
