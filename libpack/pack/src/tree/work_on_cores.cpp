#include "tree/work_on_cores.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace modelseal::tree {

Status work_on_cores(size_t count, unsigned threads, ProgressMeter& meter,
                     const std::function<Status(size_t index, std::span<uint8_t> buffer)>& job,
                     const std::function<size_t(size_t)>& schedule) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(count, 1)));

  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::condition_variable done_cv;
  size_t first_failed = count;
  std::optional<Error> first_error;
  unsigned running = threads;

  auto work = [&] {
    std::vector<uint8_t> buffer(kReadChunkBytes);
    for (;;) {
      const size_t k = next.fetch_add(1);
      if (k >= count || failed.load()) break;
      const size_t index = schedule ? schedule(k) : k;
      Status done = job(index, buffer);
      if (!done.ok()) {
        std::lock_guard lock(mutex);
        if (index < first_failed) {
          first_failed = index;
          first_error = done.error();
        }
        failed = true;
        break;
      }
    }
    std::lock_guard lock(mutex);
    if (--running == 0) done_cv.notify_all();
  };

  std::vector<std::jthread> pool;
  for (unsigned i = 0; i < threads; ++i) pool.emplace_back(work);
  {
    std::unique_lock lock(mutex);
    while (running > 0) {
      done_cv.wait_for(lock, std::chrono::milliseconds(100));
      lock.unlock();
      meter.report();
      lock.lock();
    }
  }
  pool.clear();
  if (first_error) return *first_error;
  return {};
}

}  // namespace modelseal::tree
