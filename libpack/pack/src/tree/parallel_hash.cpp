#include "tree/parallel_hash.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>

#include <algorithm>
#include <numeric>
#include <optional>
#include <thread>

#include "base/file_io.hpp"
#include "tree/async_hasher.hpp"
#include "tree/model_tree.hpp"
#include "tree/work_on_cores.hpp"

namespace modelseal::tree {

Result<Sha256Digest> hash_fd(int fd, const std::filesystem::path& name, uint64_t expected_size,
                             ProgressMeter* meter, std::span<uint8_t> buffer) {
  std::vector<uint8_t> own;
  if (buffer.empty()) {
    own.resize(kReadChunkBytes);
    buffer = own;
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  MS_ASSIGN_OR_RETURN(Sha256 hasher, Sha256::create());
  uint64_t total = 0;
  for (;;) {
    MS_ASSIGN_OR_RETURN(size_t n, fs::read_some(fd, buffer, name));
    if (n == 0) break;
    total += n;
    if (total > expected_size) break;
    MS_TRY(hasher.update(buffer.first(n)));
    if (meter) meter->add(n);
  }
  if (total != expected_size)
    return make_error(ErrorCode::kIo, name.string() + ": file changed size while being read");
  return hasher.finish();
}

namespace {

// One file on two cores: this thread reads (the copy out of the page cache) while the
// AsyncHasher's thread hashes, so only SHA-256 is left on the critical path.
Result<Sha256Digest> hash_fd_overlapped(int fd, const std::filesystem::path& name,
                                        uint64_t expected_size, ProgressMeter& meter) {
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  AsyncHasher hasher;
  MS_TRY(hasher.begin());
  uint64_t total = 0;
  Status read_all;
  for (;;) {
    const std::span<uint8_t> block = hasher.acquire();
    auto n = fs::read_some(fd, block, name);
    if (!n.ok()) read_all = n.error();
    if (!n.ok() || *n == 0 || total + *n > expected_size) {
      if (n.ok()) total += *n;
      hasher.submit(0);
      break;
    }
    total += *n;
    hasher.submit(*n);
    meter.add(*n);
  }
  auto digest = hasher.finish();
  MS_TRY(read_all);
  if (total != expected_size)
    return make_error(ErrorCode::kIo, name.string() + ": file changed size while being read");
  return digest;
}

}  // namespace

Result<Sha256Digest> hash_file(const std::filesystem::path& path, std::optional<uint64_t> expected_size,
                               const ProgressFn& progress) {
  MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, fs::open_for_reading(path));
  if (!expected_size) {
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return fs::errno_error(path, "stat", errno);
    expected_size = static_cast<uint64_t>(st.st_size);
  }
  ProgressMeter meter(progress, "hashing", *expected_size);
  Sha256Digest digest;
  MS_TRY(work_on_cores(1, 1, meter, [&](size_t, std::span<uint8_t>) -> Status {
    MS_ASSIGN_OR_RETURN(digest, hash_fd_overlapped(fd.get(), path, *expected_size, meter));
    return {};
  }));
  meter.finish();
  return digest;
}

Result<std::vector<Sha256Digest>> hash_files(const std::vector<FileToHash>& files,
                                             unsigned threads, ProgressMeter& meter) {
  std::vector<size_t> largest_first(files.size());
  std::iota(largest_first.begin(), largest_first.end(), 0);
  std::stable_sort(largest_first.begin(), largest_first.end(), [&](size_t a, size_t b) {
    return files[a].expected_size > files[b].expected_size;
  });
  // Fewer files than cores: each file's reading and hashing go on two threads.
  const unsigned cores = threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  const bool overlap = files.size() < cores;
  std::vector<Sha256Digest> digests(files.size());
  MS_TRY(work_on_cores(
      files.size(), threads, meter,
      [&](size_t i, std::span<uint8_t> buffer) -> Status {
        const FileToHash& f = files[i];
        MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, open_entry(f.location, f.linked));
        if (overlap) {
          MS_ASSIGN_OR_RETURN(digests[i], hash_fd_overlapped(fd.get(), f.location, f.expected_size, meter));
        } else {
          MS_ASSIGN_OR_RETURN(digests[i], hash_fd(fd.get(), f.location, f.expected_size, &meter, buffer));
        }
        return {};
      },
      [&](size_t k) { return largest_first[k]; }));
  return digests;
}

Result<Sha256Digest> root_digest(const std::vector<Sha256Digest>& file_digests) {
  MS_ASSIGN_OR_RETURN(Sha256 hasher, Sha256::create());
  for (const Sha256Digest& d : file_digests) MS_TRY(hasher.update(d.bytes));
  return hasher.finish();
}

}  // namespace modelseal::tree
