#include "tree/range_hash.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

#include "tree/model_tree.hpp"

namespace modelseal::tree {
namespace {

constexpr size_t kChunkBytes = 1 << 20;

Error changed(const RangeToHash& r) {
  return make_error(ErrorCode::kIo, r.location.string() + ": file changed size while being read");
}

Result<std::vector<uint8_t>> hash_range(const RangeToHash& r, crypto::ContentHash hash,
                                        std::vector<uint8_t>& buffer, ProgressMeter& meter) {
  if (r.start > r.end || r.end > r.file_size)
    return make_error(ErrorCode::kInternal, r.location.string() + ": range outside the file");
  MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, open_entry(r.location, r.linked));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fs::errno_error(r.location, "stat", errno);
  if (static_cast<uint64_t>(st.st_size) != r.file_size) return changed(r);
  if (r.start > 0 && ::lseek(fd.get(), static_cast<off_t>(r.start), SEEK_SET) < 0)
    return fs::errno_error(r.location, "seek", errno);
  ::posix_fadvise(fd.get(), static_cast<off_t>(r.start), static_cast<off_t>(r.end - r.start),
                  POSIX_FADV_SEQUENTIAL);
  MS_ASSIGN_OR_RETURN(crypto::ContentHasher hasher, crypto::ContentHasher::create(hash));
  uint64_t left = r.end - r.start;
  while (left > 0) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(left, buffer.size()));
    MS_ASSIGN_OR_RETURN(size_t n, fs::read_some(fd.get(), {buffer.data(), want}, r.location));
    if (n == 0) return changed(r);
    MS_TRY(hasher.update({buffer.data(), n}));
    meter.add(n);
    left -= n;
  }
  return hasher.finish();
}

}  // namespace

Result<std::vector<std::vector<uint8_t>>> hash_ranges(const std::vector<RangeToHash>& ranges,
                                                      crypto::ContentHash hash, unsigned threads,
                                                      ProgressMeter& meter) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(ranges.size(), 1)));

  std::vector<std::vector<uint8_t>> digests(ranges.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::condition_variable done_cv;
  size_t first_failed = ranges.size();
  std::optional<Error> first_error;
  unsigned running = threads;

  auto work = [&] {
    std::vector<uint8_t> buffer(kChunkBytes);
    for (;;) {
      const size_t k = next.fetch_add(1);
      if (k >= ranges.size() || failed.load()) break;
      auto digest = hash_range(ranges[k], hash, buffer, meter);
      if (!digest.ok()) {
        std::lock_guard lock(mutex);
        if (k < first_failed) {
          first_failed = k;
          first_error = digest.error();
        }
        failed = true;
        break;
      }
      digests[k] = std::move(*digest);
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
  return digests;
}

}  // namespace modelseal::tree
