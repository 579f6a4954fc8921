// Writes an output file on its own thread (through StreamingWriter), so that the caller produces
// its next bytes while the kernel copies the previous ones into the page cache: sealing encrypts
// the next block while the last one is written. The caller fills one of a few buffers and
// submits it; memory stays at kBuffers x the buffer size. A failed write is returned by the next
// call, and finish().
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "archive/streaming_writer.hpp"

namespace modelseal::archive {

class BackgroundWriter {
 public:
  static constexpr size_t kBuffers = 4;

  BackgroundWriter(fs::AtomicFile& file, size_t buffer_bytes);
  ~BackgroundWriter();  // stops the thread; what was queued and not yet written is dropped
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;

  // A free buffer to fill (what write() had copied is queued first); waits while all are queued.
  std::span<uint8_t> acquire();
  // Queues the first `n` bytes of the buffer from the last acquire() (0 gives it back).
  Status submit(size_t n);
  // Copies `data` into a buffer, queued once full (small writes are gathered). Not between an
  // acquire() and its submit().
  Status write(std::span<const uint8_t> data);
  // Waits until everything written or submitted is written; the first error.
  Status finish();

 private:
  void run();
  Status first_error();
  std::span<uint8_t> take_buffer();
  Status queue_copies();

  StreamingWriter writer_;
  size_t buffer_bytes_;
  std::vector<std::unique_ptr<uint8_t[]>> buffers_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<size_t> free_;
  std::deque<std::pair<size_t, size_t>> queued_;  // buffer index, byte count
  size_t acquired_ = kBuffers;
  std::span<uint8_t> copies_;  // the buffer write() is filling
  size_t copied_ = 0;
  bool busy_ = false;  // the worker is writing a buffer
  bool stop_ = false;
  std::optional<Error> error_;
  std::thread worker_;
};

}  // namespace modelseal::archive
