// A thread fed fixed buffers: the caller fills a free buffer (acquire), submits it, and the
// thread hands each submitted buffer's bytes, in order, to `consume` (hashing, writing), so the
// caller produces the next bytes meanwhile. Memory stays at `buffers` x `buffer_bytes`. The
// first error `consume` returns is kept: submit() and drain() return it, and what is submitted
// after it is dropped.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "modelseal/result.hpp"

namespace modelseal {

class BufferWorker {
 public:
  using Consume = std::function<Status(std::span<const uint8_t>)>;

  BufferWorker(size_t buffers, size_t buffer_bytes, Consume consume);
  ~BufferWorker();  // stops the thread; what was submitted and not yet consumed is dropped
  BufferWorker(const BufferWorker&) = delete;
  BufferWorker& operator=(const BufferWorker&) = delete;

  // A free buffer to fill; waits while all are submitted. One at a time.
  std::span<uint8_t> acquire();
  // Queues the first `n` bytes of the acquired buffer (0 gives it back); the first error so far.
  Status submit(size_t n);
  // Waits until every submitted buffer is consumed; the first error.
  Status drain();
  // After drain(): forgets the error, for a new run of the same worker.
  void clear_error();

 private:
  void run();

  Consume consume_;
  size_t buffer_bytes_;
  std::vector<std::unique_ptr<uint8_t[]>> buffers_;  // not zeroed: a small run touches little
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<size_t> free_;
  std::deque<std::pair<size_t, size_t>> queued_;  // buffer index, byte count
  size_t acquired_;
  bool busy_ = false;  // the thread is consuming a buffer
  bool stop_ = false;
  std::optional<Error> error_;
  std::thread thread_;
};

}  // namespace modelseal
