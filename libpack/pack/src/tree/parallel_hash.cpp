#include "tree/parallel_hash.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <numeric>
#include <optional>
#include <thread>

#include "base/file_io.hpp"
#include "tree/model_tree.hpp"

namespace modelseal::tree {
namespace {
constexpr size_t kChunkBytes = 1 << 20;
}

Result<Sha256Digest> hash_file(const std::filesystem::path& path, std::optional<uint64_t> expected_size) {
  MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, fs::open_for_reading(path));
  if (!expected_size) {
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return fs::errno_error(path, "stat", errno);
    expected_size = static_cast<uint64_t>(st.st_size);
  }
  return hash_fd(fd.get(), path, *expected_size, nullptr);
}

Result<Sha256Digest> hash_fd(int fd, const std::filesystem::path& name, uint64_t expected_size,
                             ProgressMeter* meter) {
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  MS_ASSIGN_OR_RETURN(Sha256 hasher, Sha256::create());
  std::vector<uint8_t> buffer(kChunkBytes);
  uint64_t total = 0;
  for (;;) {
    MS_ASSIGN_OR_RETURN(size_t n, fs::read_some(fd, buffer, name));
    if (n == 0) break;
    total += n;
    if (total > expected_size) break;
    MS_TRY(hasher.update({buffer.data(), n}));
    if (meter) meter->add(n);
  }
  if (total != expected_size)
    return make_error(ErrorCode::kIo, name.string() + ": file changed size while being read");
  return hasher.finish();
}

Result<std::vector<Sha256Digest>> hash_files(const std::vector<FileToHash>& files,
                                             unsigned threads, ProgressMeter& meter) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(files.size(), 1)));

  std::vector<size_t> order(files.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return files[a].expected_size > files[b].expected_size;
  });

  std::vector<Sha256Digest> digests(files.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::condition_variable done_cv;
  std::optional<Error> first_error;
  unsigned running = threads;

  auto work = [&] {
    for (;;) {
      size_t k = next.fetch_add(1);
      if (k >= order.size() || failed.load()) break;
      const FileToHash& f = files[order[k]];
      auto digest = [&]() -> Result<Sha256Digest> {
        MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, open_entry(f.location, f.linked));
        return hash_fd(fd.get(), f.location, f.expected_size, &meter);
      }();
      if (!digest.ok()) {
        std::lock_guard lock(mutex);
        if (!first_error) first_error = digest.error();
        failed = true;
        break;
      }
      digests[order[k]] = *digest;
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

Result<Sha256Digest> root_digest(const std::vector<Sha256Digest>& file_digests) {
  MS_ASSIGN_OR_RETURN(Sha256 hasher, Sha256::create());
  for (const Sha256Digest& d : file_digests) MS_TRY(hasher.update(d.bytes));
  return hasher.finish();
}

}  // namespace modelseal::tree
